#include "engine/core/codec/proto_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <optional>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

namespace ombudsflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using Json = nlohmann::json;

// Deeper documents are refused before any parsing.
constexpr int kMaxDepth = 64;

// Thrown (and caught in FromJson) wherever protobuf's parser should decide.
struct NotSure {};

// Notes the first duplicate key (which a JSON DOM would fold into one) while
// nlohmann parses: one hash set per open object, so 50,000 keys cost 50,000
// look-ups, not 50,000 squared comparisons.
class DuplicateKeyCheck {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        open_.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        open_.pop_back();
        break;
      case Json::parse_event_t::key: {
        const auto& key = parsed.get_ref<const std::string&>();
        if (!open_.back().insert(key).second && !duplicate_) duplicate_ = key;
        break;
      }
      default:
        break;
    }
    return true;
  }
  [[nodiscard]] const std::optional<std::string>& duplicate() const { return duplicate_; }

 private:
  std::vector<std::unordered_set<std::string>> open_;
  std::optional<std::string> duplicate_;
};

// How deeply arrays and objects nest in `json`, counted without parsing,
// stopping as soon as `limit` is passed: nothing deeper is ever parsed.
int NestingDepth(std::string_view json, int limit) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit) return depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return depth;
}

// A refusal the reader is sure of, with the field's path.
struct Refused {
  std::string message;
};

// JSON types protobuf's parser would coerce and we do not: "yes" is not a
// bool, 5 is not a text, a list is not a message. Walks the whole document
// before either reader fills the message. Unknown fields are left to the
// readers, which refuse them.
void CheckTypes(const Json& json, const Descriptor& descriptor, const std::string& path) {
  if (descriptor.file()->package() == "google.protobuf") return;
  if (!json.is_object()) throw Refused{(path.empty() ? "the body" : path) + " must be a JSON object"};
  // A field under both its names ("postalAddress" and "postal_address") is
  // a duplicate key like any other, which protobuf's parser would let the
  // later one win.
  std::vector<std::pair<const FieldDescriptor*, std::string>> named;
  for (const auto& [name, value] : json.items()) {
    const FieldDescriptor* field = descriptor.FindFieldByName(name);
    if (field == nullptr) field = descriptor.FindFieldByCamelcaseName(name);
    if (field == nullptr || (field->json_name() != name && field->name() != name)) continue;
    const std::string field_path = path.empty() ? field->name() : path + "." + field->name();
    const auto earlier = std::find_if(named.begin(), named.end(), [&](const auto& seen) { return seen.first == field; });
    if (earlier != named.end()) {
      throw Refused{field_path + " appears twice, as \"" + earlier->second + "\" and as \"" + name + "\""};
    }
    named.emplace_back(field, name);
    if (value.is_null()) continue;
    auto check_one = [&](const Json& item, const std::string& item_path) {
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_BOOL:
          if (!item.is_boolean()) throw Refused{item_path + " must be true or false"};
          break;
        case FieldDescriptor::CPPTYPE_STRING:
          if (!item.is_string()) throw Refused{item_path + " must be a string"};
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (!item.is_null()) CheckTypes(item, *field->message_type(), item_path);
          break;
        case FieldDescriptor::CPPTYPE_ENUM:
          // A number is request_limits' to judge, as in a binary body.
          if (item.is_string() && field->enum_type()->FindValueByName(item.get_ref<const std::string&>()) == nullptr) {
            throw Refused{item_path + ": \"" + item.get_ref<const std::string&>().substr(0, 64) + "\" is not a " +
                          field->enum_type()->name()};
          }
          break;
        default:
          break;
      }
    };
    if (field->is_map()) {
      if (!value.is_object()) throw Refused{field_path + " must be a JSON object"};
      const FieldDescriptor& mapped = *field->message_type()->map_value();
      for (const auto& [key, item] : value.items()) {
        if (mapped.cpp_type() == FieldDescriptor::CPPTYPE_STRING && !item.is_string()) {
          throw Refused{field_path + "." + key + " must be a string"};
        }
        if (mapped.cpp_type() == FieldDescriptor::CPPTYPE_BOOL && !item.is_boolean()) {
          throw Refused{field_path + "." + key + " must be true or false"};
        }
      }
    } else if (field->is_repeated()) {
      if (!value.is_array()) throw Refused{field_path + " must be a JSON array"};
      std::size_t index = 0;
      for (const auto& item : value) check_one(item, field_path + "[" + std::to_string(index++) + "]");
    } else {
      check_one(value, field_path);
    }
  }
}

