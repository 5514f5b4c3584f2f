// The rules publication stands on: the department must have received the
// notice, and whoever drafted may not approve.
#include "engine/core/rules/standard_rules.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

// What a check sees of an evaluation: "" when it went through, the guard
// that refused it, or "error: <message>" for any other failure, so a check
// for "went through" or for one guard cannot pass on an unrelated error.
std::string Outcome(const Result<TransitionOutcome>& result) {
  if (result) return "";
  if (!result.error().refused_by.empty()) return result.error().refused_by;
  return "error: " + result.error().message;
}


using ::testing::HasSubstr;
using ::testing::Not;

const RuleRegistry& Rules() { return testing::StandardRules(); }

constexpr const char* kPublishing = R"(
  name: "publishing" version: 1 initial_state: "drafting"
  state { name: "drafting" }
  state { name: "drafted" }
  state { name: "published" terminal: true }
  transition { name: "draft" from: "drafting" to: "drafted" roles: "caseworker" roles: "ombudsman" roles: "deputy"
               action { name: "record_actor" arg { key: "fact" value: "drafted_by" } } }
  transition { name: "revise" from: "drafted" to: "drafted" roles: "caseworker" roles: "ombudsman" roles: "deputy"
               action { name: "record_actor" arg { key: "fact" value: "drafted_by" } } }
  transition { name: "publish" from: "drafted" to: "published" roles: "ombudsman" roles: "deputy"
               guard { name: "notice_received" arg { key: "notice" value: "pre_publication" } }
               guard { name: "not_recorded_actor" arg { key: "fact" value: "drafted_by" } } })";

class PublicationRulesTest : public ::testing::Test {
 protected:
  PublicationRulesTest() {
    auto parsed = ParseWorkflowDefinition({"publishing.textproto", kPublishing}, Rules(), testing::ShippedInputs());
    EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
    workflow_ = parsed.value_or(v1::WorkflowDefinition{});
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000001");
    complaint_.set_state("drafting");
    complaint_.set_version(1);
  }

  Result<TransitionOutcome> Fire(const Actor& actor, const std::string& name) {
    v1::TransitionRequest request;
    request.set_name(name);
    request.set_expected_version(complaint_.version());
    return EvaluateTransition(CaseView{complaint_, workflow_, std::string(64, 'a'), notices_, OfficeState{}},
                              EngineContext{Rules(), calendar_, FromUnixMicros(0), Date{}}, actor, request);
  }

  void Drafted(const Actor& by, const std::string& transition = "draft") {
    auto drafted = Fire(by, transition);
    ASSERT_TRUE(drafted.has_value()) << drafted.error().message;
    complaint_ = drafted->after;
  }

  v1::WorkflowDefinition workflow_;
  v1::Complaint complaint_;
  std::vector<NoticeReceipt> notices_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor caseworker_{Role::kCaseworker, "", "Anne", "token-anne", "u-anne"};
  Actor ombudsman_{Role::kOmbudsman, "", "Ombudsmanden", "token-ombudsman", "u-ombudsman"};
};

TEST_F(PublicationRulesTest, RefusesBeforeAnyNoticeWasSent) {
  Drafted(caseworker_);
  auto refused = Fire(ombudsman_, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "notice_received");
  EXPECT_THAT(refused.error().message, HasSubstr("no pre_publication notice has been sent"));
}

TEST_F(PublicationRulesTest, RefusesWhileTheNoticeIsUndeliveredAndUnacknowledged) {
  Drafted(caseworker_);
  notices_ = {{"hearing", true, true}, {"pre_publication", false, false}};
  auto refused = Fire(ombudsman_, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "notice_received");
  EXPECT_THAT(refused.error().message, HasSubstr("not yet received the pre_publication notice"));
}

TEST_F(PublicationRulesTest, AllowsOnceDeliveredOrAcknowledged) {
  Drafted(caseworker_);
  notices_ = {{"pre_publication", true, false}};
  EXPECT_TRUE(Fire(ombudsman_, "publish").has_value());
  notices_ = {{"pre_publication", false, true}};
  EXPECT_TRUE(Fire(ombudsman_, "publish").has_value());
}

