#include "engine/core/rules/standard_rules.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <sstream>

#include "engine/core/base/iso_date.h"
#include "engine/core/rules/case_file_rules.h"
#include "engine/core/rules/consent.h"
#include "engine/core/rules/disclosure.h"
#include "engine/core/rules/hotline_conversion.h"
#include "engine/core/rules/personal_data.h"
#include "engine/core/workflow/transition.h"

namespace ombudsflow {
namespace {

using google::protobuf::Value;

// The six reasons the office may write a newsletter when a case ends (seeds/004).
const std::vector<std::string> kNewsletterCriteria = {
    "larger_case", "public_interest", "serious_criticism", "acted_as_it_should",
    "changed_outcome_or_improved_work", "shows_office_function"};

// The five criteria the ombudsman weighs before investigating (seeds/004).
const std::vector<std::string> kInvestigationCriteria = {
    "actuality", "significance", "complexity", "citizen_gain", "improvement_potential"};

std::string FactText(const Value& value) {
  switch (value.kind_case()) {
    case Value::kStringValue: return value.string_value();
    case Value::kBoolValue: return value.bool_value() ? "true" : "false";
    case Value::kNumberValue: {
      std::ostringstream out;
      out << value.number_value();
      return out.str();
    }
    default: return {};
  }
}

bool IsSet(const Value* value) {
  if (value == nullptr) return false;
  if (value->kind_case() == Value::kStringValue) return !value->string_value().empty();
  return value->kind_case() != Value::kNullValue && value->kind_case() != Value::KIND_NOT_SET;
}

std::optional<bool> BoolFact(const v1::Complaint& complaint, std::string_view name) {
  const Value* value = FindFact(complaint, name);
  if (value == nullptr || value->kind_case() != Value::kBoolValue) return std::nullopt;
  return value->bool_value();
}

Error BadInput(const std::string& field, std::string description) {
  return InvalidArgument("the transition's input is invalid",
                         {{"input." + field, std::move(description)}});
}

const Value* InputField(const RuleContext& context, const std::string& name) {
  auto it = context.input.fields().find(name);
  return it == context.input.fields().end() ? nullptr : &it->second;
}

GuardSpec FactGuard(std::string fact, bool expected, std::string holds, std::string fails) {
  GuardSpec spec;
  spec.reads = {fact};
  spec.decides_on_input_alone = true;
  spec.description = holds;
  spec.check = [fact, expected, fails](const RuleContext& context) -> std::optional<std::string> {
    auto value = BoolFact(context.after, fact);
    if (!value) return "'" + fact + "' is not recorded (true or false)";
    if (*value != expected) return fails;
    return std::nullopt;
  };
  return spec;
}

void AddGuards(RuleRegistry& registry) {
  registry.AddGuard("field_set", GuardSpec{
      [](const RuleContext& context) -> std::optional<std::string> {
        const std::string& field = context.args.at("field");
        if (IsSet(FindFact(context.after, field))) return std::nullopt;
        return "'" + field + "' is not recorded";
      },
      {"field"}, {}, {"field"}, "the fact named by `field` is recorded"});

  registry.AddGuard("fact_in", GuardSpec{
      [](const RuleContext& context) -> std::optional<std::string> {
        const std::string& field = context.args.at("field");
        const std::string& values = context.args.at("values");
        const Value* value = FindFact(context.after, field);
        const std::string text = value ? FactText(*value) : std::string();
        std::stringstream list(values);
        for (std::string allowed; std::getline(list, allowed, ',');) {
          if (allowed == text) return std::nullopt;
        }
        return "'" + field + "' must be one of " + values + (text.empty() ? "" : ", not '" + text + "'");
      },
      {"field", "values"}, {}, {"field"}, "the fact `field` is one of the comma-separated `values`"});

  registry.AddGuard("department_has_answered",
                    FactGuard("department_has_answered", true,
                              "the department has answered the citizen, or had the chance to",
                              "the department has not yet had the chance to answer the citizen"));
  registry.AddGuard("department_has_not_answered",
                    FactGuard("department_has_answered", false,
                              "the department has not yet had the chance to answer",
                              "the department has already answered: the citizen does not need "
                              "to be guided to dialogue"));

  GuardSpec cannot_manage;
  cannot_manage.reads = {"cannot_manage_alone", "has_other_help"};
  cannot_manage.description = "the citizen cannot pursue the complaint alone and has no other help";
  cannot_manage.check = [](const RuleContext& context) -> std::optional<std::string> {
    auto alone = BoolFact(context.after, "cannot_manage_alone");
    auto helped = BoolFact(context.after, "has_other_help");
    if (!alone || !helped) return "'cannot_manage_alone' and 'has_other_help' must be recorded";
    if (!*alone) return "the citizen can pursue the complaint alone: guide to dialogue instead";
    if (*helped) return "the citizen has other help: assisted forwarding is for those without";
    return std::nullopt;
  };
  registry.AddGuard("citizen_cannot_manage_alone", cannot_manage);

  // Seed 004: a citizen who speaks neither Danish nor English is met with an
  // interpreter. A meeting or phone call with one who needs an interpreter
  // is recorded only with the booking confirmed.
  GuardSpec interpreter;
  interpreter.reads = {"interpreter_booked"};
  interpreter.description = "an interpreter was booked, when the citizen needs one";
  interpreter.check = [](const RuleContext& context) -> std::optional<std::string> {
    if (!context.after.complainant().needs_interpreter()) return std::nullopt;
    if (BoolFact(context.after, "interpreter_booked").value_or(false)) return std::nullopt;
    const std::string& language = context.after.complainant().interpreter_language().empty()
                                      ? context.after.complainant().language()
                                      : context.after.complainant().interpreter_language();
    return "the citizen needs an interpreter" + (language.empty() ? std::string() : " (" + language + ")") +
           ": confirm that one was booked for the meeting or call";
  };
  registry.AddGuard("interpreter_booked_if_needed", interpreter);

  registry.AddGuard("complaint_points_registered", GuardSpec{
      [](const RuleContext& context) -> std::optional<std::string> {
        if (context.after.points_size() > 0) return std::nullopt;
        return "no complaint points are registered";
      },
      {}, {"points"}, {}, "the complaint has at least one complaint point"});

  registry.AddGuard("complaint_points_selected", GuardSpec{
      [](const RuleContext& context) -> std::optional<std::string> {
        for (const auto& point : context.after.points()) {
          if (point.selection() == v1::ComplaintPoint::SELECTED) return std::nullopt;
        }
        return "no complaint point is selected for investigation";
      },
      {}, {"selected_points"}, {}, "at least one complaint point is selected"});

  // A recommendation is followed up (issue 14): the department reports what
  // it did before the case closes. A complaint's recommendations are in its
  // assessed points; an own-initiative investigation records whether its
  // findings recommend anything (recommendation_made).
  const auto recommends = [](const v1::Complaint& complaint) {
    for (const auto& point : complaint.points()) {
      if (!point.assessment().recommendation().empty()) return true;
    }
    return BoolFact(complaint, "recommendation_made").value_or(false);
  };
  registry.AddGuard("recommendation_made", GuardSpec{
      [recommends](const RuleContext& context) -> std::optional<std::string> {
        if (recommends(context.after)) return std::nullopt;
        return "no recommendation was made: there is nothing for the department to follow up; close the case";
      },
      {}, {"recommendation_made"}, {}, "a recommendation was made, which the department must follow up"});
  registry.AddGuard("no_recommendation_made", GuardSpec{
      [recommends](const RuleContext& context) -> std::optional<std::string> {
        if (!recommends(context.after)) return std::nullopt;
        return "a recommendation was made: the department must report how it followed it up first "
               "(await_follow_up)";
      },
      {}, {"recommendation_made"}, {}, "no recommendation awaits the department's follow-up"});

  GuardSpec criteria;
  criteria.reads = kInvestigationCriteria;
  criteria.description =
      "the five criteria are recorded: actuality, significance, complexity, what the citizen "
      "can gain, improvement potential";
  criteria.check = [](const RuleContext& context) -> std::optional<std::string> {
    std::vector<std::string> missing;
    for (const auto& name : kInvestigationCriteria) {
      if (!IsSet(FindFact(context.after, name))) missing.push_back(name);
    }
    if (missing.empty()) return std::nullopt;
    std::string list;
    for (const auto& name : missing) list += (list.empty() ? "" : ", ") + name;
    return "the weighing of the criteria is not recorded: " + list;
  };
  registry.AddGuard("investigation_criteria_recorded", criteria);

  // Closing needs a newsletter decision: yes with the criteria that apply,
  // or no; either way with a note.
  GuardSpec newsletter;
  newsletter.reads = {"newsletter", "newsletter_criteria", "newsletter_note"};
  newsletter.description = "the newsletter decision is recorded (yes with its criteria, or no) with a note";
  newsletter.check = [](const RuleContext& context) -> std::optional<std::string> {
    auto decided = BoolFact(context.after, "newsletter");
    if (!decided) return "the newsletter decision (true or false) is not recorded";
    if (!IsSet(FindFact(context.after, "newsletter_note"))) return "the newsletter decision needs a note";
    const Value* chosen = FindFact(context.after, "newsletter_criteria");
    const bool has_list = chosen != nullptr && chosen->kind_case() == Value::kListValue;
    if (has_list) {
      for (const auto& item : chosen->list_value().values()) {
        if (std::find(kNewsletterCriteria.begin(), kNewsletterCriteria.end(), item.string_value()) ==
            kNewsletterCriteria.end()) {
          return "'" + FactText(item) + "' is not a newsletter criterion";
        }
      }
    }
    if (*decided && (!has_list || chosen->list_value().values_size() == 0)) {
      return "a newsletter needs at least one of its criteria";
    }
    return std::nullopt;
  };
  // The engine proposes; the person decides (seeds/004, "Nyhedsbreve").
  newsletter.suggest = [](const RuleContext& context) -> std::optional<Suggestion> {
    const v1::Complaint& complaint = context.before;
    const bool serious = std::any_of(complaint.points().begin(), complaint.points().end(), [](const auto& point) {
      return point.assessment().outcome() == v1::ComplaintPoint::Assessment::SERIOUS_CRITICISM;
    });
    const bool own_initiative = complaint.channel() == v1::OWN_INITIATIVE;
    Suggestion suggestion;
    auto& fields = *suggestion.input.mutable_fields();
    fields["newsletter"].set_bool_value(serious || own_initiative);
    auto* suggested = fields["newsletter_criteria"].mutable_list_value();
    if (serious) suggested->add_values()->set_string_value("serious_criticism");
    if (own_initiative) suggested->add_values()->set_string_value("larger_case");
    if (serious && own_initiative) {
      suggestion.why = "an own-initiative investigation that found serious criticism: a newsletter is suggested";
    } else if (serious) {
      suggestion.why = "serious criticism was found: a newsletter is suggested";
    } else if (own_initiative) {
      suggestion.why = "an own-initiative investigation: a newsletter is suggested";
    } else {
      suggestion.why = "no serious criticism and no own-initiative investigation: weigh the six criteria";
    }
    return suggestion;
  };
  registry.AddGuard("newsletter_decision_recorded", newsletter);

  registry.AddGuard("all_selected_points_assessed", GuardSpec{
      [](const RuleContext& context) -> std::optional<std::string> {
        for (const auto& point : context.after.points()) {
          if (point.selection() == v1::ComplaintPoint::SELECTED &&
              point.assessment().outcome() == v1::ComplaintPoint::Assessment::OUTCOME_UNSPECIFIED) {
            return "complaint point " + std::to_string(point.number()) + " is not assessed";
          }
        }
        return std::nullopt;
      },
      {}, {"assessments"}, {}, "every selected complaint point has an assessment"});
}

// "publication_text" as a department's payloads spell keys: "publicationText".
std::string LowerCamelCase(std::string_view snake) {
  std::string camel;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = !camel.empty();
      continue;
    }
    camel += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return camel;
}

// A notice to a department never carries a CPR number nor what says who
// complained (IdentifiesComplainant), unless the citizen's confirmed
// consent covers it (a text to be published with their name): the text must
// be revised first.
std::optional<Error> NoticeRefusal(const std::string& what, const std::string& text,
                                   const v1::Complaint& complaint, const PublicContacts* known) {
  for (const auto& hit : FindPersonalData(text, complaint.complainant(), known)) {
    if (MayDisclose(hit, CoveringConsent(hit, complaint), Recipient::kDepartment, complaint.complainant())) continue;
    Error error = MakeError(ErrorCode::kFailedPrecondition,
                            what + " contains " + DescribeHit(hit) +
                                ": a notice to the department never carries a CPR number, nor the complainant's "
                                "name or contact details without their consent; revise the text first");
    error.refused_by = "notify_department";
    return error;
  }
  return std::nullopt;
}

// What a notice of `context`'s notify_department call would carry, by
// where it comes from: the facts it includes, and the selected points.
std::optional<Error> NoticeContentRefusal(const RuleContext& context, const v1::Complaint& after,
                                          const PublicContacts* known) {
  if (auto it = context.args.find("include_facts"); it != context.args.end()) {
    std::stringstream names(it->second);
    for (std::string name; std::getline(names, name, ',');) {
      const Value* fact = FindFact(after, name);
      if (fact == nullptr) continue;
      if (auto refusal = NoticeRefusal("'" + name + "'", FactText(*fact), after, known)) return refusal;
    }
  }
  for (const auto& point : after.points()) {
    if (point.selection() != v1::ComplaintPoint::SELECTED) continue;
    if (auto refusal = NoticeRefusal("complaint point " + std::to_string(point.number()), point.text(), after,
                                     known)) {
      return refusal;
    }
  }
  return std::nullopt;
}

void AddActions(RuleRegistry& registry, const std::shared_ptr<const PublicContacts>& known) {
  registry.AddAction("queue_letter", ActionSpec{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        // Rendered by the service from the case as the transition leaves it,
        // in the variant the recipient's needs choose.
        Letter letter{.template_name = context.args.at("template")};
        if (auto it = context.args.find("recipient"); it != context.args.end()) {
          if (it->second != "citizen" && it->second != "department") {
            return std::unexpected(MakeError(ErrorCode::kInternal, "queue_letter: recipient must be citizen or department"));
          }
          letter.recipient = it->second;
        }
        auto enclosures = EnclosuresOf(context.args, after);
        if (!enclosures) return std::unexpected(enclosures.error());
        if (!enclosures->empty() && letter.recipient != "citizen") {
          // A department's letter goes with its notice, which carries no files.
          return std::unexpected(MakeError(ErrorCode::kInternal, "queue_letter: only a letter to the citizen encloses documents"));
        }
        letter.enclosures = std::move(*enclosures);
        effects.push_back(std::move(letter));
        return {};
      },
      {"template"}, {},
      "queues a letter from `template` to the citizen, or to the department (`recipient`), with the case's "
      "document numbered by the fact `enclose`, if given"});