template <class Integer>
Integer ToInteger(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(std::numeric_limits<Integer>::max())) throw NotSure{};
    return static_cast<Integer>(number);
  }
  if (value.is_number_integer()) {
    const auto number = value.get<std::int64_t>();
    if (number < static_cast<std::int64_t>(std::numeric_limits<Integer>::min()) ||
        (number > 0 && static_cast<std::uint64_t>(number) >
                           static_cast<std::uint64_t>(std::numeric_limits<Integer>::max()))) {
      throw NotSure{};
    }
    return static_cast<Integer>(number);
  }
  if (value.is_string()) {  // how 64-bit integers usually travel
    const auto& text = value.get_ref<const std::string&>();
    Integer number{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) throw NotSure{};
    return number;
  }
  throw NotSure{};  // fractions, exponents, booleans, ...
}

// nlohmann refuses numbers beyond a double's range, so every number is finite.
double ToDouble(const Json& value) {
  if (!value.is_number()) throw NotSure{};  // "NaN", "Infinity", "1.5" in quotes
  return value.get<double>();
}

class Reader {
 public:
  void ReadMessage(const Json& json, Message& message, int depth) {
    if (depth > kMaxDepth) throw NotSure{};
    const std::string& type = message.GetDescriptor()->full_name();
    if (type.rfind("google.protobuf.", 0) == 0) return ReadWellKnown(json, message, type, depth);
    if (!json.is_object()) throw NotSure{};
    const Descriptor& descriptor = *message.GetDescriptor();
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> seen;  // a field given by its name and its JSON name
    seen.reserve(json.size());
    for (const auto& [name, value] : json.items()) {
      const FieldDescriptor* field = FindField(descriptor, name);
      if (field == nullptr) throw NotSure{};
      // null leaves a field unset, but a google.protobuf.Value holds it.
      const bool holds_null = value.is_null() && !field->is_repeated() && field->message_type() != nullptr &&
                              field->message_type()->full_name() == "google.protobuf.Value";
      if (value.is_null() && !holds_null) throw NotSure{};
      if (std::find(seen.begin(), seen.end(), field) != seen.end()) throw NotSure{};
      seen.push_back(field);
      if (const auto* oneof = field->containing_oneof();
          oneof != nullptr && reflection.GetOneofFieldDescriptor(message, oneof) != nullptr) {
        throw NotSure{};  // a second member of one oneof
      }
      if (holds_null) {
        ReadValue(value, As<google::protobuf::Value>(*reflection.MutableMessage(&message, field)), depth + 1);
      } else if (field->is_map()) {
        ReadMap(value, message, *field, depth);
      } else if (field->is_repeated()) {
        if (!value.is_array()) throw NotSure{};
        for (const auto& element : value) AddElement(element, message, *field, depth);
      } else {
        SetField(value, message, *field, depth);
      }
    }
  }

 private:
  static const FieldDescriptor* FindField(const Descriptor& descriptor, const std::string& name) {
    for (int i = 0; i < descriptor.field_count(); ++i) {
      const FieldDescriptor* field = descriptor.field(i);
      if (field->json_name() == name || field->name() == name) return field;
    }
    return nullptr;
  }

  // Through the generated classes; a well-known type of another pool (a
  // DynamicMessage) is left to protobuf.
  template <class Generated>
  static Generated& As(Message& message) {
    auto* typed = dynamic_cast<Generated*>(&message);
    if (typed == nullptr) throw NotSure{};
    return *typed;
  }