TEST_F(PublicationRulesTest, WhoeverDraftedMayNotApprove) {
  Drafted(ombudsman_);
  EXPECT_EQ(complaint_.facts().fields().at("drafted_by").string_value(), "user:u-ombudsman");
  EXPECT_EQ(complaint_.facts().fields().at("drafted_by_token").string_value(), "token-ombudsman");
  notices_ = {{"pre_publication", true, true}};
  auto refused = Fire(ombudsman_, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "not_recorded_actor");
  EXPECT_THAT(refused.error().message, HasSubstr("four eyes"));
  Actor deputy{Role::kDeputy, "", "Vicen", "token-deputy", "u-vicen"};
  EXPECT_TRUE(Fire(deputy, "publish").has_value());
}

// The review's dodge: the deputy drafts, a caseworker revises by a full
// stop, the deputy approves. Whoever wrote any revision may not approve.
TEST_F(PublicationRulesTest, NobodyWhoWroteAnyRevisionMayApprove) {
  const Actor deputy{Role::kDeputy, "", "Vicen", "token-deputy", "u-vicen"};
  Drafted(deputy);
  Drafted(caseworker_, "revise");
  Drafted(caseworker_, "revise");
  EXPECT_EQ(complaint_.facts().fields().at("drafted_by").string_value(), "user:u-anne");
  const auto& everyone = complaint_.facts().fields().at("drafted_by_all").list_value();
  ASSERT_EQ(everyone.values_size(), 2);
  EXPECT_EQ(everyone.values(0).string_value(), "user:u-vicen");
  EXPECT_EQ(everyone.values(1).string_value(), "user:u-anne");
  notices_ = {{"pre_publication", true, true}};
  auto refused = Fire(deputy, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "not_recorded_actor");
  EXPECT_EQ(Fire(caseworker_, "publish").has_value(), false);  // the role refuses her anyway
  EXPECT_TRUE(Fire(ombudsman_, "publish").has_value());
}

// Four eyes compares people, not tokens or names: the same person with
// another token is refused; another person who shares the name is not.
TEST_F(PublicationRulesTest, FourEyesComparesUserIds) {
  Drafted(ombudsman_);
  notices_ = {{"pre_publication", true, true}};
  const Actor same_person_other_token{Role::kOmbudsman, "", "Ombudsmanden", "token-ombudsman-2", "u-ombudsman"};
  auto refused = Fire(same_person_other_token, "publish");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "not_recorded_actor");
  const Actor namesake{Role::kOmbudsman, "", "Ombudsmanden", "token-other", "u-other"};
  EXPECT_TRUE(Fire(namesake, "publish").has_value());
}

// Cases drafted before people existed recorded a token's name: the token
// still counts, a name alone never makes anyone the drafter.
TEST_F(PublicationRulesTest, FourEyesOnOlderCasesComparesTheRecordedToken) {
  Drafted(ombudsman_);
  auto& facts = *complaint_.mutable_facts()->mutable_fields();
  facts["drafted_by"].set_string_value("Ombudsmanden");
  notices_ = {{"pre_publication", true, true}};
  EXPECT_FALSE(Fire(ombudsman_, "publish").has_value());
  const Actor other_token{Role::kOmbudsman, "", "Ombudsmanden", "token-other", "u-other"};
  EXPECT_TRUE(Fire(other_token, "publish").has_value());
}

TEST_F(PublicationRulesTest, TheNoticeGuardNeedsToKnowWhichNotice) {
  auto parsed = ParseWorkflowDefinition(
      {"p.textproto", R"(name: "p" version: 1 initial_state: "a" state { name: "a" } state { name: "b" terminal: true }
                        transition { name: "go" from: "a" to: "b" roles: "ombudsman" guard { name: "notice_received" } })"},
      Rules(), testing::ShippedInputs());
  ASSERT_FALSE(parsed.has_value());
  EXPECT_THAT(parsed.error().message, HasSubstr("guard 'notice_received' needs the argument 'notice'"));
}

