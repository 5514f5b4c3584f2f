// The referral registry: the shipped one is whole, a broken one is refused
// with file and line, its bodies become an input's choices, and a referral
// keeps the body's kind and name as they were.
#include "engine/core/workflow/referral_registry.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ReferralRegistry, TheShippedOneHasEveryKindTheOfficeRefersTo) {
  const v1::ReferralRegistry& registry = testing::ShippedReferrals();
  std::set<v1::ReferralBody::Kind> kinds;
  for (const auto& body : registry.body()) kinds.insert(body.kind());
  EXPECT_EQ(kinds, (std::set<v1::ReferralBody::Kind>{v1::ReferralBody::AUTHORITY, v1::ReferralBody::APPEALS_BOARD,
                                                      v1::ReferralBody::LEGAL_AID, v1::ReferralBody::HUMAN_RIGHTS,
                                                      v1::ReferralBody::INTEREST_ORGANISATION}));
  // The ones the issue names.
  for (const char* id : {"folketingets_ombudsmand", "ankestyrelsen", "ligebehandlingsnaevnet",
                         "institut_for_menneskerettigheder", "advokatvagten"}) {
    EXPECT_NE(FindReferralBody(registry, id), nullptr) << id;
  }
  EXPECT_EQ(FindReferralBody(registry, "vatikanet"), nullptr);
}

