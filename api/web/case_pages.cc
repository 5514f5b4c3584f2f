// A case: its summary, complaint points, consents and timeline, and the
// transitions the signed-in person may fire, each with a form drawn from
// the transition's typed input schema.
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "api/web/form.h"
#include "api/web/step_question.h"
#include "api/web/web_routes.h"
#include "engine/core/rules/intake.h"
#include "engine/core/rules/classification.h"
#include "engine/core/workflow/workflow_lookup.h"
#include "engine/core/base/language_name.h"
#include "engine/core/base/text.h"

namespace ombudsflow::api::web {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using google::protobuf::util::TimeUtil;

std::string Local(Language language, const v1::LocalText& text) {
  return language == Language::kDanish || text.en().empty() ? text.da() : text.en();
}

std::string CaseHref(const std::string& id) { return "/cases/" + UrlEscaped(id); }

std::string OutcomeKey(v1::ComplaintPoint::Assessment::Outcome outcome) {
  return "outcome_" + v1::ComplaintPoint::Assessment::Outcome_Name(outcome);
}

// Who acted, as a person reads it: the user's name, else the system's.
std::string ActorName(const Workplace& workplace, Language language, const std::string& actor,
                      const std::map<std::string, std::string>& names) {
  if (auto found = names.find(actor); found != names.end()) return found->second;
  if (actor == "system:timer") return workplace.Text(language, "actor_timer");
  if (actor == "system:" + std::string(kCitizenActorName)) return workplace.Text(language, "actor_citizen");
  if (actor.starts_with("system:")) return actor.substr(7);
  return workplace.Text(language, "actor_unknown");
}

Data CaseSummary(const Workplace& workplace, Language language, const v1::Complaint& complaint) {
  Data summary{Data::type::object};
  summary.set("href", CaseHref(complaint.id()));
  summary.set("case_number", complaint.case_number());
  summary.set("subject", complaint.subject());
  summary.set("description", complaint.description());
  summary.set("department", complaint.department());
  summary.set("state", workplace.StateLabel(language, complaint.workflow(), complaint.state()));
  summary.set("workflow", complaint.workflow());
  summary.set("workflow_label", workplace.WorkflowLabel(language, complaint.workflow()));
  summary.set("workflow_version", std::to_string(complaint.workflow_version()));
  summary.set("version", std::to_string(complaint.version()));
  SetText(summary, "assignee", complaint.assignee_name());
  summary.set("received", workplace.DateTime(language, FromProto(complaint.create_time())));
  if (complaint.has_deadline_time()) {
    summary.set("deadline", workplace.DeadlineDate(language, FromProto(complaint.deadline_time())));
  }
  const v1::Complainant& complainant = complaint.complainant();
  summary.set("has_complainant", complaint.has_complainant() && !complainant.name().empty());
  summary.set("complainant_name", complainant.name());
  SetText(summary, "complainant_email", complainant.email());
  SetText(summary, "complainant_phone", complainant.phone());
  SetText(summary, "complainant_address", complainant.postal_address());
  // Languages by their names, as the page's reader writes them: "arabisk".
  const std::string reader(LanguageTag(language));
  SetText(summary, "complainant_language", LanguageName(complainant.language(), reader));
  summary.set("needs_interpreter", complainant.needs_interpreter());
  // The general flag alone when no specific need says more (an API client's).
  summary.set("needs_accessible_format",
              complainant.needs_accessible_format() && !complainant.easy_read() && !complainant.large_print());
  summary.set("easy_read", complainant.easy_read());
  summary.set("large_print", complainant.large_print());
  SetText(summary, "interpreter_language",
          LanguageName(complainant.interpreter_language().empty() ? complainant.language()
                                                                  : complainant.interpreter_language(),
                       reader));
  summary.set("needs_assistance", complainant.needs_assistance());
  summary.set("has_needs", complainant.needs_interpreter() || complainant.needs_accessible_format() ||
                               complainant.easy_read() || complainant.large_print() ||
                               complainant.needs_assistance());
  // Where the case was referred: the body's name as recorded then (or the
  // free text of definitions before the registry), its kind, and why.
  const std::string referral_name =
      FactText(complaint, "referral_name").empty() ? FactText(complaint, "referral_authority")
                                                     : FactText(complaint, "referral_name");
  SetText(summary, "referral_name", referral_name);
  const std::string referral_kind = FactText(complaint, "referral_kind");
  const std::string kind_key = "referral_kind_" + referral_kind;
  SetText(summary, "referral_kind", workplace.HasText(kind_key) ? workplace.Text(language, kind_key) : std::string());
  SetText(summary, "referral_reason", FactText(complaint, "referral_reason"));
  Data points{Data::type::list};
  for (const v1::ComplaintPoint& point : complaint.points()) {
    Data entry{Data::type::object};
    entry.set("number", std::to_string(point.number()));
    entry.set("text", point.text());
    entry.set("selection", workplace.Text(language, "selection_" + v1::ComplaintPoint::Selection_Name(point.selection())));
    if (point.has_assessment() && point.assessment().outcome() != v1::ComplaintPoint::Assessment::OUTCOME_UNSPECIFIED) {
      entry.set("outcome", workplace.Text(language, OutcomeKey(point.assessment().outcome())));
      SetText(entry, "reasoning", point.assessment().reasoning());
      SetText(entry, "recommendation", point.assessment().recommendation());
    }
    points.push_back(entry);
  }
  summary.set("points", points);
  summary.set("has_points", complaint.points_size() > 0);
  Data consents{Data::type::list};
  for (const v1::ConsentDeclaration& consent : complaint.consents()) {
    Data entry{Data::type::object};
    entry.set("kind", consent.kind());
    entry.set("value", consent.value());
    entry.set("given", workplace.Date(language, FromProto(consent.give_time())));
    entry.set("confirmed", consent.has_confirm_time());
    entry.set("revoked", consent.has_revoke_time());
    consents.push_back(entry);
  }
  summary.set("consents", consents);
  summary.set("has_consents", complaint.consents_size() > 0);
  return summary;
}

// The schema of `transition`'s input `name`: from the case's definition,
// else from another version of its workflow (an event from before the case
// moved to a newer one); nullptr when none declares it.
// Its position among the transition's inputs comes with it, to show them
// in the order the form asked for them.
std::pair<const v1::InputField*, int> RecordedInputSchema(const WorkflowCatalog& workflows,
                                                          const v1::Complaint& complaint,
                                                          const std::string& transition, const std::string& name) {
  const auto in = [&](const v1::WorkflowDefinition* definition) -> std::pair<const v1::InputField*, int> {
    if (definition == nullptr) return {nullptr, 0};
    const v1::Transition* found = FindTransition(*definition, transition);
    if (found == nullptr) return {nullptr, 0};
    for (int i = 0; i < found->input_field_size(); ++i) {
      if (found->input_field(i).name() == name) return {&found->input_field(i), i};
    }
    return {nullptr, 0};
  };
  if (auto found = in(workflows.Find(complaint.workflow(), complaint.workflow_version())); found.first != nullptr) {
    return found;
  }
  const auto all = workflows.All();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if ((*it)->name() != complaint.workflow()) continue;
    if (auto found = in(*it); found.first != nullptr) return found;
  }
  return {nullptr, 0};
}

std::string ChoiceLabel(Language language, const v1::InputField& field, const std::string& value) {
  for (const v1::Choice& choice : field.choices()) {
    if (choice.value() == value) return Local(language, choice.label()).empty() ? value : Local(language, choice.label());
  }
  return value;
}