constexpr const char* kApproving = R"(
  name: "approving" version: 1 initial_state: "waiting"
  state { name: "waiting" }
  state { name: "published" terminal: true }
  transition { name: "approve" meaning: STEP_APPROVE_PUBLICATION from: "waiting" to: "published"
               roles: "ombudsman" roles: "deputy"
               guard { name: "approver_authorised" }
               guard { name: "no_publication_hold" }
               guard { name: "publication_date_reached" arg { key: "notice" value: "pre_publication" } }
               guard { name: "personal_data_cleared" arg { key: "fact" value: "publication_text" } } })";

// Approval under the office's state at a given moment: delegations, a hold,
// the notice period, and the text against the citizen's consents.
class ApprovalRulesTest : public ::testing::Test {
 protected:
  ApprovalRulesTest() {
    workflow_ = ParseWorkflowDefinition({"approving.textproto", kApproving}, Rules(), testing::ShippedInputs()).value();
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000002");
    complaint_.set_state("waiting");
    complaint_.set_version(4);
    complaint_.mutable_complainant()->set_name("Jens Hansen");
    (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value("Forvaltningen svarede for sent.");
    notices_ = {{"pre_publication", true, false, kToday}};
  }

  Result<TransitionOutcome> Approve(const Actor& actor) {
    v1::TransitionRequest request;
    request.set_name("approve");
    request.set_expected_version(complaint_.version());
    return EvaluateTransition(CaseView{complaint_, workflow_, std::string(64, 'a'), notices_, office_},
                              EngineContext{Rules(), calendar_, now_, kToday}, actor, request);
  }

  // "" when approved; the refusing guard's name; or, for a failure that is
  // no guard's refusal, "error: " and its message, which no check expects.
  std::string RefusedBy(const Actor& actor) { return Outcome(Approve(actor)); }

  static constexpr Date kToday = std::chrono::sys_days(std::chrono::year(2026) / 11 / 23);
  Timestamp now_ = std::chrono::time_point_cast<std::chrono::microseconds>(
      std::chrono::sys_days(kToday) + std::chrono::hours(10));
  v1::WorkflowDefinition workflow_;
  v1::Complaint complaint_;
  std::vector<NoticeReceipt> notices_;
  OfficeState office_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor ombudsman_{Role::kOmbudsman, "", "Ombudsmanden", "token-ombudsman", "u-ombudsman"};
  Actor deputy_{Role::kDeputy, "", "Vicen", "token-deputy", "u-vicen"};
};

TEST_F(ApprovalRulesTest, TheOmbudsmanApprovesADeputyOnlyWithinAnActiveDelegation) {
  EXPECT_EQ(RefusedBy(ombudsman_), "");
  EXPECT_EQ(RefusedBy(deputy_), "approver_authorised");
  const auto hour = std::chrono::hours(1);
  office_.delegations = {{"u-vicen", now_ + hour, now_ + 2 * hour}};  // not yet begun
  EXPECT_EQ(RefusedBy(deputy_), "approver_authorised");
  office_.delegations = {{"u-someone-else", now_ - hour, now_ + hour}};
  EXPECT_EQ(RefusedBy(deputy_), "approver_authorised");
  office_.delegations = {{"Vicen", now_ - hour, now_ + hour}};  // a name is not a person
  EXPECT_EQ(RefusedBy(deputy_), "approver_authorised");
  office_.delegations = {{"u-vicen", now_ - 2 * hour, now_}};  // ended exactly now
  EXPECT_EQ(RefusedBy(deputy_), "approver_authorised");
  office_.delegations = {{"u-vicen", now_ - hour, now_ + hour}};
  EXPECT_EQ(RefusedBy(deputy_), "");
  // A system's token with the deputy role is nobody's delegation.
  const Actor deputy_system{Role::kDeputy, "", "u-vicen", "token-system"};
  EXPECT_EQ(RefusedBy(deputy_system), "approver_authorised");
}

// Nobody delegates to themselves: a deputy acting under a delegation they
// granted (as ombudsman, before a change of role) is refused.
TEST_F(ApprovalRulesTest, ADelegationItsDeputyGrantedDoesNotCount) {
  const auto hour = std::chrono::hours(1);
  office_.delegations = {{"u-vicen", now_ - hour, now_ + hour, "user:u-vicen"}};
  EXPECT_EQ(RefusedBy(deputy_), "approver_authorised");
  office_.delegations = {{"u-vicen", now_ - hour, now_ + hour, "user:u-ombudsman"}};
  EXPECT_EQ(RefusedBy(deputy_), "");
}

// Four eyes on consents: the text relies on a consent; whoever recorded it
// may not approve what it covers.
TEST_F(ApprovalRulesTest, WhoeverRecordedAConsentTheTextReliesOnMayNotApprove) {
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value("Jens Hansen klagede.");
  auto* name = complaint_.add_consents();
  name->set_kind("name");
  name->set_value("Jens Hansen");
  name->set_evidence("signed letter");
  name->set_recorded_by("user:u-ombudsman");
  *name->mutable_confirm_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  auto refused = Approve(ombudsman_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "personal_data_cleared");
  EXPECT_THAT(refused.error().message, HasSubstr("four eyes"));
  office_.delegations = {{"u-vicen", now_ - std::chrono::hours(1), now_ + std::chrono::hours(1), "user:u-ombudsman"}};
  EXPECT_EQ(RefusedBy(deputy_), "");
}

// A guard gets the state beyond the case by the type its check takes; when
// the engine did not read that state, the guard refuses. It never passes.
TEST_F(ApprovalRulesTest, AGuardWhoseStateWasNotReadRefusesAndNeverPasses) {
  ASSERT_EQ(RefusedBy(ombudsman_), "");
  const auto approve_without = [&](std::optional<CaseNotices> notices, std::optional<OfficeState> office) {
    v1::TransitionRequest request;
    request.set_name("approve");
    request.set_expected_version(complaint_.version());
    return EvaluateTransition(CaseView{complaint_, workflow_, std::string(64, 'a'), notices, office},
                              EngineContext{Rules(), calendar_, now_, kToday}, ombudsman_, request);
  };
  auto no_office = approve_without(notices_, std::nullopt);
  ASSERT_FALSE(no_office.has_value());
  EXPECT_EQ(no_office.error().refused_by, "approver_authorised");
  EXPECT_THAT(no_office.error().message, HasSubstr("the office's state was not read"));
  auto no_notices = approve_without(std::nullopt, office_);
  ASSERT_FALSE(no_notices.has_value());
  EXPECT_EQ(no_notices.error().refused_by, "publication_date_reached");
  EXPECT_THAT(no_notices.error().message, HasSubstr("the case's notices were not read"));
}

// What a transition reads beyond the case follows from its guards' types,
// for the shipped guards and for any guard added to the registry.
TEST(GuardReadsTest, FollowFromTheTypesOfTheGuardsChecks) {
  RuleRegistry rules = testing::StandardRules();
  rules.AddGuard("reads_the_office_too", GuardSpec{[](const RuleContext&, const OfficeState& office) -> Refusal {
                   return office.publication_hold;
                 }, {}, {}, {}, "reads the office's state"});
  auto workflow = ParseWorkflowDefinition(
      {"reads.textproto", R"(name: "reads" version: 1 initial_state: "a"
           state { name: "a" } state { name: "b" terminal: true }
           transition { name: "plain" from: "a" to: "b" roles: "caseworker" guard { name: "complaint_points_registered" } }
           transition { name: "office" from: "a" to: "b" roles: "caseworker" guard { name: "reads_the_office_too" } }
           transition { name: "receipt" from: "a" to: "b" roles: "caseworker"
                        guard { name: "notice_received" arg { key: "notice" value: "hearing" } } })"},
      rules, testing::ShippedInputs());
  ASSERT_TRUE(workflow.has_value()) << workflow.error().message;
  const auto plain = GuardReads(*workflow, rules, "a", "plain");
  EXPECT_FALSE(plain.office);
  EXPECT_FALSE(plain.notices);
  const auto office = GuardReads(*workflow, rules, "a", "office");
  EXPECT_TRUE(office.office);
  EXPECT_FALSE(office.notices);
  const auto receipt = GuardReads(*workflow, rules, "a", "receipt");
  EXPECT_FALSE(receipt.office);
  EXPECT_TRUE(receipt.notices);
  const auto leaving = GuardReads(*workflow, rules, "a", "");
  EXPECT_TRUE(leaving.office);
  EXPECT_TRUE(leaving.notices);
}

TEST_F(ApprovalRulesTest, AHoldStopsEvenTheOmbudsman) {
  office_.publication_hold = "Krisestyring";
  auto refused = Approve(ombudsman_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "no_publication_hold");
  EXPECT_THAT(refused.error().message, HasSubstr("Krisestyring"));
}

TEST_F(ApprovalRulesTest, NothingIsPublishedBeforeTheNoticesPublicationDate) {
  notices_ = {{"pre_publication", true, true, kToday + std::chrono::days(1)}};
  auto refused = Approve(ombudsman_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "publication_date_reached");
  EXPECT_THAT(refused.error().message, HasSubstr("2026-11-24"));
  notices_ = {{"pre_publication", true, true, std::nullopt}};
  EXPECT_EQ(RefusedBy(ombudsman_), "publication_date_reached");
}

TEST_F(ApprovalRulesTest, EachKindOfPersonalDataBlocksUntilAConfirmedConsentCoversExactlyIt) {
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value(
      "Jens Hansen skrev fra jh@example.dk.");
  auto refused = Approve(ombudsman_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "personal_data_cleared");
  EXPECT_THAT(refused.error().message, HasSubstr("line 1, column 1: the complainant's name (Jens Hansen)"));
  EXPECT_THAT(refused.error().message, HasSubstr("line 1, column 23: an e-mail address (jh@example.dk)"));

  const auto consent = [&](const std::string& kind, const std::string& value) {
    auto* added = complaint_.add_consents();
    added->set_kind(kind);
    added->set_value(value);
    added->set_evidence("signed letter");
    *added->mutable_confirm_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
    return added;
  };
  consent("name", "Jens Hansen");
  consent("email", "someone@example.dk");  // not this address
  auto* email = consent("email", "jh@example.dk");
  email->clear_confirm_time();  // recorded, not yet confirmed
  refused = Approve(ombudsman_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().message, Not(HasSubstr("Jens")));
  EXPECT_THAT(refused.error().message, HasSubstr("jh@example.dk"));
  *email->mutable_confirm_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(2);
  EXPECT_EQ(RefusedBy(ombudsman_), "");
  *email->mutable_revoke_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(3);
  EXPECT_EQ(RefusedBy(ombudsman_), "personal_data_cleared");
}

// The review published a CPR number behind a caseworker's "consent".
// The review's false alarm: the department's own mailbox and switchboard
// blocked approval until they were removed.
TEST_F(ApprovalRulesTest, TheDepartmentsOwnMailboxAndSwitchboardDoNotBlock) {
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value(
      "Forvaltningen svarer på klagesager@buf.kk.dk og på 33 17 33 17.");
  EXPECT_EQ(RefusedBy(ombudsman_), "");
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value(
      "Forvaltningen svarer på jh@example.dk og på 31 41 59 26.");
  EXPECT_EQ(RefusedBy(ombudsman_), "personal_data_cleared");
}

// The review's homoglyph: the surname with a Cyrillic а was approved.
TEST_F(ApprovalRulesTest, ANameWrittenWithLookAlikeLettersBlocks) {
  complaint_.mutable_complainant()->set_name("Kirstine Ølgaard");
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value(
      "Borgerrådgiveren hjalp fru Ølg\u0430\u0430rd.");
  EXPECT_EQ(RefusedBy(ombudsman_), "personal_data_cleared");
}

TEST_F(ApprovalRulesTest, ACprNumberIsNeverPublishedWhateverConsentExists) {
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value("Sagen om 010190-1234.");
  auto* cpr = complaint_.add_consents();
  cpr->set_kind("cpr");
  cpr->set_value("0101901234");
  cpr->set_evidence("signed letter");
  *cpr->mutable_confirm_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  auto refused = Approve(ombudsman_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().refused_by, "personal_data_cleared");
  EXPECT_THAT(refused.error().message, HasSubstr("a CPR number (010190-xxxx)"));
  EXPECT_THAT(refused.error().message, Not(HasSubstr("1234")));
}

TEST_F(ApprovalRulesTest, ANameConsentCoversANameTheScannerSplitsAtAnApostrophe) {
  complaint_.mutable_complainant()->set_name("Siobhan O'Brien");
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value("O'Briens klage.");
  auto* name = complaint_.add_consents();
  name->set_kind("name");
  name->set_value("Siobhan O'Brien");
  name->set_evidence("signed letter");
  *name->mutable_confirm_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  EXPECT_EQ(RefusedBy(ombudsman_), "");
}

TEST_F(ApprovalRulesTest, ANameConsentCoversItsPartsInTheGenitive) {
  (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value("Hansens klage; Jens' sag.");
  auto* name = complaint_.add_consents();
  name->set_kind("name");
  name->set_value("Jens Hansen");
  name->set_evidence("signed letter");
  EXPECT_EQ(RefusedBy(ombudsman_), "personal_data_cleared");  // not confirmed yet
  *name->mutable_confirm_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  EXPECT_EQ(RefusedBy(ombudsman_), "");
}

}  // namespace
}  // namespace ombudsflow

