#include "engine/core/citizens/complaint_form.h"

#include <gtest/gtest.h>

#include <map>

namespace ombudsflow {
namespace {

using Answers = v1::ComplaintFormAnswers;

const std::set<std::string, std::less<>> kDepartments = {"BUF", "SOF"};

FormFieldLookup Fields(std::map<std::string, std::string, std::less<>> posted) {
  return [posted = std::move(posted)](std::string_view name) -> std::optional<std::string_view> {
    const auto found = posted.find(name);
    if (found == posted.end()) return std::nullopt;
    return std::string_view(found->second);
  };
}

std::vector<std::string> Reasons(const std::vector<FormFieldError>& errors) {
  std::vector<std::string> reasons;
  for (const auto& error : errors) reasons.push_back(error.field + ":" + error.reason);
  return reasons;
}

Answers Complete() {
  Answers answers;
  EXPECT_TRUE(ApplyFormStep(FormStep::kDepartment, Fields({{"department", "BUF"}}), kDepartments, answers).empty());
  EXPECT_TRUE(ApplyFormStep(FormStep::kWhatHappened,
                            Fields({{"subject", "Svar på ansøgning"}, {"what_happened", "Ingen svar i 3 måneder."},
                                    {"wish", "Et svar."}}),
                            kDepartments, answers)
                  .empty());
  EXPECT_TRUE(
      ApplyFormStep(FormStep::kDepartmentAnswer, Fields({{"department_answer", "no_reply"}}), kDepartments, answers)
          .empty());
  // Documents: going on answers it, with files or without.
  EXPECT_TRUE(ApplyFormStep(FormStep::kDocuments, Fields({}), kDepartments, answers).empty());
  EXPECT_TRUE(ApplyFormStep(FormStep::kAboutYou, Fields({{"name", "Jens Hansen"}, {"email", "jens@example.dk"}}),
                            kDepartments, answers)
                  .empty());
  EXPECT_TRUE(ApplyFormStep(FormStep::kNeeds, Fields({}), kDepartments, answers).empty());
  return answers;
}

TEST(ComplaintForm, EveryStepHasAnAddressThatLeadsBackToIt) {
  for (const FormStep step : {FormStep::kDepartment, FormStep::kWhatHappened, FormStep::kDepartmentAnswer,
                              FormStep::kDocuments, FormStep::kAboutYou, FormStep::kNeeds, FormStep::kCheck,
                              FormStep::kReceipt}) {
    EXPECT_EQ(FormStepOfSlug(FormStepSlug(step)), step);
  }
  EXPECT_EQ(FormStepOfSlug("admin"), std::nullopt);
  EXPECT_EQ(FormStepOfSlug(""), std::nullopt);
}

TEST(ComplaintForm, ADepartmentMustBeOneOfTheList) {
  Answers answers;
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kDepartment, Fields({}), kDepartments, answers)),
            std::vector<std::string>{"department:choose_one"});
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kDepartment, Fields({{"department", "XYZ"}}), kDepartments, answers)),
            std::vector<std::string>{"department:choose_one"});
  EXPECT_TRUE(answers.department().empty());
  // "I don't know" is kept, and helped with: it does not pass.
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kDepartment, Fields({{"department", "unknown"}}), kDepartments, answers)),
            std::vector<std::string>{"department:choose_department"});
  EXPECT_TRUE(answers.department_unknown());
  EXPECT_TRUE(ApplyFormStep(FormStep::kDepartment, Fields({{"department", "SOF"}}), kDepartments, answers).empty());
  EXPECT_EQ(answers.department(), "SOF");
  EXPECT_FALSE(answers.department_unknown());
}

