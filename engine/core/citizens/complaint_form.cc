#include "engine/core/citizens/complaint_form.h"

#include <algorithm>
#include <array>
#include <utility>

#include "engine/core/base/email_address.h"
#include "engine/core/base/text.h"
#include "engine/core/workflow/meanings.h"

namespace ombudsflow {
namespace {

using Answers = v1::ComplaintFormAnswers;

constexpr std::array kQuestions = {FormStep::kDepartment, FormStep::kWhatHappened, FormStep::kDepartmentAnswer,
                                   FormStep::kDocuments,  FormStep::kAboutYou,     FormStep::kNeeds};

constexpr std::pair<FormStep, std::string_view> kSlugs[] = {
    {FormStep::kDepartment, "forvaltning"}, {FormStep::kWhatHappened, "hvad-skete"},
    {FormStep::kDepartmentAnswer, "svar"},  {FormStep::kDocuments, "dokumenter"},
    {FormStep::kAboutYou, "dig"},
    {FormStep::kNeeds, "behov"},            {FormStep::kCheck, "tjek"},
    {FormStep::kReceipt, "kvittering"},
};

// Arabic, Somali, Turkish, Urdu, Persian, Pashto, Tigrinya, Ukrainian,
// Polish, Romanian, Kurdish, Bosnian, English, German.
constexpr std::array<std::string_view, 14> kInterpreterLanguages = {"ar", "so", "tr", "ur", "fa", "ps", "ti",
                                                                     "uk", "pl", "ro", "ku", "bs", "en", "de"};

}  // namespace

std::string LetterLanguageOf(std::string_view page_language) {
  if (page_language.empty() || page_language.starts_with("da")) return "da";
  return std::string(page_language.substr(0, page_language.find('-')));
}

std::string FormTextOf(std::string_view posted) {
  std::string text;
  text.reserve(posted.size());
  for (std::size_t i = 0; i < posted.size(); ++i) {
    if (posted[i] == '\r') {
      text.push_back('\n');
      if (i + 1 < posted.size() && posted[i + 1] == '\n') ++i;
    } else {
      text.push_back(posted[i]);
    }
  }
  return Trimmed(text);
}

namespace {

// Reads `name` into `*into` and checks it: text of at most `max`
// characters, on one line unless `lines`; required when `required`.
void ReadText(const FormFieldLookup& fields, std::string_view name, std::string* into, std::size_t max,
              bool required, bool lines, std::vector<FormFieldError>& errors) {
  const std::optional<std::string_view> posted = fields(name);
  *into = FormTextOf(posted.value_or(""));
  if (!IsFormText(*into, lines)) {
    into->clear();  // never kept: it could not be shown again as typed
    errors.push_back({std::string(name), "not_text"});
  } else if (required && into->empty()) {
    errors.push_back({std::string(name), "required"});
  } else if (Utf8Length(*into) > max) {
    errors.push_back({std::string(name), "too_long", max});
  }
}

// `text` cut to `max` code points (it is valid UTF-8).
void Cut(std::string* text, std::size_t max) { text->resize(Utf8Prefix(*text, max).size()); }

bool Checked(const FormFieldLookup& fields, std::string_view name) { return fields(name) == "true"; }

void MarkDone(Answers& answers, FormStep step, bool done) {
  const auto number = static_cast<std::uint32_t>(step);
  auto* steps = answers.mutable_steps_done();
  const auto at = std::find(steps->begin(), steps->end(), number);
  if (done && at == steps->end()) steps->Add(number);
  if (!done && at != steps->end()) steps->erase(at);
}

}  // namespace

std::span<const FormStep> FormQuestions() { return kQuestions; }

std::string_view FormStepSlug(FormStep step) {
  for (const auto& [each, slug] : kSlugs) {
    if (each == step) return slug;
  }
  return {};
}

std::optional<FormStep> FormStepOfSlug(std::string_view slug) {
  for (const auto& [each, name] : kSlugs) {
    if (name == slug) return each;
  }
  return std::nullopt;
}

std::span<const std::string_view> InterpreterLanguages() { return kInterpreterLanguages; }

std::vector<FormFieldError> ApplyFormStep(FormStep step, const FormFieldLookup& fields,
                                          const std::set<std::string, std::less<>>& departments, Answers& answers) {
  std::vector<FormFieldError> errors;
  switch (step) {
    case FormStep::kDepartment: {
      const std::string chosen(fields("department").value_or(""));
      const std::string before = answers.department();
      answers.set_department_unknown(chosen == kUnknownDepartment);
      answers.set_department(chosen != kUnknownDepartment && departments.contains(chosen) ? chosen : "");
      // Whether the department has answered is asked of this department.
      if (answers.department() != before) MarkDone(answers, FormStep::kDepartmentAnswer, false);
      // "I don't know" is an answer the page helps with, not one it sends.
      if (answers.department_unknown()) {
        errors.push_back({"department", "choose_department"});
      } else if (answers.department().empty()) {
        errors.push_back({"department", "choose_one"});
      }
      break;
    }
    case FormStep::kWhatHappened:
      ReadText(fields, "subject", answers.mutable_subject(), 300, true, false, errors);
      ReadText(fields, "what_happened", answers.mutable_what_happened(), 40'000, true, true, errors);
      ReadText(fields, "wish", answers.mutable_wish(), 5'000, false, true, errors);
      break;
    case FormStep::kDepartmentAnswer: {
      const std::optional<std::string_view> posted = fields("department_answer");
      Answers::DepartmentAnswer answer = Answers::DEPARTMENT_ANSWER_UNSPECIFIED;
      if (posted == "answered") answer = Answers::ANSWERED;
      if (posted == "no_reply") answer = Answers::NO_REPLY;
      if (posted == "not_contacted") answer = Answers::NOT_CONTACTED;
      answers.set_department_answer(answer);
      if (answer == Answers::DEPARTMENT_ANSWER_UNSPECIFIED) errors.push_back({"department_answer", "choose_one"});
      break;
    }
    case FormStep::kAboutYou:
      ReadText(fields, "name", answers.mutable_name(), 200, true, false, errors);
      ReadText(fields, "email", answers.mutable_email(), 254, false, false, errors);
      ReadText(fields, "phone", answers.mutable_phone(), 40, false, false, errors);
      ReadText(fields, "postal_address", answers.mutable_postal_address(), 500, false, true, errors);
      if (!answers.email().empty() && !IsMailboxAddress(answers.email()) &&
          std::none_of(errors.begin(), errors.end(), [](const auto& e) { return e.field == "email"; })) {
        errors.push_back({"email", "not_an_email"});
      }
      if (answers.email().empty() && answers.phone().empty() && answers.postal_address().empty()) {
        errors.push_back({"email", "no_way_to_reach"});
      }
      break;
    case FormStep::kNeeds: {
      answers.set_needs_interpreter(Checked(fields, "needs_interpreter"));
      answers.set_easy_read(Checked(fields, "easy_read"));
      answers.set_needs_assistance(Checked(fields, "needs_assistance"));
      const std::string language(fields("interpreter_language").value_or(""));
      const bool known = std::find(kInterpreterLanguages.begin(), kInterpreterLanguages.end(), language) !=
                         kInterpreterLanguages.end();
      answers.set_interpreter_language(answers.needs_interpreter() && known ? language : "");
      if (answers.needs_interpreter() && !known) errors.push_back({"interpreter_language", "choose_one"});
      break;
    }
    // The files are added and removed on their own (the service's); going
    // on answers the question, with files or without.
    case FormStep::kDocuments:
    case FormStep::kCheck:
    case FormStep::kReceipt:
      break;
  }
  MarkDone(answers, step, errors.empty());
  return errors;
}

v1::ComplaintFormAnswers WithinLimits(v1::ComplaintFormAnswers answers) {
  Cut(answers.mutable_subject(), 300);
  Cut(answers.mutable_what_happened(), 40'000);
  Cut(answers.mutable_wish(), 5'000);
  Cut(answers.mutable_name(), 200);
  Cut(answers.mutable_email(), 254);
  Cut(answers.mutable_phone(), 40);
  Cut(answers.mutable_postal_address(), 500);
  return answers;
}

bool IsFormText(std::string_view text, bool lines) {
  if (!IsValidUtf8(text)) return false;
  for (std::size_t at = 0; at < text.size();) {
    const auto lead = static_cast<unsigned char>(text[at]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t point = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (std::size_t i = 1; i < length; ++i) point = (point << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
    at += length;
    if (lines && (point == '\t' || point == '\n')) continue;
    if (point < 0x20 || (point >= 0x7F && point <= 0x9F)) return false;
    if (point == 0x2028 || point == 0x2029) return false;
    if ((point >= 0x202A && point <= 0x202E) || (point >= 0x2066 && point <= 0x2069)) return false;
  }
  return true;
}

bool StepAnswered(const Answers& answers, FormStep step) {
  const auto number = static_cast<std::uint32_t>(step);
  return std::find(answers.steps_done().begin(), answers.steps_done().end(), number) != answers.steps_done().end();
}

std::optional<FormStep> FirstUnanswered(const Answers& answers) {
  for (const FormStep step : kQuestions) {
    if (!StepAnswered(answers, step)) return step;
  }
  return std::nullopt;
}

bool FormComplete(const Answers& answers) { return !FirstUnanswered(answers).has_value(); }

bool DialogueFirst(const Answers& answers) { return answers.department_answer() == Answers::NOT_CONTACTED; }

const v1::InputField* DialogueQuestion(const v1::WorkflowDefinition& definition) {
  const v1::Transition* step = StepWithMeaning(definition, v1::STEP_GUIDE_TO_DIALOGUE);
  if (step == nullptr) return nullptr;
  for (const v1::InputField& field : step->input_field()) {
    if (field.type() == v1::InputField::BOOL) return &field;
  }
  return nullptr;
}

std::optional<FormRefusal> CheckSending(const Answers& answers, std::string_view honeypot, Timestamp started,
                                        Timestamp now, std::chrono::seconds minimum_fill) {
  if (!honeypot.empty()) return FormRefusal::kHoneypot;
  if (!FormComplete(answers)) return FormRefusal::kIncomplete;
  if (now - started < minimum_fill) return FormRefusal::kTooQuick;
  return std::nullopt;
}

v1::CreateComplaintRequest ComplaintOfForm(const Answers& answers, std::string_view letter_language,
                                           std::string_view wish_heading) {
  v1::CreateComplaintRequest request;
  request.set_channel(v1::WEB_FORM);
  request.set_department(answers.department());
  request.set_subject(answers.subject());
  std::string description = answers.what_happened();
  if (!answers.wish().empty()) description += "\n\n" + std::string(wish_heading) + "\n" + answers.wish();
  request.set_description(std::move(description));
  v1::Complainant& complainant = *request.mutable_complainant();
  complainant.set_name(answers.name());
  complainant.set_email(answers.email());
  complainant.set_phone(answers.phone());
  complainant.set_postal_address(answers.postal_address());
  complainant.set_language(std::string(letter_language));
  complainant.set_needs_interpreter(answers.needs_interpreter());
  complainant.set_interpreter_language(answers.interpreter_language());
  complainant.set_easy_read(answers.easy_read());
  complainant.set_needs_accessible_format(answers.easy_read());
  complainant.set_needs_assistance(answers.needs_assistance());
  return request;
}

google::protobuf::Struct InitialFactsOfForm(const Answers& answers, std::string_view answered_input) {
  google::protobuf::Struct facts;
  if (answered_input.empty() || answers.department_answer() == Answers::DEPARTMENT_ANSWER_UNSPECIFIED) return facts;
  // Having written without an answer is having had the chance to answer.
  (*facts.mutable_fields())[std::string(answered_input)].set_bool_value(!DialogueFirst(answers));
  return facts;
}

}  // namespace ombudsflow