namespace ombudsflow {
namespace {

constexpr const char* kNoticing = R"(
  name: "noticing" version: 1 initial_state: "drafted"
  state { name: "drafted" }
  state { name: "noticed" terminal: true }
  transition { name: "send_notice" from: "drafted" to: "noticed" roles: "caseworker"
               action { name: "notify_department" arg { key: "notice" value: "pre_publication" }
                        arg { key: "include_facts" value: "publication_title,publication_text" } } })";

// What a notice carries to the department, checked before it goes: the
// listing's `allowed` means the transition would go through, and the
// firing refuses for the same reason, by the same name.
class NoticeContentTest : public ::testing::Test {
 protected:
  NoticeContentTest() {
    workflow_ = ParseWorkflowDefinition({"noticing.textproto", kNoticing}, Rules(), testing::ShippedInputs()).value();
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000003");
    complaint_.set_state("drafted");
    complaint_.set_version(3);
    complaint_.set_department("BUF");
    complaint_.mutable_complainant()->set_name("Jens Hansen");
    complaint_.mutable_complainant()->set_email("jens@example.dk");
    Text("Forvaltningen svarede for sent.");
  }

  void Text(const std::string& text) {
    (*complaint_.mutable_facts()->mutable_fields())["publication_text"].set_string_value(text);
  }