TEST(ComplaintForm, TextIsTrimmedKeptAsTypedAndLimited) {
  Answers answers;
  const std::string long_subject(301, 'a');
  auto errors = ApplyFormStep(FormStep::kWhatHappened,
                              Fields({{"subject", long_subject}, {"what_happened", "  Linje 1\r\nLinje 2\r  "}}),
                              kDepartments, answers);
  ASSERT_EQ(Reasons(errors), std::vector<std::string>{"subject:too_long"});
  EXPECT_EQ(errors[0].max, 300u);
  EXPECT_EQ(answers.subject(), long_subject);  // shown again as typed
  EXPECT_EQ(answers.what_happened(), "Linje 1\nLinje 2");
  // 300 characters of two bytes each are 300 characters.
  std::string danish;
  for (int i = 0; i < 300; ++i) danish += "ø";
  EXPECT_TRUE(ApplyFormStep(FormStep::kWhatHappened, Fields({{"subject", danish}, {"what_happened", "x"}}),
                            kDepartments, answers)
                  .empty());
  // A control character in a one-line field is refused, and not kept.
  errors = ApplyFormStep(FormStep::kWhatHappened, Fields({{"subject", "a\x01" "b"}, {"what_happened", "x"}}),
                         kDepartments, answers);
  EXPECT_EQ(Reasons(errors), std::vector<std::string>{"subject:not_text"});
  EXPECT_TRUE(answers.subject().empty());
}

TEST(ComplaintForm, TextThatReadsOtherwiseThanItIsIsRefused) {
  EXPECT_TRUE(IsFormText("Åbningstider på Nørrebro", false));
  EXPECT_TRUE(IsFormText("Linje 1\n\tLinje 2", true));
  EXPECT_FALSE(IsFormText("Linje 1\nLinje 2", false));
  EXPECT_FALSE(IsFormText("a\tb", false));
  EXPECT_FALSE(IsFormText("abc\u202Efdp.exe", true));  // right-to-left override
  EXPECT_FALSE(IsFormText("abc\u2066x\u2069", true));  // an isolate
  EXPECT_FALSE(IsFormText("a\u2028b", true));
  EXPECT_FALSE(IsFormText("a\xC2\x85" "b", true));  // NEL, a C1 control
  EXPECT_FALSE(IsFormText("a\x7F", true));
  EXPECT_FALSE(IsFormText("\xFF", true));
}

TEST(ComplaintForm, ADraftKeepsNoTextBeyondItsLimit) {
  Answers answers;
  std::string long_text;
  for (int i = 0; i < 5'001; ++i) long_text += "æ";
  answers.set_wish(long_text);
  answers.set_subject("kort");
  const Answers kept = WithinLimits(answers);
  EXPECT_EQ(kept.wish().size(), 10'000u);  // 5,000 characters of two bytes
  EXPECT_EQ(kept.subject(), "kort");
}

TEST(ComplaintForm, AnotherDepartmentIsAskedAboutAgain) {
  Answers answers = Complete();
  ASSERT_TRUE(ApplyFormStep(FormStep::kDepartment, Fields({{"department", "BUF"}}), kDepartments, answers).empty());
  EXPECT_TRUE(FormComplete(answers));  // the same department: nothing to ask again
  ASSERT_TRUE(ApplyFormStep(FormStep::kDepartment, Fields({{"department", "SOF"}}), kDepartments, answers).empty());
  EXPECT_EQ(FirstUnanswered(answers), FormStep::kDepartmentAnswer);
}

TEST(ComplaintForm, TheCitizenMustBeReachable) {
  Answers answers;
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kAboutYou, Fields({{"name", "Jens"}}), kDepartments, answers)),
            std::vector<std::string>{"email:no_way_to_reach"});
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kAboutYou, Fields({{"name", "Jens"}, {"email", "jens"}}), kDepartments,
                                  answers)),
            std::vector<std::string>{"email:not_an_email"});
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kAboutYou, Fields({{"phone", "12345678"}}), kDepartments, answers)),
            std::vector<std::string>{"name:required"});
  EXPECT_TRUE(ApplyFormStep(FormStep::kAboutYou, Fields({{"name", "Jens"}, {"postal_address", "Gade 1\n2300 S"}}),
                            kDepartments, answers)
                  .empty());
}