  void ReadWellKnown(const Json& json, Message& message, const std::string& type, int depth) {
    if (type == "google.protobuf.Struct") {
      if (!json.is_object()) throw NotSure{};
      auto& fields = *As<google::protobuf::Struct>(message).mutable_fields();
      for (const auto& [key, value] : json.items()) ReadValue(value, fields[key], depth + 1);
    } else if (type == "google.protobuf.Value") {
      ReadValue(json, As<google::protobuf::Value>(message), depth);
    } else if (type == "google.protobuf.ListValue") {
      if (!json.is_array()) throw NotSure{};
      auto& list = As<google::protobuf::ListValue>(message);
      for (const auto& element : json) ReadValue(element, *list.add_values(), depth + 1);
    } else if (type == "google.protobuf.Timestamp") {
      if (!json.is_string()) throw NotSure{};
      if (!google::protobuf::util::TimeUtil::FromString(json.get_ref<const std::string&>(),
                                                        &As<google::protobuf::Timestamp>(message))) {
        throw NotSure{};
      }
    } else {
      throw NotSure{};  // Any, Duration, FieldMask, wrappers, Empty
    }
  }

  void ReadValue(const Json& json, google::protobuf::Value& value, int depth) {
    if (depth > kMaxDepth) throw NotSure{};
    switch (json.type()) {
      case Json::value_t::null:
        value.set_null_value(google::protobuf::NULL_VALUE);
        break;
      case Json::value_t::boolean:
        value.set_bool_value(json.get<bool>());
        break;
      case Json::value_t::number_integer:
      case Json::value_t::number_unsigned:
      case Json::value_t::number_float:
        value.set_number_value(json.get<double>());
        break;
      case Json::value_t::string:
        value.set_string_value(json.get_ref<const std::string&>());
        break;
      case Json::value_t::object:
        ReadWellKnown(json, *value.mutable_struct_value(), "google.protobuf.Struct", depth + 1);
        break;
      case Json::value_t::array:
        ReadWellKnown(json, *value.mutable_list_value(), "google.protobuf.ListValue", depth + 1);
        break;
      default:
        throw NotSure{};
    }
  }

  void ReadMap(const Json& json, Message& message, const FieldDescriptor& field, int depth) {
    if (!json.is_object()) throw NotSure{};
    const FieldDescriptor& key = *field.message_type()->map_key();
    const FieldDescriptor& mapped = *field.message_type()->map_value();
    if (key.cpp_type() != FieldDescriptor::CPPTYPE_STRING) throw NotSure{};
    const Reflection& reflection = *message.GetReflection();
    for (const auto& [name, value] : json.items()) {
      if (value.is_null()) throw NotSure{};
      Message& entry = *reflection.AddMessage(&message, &field);
      entry.GetReflection()->SetString(&entry, &key, name);
      SetField(value, entry, mapped, depth + 1);
    }
  }

  void SetField(const Json& value, Message& message, const FieldDescriptor& field, int depth) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return reflection.SetInt32(&message, &field, ToInteger<std::int32_t>(value));
      case FieldDescriptor::CPPTYPE_UINT32:
        return reflection.SetUInt32(&message, &field, ToInteger<std::uint32_t>(value));
      case FieldDescriptor::CPPTYPE_INT64:
        return reflection.SetInt64(&message, &field, ToInteger<std::int64_t>(value));
      case FieldDescriptor::CPPTYPE_UINT64:
        return reflection.SetUInt64(&message, &field, ToInteger<std::uint64_t>(value));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return reflection.SetDouble(&message, &field, ToDouble(value));
      case FieldDescriptor::CPPTYPE_FLOAT:
        throw NotSure{};  // no API message has a float
      case FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_boolean()) throw NotSure{};
        return reflection.SetBool(&message, &field, value.get<bool>());
      case FieldDescriptor::CPPTYPE_ENUM:
        return reflection.SetEnumValue(&message, &field, EnumNumber(value, field));
      case FieldDescriptor::CPPTYPE_STRING:
        if (!value.is_string() || field.type() == FieldDescriptor::TYPE_BYTES) throw NotSure{};
        return reflection.SetString(&message, &field, value.get<std::string>());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return ReadMessage(value, *reflection.MutableMessage(&message, &field), depth + 1);
    }
  }

  void AddElement(const Json& value, Message& message, const FieldDescriptor& field, int depth) {
    if (value.is_null()) throw NotSure{};
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return reflection.AddInt32(&message, &field, ToInteger<std::int32_t>(value));
      case FieldDescriptor::CPPTYPE_UINT32:
        return reflection.AddUInt32(&message, &field, ToInteger<std::uint32_t>(value));
      case FieldDescriptor::CPPTYPE_INT64:
        return reflection.AddInt64(&message, &field, ToInteger<std::int64_t>(value));
      case FieldDescriptor::CPPTYPE_UINT64:
        return reflection.AddUInt64(&message, &field, ToInteger<std::uint64_t>(value));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return reflection.AddDouble(&message, &field, ToDouble(value));
      case FieldDescriptor::CPPTYPE_FLOAT:
        throw NotSure{};
      case FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_boolean()) throw NotSure{};
        return reflection.AddBool(&message, &field, value.get<bool>());
      case FieldDescriptor::CPPTYPE_ENUM:
        return reflection.AddEnumValue(&message, &field, EnumNumber(value, field));
      case FieldDescriptor::CPPTYPE_STRING:
        if (!value.is_string() || field.type() == FieldDescriptor::TYPE_BYTES) throw NotSure{};
        return reflection.AddString(&message, &field, value.get<std::string>());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return ReadMessage(value, *reflection.AddMessage(&message, &field), depth + 1);
    }
  }

  static int EnumNumber(const Json& value, const FieldDescriptor& field) {
    if (!value.is_string() || field.enum_type()->full_name() == "google.protobuf.NullValue") throw NotSure{};
    const auto* known = field.enum_type()->FindValueByName(value.get_ref<const std::string&>());
    if (known == nullptr) throw NotSure{};
    return known->number();
  }
};

}  // namespace