// What a transition's inputs recorded, each under its label and in words:
// yes or no, a choice's label, a date as a date, texts as written.
Data RecordedInputs(const Workplace& workplace, Language language, const WorkflowCatalog& workflows,
                    const v1::Complaint& complaint, const std::string& transition, const Struct& input) {
  using Type = v1::InputField;
  // A map's order is no order: the form's is.
  std::vector<std::tuple<int, const v1::InputField*, const Value*>> asked;
  for (const auto& [name, value] : input.fields()) {
    const auto [field, position] = RecordedInputSchema(workflows, complaint, transition, name);
    if (field != nullptr) asked.emplace_back(position, field, &value);  // never shown by its id
  }
  std::sort(asked.begin(), asked.end(), [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
  Data recorded{Data::type::list};
  for (const auto& [position, field, value_of] : asked) {
    const Value& value = *value_of;
    Data entry{Data::type::object};
    entry.set("label", Local(language, field->label()));
    Data items{Data::type::list};
    const auto item = [&](const std::string& text) {
      Data one{Data::type::object};
      one.set("text", text);
      items.push_back(one);
    };
    switch (field->type()) {
      case Type::BOOL:
        entry.set("value", workplace.Text(language, value.bool_value() ? "yes" : "no"));
        break;
      case Type::DATE:
        entry.set("value", workplace.IsoDate(language, value.string_value()));
        break;
      case Type::ENUM:
        entry.set("value", ChoiceLabel(language, *field, value.string_value()));
        break;
      case Type::TEXT:
        entry.set("text", value.string_value());
        break;
      case Type::ENUM_LIST:
        for (const Value& one : value.list_value().values()) item(ChoiceLabel(language, *field, one.string_value()));
        break;
      case Type::TEXT_LIST:
        for (const Value& one : value.list_value().values()) item(one.string_value());
        break;
      case Type::POINT_LIST:
        for (const Value& one : value.list_value().values()) {
          item(workplace.Text(language, "case_point") + " " + std::to_string(static_cast<long long>(one.number_value())));
        }
        break;
      case Type::DOCUMENT:
        entry.set("value", workplace.Text(language, "document_number") + " " +
                               std::to_string(static_cast<long long>(value.number_value())));
        break;
      case Type::ASSESSMENTS:
        for (const Value& one : value.list_value().values()) {
          const auto& assessment = one.struct_value().fields();
          const auto text_of = [&](const char* key) {
            const auto found = assessment.find(key);
            return found == assessment.end() ? std::string() : found->second.string_value();
          };
          const auto number = assessment.find("number");
          std::string line = workplace.Text(language, "case_point") + " " +
                             std::to_string(number == assessment.end() ? 0LL
                                                                       : static_cast<long long>(number->second.number_value()));
          v1::ComplaintPoint::Assessment::Outcome outcome{};
          if (v1::ComplaintPoint::Assessment::Outcome_Parse(text_of("outcome"), &outcome)) {
            line += ": " + workplace.Text(language, OutcomeKey(outcome));
          }
          if (!text_of("reasoning").empty()) line += ". " + text_of("reasoning");
          if (!text_of("recommendation").empty()) {
            line += " " + workplace.Text(language, "case_recommendation") + ": " + text_of("recommendation");
          }
          item(line);
        }
        break;
      default:
        continue;
    }
    entry.set("items", items);
    entry.set("has_items", !items.is_empty_list());
    recorded.push_back(entry);
  }
  return recorded;
}

Data Timeline(const Workplace& workplace, Language language, const WorkflowCatalog& workflows,
              const v1::Complaint& complaint, const v1::ListEventsResponse& events,
              const std::map<std::string, std::string>& names) {
  Data timeline{Data::type::list};
  for (auto it = events.events().rbegin(); it != events.events().rend(); ++it) {  // newest first
    const v1::ComplaintEvent& event = *it;
    Data entry{Data::type::object};
    const auto& fields = event.payload().fields();
    if (event.kind() == "transition") {
      auto transition = fields.find("transition");
      auto to = fields.find("to");
      entry.set("what", transition == fields.end()
                            ? event.kind()
                            : workplace.TransitionLabel(language, complaint.workflow(), transition->second.string_value()));
      if (to != fields.end()) entry.set("to", workplace.StateLabel(language, complaint.workflow(), to->second.string_value()));
      if (auto input = fields.find("input"); input != fields.end() && transition != fields.end()) {
        Data recorded = RecordedInputs(workplace, language, workflows, complaint, transition->second.string_value(),
                                       input->second.struct_value());
        entry.set("has_recorded", !recorded.is_empty_list());
        entry.set("recorded", recorded);
      }
    } else if (event.kind() == "classified") {
      auto number = fields.find("kle_number");
      entry.set("what", workplace.Text(language, "event_classified") +
                            (number == fields.end() ? std::string() : " " + number->second.string_value()));
    } else if (event.kind() == "assigned") {
      auto assignee = fields.find("assignee");
      const std::string to = assignee == fields.end() ? std::string() : assignee->second.string_value();
      entry.set("what", to.empty() ? workplace.Text(language, "event_released")
                                   : workplace.Text(language, "event_assigned") + " " +
                                         ActorName(workplace, language, to, names));
    } else {
      // A workflow may name its own kind of an event ("the report is
      // registered", not "the complaint").
      const std::string own = "event_" + event.kind() + "_" + complaint.workflow();
      entry.set("what", workplace.Text(language, workplace.HasText(own) ? own : "event_" + event.kind()));
    }
    // The reason given, kept beside the event (until pseudonymised).
    if (auto reason = fields.find("reason"); reason != fields.end()) SetText(entry, "reason", reason->second.string_value());
    entry.set("who", ActorName(workplace, language, event.actor_name(), names));
    entry.set("role", workplace.Text(language, "role_" + event.actor_role()));
    entry.set("when", workplace.DateTime(language, FromProto(event.time())));
    timeline.push_back(entry);
  }
  return timeline;
}

// ---- The transition form, drawn from the input schema ----

// The values a form was posted with, to show again after a refusal.
struct Posted {
  const Form* form = nullptr;
  [[nodiscard]] std::string Get(const std::string& name) const { return form ? form->Get(name) : std::string(); }
  [[nodiscard]] std::vector<std::string> All(const std::string& name) const {
    return form ? form->All(name) : std::vector<std::string>();
  }
};

std::string FieldId(const std::string& name) { return "input-" + name; }

// The id of the control a field's error links to, for the summary's link
// to put focus in it: the input itself, or a group's first option.
// A document of the case a DOCUMENT input may name, as its option says it.
struct DocumentChoice {
  std::string number;
  std::string label;
};

std::string FirstControlId(const v1::InputField& field, const v1::Complaint& complaint,
                           const std::vector<DocumentChoice>& documents) {
  using Type = v1::InputField;
  const std::string id = FieldId(field.name());
  switch (field.type()) {
    case Type::DOCUMENT: return documents.empty() ? id : id + "-" + documents.front().number;
    case Type::BOOL: return id + "-yes";
    case Type::ENUM:
    case Type::ENUM_LIST: return field.choices().empty() ? id : id + "-" + field.choices(0).value();
    case Type::POINT_LIST: return complaint.points().empty() ? id : id + "-" + std::to_string(complaint.points(0).number());
    case Type::ASSESSMENTS:
      for (const v1::ComplaintPoint& point : complaint.points()) {
        if (point.selection() == v1::ComplaintPoint::NOT_SELECTED) continue;
        return id + "-" + std::to_string(point.number()) + "-" +
               v1::ComplaintPoint::Assessment::Outcome_Name(v1::ComplaintPoint::Assessment::NO_CRITICISM);
      }
      return id;
    default: return id;
  }
}

Data InputFieldData(const Workplace& workplace, Language language, const v1::InputField& field,
                    const v1::Complaint& complaint, const Posted& posted, const std::string& error,
                    const std::optional<bool>& answered = std::nullopt,
                    const std::vector<DocumentChoice>& documents = {}) {
  using Type = v1::InputField;
  Data entry{Data::type::object};
  const std::string name = "input." + field.name();
  entry.set("name", name);
  entry.set("id", FieldId(field.name()));
  // Beside the field, and named by it, so a screen reader reads it there.
  SetText(entry, "error", error);
  std::string described_by = Local(language, field.help()).empty() ? "" : FieldId(field.name()) + "-hint";
  if (!error.empty()) described_by += (described_by.empty() ? "" : " ") + FieldId(field.name()) + "-error";
  SetText(entry, "describedby", described_by);
  entry.set("label", Local(language, field.label()).empty() ? field.name() : Local(language, field.label()));
  SetText(entry, "help", Local(language, field.help()));
  entry.set("required", field.required());
  if (field.max_length() > 0) entry.set("max_length", std::to_string(field.max_length()));
  // A form drawn afresh starts from what the case holds under the input's
  // name (the draft's title and text when it is revised), so a correction
  // of one word is one word; a posted form keeps what was typed.
  std::string value = posted.Get(name);
  if (posted.form == nullptr) {
    if (const auto fact = complaint.facts().fields().find(field.name()); fact != complaint.facts().fields().end()) {
      if (fact->second.kind_case() == Value::kStringValue) value = fact->second.string_value();
      if (fact->second.kind_case() == Value::kBoolValue) value = fact->second.bool_value() ? "true" : "false";
    }
  }
  entry.set("value", value);
  // Answered already, as the case page's first question: shown as the
  // answer, kept in the form, not asked again.
  if (answered && field.type() == Type::BOOL) {
    entry.set("is_answered", true);
    entry.set("answered_input", field.name());
    entry.set("value", std::string(*answered ? "true" : "false"));
    entry.set("question", Local(language, field.question()).empty() ? Local(language, field.label())
                                                                     : Local(language, field.question()));
    entry.set("answer", workplace.Text(language, *answered ? "yes" : "no"));
    return entry;
  }
  switch (field.type()) {
    case Type::BOOL: {
      entry.set("is_bool", true);
      entry.set("yes_checked", value == "true");
      entry.set("no_checked", value == "false");
      break;
    }
    case Type::TEXT:
      // A title or a subject (up to 300) is one line; prose gets room.
      entry.set(field.max_length() > 300 ? "is_long_text" : "is_text", true);
      break;
    case Type::DATE:
      entry.set("is_date", true);
      break;
    case Type::TEXT_LIST:
      entry.set("is_text_list", true);
      break;
    case Type::ENUM:
    case Type::ENUM_LIST: {
      entry.set(field.type() == Type::ENUM ? "is_enum" : "is_enum_list", true);
      const std::vector<std::string> chosen = posted.All(name);
      Data choices{Data::type::list};
      for (const v1::Choice& choice : field.choices()) {
        Data option{Data::type::object};
        option.set("value", choice.value());
        option.set("label", ChoiceLabel(language, field, choice.value()));
        option.set("id", FieldId(field.name()) + "-" + choice.value());
        option.set("checked", std::find(chosen.begin(), chosen.end(), choice.value()) != chosen.end());
        SetText(option, "hint", Local(language, choice.help()));
        choices.push_back(option);
      }
      entry.set("choices", choices);
      break;
    }
    case Type::DOCUMENT: {
      // One of the case's documents, by its number and title, newest first.
      entry.set("is_enum", true);
      Data choices{Data::type::list};
      for (const DocumentChoice& document : documents) {
        Data option{Data::type::object};
        option.set("value", document.number);
        option.set("label", document.label);
        option.set("id", FieldId(field.name()) + "-" + document.number);
        option.set("checked", value == document.number);
        choices.push_back(option);
      }
      entry.set("choices", choices);
      if (documents.empty()) {
        entry.set("no_documents", workplace.Text(language, "transition_no_documents"));
        SetText(entry, "describedby", described_by + (described_by.empty() ? "" : " ") + FieldId(field.name()) + "-none");
      }
      break;
    }
    case Type::POINT_LIST: {
      entry.set("is_point_list", true);
      const std::vector<std::string> chosen = posted.All(name);
      Data points{Data::type::list};
      for (const v1::ComplaintPoint& point : complaint.points()) {
        const std::string number = std::to_string(point.number());
        Data option{Data::type::object};
        option.set("value", number);
        option.set("label", number + ". " + point.text());
        option.set("id", FieldId(field.name()) + "-" + number);
        option.set("checked", std::find(chosen.begin(), chosen.end(), number) != chosen.end());
        points.push_back(option);
      }
      entry.set("points", points);
      break;
    }
    case Type::ASSESSMENTS: {
      entry.set("is_assessments", true);
      Data points{Data::type::list};
      for (const v1::ComplaintPoint& point : complaint.points()) {
        if (point.selection() == v1::ComplaintPoint::NOT_SELECTED) continue;
        const std::string number = std::to_string(point.number());
        const std::string prefix = name + "." + number;
        Data assessment{Data::type::object};
        assessment.set("number", number);
        assessment.set("text", point.text());
        assessment.set("prefix", prefix);
        assessment.set("id", FieldId(field.name()) + "-" + number);
        assessment.set("reasoning", posted.Get(prefix + ".reasoning"));
        assessment.set("recommendation", posted.Get(prefix + ".recommendation"));
        Data outcomes{Data::type::list};
        for (auto outcome : {v1::ComplaintPoint::Assessment::NO_CRITICISM, v1::ComplaintPoint::Assessment::CRITICISM,
                             v1::ComplaintPoint::Assessment::SERIOUS_CRITICISM}) {
          const std::string outcome_name = v1::ComplaintPoint::Assessment::Outcome_Name(outcome);
          Data option{Data::type::object};
          option.set("value", outcome_name);
          option.set("label", workplace.Text(language, OutcomeKey(outcome)));
          option.set("id", FieldId(field.name()) + "-" + number + "-" + outcome_name);
          option.set("checked", posted.Get(prefix + ".outcome") == outcome_name);
          outcomes.push_back(option);
        }
        assessment.set("outcomes", outcomes);
        points.push_back(assessment);
      }
      entry.set("assessments", points);
      break;
    }
    default:
      entry.set("is_text", true);
  }
  return entry;
}

// The transition's input as the API takes it, from the form's fields.
// Empty fields are left out, so a missing required input is the
// service's field violation, as over the API.
Struct InputFromForm(const v1::AvailableTransition& transition, const v1::Complaint& complaint, const Form& form) {
  using Type = v1::InputField;
  Struct input;
  auto& fields = *input.mutable_fields();
  for (const v1::InputField& field : transition.input_fields()) {
    const std::string name = "input." + field.name();
    const std::string value = form.Get(name);
    switch (field.type()) {
      case Type::BOOL:
        if (value == "true" || value == "false") fields[field.name()].set_bool_value(value == "true");
        break;
      case Type::ENUM_LIST: {
        auto& list = *fields[field.name()].mutable_list_value();
        for (const std::string& chosen : form.All(name)) list.add_values()->set_string_value(chosen);
        break;
      }
      case Type::POINT_LIST: {
        const std::vector<std::string> chosen = form.All(name);
        if (chosen.empty()) break;
        auto& list = *fields[field.name()].mutable_list_value();
        for (const std::string& number : chosen) {
          char* end = nullptr;
          const double parsed = std::strtod(number.c_str(), &end);
          if (end != nullptr && *end == '\0' && !number.empty()) {
            list.add_values()->set_number_value(parsed);
          } else {
            list.add_values()->set_string_value(number);  // refused by the schema, by name
          }
        }
        break;
      }
      case Type::TEXT_LIST: {
        std::vector<std::string> lines;
        std::size_t start = 0;
        while (start <= value.size()) {
          const std::size_t end = value.find('\n', start);
          std::string line = Trimmed(value.substr(start, end == std::string::npos ? std::string::npos : end - start));
          if (!line.empty()) lines.push_back(std::move(line));
          if (end == std::string::npos) break;
          start = end + 1;
        }
        if (lines.empty()) break;
        auto& list = *fields[field.name()].mutable_list_value();
        for (std::string& line : lines) list.add_values()->set_string_value(std::move(line));
        break;
      }
      case Type::DOCUMENT: {
        if (value.empty()) break;
        char* end = nullptr;
        const double parsed = std::strtod(value.c_str(), &end);
        if (end != nullptr && *end == '\0') {
          fields[field.name()].set_number_value(parsed);
        } else {
          fields[field.name()].set_string_value(value);  // refused by the schema, by name
        }
        break;
      }
      case Type::ASSESSMENTS: {
        google::protobuf::ListValue list;
        for (const v1::ComplaintPoint& point : complaint.points()) {
          const std::string prefix = name + "." + std::to_string(point.number());
          const std::string outcome = form.Get(prefix + ".outcome");
          if (outcome.empty()) continue;
          Struct assessment;
          auto& parts = *assessment.mutable_fields();
          parts["number"].set_number_value(point.number());
          parts["outcome"].set_string_value(outcome);
          parts["reasoning"].set_string_value(form.Get(prefix + ".reasoning"));
          if (const std::string recommendation = form.Get(prefix + ".recommendation"); !recommendation.empty()) {
            parts["recommendation"].set_string_value(recommendation);
          }
          *list.add_values()->mutable_struct_value() = std::move(assessment);
        }
        if (list.values_size() > 0) *fields[field.name()].mutable_list_value() = std::move(list);
        break;
      }
      default:
        if (!value.empty()) fields[field.name()].set_string_value(value);
    }
  }
  return input;
}

const v1::AvailableTransition* FindAvailable(const v1::ListTransitionsResponse& list, const std::string& name) {
  for (const auto& transition : list.transitions()) {
    if (transition.name() == name) return &transition;
  }
  return nullptr;
}

// Why a transition is refused now, in the page's language: who may take
// it, or the guard's reason. In English the engine's own words, which name
// the detail (the field, the date), stand when the catalogue has none.
std::string RefusalText(const Workplace& workplace, Language language, const WebServices& services,
                        const Actor& actor, const v1::Complaint& complaint, const v1::AvailableTransition& transition) {
  if (transition.allowed()) return {};
  if (transition.refused_by().empty()) {
    std::string roles;
    for (const std::string& role : services.transitions.Outline(actor, complaint, transition.name()).roles) {
      if (!roles.empty()) roles += ", ";
      roles += workplace.Text(language, "role_" + role);
    }
    if (!roles.empty()) return workplace.Text(language, "refusal_role") + " " + roles + ".";
    return transition.refusal();
  }
  const std::string key = "refusal_" + transition.refused_by();
  if (workplace.HasText(key) && (language == Language::kDanish || transition.refusal().empty())) {
    return workplace.Text(language, key);
  }
  return transition.refusal();
}

struct Loaded {
  v1::Complaint complaint;
  v1::ListTransitionsResponse transitions;
  v1::ListEventsResponse events;
};

Result<Loaded> LoadCase(const WebServices& services, const Actor& actor, const std::string& id) {
  auto complaint = services.complaints.Get(actor, id);
  if (!complaint) return std::unexpected(complaint.error());
  auto transitions = services.transitions.List(actor, id);
  if (!transitions) return std::unexpected(transitions.error());
  auto events = services.transitions.Events(actor, id);
  if (!events) return std::unexpected(events.error());
  return Loaded{std::move(*complaint), std::move(*transitions), std::move(*events)};
}

// What a decision rests on, for its form: what each earlier step recorded,
// in words, newest first (the newest shown open: the department's answer
// beside the assessment, the points beside the investigation).
Data Background(const Workplace& workplace, Language language, const WorkflowCatalog& workflows,
                const v1::Complaint& complaint, const v1::ListEventsResponse& events) {
  Data background{Data::type::list};
  for (auto it = events.events().rbegin(); it != events.events().rend(); ++it) {
    const auto& fields = it->payload().fields();
    auto transition = fields.find("transition");
    auto input = fields.find("input");
    if (it->kind() != "transition" || transition == fields.end() || input == fields.end()) continue;
    Data recorded = RecordedInputs(workplace, language, workflows, complaint, transition->second.string_value(),
                                   input->second.struct_value());
    if (recorded.is_empty_list()) continue;
    Data entry{Data::type::object};
    entry.set("what", workplace.TransitionLabel(language, complaint.workflow(), transition->second.string_value()));
    entry.set("when", workplace.DateTime(language, FromProto(it->time())));
    entry.set("recorded", recorded);
    entry.set("open", background.is_empty_list());
    background.push_back(entry);
  }
  return background;
}

// What a step's notice to the department will carry, when it carries facts
// of the case (StepOutline::notice_facts): each fact by its label, with the
// personal data the engine finds marked where it stands, so the person sees
// before sending what the department will read.
Data NoticePreview(Language language, const WorkflowCatalog& workflows, const v1::Complaint& complaint,
                   const StepOutline& outline, const v1::AvailableTransition& transition) {
  Data fields{Data::type::list};
  for (const std::string& name : outline.notice_facts) {
    const std::string text = FactText(complaint, name);
    if (text.empty()) continue;
    std::string label = name;
    for (const v1::WorkflowDefinition* definition : workflows.All()) {
      if (definition->name() != complaint.workflow()) continue;
      for (const auto& step : definition->transition()) {
        for (const auto& field : step.input_field()) {
          if (field.name() == name) label = Local(language, field.label());
        }
      }
    }
    Data entry{Data::type::object};
    entry.set("label", label);
    entry.set("id", "notice-preview-" + name);
    entry.set("marked", MarkedText(text, name, transition.personal_data()));
    fields.push_back(entry);
  }
  return fields;
}

// The answer already given to `field` when it decides the step: on the
// case page's question (`answer.<name>` in the link) or, once posted, kept
// in the form (`_answered`).
std::optional<bool> GivenAnswer(const RequestContext& context, const Posted& posted,
                                const v1::AvailableTransition& transition, const v1::InputField& field) {
  const bool deciding = std::any_of(transition.deciding_inputs().begin(), transition.deciding_inputs().end(),
                                    [&](const v1::DecidingInput& input) { return input.name() == field.name(); });
  if (!deciding || field.type() != v1::InputField::BOOL) return std::nullopt;
  std::string value;
  if (posted.form != nullptr) {
    const auto kept = posted.All("_answered");
    if (std::find(kept.begin(), kept.end(), field.name()) == kept.end()) return std::nullopt;
    value = posted.Get("input." + field.name());
  } else if (const auto it = context.query.find("answer." + field.name()); it != context.query.end()) {
    value = it->second;
  }
  if (value == "true") return true;
  if (value == "false") return false;
  return std::nullopt;
}

// The letters a step sends, by purpose and recipient, before any is drawn.
Data LettersNamed(const Workplace& workplace, Language language, const std::vector<QueuedLetter>& letters) {
  Data named{Data::type::list};
  for (const auto& [purpose, recipient] : letters) {
    Data entry{Data::type::object};
    entry.set("purpose", workplace.HasText("letter_" + purpose) ? workplace.Text(language, "letter_" + purpose) : purpose);
    entry.set("recipient", workplace.Text(language, "letter_to_" + recipient));
    named.push_back(entry);
  }
  return named;
}

// Letters rendered from what was typed, nothing sent, as a page shows them.
Data LetterPreviews(const Workplace& workplace, Language language, const std::vector<Letter>& letters) {
  Data shown{Data::type::list};
  for (const Letter& letter : letters) {
    Data entry{Data::type::object};
    entry.set("subject", letter.subject);
    entry.set("recipient", workplace.Text(language, "letter_to_" + letter.recipient));
    entry.set("variant", workplace.Text(language, "letter_variant_" + letter.variant));
    entry.set("channel", workplace.Text(language, "letter_channel_" + letter.channel));
    entry.set("lang", std::string(letter.variant == "en" ? "en" : "da"));
    entry.set("interpreter_note", letter.interpreter_note);
    // HTML this server drew from its letter templates, every value escaped.
    entry.set("body", letter.body);
    shown.push_back(entry);
  }
  return shown;
}

// The case's documents `actor` may name in a step, newest first: kept in
// its file (numbered), never an infected one.
Result<std::vector<DocumentChoice>> DocumentChoices(const Workplace& workplace, Language language,
                                                   const WebServices& services, const Actor& actor,
                                                   const std::string& complaint_id) {
  auto listed = services.case_documents.List(actor, complaint_id);
  if (!listed) return std::unexpected(listed.error());
  std::vector<DocumentChoice> choices;
  for (const v1::CaseDocument& document : listed->documents()) {
    if (document.document_number() <= 0 || document.scan_state() == v1::SCAN_INFECTED) continue;
    const std::string counterpart_key = "journal_counterpart_" + document.counterpart();
    const std::string counterpart =
        workplace.HasText(counterpart_key) ? workplace.Text(language, counterpart_key) : document.counterpart();
    choices.push_back({std::to_string(document.document_number()),
                       workplace.Text(language, "document_number") + " " + std::to_string(document.document_number()) +
                           ": " + document.title() + " (" + counterpart + ", " +
                           workplace.IsoDate(language, document.document_date()) + ")"});
  }
  std::reverse(choices.begin(), choices.end());
  return choices;
}

// The transition's form page. `posted` refills what was typed; `error` is
// the refusal to show; `conflict` says the case moved on meanwhile.
HandlerResult TransitionPage(const Workplace& workplace, const WebServices& services, const RequestContext& context, const Loaded& loaded,
                             const v1::AvailableTransition& transition, http::status status, const Posted& posted,
                             const Error* error, bool conflict, const std::vector<Letter>* previews = nullptr,
                             const std::vector<v1::PersonalDataFinding>* scan = nullptr) {
  const WorkflowCatalog& workflows = services.workflows;
  const Language language = workplace.LanguageOf(context.request);
  const v1::Complaint& complaint = loaded.complaint;
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/cases");
  data.set("case", CaseSummary(workplace, language, complaint));
  const std::string label = workplace.TransitionLabel(language, complaint.workflow(), transition.name());
  data.set("transition_label", label);
  // What the step means, from the labels file in the page's language;
  // the definition's own description is English and for developers.
  SetText(data, "transition_description",
          workplace.TransitionDescription(language, complaint.workflow(), transition.name()));
  data.set("action", CaseHref(complaint.id()) + "/transitions/" + UrlEscaped(transition.name()));
  data.set("expected_version", std::to_string(complaint.version()));
  data.set("allowed", transition.allowed());
  SetText(data, "refusal", RefusalText(workplace, language, services, *context.actor, complaint, transition));
  data.set("to", workplace.StateLabel(language, complaint.workflow(), transition.to()));
  // The case's documents, for a step that names one of them.
  std::vector<DocumentChoice> documents;
  const bool names_document =
      std::any_of(transition.input_fields().begin(), transition.input_fields().end(),
                  [](const v1::InputField& field) { return field.type() == v1::InputField::DOCUMENT; });
  if (names_document) {
    auto choices = DocumentChoices(workplace, language, services, *context.actor, complaint.id());
    if (!choices) return std::unexpected(ToProblem(choices.error()));
    documents = std::move(*choices);
  }
  // Each error in the person's words, beside its field and in the summary,
  // whose link puts focus in the field's first control.
  std::map<std::string, std::string> field_errors;
  Data errors{Data::type::list};
  if (error != nullptr && !conflict) {
    for (const FieldViolation& violation : error->field_violations) {
      const v1::InputField* field = nullptr;
      for (const v1::InputField& each : transition.input_fields()) {
        if (violation.field == "input." + each.name() || violation.field.starts_with("input." + each.name() + ".")) {
          field = &each;
        }
      }
      Data entry{Data::type::object};
      if (violation.field == "reason") {
        // The form's own field, in the person's words, beside it too.
        const std::string message =
            workplace.ViolationText(language, violation, workplace.Text(language, "transition_reason"),
                                    MaxLength<v1::TransitionRequest>("reason"));
        entry.set("message", message);
        entry.set("id", std::string("reason"));
        data.set("reason_error", message);
      } else if (field == nullptr) {
        entry.set("message", violation.description);
      } else {
        // A group of options is chosen, not filled in; a document, from the case's.
        FieldViolation worded = violation;
        if (worded.reason == "required" && field->type() == v1::InputField::DOCUMENT) worded.reason = "invalid_document";
        if (worded.reason == "required" && field->type() != v1::InputField::TEXT &&
            field->type() != v1::InputField::TEXT_LIST && field->type() != v1::InputField::DATE) {
          worded.reason = "required_choice";
        }
        const std::string message = workplace.ViolationText(
            language, worded, Local(language, field->label()),
            field->max_length() > 0 ? std::to_string(field->max_length()) : std::string());
        entry.set("message", message);
        // An answer given on the case page is shown, not asked: its text.
        entry.set("id", GivenAnswer(context, posted, transition, *field) ? FieldId(field->name())
                                                                         : FirstControlId(*field, complaint, documents));
        field_errors.emplace(field->name(), message);
      }
      errors.push_back(entry);
    }
    if (error->field_violations.empty()) {
      Data entry{Data::type::object};
      const std::string key = "refusal_" + error->refused_by;
      entry.set("message", !error->refused_by.empty() && workplace.HasText(key) ? workplace.Text(language, key)
                                                                                : error->message);
      errors.push_back(entry);
    }
  }
  Data fields{Data::type::list};
  for (const v1::InputField& field : transition.input_fields()) {
    const auto found = field_errors.find(field.name());
    fields.push_back(InputFieldData(workplace, language, field, complaint, posted,
                                    found == field_errors.end() ? std::string() : found->second,
                                    GivenAnswer(context, posted, transition, field), documents));
  }
  data.set("fields", fields);
  data.set("reason", posted.Get("reason"));
  data.set("reason_max_length", MaxLength<v1::TransitionRequest>("reason"));
  data.set("conflict", conflict);
  if (error != nullptr && !conflict) data.set("errors", errors);
  data.set("complaint_description", complaint.description());
  // What taking it does, as the service reads it from the definition.
  const StepOutline outline = services.transitions.Outline(*context.actor, complaint, transition.name());
  data.set("bars_own_approval", outline.bars_own_approval);
  Data preview = NoticePreview(language, workflows, complaint, outline, transition);
  data.set("has_notice_preview", !preview.is_empty_list());
  data.set("notice_preview", preview);
  bool preview_blocks = false;
  for (const auto& finding : transition.personal_data()) preview_blocks = preview_blocks || finding.blocks();
  data.set("notice_preview_blocks", preview_blocks);
  data.set("notice_preview_warns", !preview_blocks && transition.personal_data_size() > 0);
  data.set("background", Background(workplace, language, workflows, complaint, loaded.events));
  // The texts a step ahead scans for personal data are checked as they are
  // written: by the page's script while typing, or with the check button.
  const std::set<std::string>& checked = outline.texts_checked_ahead;
  data.set("checks_texts", !checked.empty());
  if (scan != nullptr) {
    google::protobuf::RepeatedPtrField<v1::PersonalDataFinding> findings(scan->begin(), scan->end());
    Data scanned{Data::type::list};
    bool blocks = false;
    for (const v1::InputField& field : transition.input_fields()) {
      if (!checked.contains(field.name())) continue;
      Data entry{Data::type::object};
      entry.set("label", Local(language, field.label()));
      entry.set("id", "scan-" + field.name());
      entry.set("marked", MarkedText(posted.Get("input." + field.name()), field.name(), findings));
      scanned.push_back(entry);
    }
    for (const auto& finding : *scan) blocks = blocks || finding.blocks();
    data.set("scanned", true);
    data.set("scan_fields", scanned);
    data.set("scan_clean", scan->empty());
    data.set("scan_blocks", blocks);
    data.set("scan_warns", !blocks && !scan->empty());
  }
  // What it sends, readable before anything is sent; the citizen's needs
  // apply to a step that writes to or meets the citizen.
  data.set("sends_letters", !outline.letters.empty());
  data.set("letters_to_send", LettersNamed(workplace, language, outline.letters));
  data.set("contacts_citizen", outline.contacts_citizen);
  if (previews != nullptr) {
    data.set("previews", LetterPreviews(workplace, language, *previews));
    data.set("has_previews", true);
  }
  return workplace.Render(context, status, "transition", std::move(data), label + " – " + complaint.case_number());
}

// The case page's first question and where each answer leads: its steps,
// each with what it sends, readable before anything is sent. A step whose
// only need is the answer is taken from here; the others open their form
// with the answer given.
Data StepQuestionData(const Workplace& workplace, Language language, const WebServices& services,
                      const Actor& actor, const Loaded& loaded, const StepQuestion& question) {
  const v1::Complaint& complaint = loaded.complaint;
  const std::string& name = question.input.name();
  Data data{Data::type::object};
  const std::string asked = Local(language, question.input.question());
  data.set("text", asked.empty() ? Local(language, question.input.label()) : asked);
  SetText(data, "help", Local(language, question.input.help()));
  // A complaint from the public form, untouched since: the citizen answered
  // the question there, and that answer is opened (the caseworker decides).
  std::optional<bool> citizen_said;
  if (complaint.channel() == v1::WEB_FORM && complaint.version() == 1) {
    if (const auto fact = complaint.facts().fields().find(name);
        fact != complaint.facts().fields().end() && fact->second.kind_case() == google::protobuf::Value::kBoolValue) {
      citizen_said = fact->second.bool_value();
      data.set("citizen_said", workplace.Text(language, "case_citizen_answered") + " " +
                                   workplace.Text(language, *citizen_said ? "yes" : "no"));
    }
  }
  Data answers{Data::type::list};
  for (const bool answer : {true, false}) {
    const std::string value = answer ? "true" : "false";
    Data entry{Data::type::object};
    entry.set("answer", workplace.Text(language, answer ? "yes" : "no"));
    entry.set("id", std::string("answer-") + (answer ? "yes" : "no"));
    entry.set("open", citizen_said == answer);
    Data paths{Data::type::list};
    for (const v1::AvailableTransition* step : answer ? question.yes : question.no) {
      Data path{Data::type::object};
      path.set("label", workplace.TransitionLabel(language, complaint.workflow(), step->name()));
      SetText(path, "description", workplace.TransitionDescription(language, complaint.workflow(), step->name()));
      path.set("to", workplace.StateLabel(language, complaint.workflow(), step->to()));
      path.set("id", "transition-" + step->name());
      const std::string href = CaseHref(complaint.id()) + "/transitions/" + UrlEscaped(step->name());
      std::optional<std::vector<Letter>> previews;
      if (AnswerIsAllItNeeds(question, *step)) {
        path.set("action", href);
        path.set("input_name", "input." + name);
        path.set("input_value", value);
        path.set("answered", name);
        v1::TransitionRequest request;
        request.set_name(step->name());
        (*request.mutable_input()->mutable_fields())[name].set_bool_value(answer);
        request.set_expected_version(complaint.version());
        // Rendered from the case as it stands; nothing is sent. A step
        // that cannot render them here names them instead.
        if (auto letters = services.transitions.PreviewLetters(actor, complaint.id(), request); letters) {
          previews = std::move(*letters);
        }
      } else {
        path.set("href", href + "?" + UrlEscaped("answer." + name) + "=" + value);
      }
      if (previews) {
        path.set("previews", LetterPreviews(workplace, language, *previews));
      } else {
        const auto letters = services.transitions.Outline(actor, complaint, step->name()).letters;
        path.set("has_letters_named", !letters.empty());
        path.set("letters_named", LettersNamed(workplace, language, letters));
      }
      paths.push_back(path);
    }
    entry.set("paths", paths);
    answers.push_back(entry);
  }
  data.set("answers", answers);
  return data;
}

// A link to a step the case cannot take now (an old tab, the back button):
// where the case is, in words, and the way back to it. Never the step's id.
Response StepUnavailablePage(const Workplace& workplace, const RequestContext& context, const v1::Complaint& complaint) {
  const Language language = workplace.LanguageOf(context.request);
  Data data = workplace.PageData(context.request, context.actor, context.session_id, CaseHref(complaint.id()));
  data.set("case_number", complaint.case_number());
  data.set("case_href", CaseHref(complaint.id()));
  data.set("state", workplace.StateLabel(language, complaint.workflow(), complaint.state()));
  return workplace.Render(context, http::status::not_found, "step_unavailable", std::move(data),
                          workplace.Text(language, "step_unavailable_title"));
}

}  // namespace

HandlerResult CasePage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                       http::status status, const std::function<void(Language, Data&)>& extend) {
  const Language language = workplace.LanguageOf(context.request);
  const std::string& id = context.path.at("id");
  auto loaded = LoadCase(services, *context.actor, id);
  if (!loaded) return std::unexpected(ToProblem(loaded.error()));
  const v1::ListEventsResponse* events = &loaded->events;
  const bool returned = context.query.contains("returned");
  const auto named = NamesByActor(services.users);
  if (!named) return std::unexpected(ToProblem(named.error()));
  const std::map<std::string, std::string>& names = *named;
  const v1::Complaint& complaint = loaded->complaint;
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/cases");
  data.set("returned", returned);
  Data summary = CaseSummary(workplace, language, complaint);
  // The department by its name, its code beside it for those who
  // know the codes.
  auto departments = services.office.Departments();
  if (!departments) return std::unexpected(ToProblem(departments.error()));
  for (const auto& department : *departments) {
    if (department.code == complaint.department() && !department.name.empty()) {
      summary.set("department", department.name + " (" + department.code + ")");
    }
  }
  data.set("case", summary);
  data.set("timeline", Timeline(workplace, language, services.workflows, complaint, *events, names));
  data.set("chain_valid", events->chain_valid());
  auto notices = NoticeReceipts(workplace, language, services.notices, *context.actor, id);
  if (!notices) return std::unexpected(ToProblem(notices.error()));
  data.set("has_notices", !notices->is_empty_list());
  data.set("notices", *notices);
  auto journal = JournalRows(workplace, language, services.documents, *context.actor, id);
  if (!journal) return std::unexpected(ToProblem(journal.error()));
  data.set("has_journal", !journal->is_empty_list());
  data.set("journal", *journal);
  auto documents = DocumentRows(workplace, language, services.case_documents, *context.actor, id,
                                "/cases/" + UrlEscaped(id) + "/documents");
  if (!documents) return std::unexpected(ToProblem(documents.error()));
  data.set("has_documents", !documents->is_empty_list());
  data.set("documents", *documents);
  data.set("upload", DocumentUploadForm(workplace, language, context, id, {}, nullptr,
                                        services.case_documents.limits().max_file_bytes));
  data.set("note", NoteForm(workplace, language, id, nullptr, nullptr, data));
  auto conversation = CitizenConversation(workplace, language, services, *context.actor, complaint, "", nullptr, data);
  if (!conversation) return std::unexpected(ToProblem(conversation.error()));
  data.set("conversation", *conversation);
  auto reporter = ReporterIdentitySection(services, *context.actor, complaint);
  if (!reporter) return std::unexpected(ToProblem(reporter.error()));
  data.set("reporter_identity", *reporter);
  if (context.query.contains("message")) data.set("citizen_message_sent", true);
  if (context.query.contains("links")) data.set("citizen_links_revoked", true);
  // Back from adding a document: which number it got.
  SetText(data, "document_saved", DocumentSaved(workplace, language, context));
  Data allowed{Data::type::list};
  Data refused{Data::type::list};
  // Steps one yes-or-no question tells apart are asked as that
  // question first; the rest stay as they are.
  const std::optional<StepQuestion> question = FindStepQuestion(loaded->transitions);
  const auto in_question = [&](const v1::AvailableTransition& transition) {
    if (!question) return false;
    return std::find(question->yes.begin(), question->yes.end(), &transition) != question->yes.end() ||
           std::find(question->no.begin(), question->no.end(), &transition) != question->no.end();
  };
  if (question) data.set("question", StepQuestionData(workplace, language, services, *context.actor, *loaded, *question));
  for (const v1::AvailableTransition& transition : loaded->transitions.transitions()) {
    if (in_question(transition)) continue;
    Data entry{Data::type::object};
    entry.set("label", workplace.TransitionLabel(language, complaint.workflow(), transition.name()));
    entry.set("href", CaseHref(complaint.id()) + "/transitions/" + UrlEscaped(transition.name()));
    SetText(entry, "description",
            workplace.TransitionDescription(language, complaint.workflow(), transition.name()));
    SetText(entry, "refusal",
            RefusalText(workplace, language, services, *context.actor, complaint, transition));
    entry.set("id", "transition-" + transition.name());
    (transition.allowed() ? allowed : refused).push_back(entry);
  }
  data.set("transitions", allowed);
  data.set("refused_transitions", refused);
  // Who has the case, and what this person may do about it, by
  // the rule Assign applies when they do.
  const AssignmentChoices may = services.assignments.ChoicesFor(*context.actor, complaint);
  const std::string& assignee = complaint.assignee_id();
  data.set("can_take", may.may_take);
  data.set("can_release", may.may_release);
  data.set("self_id", context.actor->user_id);
  data.set("assign_action", CaseHref(complaint.id()) + "/assign");
  if (may.may_assign) {
    auto staff = services.assignments.Assignable();
    if (!staff) return std::unexpected(ToProblem(staff.error()));
    Data options{Data::type::list};
    for (const auto& person : *staff) {
      Data option{Data::type::object};
      option.set("value", person.id);
      option.set("label", person.display_name + " (" + workplace.Text(language, "role_" + std::string(RoleName(person.role))) + ")");
      option.set("selected", person.id == assignee);
      options.push_back(option);
    }
    data.set("assignable", options);
    data.set("can_assign", true);
  }
  // The case's KLE subject and journal number, and the choice of the
  // office's subjects under their main groups.
  data.set("classify_action", CaseHref(complaint.id()) + "/classify");
  if (const auto refused = context.query.find("kle"); refused != context.query.end()) {
    if (refused->second == "choose" || refused->second == "changed") {
      data.set("kle_refused", workplace.Text(language, "case_kle_refused_" + refused->second));
    }
  }
  const v1::KleVocabulary& kle = services.classification.Vocabulary();
  const std::string subject = FactText(complaint, std::string(kKleNumberFact));
  if (!subject.empty()) {
    const v1::KleEntry* entry = FindKleSubject(kle, subject);
    data.set("kle_subject", subject + (entry != nullptr ? " " + entry->title() : std::string()));
    data.set("journal_number", FactText(complaint, std::string(kJournalNumberFact)));
  }
  if (kle.subject_size() > 0 && MayPost(*context.actor, "/cases/{id}/classify")) {
    Data groups{Data::type::list};
    for (const v1::KleEntry& main_group : kle.main_group()) {
      Data options{Data::type::list};
      for (const v1::KleEntry& entry : kle.subject()) {
        if (KleMainGroupOf(entry.number()) != main_group.number()) continue;
        Data option{Data::type::object};
        option.set("value", entry.number());
        option.set("label", entry.number() + " " + entry.title());
        option.set("selected", entry.number() == subject);
        options.push_back(option);
      }
      if (options.is_empty_list()) continue;
      Data group{Data::type::object};
      group.set("label", main_group.number() + " " + main_group.title());
      group.set("subjects", options);
      groups.push_back(group);
    }
    data.set("kle_groups", groups);
    data.set("can_classify", true);
  }
  // The approval page, for those the route policy lets open it,
  // once the case offers the approval.
  if (MayOpen(*context.actor, "/cases/{id}/approval")) {
    for (const auto& transition : loaded->transitions.transitions()) {
      if (transition.meaning() == v1::STEP_APPROVE_PUBLICATION) {
        data.set("approval_href", CaseHref(complaint.id()) + "/approval");
      }
    }
  }
  data.set("has_transitions", !allowed.is_empty_list());
  data.set("has_refused", !refused.is_empty_list());
  if (extend) extend(language, data);
  return workplace.Render(context, status, "case", std::move(data),
                          complaint.case_number() + " – " + complaint.subject());
}

