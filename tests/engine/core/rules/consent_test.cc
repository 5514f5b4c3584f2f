#include "engine/core/rules/consent.h"

#include <gtest/gtest.h>

#include "tests/support/standard_rules.h"

namespace ombudsflow {
namespace {

class ConsentTest : public ::testing::Test {
 protected:
  ConsentTest() {
    complaint_.set_id("c0ffee00-0000-4000-8000-000000000003");
    complaint_.set_state("awaiting_notice_receipt");
    complaint_.set_version(7);
    complaint_.set_channel(v1::LETTER);
    request_.set_kind("name");
    request_.set_value("Jens Hansen");
    request_.set_evidence("Underskrevet brev");
    request_.set_expected_version(7);
  }

  CaseView View() const { return CaseView{complaint_, workflow_, std::string(64, 'b')}; }
  EngineContext Context() const { return EngineContext{testing::StandardRules(), calendar_, FromUnixMicros(5), Date{}}; }

  v1::Complaint complaint_;
  v1::WorkflowDefinition workflow_;
  v1::RecordConsentRequest request_;
  HolidayCalendar calendar_ = HolidayCalendar::Danish();
  Actor caseworker_{Role::kCaseworker, "", "Anne", "token-anne", "u-anne"};
};

TEST_F(ConsentTest, RecordsTheConsentInANewVersionKeepingStateAndDeadline) {
  auto recorded = RecordConsent(View(), Context(), caseworker_, request_, "consent-1");
  ASSERT_TRUE(recorded.has_value()) << recorded.error().message;
  EXPECT_EQ(recorded->after.version(), 8u);
  EXPECT_EQ(recorded->after.state(), "awaiting_notice_receipt");
  EXPECT_TRUE(recorded->keep_deadline);
  ASSERT_EQ(recorded->after.consents_size(), 1);
  EXPECT_EQ(recorded->after.consents(0).recorded_by(), "user:u-anne");
  EXPECT_EQ(recorded->event.kind, "consent_recorded");
  EXPECT_EQ(recorded->event.prev_hash, std::string(64, 'b'));
  // The audit trail names the consent, never the data.
  EXPECT_EQ(recorded->event.payload_json.find("Jens"), std::string::npos);
}

TEST_F(ConsentTest, RefusesWhatIsNotAConsent) {
  const Actor department{Role::kDepartment, "BUF", "BUF", "token-buf"};
  EXPECT_EQ(RecordConsent(View(), Context(), department, request_, "c").error().code, ErrorCode::kPermissionDenied);
  auto wrong = request_;
  wrong.set_kind("shoe_size");
  wrong.clear_evidence();
  auto refused = RecordConsent(View(), Context(), caseworker_, wrong, "c");
  ASSERT_FALSE(refused.has_value());
  ASSERT_EQ(refused.error().field_violations.size(), 2u);
  EXPECT_EQ(refused.error().field_violations[0].field, "kind");
  EXPECT_EQ(refused.error().field_violations[1].field, "evidence");
  auto stale = request_;
  stale.set_expected_version(6);
  EXPECT_EQ(RecordConsent(View(), Context(), caseworker_, stale, "c").error().code, ErrorCode::kAborted);
}

TEST_F(ConsentTest, RevokesOnceAndOnlyAnExistingConsent) {
  complaint_ = RecordConsent(View(), Context(), caseworker_, request_, "consent-1").value().after;
  v1::RevokeConsentRequest revoke;
  revoke.set_reason("Trukket tilbage");
  revoke.set_expected_version(8);
  EXPECT_EQ(RevokeConsent(View(), Context(), caseworker_, "nope", revoke).error().code, ErrorCode::kNotFound);
  auto revoked = RevokeConsent(View(), Context(), caseworker_, "consent-1", revoke);
  ASSERT_TRUE(revoked.has_value()) << revoked.error().message;
  EXPECT_TRUE(revoked->after.consents(0).has_revoke_time());
  EXPECT_EQ(revoked->event.kind, "consent_revoked");
  complaint_ = revoked->after;
  revoke.set_expected_version(9);
  EXPECT_EQ(RevokeConsent(View(), Context(), caseworker_, "consent-1", revoke).error().code,
            ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ombudsflow
