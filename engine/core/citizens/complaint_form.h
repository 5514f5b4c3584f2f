#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/time.h"
#include "ombudsflow/v1/citizens.pb.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "google/protobuf/struct.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// The pages of the public complaint form, in order: one question each,
/// then the answers to check, then the receipt.
enum class FormStep : std::uint32_t {
  kDepartment = 1,        // which department
  kWhatHappened = 2,      // what happened, and what the citizen wants
  kDepartmentAnswer = 3,  // has the department had the chance to answer?
  kDocuments = 4,         // documents, if the citizen has any (none is an answer)
  kAboutYou = 5,          // who you are and how we reach you
  kNeeds = 6,             // interpreter, easy Danish, someone helping
  kCheck = 7,             // check your answers, then send
  kReceipt = 8,           // the case number and what happens next
};

/// The questions, in order (kDepartment to kNeeds).
[[nodiscard]] std::span<const FormStep> FormQuestions();
/// The step's name in addresses ("forvaltning" for /klage/forvaltning);
/// nullopt for a name no step has.
[[nodiscard]] std::string_view FormStepSlug(FormStep step);
[[nodiscard]] std::optional<FormStep> FormStepOfSlug(std::string_view slug);

/// What the department said when the citizen chose "I don't know".
inline constexpr std::string_view kUnknownDepartment = "unknown";

/// The languages an interpreter can be asked for in the form, as BCP 47
/// tags: those the office's interpreting service is most asked for.
[[nodiscard]] std::span<const std::string_view> InterpreterLanguages();

/// A field the citizen must mend, named as the form names it, with why:
/// "required", "too_long" (with `max`), "not_an_email", "no_way_to_reach",
/// "choose_one", "choose_department", "not_text".
struct FormFieldError {
  std::string field;
  std::string reason;
  std::size_t max = 0;
};

/// A posted field by its name; nullopt when absent.
using FormFieldLookup = std::function<std::optional<std::string_view>(std::string_view)>;

/// Reads one question's page into `answers`: what was posted is kept as
/// typed (trimmed, line ends as "\n") even when refused, so the page shows
/// it again. Returns what the citizen must mend; none marks the step done.
/// `departments`: the codes that may be chosen.
[[nodiscard]] std::vector<FormFieldError> ApplyFormStep(FormStep step, const FormFieldLookup& fields,
                                                        const std::set<std::string, std::less<>>& departments,
                                                        v1::ComplaintFormAnswers& answers);

/// `answers` with each text cut to its field's limit (in characters): what
/// a draft keeps of a page refused for a text too long.
[[nodiscard]] v1::ComplaintFormAnswers WithinLimits(v1::ComplaintFormAnswers answers);

/// Whether `text` is text a person typed into a form field: UTF-8 without
/// control characters (C0 but tab and, with `lines`, newline; DEL; C1),
/// line or paragraph separators, or bidirectional embeddings, overrides and
/// isolates (which can make a text read otherwise than it is).
[[nodiscard]] bool IsFormText(std::string_view text, bool lines);

/// The letters' language for a citizen page's ("da-easy" is Danish,
/// written easy; "en" is "en").
[[nodiscard]] std::string LetterLanguageOf(std::string_view page_language);

/// A posted textarea's text as it is checked and kept: trimmed, with
/// "\r\n" and a lone "\r" (a browser sends CRLF) as "\n".
[[nodiscard]] std::string FormTextOf(std::string_view posted);

/// Whether `step` is answered in full (its page was taken without errors).
[[nodiscard]] bool StepAnswered(const v1::ComplaintFormAnswers& answers, FormStep step);

/// Whether every question is answered (the check page may send).
[[nodiscard]] bool FormComplete(const v1::ComplaintFormAnswers& answers);
/// The first question not yet answered; nullopt when all are.
[[nodiscard]] std::optional<FormStep> FirstUnanswered(const v1::ComplaintFormAnswers& answers);

/// Whether the citizen says the department has not had the chance to
/// answer: the form then says so plainly, as the definition's dialogue
/// first, and still lets the citizen send.
[[nodiscard]] bool DialogueFirst(const v1::ComplaintFormAnswers& answers);

/// The question the definition's dialogue-first step decides on: the
/// yes-or-no input of its step meaning STEP_GUIDE_TO_DIALOGUE; nullptr when
/// it has none (the form then gives no dialogue-first guidance).
[[nodiscard]] const v1::InputField* DialogueQuestion(const v1::WorkflowDefinition& definition);

/// Why a sending is refused before anything is registered.
enum class FormRefusal {
  kHoneypot,    // the field people never see was filled in: a robot
  kTooQuick,    // sent sooner than a person could have written it
  kIncomplete,  // a question is unanswered
};

/// The checks on sending, in this order: the honeypot, every answer, the
/// time since the form was started.
[[nodiscard]] std::optional<FormRefusal> CheckSending(const v1::ComplaintFormAnswers& answers,
                                                     std::string_view honeypot, Timestamp started, Timestamp now,
                                                     std::chrono::seconds minimum_fill);

/// The complaint the answers amount to, as intake registers it (channel
/// WEB_FORM). `wish_heading` introduces what the citizen wants in the
/// description, in the office's language.
[[nodiscard]] v1::CreateComplaintRequest ComplaintOfForm(const v1::ComplaintFormAnswers& answers,
                                                         std::string_view letter_language,
                                                         std::string_view wish_heading);

/// The case's first facts from the form: the citizen's answer to the
/// dialogue question under the input's name, so the caseworker's first
/// step opens with it filled in (the engine's guard still decides).
[[nodiscard]] google::protobuf::Struct InitialFactsOfForm(const v1::ComplaintFormAnswers& answers,
                                                         std::string_view answered_input);

}  // namespace ombudsflow