TEST(ComplaintForm, AnInterpreterNeedsALanguageFromTheList) {
  Answers answers;
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kNeeds, Fields({{"needs_interpreter", "true"}}), kDepartments, answers)),
            std::vector<std::string>{"interpreter_language:choose_one"});
  EXPECT_EQ(Reasons(ApplyFormStep(FormStep::kNeeds,
                                  Fields({{"needs_interpreter", "true"}, {"interpreter_language", "xx"}}), kDepartments,
                                  answers)),
            std::vector<std::string>{"interpreter_language:choose_one"});
  EXPECT_TRUE(ApplyFormStep(FormStep::kNeeds, Fields({{"needs_interpreter", "true"}, {"interpreter_language", "ar"}}),
                            kDepartments, answers)
                  .empty());
  EXPECT_EQ(answers.interpreter_language(), "ar");
  // Without the need, a language posted is not kept.
  EXPECT_TRUE(ApplyFormStep(FormStep::kNeeds, Fields({{"interpreter_language", "ar"}}), kDepartments, answers).empty());
  EXPECT_TRUE(answers.interpreter_language().empty());
}

TEST(ComplaintForm, SendingNeedsEveryAnswerTimeAndAnEmptyHoneypot) {
  const Timestamp started = FromUnixMicros(1'000'000'000'000'000);
  const Timestamp later = started + std::chrono::seconds(60);
  Answers answers = Complete();
  EXPECT_TRUE(FormComplete(answers));
  EXPECT_EQ(CheckSending(answers, "", started, later, std::chrono::seconds(20)), std::nullopt);
  EXPECT_EQ(CheckSending(answers, "http://spam", started, later, std::chrono::seconds(20)), FormRefusal::kHoneypot);
  EXPECT_EQ(CheckSending(answers, "", started, started + std::chrono::seconds(3), std::chrono::seconds(20)),
            FormRefusal::kTooQuick);
  // A question answered and then undone (refused on a second post) is unanswered again.
  EXPECT_FALSE(ApplyFormStep(FormStep::kAboutYou, Fields({}), kDepartments, answers).empty());
  EXPECT_EQ(FirstUnanswered(answers), FormStep::kAboutYou);
  EXPECT_EQ(CheckSending(answers, "", started, later, std::chrono::seconds(20)), FormRefusal::kIncomplete);
  // Unanswered comes before too quick: the page to show is the question.
  EXPECT_EQ(CheckSending(answers, "", started, started, std::chrono::seconds(20)), FormRefusal::kIncomplete);
}

TEST(ComplaintForm, TheComplaintAndItsFirstFact) {
  Answers answers = Complete();
  const v1::CreateComplaintRequest request = ComplaintOfForm(answers, "da", "Det ønsker borgeren:");
  EXPECT_EQ(request.channel(), v1::WEB_FORM);
  EXPECT_EQ(request.department(), "BUF");
  EXPECT_EQ(request.description(), "Ingen svar i 3 måneder.\n\nDet ønsker borgeren:\nEt svar.");
  EXPECT_EQ(request.complainant().email(), "jens@example.dk");
  // Having written without an answer is having had the chance.
  auto facts = InitialFactsOfForm(answers, "department_has_answered");
  EXPECT_TRUE(facts.fields().at("department_has_answered").bool_value());
  EXPECT_FALSE(DialogueFirst(answers));
  ASSERT_TRUE(ApplyFormStep(FormStep::kDepartmentAnswer, Fields({{"department_answer", "not_contacted"}}), kDepartments,
                            answers)
                  .empty());
  EXPECT_TRUE(DialogueFirst(answers));
  facts = InitialFactsOfForm(answers, "department_has_answered");
  EXPECT_FALSE(facts.fields().at("department_has_answered").bool_value());
  EXPECT_TRUE(InitialFactsOfForm(answers, "").fields().empty());
}

}  // namespace
}  // namespace ombudsflow