  v1::AvailableTransition Listed() {
    auto listed = ListTransitions(CaseView{complaint_, workflow_, std::string(64, 'a'), {}, {}},
                                  EngineContext{Rules(), calendar_, FromUnixMicros(0), Date{}}, caseworker_);
    EXPECT_EQ(listed.transitions_size(), 1);
    return listed.transitions(0);
  }

  std::string RefusedBy() {
    v1::TransitionRequest request;
    request.set_name("send_notice");
    request.set_expected_version(complaint_.version());
    auto fired = EvaluateTransition(CaseView{complaint_, workflow_, std::string(64, 'a'), {}, {}},
                                    EngineContext{Rules(), calendar_, FromUnixMicros(0), Date{}}, caseworker_, request);
    return Outcome(fired);
  }

  v1::WorkflowDefinition workflow_;
  v1::Complaint complaint_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor caseworker_{Role::kCaseworker, "", "Anne", "token-anne", "u-anne"};
};

// The review: the listing said allowed while the draft held a CPR number,
// and the firing answered 422 from notify_department.
TEST_F(NoticeContentTest, TheListingRefusesWhatTheFiringWouldRefuse) {
  EXPECT_TRUE(Listed().allowed());
  EXPECT_EQ(RefusedBy(), "");
  Text("Sagen om 010190-1234.");
  const auto listed = Listed();
  EXPECT_FALSE(listed.allowed());
  EXPECT_EQ(listed.refused_by(), "notify_department");
  EXPECT_THAT(listed.refusal(), HasSubstr("010190-xxxx"));
  ASSERT_EQ(listed.personal_data_size(), 1);
  EXPECT_TRUE(listed.personal_data(0).blocks());
  EXPECT_EQ(RefusedBy(), "notify_department");
}

// The rule lives in MayDisclose alone: a consent that claims to cover a CPR
// number (none can be recorded; this one is forged into the case) lets it
// out to no one. CoveringConsent no longer refuses CPR numbers itself.
TEST_F(NoticeContentTest, AForgedConsentForACprNumberLetsNoNoticeCarryIt) {
  Text("Sagen om 010190-1234.");
  auto* cpr = complaint_.add_consents();
  cpr->set_kind("cpr");
  cpr->set_value("0101901234");
  cpr->set_evidence("forged");
  *cpr->mutable_confirm_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  EXPECT_EQ(RefusedBy(), "notify_department");
  const auto listed = Listed();
  EXPECT_FALSE(listed.allowed());
  ASSERT_EQ(listed.personal_data_size(), 1);
  EXPECT_TRUE(listed.personal_data(0).blocks());
  EXPECT_EQ(listed.personal_data(0).text(), "010190-xxxx");
}

// The review's canary: the citizen's name in a complaint point reached the
// department verbatim. A selected point that names them stops the notice.
TEST_F(NoticeContentTest, ANoticeNeverCarriesTheComplainantsNameOrContactDetails) {
  auto* point = complaint_.add_points();
  point->set_number(1);
  point->set_text("Jens Hansen fik ikke svar");
  point->set_selection(v1::ComplaintPoint::NOT_SELECTED);
  EXPECT_EQ(RefusedBy(), "");  // not selected: the department never gets it
  point->set_selection(v1::ComplaintPoint::SELECTED);
  EXPECT_EQ(RefusedBy(), "notify_department");
  EXPECT_FALSE(Listed().allowed());
  point->set_text("Svartiden");
  Text("Skriv til jens@example.dk");
  EXPECT_EQ(RefusedBy(), "notify_department");
  // The department's own mailbox is no one's personal data.
  Text("Skriv til klagesager@buf.kk.dk eller ring 33 17 33 17.");
  EXPECT_EQ(RefusedBy(), "");
  EXPECT_EQ(Listed().personal_data_size(), 0);
}

constexpr const char* kDraftToPublication = R"(
  name: "drafting" version: 1 initial_state: "ready"
  state { name: "ready" }
  state { name: "drafted" }
  state { name: "noticed" }
  state { name: "published" terminal: true }
  transition { name: "draft" from: "ready" to: "drafted" roles: "caseworker"
               input: "publication_title" input: "publication_text" }
  transition { name: "send_notice" from: "drafted" to: "noticed" roles: "caseworker"
               action { name: "notify_department" arg { key: "notice" value: "pre_publication" }
                        arg { key: "include_facts" value: "publication_title,publication_text" } } }
  transition { name: "approve" from: "noticed" to: "published" roles: "ombudsman"
               guard { name: "personal_data_cleared" arg { key: "fact" value: "publication_text" } } })";