  registry.AddAction("register_received_document", ActionSpec{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        const std::string& fact = context.args.at("fact");
        const Value* value = FindFact(after, fact);
        if (!IsSet(value)) return std::unexpected(BadInput(fact, "is required"));
        const auto counterpart = context.args.find("counterpart");
        const bool from_citizen = counterpart != context.args.end() && counterpart->second == "citizen";
        const auto subject = context.args.find("subject");
        effects.push_back(ReceivedDocument{
            .kind = context.args.at("kind"),
            .counterpart = from_citizen ? "citizen" : after.department(),
            .subject = subject != context.args.end() ? subject->second : context.args.at("kind"),
            .text = FactText(*value)});
        return {};
      },
      {"fact", "kind"}, {},
      "registers the document in `fact` (of `kind`) as received in the case's journal, from the department "
      "(or `counterpart`: citizen), with `subject`"});

  ActionSpec notify{
      [known](const RuleContext& context, v1::Complaint& after, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        if (auto refusal = NoticeContentRefusal(context, after, known.get())) return std::unexpected(std::move(*refusal));
        DepartmentNotice notice{.department = after.department(), .notice = context.args.at("notice")};
        if (auto it = context.args.find("department_fact"); it != context.args.end()) {
          const Value* value = FindFact(after, it->second);
          if (!IsSet(value)) return std::unexpected(BadInput(it->second, "is required"));
          notice.department = FactText(*value);
        }
        auto& fields = *notice.details.mutable_fields();
        // The case's journal number, once it is journalised, so the
        // department files the notice with the case (ClassifyCase).
        if (const Value* journal = FindFact(after, "journal_number"); IsSet(journal)) {
          fields["journalNumber"] = *journal;
        }
        if (auto it = context.args.find("include_facts"); it != context.args.end()) {
          std::stringstream names(it->second);
          for (std::string name; std::getline(names, name, ',');) {
            const Value* fact = FindFact(after, name);
            if (fact == nullptr) continue;
            // One key style in everything a department receives.
            fields[LowerCamelCase(name)] = *fact;
          }
        }
        if (context.args.contains("with_publication_date")) {
          // The department's notice period, counted from today.
          notice.publication_date = context.engine.today + std::chrono::days(context.engine.notice_period_days);
          // Which draft the department received: approval needs the current one.
          if (const Value* revision = FindFact(after, "publication_revision")) {
            notice.publication_revision = static_cast<std::uint32_t>(revision->number_value());
          }
        }
        auto* points = fields["points"].mutable_list_value();
        for (const auto& point : after.points()) {
          if (point.selection() != v1::ComplaintPoint::SELECTED) continue;
          auto& entry = *points->add_values()->mutable_struct_value()->mutable_fields();
          entry["number"].set_number_value(point.number());
          entry["text"].set_string_value(point.text());
        }
        effects.push_back(std::move(notice));
        return {};
      },
      {"notice"}, {},
      "sends the department a notice (the case's, or `department_fact`'s), with the selected "
      "complaint points, the facts named in `include_facts` (never with a CPR number or the complainant's "
      "name or contact details in them), and (with `with_publication_date`) the earliest publication date "
      "the notice period allows"};
  // The listing says so before anyone fires it.
  notify.refuses = [known](const RuleContext& context) -> Refusal {
    if (auto refusal = NoticeContentRefusal(context, context.after, known.get())) return refusal->message;
    return std::nullopt;
  };
  // Before the notice goes out: every piece of personal data in what it
  // carries, as a warning; what identifies the complainant blocks it.
  notify.explain = [known](const RuleContext& context, v1::AvailableTransition& available) {
    const auto blocks = [&](const PersonalDataHit& hit, const v1::ConsentDeclaration* consent) {
      return !MayDisclose(hit, consent, Recipient::kDepartment, context.after.complainant());
    };
    if (auto it = context.args.find("include_facts"); it != context.args.end()) {
      std::stringstream names(it->second);
      for (std::string name; std::getline(names, name, ',');) {
        const Value* fact = FindFact(context.after, name);
        if (fact == nullptr || fact->kind_case() != Value::kStringValue) continue;
        AddPersonalDataFindings(name, fact->string_value(), context.after, blocks, *available.mutable_personal_data(),
                                known.get());
      }
    }
    for (const auto& point : context.after.points()) {
      if (point.selection() != v1::ComplaintPoint::SELECTED) continue;
      AddPersonalDataFindings("points." + std::to_string(point.number()), point.text(), context.after, blocks,
                              *available.mutable_personal_data(), known.get());
    }
  };
  registry.AddAction("notify_department", std::move(notify));

  registry.AddAction("alert_office", ActionSpec{
      [](const RuleContext& context, v1::Complaint&, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        effects.push_back(OfficeAlert{.role = context.args.at("role"), .about = context.args.at("about")});
        return {};
      },
      {"role", "about"}, {}, "alerts the office's `role` (e.g. the ombudsman)"});

  registry.AddAction("register_complaint_points", ActionSpec{
      [known](const RuleContext& context, v1::Complaint& after, std::vector<Effect>&)
          -> std::expected<void, Error> {
        const Value* points = InputField(context, "points");
        if (points == nullptr || points->kind_case() != Value::kListValue ||
            points->list_value().values_size() == 0) {
          return std::unexpected(BadInput("points", "must be a non-empty list of texts"));
        }
        after.clear_points();
        for (const auto& item : points->list_value().values()) {
          if (item.kind_case() != Value::kStringValue || item.string_value().empty()) {
            return std::unexpected(BadInput("points", "each complaint point must be a non-empty text"));
          }
          // The department reads the points: refused at entry, not when
          // the hearing notice would carry them and they can no longer change.
          if (auto found = ComplainantIdentifiedIn(item.string_value(), after.complainant(), known.get())) {
            return std::unexpected(BadInput(
                "points", "complaint point " + std::to_string(after.points_size() + 1) + " contains " + *found +
                              ": the department reads the points, so write them without the complainant's name "
                              "or contact details"));
          }
          auto* point = after.add_points();
          point->set_number(static_cast<std::uint32_t>(after.points_size()));
          point->set_text(item.string_value());
        }
        return {};
      },
      {}, {"points"},
      "records the complaint points given as `points` (a list of texts), none saying who complained"});

  registry.AddAction("select_complaint_points", ActionSpec{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>&)
          -> std::expected<void, Error> {
        const Value* selected = InputField(context, "selected_points");
        if (selected == nullptr || selected->kind_case() != Value::kListValue) {
          return std::unexpected(BadInput("selected_points", "must be a list of point numbers"));
        }
        std::set<std::uint32_t> numbers;
        for (const auto& item : selected->list_value().values()) {
          const double number = item.number_value();
          if (item.kind_case() != Value::kNumberValue || number < 1 ||
              number > after.points_size() || std::floor(number) != number) {
            return std::unexpected(BadInput(
                "selected_points", "must name complaint points 1 to " + std::to_string(after.points_size())));
          }
          numbers.insert(static_cast<std::uint32_t>(number));
        }
        for (auto& point : *after.mutable_points()) {
          point.set_selection(numbers.contains(point.number()) ? v1::ComplaintPoint::SELECTED
                                                               : v1::ComplaintPoint::NOT_SELECTED);
        }
        return {};
      },
      {}, {"selected_points"}, "marks the points in `selected_points` for investigation"});

  registry.AddAction("assess_complaint_points", ActionSpec{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>&)
          -> std::expected<void, Error> {
        const Value* assessments = InputField(context, "assessments");
        if (assessments == nullptr || assessments->kind_case() != Value::kListValue) {
          return std::unexpected(BadInput("assessments", "must be a list of assessments"));
        }
        for (const auto& item : assessments->list_value().values()) {
          const auto& fields = item.struct_value().fields();
          auto number = fields.find("number");
          auto outcome = fields.find("outcome");
          if (item.kind_case() != Value::kStructValue || number == fields.end() ||
              outcome == fields.end()) {
            return std::unexpected(BadInput("assessments", "each needs a number and an outcome"));
          }
          v1::ComplaintPoint::Assessment::Outcome parsed{};
          if (!v1::ComplaintPoint::Assessment::Outcome_Parse(outcome->second.string_value(), &parsed) ||
              parsed == v1::ComplaintPoint::Assessment::OUTCOME_UNSPECIFIED) {
            return std::unexpected(BadInput(
                "assessments", "outcome must be NO_CRITICISM, CRITICISM or SERIOUS_CRITICISM"));
          }
          const double wanted = number->second.number_value();
          auto point = std::find_if(after.mutable_points()->begin(), after.mutable_points()->end(),
                                    [&](const auto& p) { return p.number() == wanted; });
          if (point == after.mutable_points()->end() ||
              point->selection() != v1::ComplaintPoint::SELECTED) {
            return std::unexpected(BadInput("assessments",
                                            "only selected complaint points can be assessed"));
          }
          auto* assessment = point->mutable_assessment();
          assessment->set_outcome(parsed);
          if (auto it = fields.find("reasoning"); it != fields.end()) {
            assessment->set_reasoning(it->second.string_value());
          }
          if (auto it = fields.find("recommendation"); it != fields.end()) {
            assessment->set_recommendation(it->second.string_value());
          }
        }
        return {};
      },
      {}, {"assessments"},
      "records each point's outcome: no criticism, criticism or serious criticism, and "
      "recommendations"});
}

}  // namespace

RuleRegistry StandardRules(const v1::ReferralRegistry& referrals, const PublicContacts& known) {
  RuleRegistry registry;
  auto contacts = std::make_shared<const PublicContacts>(known);
  AddGuards(registry);
  AddActions(registry, contacts);
  AddPublicationRules(registry, contacts);
  AddReleaseRules(registry);
  AddConversionRules(registry);
  AddReferralRules(registry, referrals);
  AddCaseFileRules(registry);
  return registry;
}

}  // namespace ombudsflow
