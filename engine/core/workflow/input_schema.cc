#include "engine/core/workflow/input_schema.h"

#include <cmath>
#include <set>

#include "engine/core/base/iso_date.h"
#include "engine/core/base/text.h"

namespace ombudsflow {
namespace {

using google::protobuf::Value;
using Type = v1::InputField::Type;

bool NeedsLength(Type type) {
  return type == v1::InputField::TEXT || type == v1::InputField::TEXT_LIST || type == v1::InputField::ASSESSMENTS;
}

bool NeedsChoices(Type type) { return type == v1::InputField::ENUM || type == v1::InputField::ENUM_LIST; }

bool Complete(const v1::LocalText& text) { return !text.da().empty() && !text.en().empty(); }

// What a form shows as the type, in messages.
std::string Expected(const v1::InputField& field) {
  switch (field.type()) {
    case v1::InputField::BOOL: return "true or false";
    case v1::InputField::TEXT: return "a text of at most " + std::to_string(field.max_length()) + " characters";
    case v1::InputField::DATE: return "a date, YYYY-MM-DD";
    case v1::InputField::ENUM:
    case v1::InputField::ENUM_LIST: {
      std::string values;
      for (const auto& choice : field.choices()) values += (values.empty() ? "" : ", ") + choice.value();
      return field.type() == v1::InputField::ENUM ? "one of " + values
                                                  : "a list of distinct values from " + values;
    }
    case v1::InputField::TEXT_LIST:
      return "a non-empty list of texts, each of at most " + std::to_string(field.max_length()) + " characters";
    case v1::InputField::POINT_LIST: return "a non-empty list of distinct complaint point numbers";
    case v1::InputField::DOCUMENT: return "a document number of the case";
    case v1::InputField::ASSESSMENTS:
      return "a non-empty list of {number, outcome, reasoning, recommendation}, outcome NO_CRITICISM, "
             "CRITICISM or SERIOUS_CRITICISM";
    default: return "a value";
  }
}

bool IsText(const Value& value, std::uint32_t max_length, bool may_be_empty = false) {
  return value.kind_case() == Value::kStringValue && (may_be_empty || !value.string_value().empty()) &&
         Utf8Length(value.string_value()) <= max_length;
}

bool IsChoice(const v1::InputField& field, const Value& value) {
  if (value.kind_case() != Value::kStringValue) return false;
  for (const auto& choice : field.choices()) {
    if (choice.value() == value.string_value()) return true;
  }
  return false;
}

bool IsPointNumber(const Value& value) {
  if (value.kind_case() != Value::kNumberValue) return false;
  const double number = value.number_value();
  return number >= 1 && number <= 1000 && std::floor(number) == number;
}

bool IsDocumentNumber(const Value& value) {
  if (value.kind_case() != Value::kNumberValue) return false;
  const double number = value.number_value();
  return number >= 1 && number <= 2147483647.0 && std::floor(number) == number;
}

bool IsAssessment(const Value& value, std::uint32_t max_length) {
  if (value.kind_case() != Value::kStructValue) return false;
  const auto& fields = value.struct_value().fields();
  bool has_number = false, has_outcome = false;
  for (const auto& [key, item] : fields) {
    if (key == "number") {
      has_number = IsPointNumber(item);
    } else if (key == "outcome") {
      has_outcome = item.kind_case() == Value::kStringValue &&
                    (item.string_value() == "NO_CRITICISM" || item.string_value() == "CRITICISM" ||
                     item.string_value() == "SERIOUS_CRITICISM");
    } else if (key == "reasoning" || key == "recommendation") {
      if (!IsText(item, max_length, true)) return false;
    } else {
      return false;
    }
  }
  return has_number && has_outcome;
}

// Every item of a non-empty list satisfies `item_ok`, and `key` (when
// given) tells no two apart.
template <class ItemOk>
bool IsList(const Value& value, bool may_be_empty, ItemOk item_ok,
            const std::function<std::string(const Value&)>& key = {}) {
  if (value.kind_case() != Value::kListValue) return false;
  const auto& items = value.list_value().values();
  if (items.empty() && !may_be_empty) return false;
  std::set<std::string> seen;
  for (const auto& item : items) {
    if (!item_ok(item)) return false;
    if (key && !seen.insert(key(item)).second) return false;
  }
  return true;
}

std::string PointKey(const Value& value) { return std::to_string(static_cast<long>(value.number_value())); }

}  // namespace

std::optional<std::string> DeclarationProblem(const v1::InputField& field) {
  if (!IsIdentifier(field.name())) {
    return "input name '" + field.name() + "' must be lower-case letters, digits and underscores";
  }
  const std::string of = " of input '" + field.name() + "'";
  if (field.type() == v1::InputField::TYPE_UNSPECIFIED) return "the type" + of + " is missing";
  if (NeedsLength(field.type()) != (field.max_length() > 0)) {
    return NeedsLength(field.type()) ? "the texts" + of + " need a max_length"
                                     : "max_length" + of + " applies only to texts";
  }
  if (NeedsChoices(field.type()) != (field.choices_size() > 0)) {
    return NeedsChoices(field.type()) ? "input '" + field.name() + "' needs its choices"
                                      : "choices" + of + " apply only to ENUM and ENUM_LIST";
  }
  std::set<std::string> values;
  for (const auto& choice : field.choices()) {
    if (choice.value().empty() || !values.insert(choice.value()).second) {
      return "the choices" + of + " need distinct, non-empty values";
    }
    if (!Complete(choice.label())) return "choice '" + choice.value() + "'" + of + " needs a label in da and en";
    if (choice.has_help() && !Complete(choice.help())) {
      return "choice '" + choice.value() + "'" + of + " has help in only one of da and en";
    }
  }
  if (!field.choices_from().empty() && field.type() != v1::InputField::ENUM &&
      field.type() != v1::InputField::ENUM_LIST) {
    return "choices_from" + of + " applies only to ENUM and ENUM_LIST";
  }
  if (!Complete(field.label())) return "input '" + field.name() + "' needs a label in da and en";
  if (!Complete(field.help())) return "input '" + field.name() + "' needs help text in da and en";
  if (field.has_question()) {
    if (field.type() != v1::InputField::BOOL) return "the question" + of + " applies only to BOOL inputs";
    if (!Complete(field.question())) return "the question" + of + " needs da and en";
  }
  if (field.required()) return "'required'" + of + " is set by the loader from input and optional_input";
  return std::nullopt;
}

std::optional<std::string> TypeMismatch(const v1::InputField& field, const Value& value) {
  const std::uint32_t length = field.max_length();
  bool ok = false;
  switch (field.type()) {
    case v1::InputField::BOOL: ok = value.kind_case() == Value::kBoolValue; break;
    case v1::InputField::TEXT: ok = IsText(value, length); break;
    case v1::InputField::DATE:
      ok = value.kind_case() == Value::kStringValue && ParseIsoDate(value.string_value()).has_value();
      break;
    case v1::InputField::ENUM: ok = IsChoice(field, value); break;
    case v1::InputField::ENUM_LIST:
      ok = IsList(value, true, [&](const Value& item) { return IsChoice(field, item); },
                  [](const Value& item) { return item.string_value(); });
      break;
    case v1::InputField::TEXT_LIST:
      ok = IsList(value, false, [&](const Value& item) { return IsText(item, length); });
      break;
    case v1::InputField::POINT_LIST: ok = IsList(value, false, IsPointNumber, PointKey); break;
    case v1::InputField::DOCUMENT: ok = IsDocumentNumber(value); break;
    case v1::InputField::ASSESSMENTS:
      ok = IsList(value, false, [&](const Value& item) { return IsAssessment(item, length); },
                  [](const Value& item) { return PointKey(item.struct_value().fields().at("number")); });
      break;
    default: break;
  }
  if (ok) return std::nullopt;
  return "must be " + Expected(field) + " (" + v1::InputField::Type_Name(field.type()) + ")";
}

}  // namespace ombudsflow