// The drafter is told, as she writes, what the notice and the approval
// would find later: the steps ahead of her, even those another role takes.
TEST(FindingsAheadTest, ADraftIsCheckedByEveryStepAheadOnceAPlaceBlockingWhenAnyStepWouldBlock) {
  const auto workflow =
      ParseWorkflowDefinition({"drafting.textproto", kDraftToPublication}, Rules(), testing::ShippedInputs()).value();
  v1::Complaint complaint;
  complaint.set_id("c0ffee00-0000-4000-8000-000000000004");
  complaint.set_state("ready");
  complaint.set_version(1);
  complaint.set_department("BUF");
  complaint.mutable_complainant()->set_name("Jens Hansen");
  auto* point = complaint.add_points();
  point->set_number(1);
  point->set_text("Jens Hansen fik ikke svar");
  point->set_selection(v1::ComplaintPoint::SELECTED);
  const HolidayCalendar calendar = HolidayCalendar::Danish();
  const EngineContext context{Rules(), calendar, FromUnixMicros(0), Date{}};
  const Actor caseworker{Role::kCaseworker, "", "Anne", "token-anne", "u-anne"};

  v1::TransitionRequest request;
  request.set_name("draft");
  request.set_expected_version(1);
  auto& input = *request.mutable_input()->mutable_fields();
  input["publication_title"].set_string_value("Svar for sent");
  input["publication_text"].set_string_value("Ring til Karen Olsen på 31 41 59 26. Jens Hansen ventede.");
  auto drafted = EvaluateTransition(CaseView{complaint, workflow, std::string(64, 'a')}, context, caseworker, request);
  ASSERT_TRUE(drafted.has_value()) << drafted.error().message;

  const auto findings =
      FindingsAhead(drafted->after, workflow, context, caseworker, {"publication_title", "publication_text"});
  // The phone number warns at the notice and blocks the approval; the
  // complainant's name blocks both. Each place is one finding, and what the
  // draft did not write (the complaint point) is not this draft's.
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].field(), "publication_text");
  EXPECT_EQ(findings[0].kind(), "phone");
  EXPECT_EQ(findings[0].offset(), 25u);
  EXPECT_TRUE(findings[0].blocks());
  EXPECT_EQ(findings[1].kind(), "name");
  EXPECT_EQ(findings[1].text(), "Jens Hansen");
  EXPECT_TRUE(findings[1].blocks());

  // The title alone is clean, and nothing ahead reads what it was not given.
  EXPECT_TRUE(FindingsAhead(drafted->after, workflow, context, caseworker, {"publication_title"}).empty());
  EXPECT_EQ(FindingsAhead(drafted->after, workflow, context, caseworker, {"points.1"}).size(), 1u);

  // Both texts of the draft are read by a step ahead; the notice itself
  // takes no text, and nothing follows the approval.
  EXPECT_EQ(InputsCheckedAhead(workflow, context, workflow.transition(0)),
            (std::set<std::string>{"publication_text", "publication_title"}));
  EXPECT_TRUE(InputsCheckedAhead(workflow, context, workflow.transition(2)).empty());
}