void AddCasePages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  // A letter in the workplace: the way back to its case, its PDF, and the
  // letter itself as it was rendered and sent, in a frame of its own.
  api.Add(http::verb::get, "/cases/{id}/letters/{letter}",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            auto complaint = services.complaints.Get(*context.actor, context.path.at("id"));
            if (!complaint) return std::unexpected(ToProblem(complaint.error()));
            auto letters = services.documents.Letters(*context.actor, complaint->id());
            if (!letters) return std::unexpected(ToProblem(letters.error()));
            for (const v1::Letter& letter : letters->letters()) {
              if (letter.id() != context.path.at("letter")) continue;
              const std::string href = CaseHref(complaint->id()) + "/letters/" + UrlEscaped(letter.id());
              Data data = workplace.PageData(context.request, context.actor, context.session_id, "/cases");
              data.set("case_href", CaseHref(complaint->id()));
              data.set("case_number", complaint->case_number());
              data.set("case_subject", complaint->subject());
              data.set("subject", letter.subject());
              data.set("recipient", workplace.Text(language, letter.recipient() == "department" ? "letter_recipient_department"
                                                                                               : "letter_recipient_citizen"));
              data.set("sent", workplace.DateTime(language, FromProto(letter.create_time())));
              data.set("document_href", href + "/document");
              SetText(data, "pdf_href", letter.pdf_sha256().empty() ? "" : href + "/pdf");
              return workplace.Render(context, http::status::ok, "letter", std::move(data), letter.subject());
            }
            return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound, "no such letter"));
          }));

  // The letter as it was rendered and sent: its own document (print-ready,
  // with the layout's style), shown in the letter page's frame.
  api.Add(http::verb::get, "/cases/{id}/letters/{letter}/document",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto letters = services.documents.Letters(*context.actor, context.path.at("id"));
            if (!letters) return std::unexpected(ToProblem(letters.error()));
            for (const v1::Letter& letter : letters->letters()) {
              if (letter.id() != context.path.at("letter")) continue;
              return LetterDocument(workplace, context.request, letter.html());
            }
            return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound, "no such letter"));
          }));

  // The PDF as it was archived and sent, to open in the browser's viewer.
  api.Add(http::verb::get, "/cases/{id}/letters/{letter}/pdf",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto pdf = services.documents.LetterPdf(*context.actor, context.path.at("id"), context.path.at("letter"));
            if (!pdf) return std::unexpected(ToProblem(pdf.error()));
            // The letter's id is digits (checked by the store): nothing to quote.
            return LetterPdfResponse(context.request, std::move(*pdf), "brev-" + context.path.at("letter"));
          }));

  api.Add(http::verb::get, "/cases/{id}", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return CasePage(workplace, services, context, http::status::ok);
          }));

  // The journal printed as the case file's index (aktliste), PDF/UA by
  // the letters' WeasyPrint.
  api.Add(http::verb::get, "/cases/{id}/journal/pdf",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            const std::string& id = context.path.at("id");
            auto complaint = services.complaints.Get(*context.actor, id);
            if (!complaint) return std::unexpected(ToProblem(complaint.error()));
            auto journal = JournalRows(workplace, language, services.documents, *context.actor, id);
            if (!journal) return std::unexpected(ToProblem(journal.error()));
            if (services.pdf == nullptr) {
              return std::unexpected(MakeProblem(http::status::service_unavailable, ErrorCode::kUnavailable,
                                                 "this server prints nothing"));
            }
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/cases");
            data.set("case_number", complaint->case_number());
            data.set("subject", complaint->subject());
            data.set("department", complaint->department());
            data.set("printed", workplace.DateTime(language, services.clock.Now()));
            data.set("journal", *journal);
            auto pdf = services.pdf->Render(workplace.RenderDocument("aktliste", data));
            if (!pdf) return std::unexpected(ToProblem(pdf.error()));
            return LetterPdfResponse(context.request, std::move(*pdf), "aktliste-" + complaint->case_number());
          }));

  api.Add(http::verb::post, "/cases/{id}/assign", Page([services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::AssignComplaintRequest request;
            request.set_assignee_id(form->Get("assignee"));
            const std::string version = form->Get("expected_version");
            request.set_expected_version(static_cast<std::uint32_t>(std::strtoul(version.c_str(), nullptr, 10)));
            auto assigned = services.assignments.Assign(*context.actor, context.path.at("id"), request);
            if (!assigned) return std::unexpected(ToProblem(assigned.error()));
            return SeeOther(context.request, CaseHref(assigned->id()));
          }));

  api.Add(http::verb::post, "/cases/{id}/classify", Page([services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::ClassifyComplaintRequest request;
            request.set_kle_number(form->Get("kle_number"));
            const std::string version = form->Get("expected_version");
            request.set_expected_version(static_cast<std::uint32_t>(std::strtoul(version.c_str(), nullptr, 10)));
            const std::string& id = context.path.at("id");
            auto classified = services.classification.Classify(*context.actor, id, request);
            if (classified) return SeeOther(context.request, CaseHref(classified->id()) + "#kle");
            switch (classified.error().code) {
              // The subject it has already: nothing to do.
              case ErrorCode::kFailedPrecondition: return SeeOther(context.request, CaseHref(id) + "#kle");
              // No subject chosen, or the case changed meanwhile: said on the page, in words.
              case ErrorCode::kInvalidArgument: return SeeOther(context.request, CaseHref(id) + "?kle=choose#kle");
              case ErrorCode::kAborted: return SeeOther(context.request, CaseHref(id) + "?kle=changed#kle");
              default: return std::unexpected(ToProblem(classified.error()));
            }
          }));

  api.Add(http::verb::get, "/cases/{id}/transitions/{name}",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto loaded = LoadCase(services, *context.actor, context.path.at("id"));
            if (!loaded) return std::unexpected(ToProblem(loaded.error()));
            const v1::AvailableTransition* transition = FindAvailable(loaded->transitions, context.path.at("name"));
            if (transition == nullptr) return StepUnavailablePage(workplace, context, loaded->complaint);
            return TransitionPage(workplace, services, context, *loaded, *transition, http::status::ok, {}, nullptr, false);
          }));

  api.Add(http::verb::post, "/cases/{id}/transitions/{name}",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string& id = context.path.at("id");
            auto loaded = LoadCase(services, *context.actor, id);
            if (!loaded) return std::unexpected(ToProblem(loaded.error()));
            const std::string version = form->Get("expected_version");
            const auto seen_version = static_cast<std::uint32_t>(std::strtoul(version.c_str(), nullptr, 10));
            const v1::AvailableTransition* transition = FindAvailable(loaded->transitions, context.path.at("name"));
            if (transition == nullptr) {
              // Gone since the form was drawn: the case moved on. Say so,
              // with what was typed, rather than lose it.
              std::optional<v1::AvailableTransition> former;
              if (seen_version != loaded->complaint.version()) {
                former = services.transitions.AsDefined(
                    loaded->complaint, context.path.at("name"),
                    workplace.Text(workplace.LanguageOf(context.request), "transition_gone"));
              }
              if (!former) return StepUnavailablePage(workplace, context, loaded->complaint);
              const Posted posted{&*form};
              return TransitionPage(workplace, services, context, *loaded, *former, http::status::conflict, posted, nullptr, true);
            }
            v1::TransitionRequest request;
            request.set_name(transition->name());
            *request.mutable_input() = InputFromForm(*transition, loaded->complaint, *form);
            request.set_reason(form->Get("reason"));
            request.set_expected_version(seen_version);
            const Posted posted_form{&*form};
            // A check or a preview refused: the form again, with why, and
            // what was typed; anything else is the error page.
            const auto refused_form = [&](const Error& error) -> HandlerResult {
              if (error.code == ErrorCode::kAborted || error.code == ErrorCode::kInvalidArgument ||
                  error.code == ErrorCode::kFailedPrecondition) {
                return TransitionPage(workplace, services, context, *loaded, *transition,
                                      HttpStatusFor(error.code), posted_form, &error, error.code == ErrorCode::kAborted);
              }
              return std::unexpected(ToProblem(error));
            };
            if (form->Get("_scan") == "1") {
              // The texts checked as the steps ahead will check them:
              // nothing saved, what was typed kept.
              auto scan = services.transitions.ScanAhead(*context.actor, id, request);
              if (scan) {
                return TransitionPage(workplace, services, context, *loaded, *transition, http::status::ok,
                                      posted_form, nullptr, false, nullptr, &*scan);
              }
              return refused_form(scan.error());
            }
            if (form->Get("_preview") == "1") {
              // Read the letters first: rendered from what was typed, nothing sent.
              auto previews = services.transitions.PreviewLetters(*context.actor, id, request);
              if (previews) {
                return TransitionPage(workplace, services, context, *loaded, *transition, http::status::ok,
                                      posted_form, nullptr, false, &*previews);
              }
              return refused_form(previews.error());
            }
            auto fired = services.transitions.Fire(*context.actor, id, request);
            if (fired) return SeeOther(context.request, CaseHref(id));
            const Error& error = fired.error();
            const Posted posted{&*form};
            switch (error.code) {
              case ErrorCode::kAborted:  // the case moved on: show it as it is now, keep what was typed
                return TransitionPage(workplace, services, context, *loaded, *transition, http::status::conflict, posted,
                                      &error, true);
              case ErrorCode::kInvalidArgument:
              case ErrorCode::kFailedPrecondition:
                return TransitionPage(workplace, services, context, *loaded, *transition, HttpStatusFor(error.code), posted,
                                      &error, false);
              default:
                return std::unexpected(ToProblem(error));
            }
          }));
}

}  // namespace ombudsflow::api::web