TEST(ReferralRegistry, ABrokenOneIsRefusedWithFileAndLineForEveryProblem) {
  const std::string body_text = R"(name { da: "Nævnet" en: "The board" } handles { da: "Klager" en: "Complaints" })";
  auto broken = ParseReferralRegistry(
      {"workflows/referrals.textproto",
       "body { id: \"a\" kind: AUTHORITY " + body_text + " web: \"https://a.example\" }\n"
       "body { id: \"a\" kind: AUTHORITY " + body_text + " phone: \"1\" }\n"
       "body { id: \"no_contact\" kind: AUTHORITY " + body_text + " }\n"
       "body { id: \"plain_web\" kind: AUTHORITY " + body_text + " web: \"http://b.example\" }\n"
       "body { id: \"no_kind\" " + body_text + " web: \"https://c.example\" }\n"
       "body { id: \"Bad Id\" kind: LEGAL_AID " + body_text + " web: \"https://d.example\" }\n"
       "body { id: \"one_language\" kind: LEGAL_AID name { da: \"Kun dansk\" } handles { da: \"x\" en: \"x\" } "
       "web: \"https://e.example\" }\n"
       "body { id: \"two_line_phone\" kind: LEGAL_AID " + body_text + " phone: \"1\\n2\" }\n"
       "body { id: \"not_mail\" kind: LEGAL_AID " + body_text + " email: \"nobody\" }\n"});
  ASSERT_FALSE(broken.has_value());
  const std::string& message = broken.error().message;
  EXPECT_THAT(message, HasSubstr("referrals.textproto:2: referral body 'a' is listed twice"));
  EXPECT_THAT(message, HasSubstr("referrals.textproto:3: referral body 'no_contact' needs a way to reach it"));
  EXPECT_THAT(message, HasSubstr("referrals.textproto:4: the web address of referral body 'plain_web' must be an https://"));
  EXPECT_THAT(message, HasSubstr("referrals.textproto:5: the kind of referral body 'no_kind' is missing"));
  EXPECT_THAT(message, HasSubstr("referrals.textproto:6: referral body id 'Bad Id'"));
  EXPECT_THAT(message, HasSubstr("referrals.textproto:7: the name of referral body 'one_language' is needed in da and en"));
  EXPECT_THAT(message, HasSubstr("referrals.textproto:8: the phone of referral body 'two_line_phone'"));
  EXPECT_THAT(message, HasSubstr("referrals.textproto:9: the email of referral body 'not_mail'"));
  // A field the schema lacks is a parse error, not silently dropped.
  auto unknown = ParseReferralRegistry({"referrals.textproto", "body { id: \"a\" fax: \"1\" }"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().message, HasSubstr("referrals.textproto:1:"));
  EXPECT_THAT(unknown.error().message, HasSubstr("fax"));
  EXPECT_FALSE(ParseReferralRegistry({"referrals.textproto", ""}).has_value());
}

TEST(ReferralRegistry, ItsBodiesAreTheChoicesOfTheInputThatTakesThem) {
  const v1::InputField* referred_to = nullptr;
  for (const auto& field : testing::ShippedInputs().input_field()) {
    if (field.name() == "referred_to") referred_to = &field;
  }
  ASSERT_NE(referred_to, nullptr);
  ASSERT_EQ(referred_to->choices_size(), testing::ShippedReferrals().body_size());
  const v1::Choice& first = referred_to->choices(0);
  EXPECT_EQ(first.value(), testing::ShippedReferrals().body(0).id());
  EXPECT_EQ(first.label().da(), testing::ShippedReferrals().body(0).name().da());
  EXPECT_EQ(first.help().en(), testing::ShippedReferrals().body(0).handles().en());

  const std::string declared =
      "input_field { name: \"to\" type: ENUM choices_from: \"%s\" label { da: \"T\" en: \"T\" } help { da: \"h\" en: \"h\" } }\n";
  auto with = [&](const std::string& from) {
    std::string text = declared;
    text.replace(text.find("%s"), 2, from);
    return text;
  };
  auto unknown_registry = ParseInputVocabulary({"inputs.textproto", with("planets")}, testing::ShippedReferrals());
  ASSERT_FALSE(unknown_registry.has_value());
  EXPECT_THAT(unknown_registry.error().message, HasSubstr("inputs.textproto:1: input 'to' takes its choices from 'planets'"));
  auto empty_registry = ParseInputVocabulary({"inputs.textproto", with("referrals")}, v1::ReferralRegistry());
  ASSERT_FALSE(empty_registry.has_value());
  EXPECT_THAT(empty_registry.error().message,
              HasSubstr("inputs.textproto:1: input 'to' takes its choices from the referral registry, which lists no body"));
  // Only the shared vocabulary fills choices from a registry.
  auto own = ParseWorkflowDefinition(
      {"own.textproto", "name: \"own\" version: 1 initial_state: \"a\"\n" + with("referrals") +
                            "state { name: \"a\" terminal: true }\n"},
      testing::StandardRules(), testing::ShippedInputs());
  ASSERT_FALSE(own.has_value());
  EXPECT_THAT(own.error().message, HasSubstr("own.textproto:2: input 'to' uses choices_from"));
}

// Complaint v6's referral, fired in the engine alone.
class ReferralTransitionTest : public ::testing::Test {
 protected:
  static const v1::WorkflowDefinition& ComplaintV6() {
    static const v1::WorkflowDefinition kDefinition = [] {
      std::ifstream file(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/complaint/v6.textproto");
      std::stringstream text;
      text << file.rdbuf();
      auto parsed = ParseWorkflowDefinition({"complaint/v6.textproto", text.str()}, testing::StandardRules(),
                                            testing::ShippedInputs());
      if (!parsed) throw std::runtime_error(parsed.error().message);
      return *parsed;
    }();
    return kDefinition;
  }

  Result<TransitionOutcome> Refer(const std::string& input_json) {
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000001");
    complaint_.set_workflow("complaint");
    complaint_.set_workflow_version(6);
    complaint_.set_state("received");
    complaint_.set_version(1);
    v1::TransitionRequest request;
    request.set_name("refer_elsewhere");
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(input_json, request.mutable_input()).ok());
    request.set_expected_version(1);
    const HolidayCalendar calendar = HolidayCalendar::Danish();
    const Timestamp now = FromUnixMicros(1'774'951'200'000'000);
    const EngineContext context{testing::StandardRules(), calendar, now,
                                std::chrono::sys_days(std::chrono::year(2026) / 3 / 31)};
    return EvaluateTransition(CaseView{complaint_, ComplaintV6(), std::string(64, 'a')}, context,
                              Actor{Role::kCaseworker, "", "Anne", "t1", ""}, request);
  }

  v1::Complaint complaint_;
};

TEST_F(ReferralTransitionTest, KeepsTheBodysKindAndNameAsTheyWereAndQueuesTheLetter) {
  auto outcome = Refer(R"({"referred_to": "ligebehandlingsnaevnet", "referral_reason": "Forskelsbehandling på grund af alder."})");
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(outcome->after.state(), "referred");
  EXPECT_EQ(FindFact(outcome->after, "referral_kind")->string_value(), "appeals_board");
  EXPECT_EQ(FindFact(outcome->after, "referral_name")->string_value(), "Ligebehandlingsnævnet");
  EXPECT_EQ(FindFact(outcome->after, "referral_reason")->string_value(), "Forskelsbehandling på grund af alder.");
  ASSERT_EQ(outcome->effects.size(), 1u);
  EXPECT_EQ(std::get<Letter>(outcome->effects[0]).template_name, "referral");
}

TEST_F(ReferralTransitionTest, ABodyTheRegistryLacksOrNoReasonIsA400NamingTheInput) {
  auto unknown = Refer(R"({"referred_to": "vatikanet", "referral_reason": "x"})");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(unknown.error().field_violations.size(), 1u);
  EXPECT_EQ(unknown.error().field_violations[0].field, "input.referred_to");
  EXPECT_THAT(unknown.error().field_violations[0].description, HasSubstr("folketingets_ombudsmand"));
  auto no_reason = Refer(R"({"referred_to": "ankestyrelsen"})");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(no_reason.error().field_violations[0].field, "input.referral_reason");
  auto too_long = Refer(R"({"referred_to": "ankestyrelsen", "referral_reason": ")" + std::string(2001, 'x') + "\"}");
  ASSERT_FALSE(too_long.has_value());
  EXPECT_THAT(too_long.error().field_violations[0].description, HasSubstr("at most 2000"));
}

TEST(ThemeVocabulary, TheShippedThemesAreTheChoicesOfTheThemesInput) {
  const v1::InputField* themes = nullptr;
  for (const auto& field : testing::ShippedInputs().input_field()) {
    if (field.name() == "themes") themes = &field;
  }
  ASSERT_NE(themes, nullptr);
  EXPECT_EQ(themes->type(), v1::InputField::ENUM_LIST);
  ASSERT_EQ(themes->choices_size(), testing::ShippedThemes().theme_size());
  EXPECT_GE(themes->choices_size(), 4);
  EXPECT_EQ(themes->choices(0).value(), "partshoering");
  EXPECT_EQ(themes->choices(0).label().da(), "Partshøring");
  EXPECT_FALSE(themes->choices(0).help().en().empty());
  // Without themes, an input taking them is refused at load.
  auto empty = ParseInputVocabulary(
      {"inputs.textproto", "input_field { name: \"t\" type: ENUM_LIST choices_from: \"themes\" "
                           "label { da: \"T\" en: \"T\" } help { da: \"h\" en: \"h\" } }\n"},
      testing::ShippedReferrals(), v1::ThemeVocabulary());
  ASSERT_FALSE(empty.has_value());
  EXPECT_THAT(empty.error().message, HasSubstr("inputs.textproto:1: input 't' takes its choices from the theme vocabulary"));
}

TEST(ThemeVocabulary, ABrokenOneIsRefusedWithFileAndLine) {
  auto broken = ParseThemeVocabulary(
      {"workflows/themes.textproto",
       "theme { id: \"svarfrist\" label { da: \"Svarfrist\" en: \"Deadlines\" } }\n"
       "theme { id: \"svarfrist\" label { da: \"Igen\" en: \"Again\" } }\n"
       "theme { id: \"Bad Id\" label { da: \"x\" en: \"x\" } }\n"
       "theme { id: \"dansk\" label { da: \"Kun dansk\" } }\n"});
  ASSERT_FALSE(broken.has_value());
  const std::string& message = broken.error().message;
  EXPECT_THAT(message, HasSubstr("themes.textproto:2: theme 'svarfrist' is listed twice"));
  EXPECT_THAT(message, HasSubstr("themes.textproto:3: theme id 'Bad Id' is not"));
  EXPECT_THAT(message, HasSubstr("themes.textproto:4: theme 'dansk' needs a label in Danish and in English"));
  auto unknown = ParseThemeVocabulary({"themes.textproto", "theme { id: \"a\" colour: \"red\" }"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().message, HasSubstr("colour"));
}

}  // namespace
}  // namespace ombudsflow