// The check on the form: a draft half written is checked, but only by
// whoever may take the step, now, at the version they saw.
TEST(FindingsAheadTest, TheFormsCheckTakesAHalfWrittenDraftButRefusesWhoWhenAndWhichVersionAsFiringWould) {
  const auto workflow =
      ParseWorkflowDefinition({"drafting.textproto", kDraftToPublication}, Rules(), testing::ShippedInputs()).value();
  v1::Complaint complaint;
  complaint.set_id("c0ffee00-0000-4000-8000-000000000005");
  complaint.set_state("ready");
  complaint.set_version(4);
  complaint.set_department("BUF");
  complaint.mutable_complainant()->set_name("Jens Hansen");
  const HolidayCalendar calendar = HolidayCalendar::Danish();
  const EngineContext context{Rules(), calendar, FromUnixMicros(0), Date{}};
  const CaseView view{complaint, workflow, std::string(64, 'a')};
  const Actor caseworker{Role::kCaseworker, "", "Anne", "token-anne", "u-anne"};

  v1::TransitionRequest request;
  request.set_name("draft");
  request.set_expected_version(4);
  // No title yet: firing would refuse it, the check reads the text.
  (*request.mutable_input()->mutable_fields())["publication_text"].set_string_value("Jens Hansen ventede.");
  auto found = ScanRequest(view, context, caseworker, request);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].text(), "Jens Hansen");
  EXPECT_FALSE(EvaluateTransition(view, context, caseworker, request).has_value());

  const Actor department{Role::kDepartment, "BUF", "BUF", "token-buf"};
  EXPECT_EQ(ScanRequest(view, context, department, request).error().code, ErrorCode::kPermissionDenied);
  v1::TransitionRequest stale = request;
  stale.set_expected_version(3);
  EXPECT_EQ(ScanRequest(view, context, caseworker, stale).error().code, ErrorCode::kAborted);
  v1::TransitionRequest elsewhere = request;
  elsewhere.set_name("send_notice");
  EXPECT_EQ(ScanRequest(view, context, caseworker, elsewhere).error().code, ErrorCode::kFailedPrecondition);
  v1::TransitionRequest unknown = request;
  unknown.set_name("no_such_step");
  EXPECT_EQ(ScanRequest(view, context, caseworker, unknown).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ombudsflow