namespace {

enum class FastRead { kRead, kRefused, kUnsure };

// The strict reading every JSON body gets: depth bounded before parsing,
// RFC 8259 syntax (no comments, single quotes, trailing commas or byte order
// mark), no duplicate keys, no coerced types; then the fast path where it is
// sure, protobuf's parser where it is not.
FastRead ReadStrictly(std::string_view json, google::protobuf::Message& message, std::string& why) {
  message.Clear();
  if (json.starts_with("\xEF\xBB\xBF")) {
    why = "JSON text must not start with a byte order mark";
    return FastRead::kRefused;
  }
  if (NestingDepth(json, kMaxDepth) > kMaxDepth) {
    why = "the JSON nests deeper than " + std::to_string(kMaxDepth) + " levels";
    return FastRead::kRefused;
  }
  DuplicateKeyCheck duplicates;
  const Json document = Json::parse(json.begin(), json.end(), std::ref(duplicates), /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    // Parse again for nlohmann's own words: where, and what it expected.
    try {
      // Throws, with the place: the first parse refused this text.
      [[maybe_unused]] const Json again = Json::parse(json.begin(), json.end());
      why = "the body is not valid JSON";
    } catch (const Json::exception& error) {
      why = std::string("the body is not valid JSON: ") + error.what();
    }
    return FastRead::kRefused;
  }
  if (duplicates.duplicate()) {
    why = "the key \"" + duplicates.duplicate()->substr(0, 64) + "\" appears twice in one object";
    return FastRead::kRefused;
  }
  try {
    CheckTypes(document, *message.GetDescriptor(), "");
  } catch (const Refused& refused) {
    why = refused.message;
    return FastRead::kRefused;
  }
  try {
    Reader().ReadMessage(document, message, 0);
    return FastRead::kRead;
  } catch (const NotSure&) {
    message.Clear();
    return FastRead::kUnsure;
  }
}

}  // namespace

bool ReadJsonByReflection(std::string_view json, google::protobuf::Message& message) {
  std::string why;
  return ReadStrictly(json, message, why) == FastRead::kRead;
}

google::protobuf::util::Status FromJson(std::string_view json, google::protobuf::Message& message) {
  std::string why;
  switch (ReadStrictly(json, message, why)) {
    case FastRead::kRead:
      return {};
    case FastRead::kRefused:
      return google::protobuf::util::InvalidArgumentError(why);
    case FastRead::kUnsure:
      break;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  return google::protobuf::util::JsonStringToMessage(google::protobuf::StringPiece(json.data(), json.size()),
                                                     &message, options);
}

}  // namespace ombudsflow
