#include "engine/store/transition_store.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "engine/store/complaint_store.h"
#include "engine/store/notice_store.h"
#include "tests/support/test_database.h"

namespace ombudsflow::store {
namespace {

using testing::TestDatabase;

constexpr std::int64_t kJune2026 = 1'780'308'000'000'000;

class TransitionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(2);
    complaints_ = std::make_unique<ComplaintStore>(*pool_, ComplaintStore::Options{});
    cases_ = std::make_unique<TransitionStore>(*pool_, "Europe/Copenhagen");

    NewComplaint complaint;
    complaint.id = "c0ffee00-0000-4000-8000-000000000001";
    complaint.workflow = "complaint";
    complaint.workflow_version = 1;
    complaint.state = "assessment";
    complaint.intake.set_channel(v1::EMAIL);
    complaint.intake.mutable_complainant()->set_name("Jens");
    complaint.intake.mutable_complainant()->set_email("jens@example.dk");
    complaint.intake.mutable_complainant()->set_language("da");
    complaint.intake.set_department("BUF");
    complaint.intake.set_subject("s");
    complaint.intake.set_description("d");
    complaint.created_at = FromUnixMicros(kJune2026);
    complaint.registered_event = Sealed(AuditEvent{.complaint_id = complaint.id, .seq = 1,
                                                   .occurred_at = complaint.created_at,
                                                   .actor_role = "caseworker", .actor_name = "Anne",
                                                   .kind = "complaint_registered", .payload_json = "{}",
                                                   .prev_hash = {}, .hash = {}});
    ASSERT_TRUE(complaints_->Insert(complaint).has_value());
  }

  // A transition that sends BUF a pre-publication notice.
  TransitionOutcome NoticeOutcome(const StoredCase& stored) {
    TransitionOutcome outcome;
    outcome.after = stored.complaint;
    outcome.after.set_state("awaiting_notice_receipt");
    outcome.after.set_version(stored.complaint.version() + 1);
    outcome.effects.push_back({"department_notice", R"({"department":"BUF","notice":"pre_publication"})"});
    outcome.effects.push_back({"letter", R"({"template":"x"})"});
    outcome.event = Sealed(AuditEvent{.complaint_id = stored.complaint.id(), .seq = outcome.after.version(),
                                      .occurred_at = FromUnixMicros(kJune2026 + 1), .actor_role = "ombudsman",
                                      .actor_name = "O", .kind = "transition", .payload_json = "{}",
                                      .prev_hash = stored.last_event_hash, .hash = {}});
    return outcome;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Database> pool_;
  std::unique_ptr<ComplaintStore> complaints_;
  std::unique_ptr<TransitionStore> cases_;
};

TEST_F(TransitionStoreTest, WhatRegistrationAnswersIsWhatAReadReturns) {
  // The services keep a new case in memory from the registration's answer
  // alone, so it must be the case exactly as read back, every field.
  NewComplaint complaint;
  complaint.id = "c0ffee00-0000-4000-8000-000000000002";
  complaint.workflow = "complaint";
  complaint.workflow_version = 3;
  complaint.state = "received";
  complaint.intake.set_channel(v1::LETTER);
  auto& complainant = *complaint.intake.mutable_complainant();
  complainant.set_name("Åse Ærø");
  complainant.set_email("aase@example.dk");
  complainant.set_phone("+45 12 34 56 78");
  complainant.set_postal_address("Østergade 1, 1100 København K");
  complainant.set_language("en");
  complainant.set_needs_interpreter(true);
  complainant.set_needs_accessible_format(true);
  complaint.intake.set_department("SOF");
  complaint.intake.set_subject("Hjemmehjælp");
  complaint.intake.set_description("Ingen afgørelse.\nTo linjer.");
  complaint.created_at = FromUnixMicros(kJune2026 + 123'457);
  complaint.registered_event = Sealed(AuditEvent{.complaint_id = complaint.id, .seq = 1,
                                                 .occurred_at = complaint.created_at,
                                                 .actor_role = "caseworker", .actor_name = "Anne",
                                                 .kind = "complaint_registered", .payload_json = "{}",
                                                 .prev_hash = {}, .hash = {}});
  auto inserted = complaints_->Insert(complaint);
  ASSERT_TRUE(inserted.has_value()) << inserted.error().message;
  auto loaded = cases_->Load(complaint.id);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  std::string difference;
  google::protobuf::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&difference);
  EXPECT_TRUE(differ.Compare(*inserted, loaded->complaint)) << difference;
  EXPECT_EQ(loaded->last_event_hash, complaint.registered_event.hash);
}

TEST_F(TransitionStoreTest, NoticesWrittenByATransitionComeBackWithTheCaseAndTheirReceipt) {
  auto loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_TRUE(loaded->notices.empty());
  auto applied = cases_->Apply(NoticeOutcome(*loaded));
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  EXPECT_EQ(applied->deliveries_queued, 0) << "BUF has no webhook endpoint";
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox"), 1);  // the letter only

  loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_EQ(loaded.value().notices.size(), 1u);
  EXPECT_EQ(loaded->notices[0].notice, "pre_publication");
  EXPECT_FALSE(loaded->notices[0].delivered);
  EXPECT_FALSE(loaded->notices[0].acknowledged);

  NoticeStore notices(*pool_);
  NoticeQuery pending;
  pending.department = "BUF";
  pending.pending_only = true;
  auto page = notices.List(pending);
  ASSERT_EQ(page.value().notices.size(), 1u);
  ASSERT_TRUE(notices.Acknowledge(page->notices[0].id(), "BUF", "BUF inbox", FromUnixMicros(kJune2026 + 9)).has_value());
  EXPECT_EQ(notices.Acknowledge(page->notices[0].id(), "SOF", "SOF inbox", FromUnixMicros(kJune2026 + 9)).error().code,
            ErrorCode::kNotFound);

  loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_EQ(loaded.value().notices.size(), 1u);
  EXPECT_TRUE(loaded->notices[0].acknowledged);

  // The notices alone, for a case the service holds in memory, agree.
  auto alone = cases_->Notices("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_EQ(alone.value().size(), 1u);
  EXPECT_EQ(alone->at(0).notice, "pre_publication");
  EXPECT_TRUE(alone->at(0).acknowledged);
  EXPECT_FALSE(alone->at(0).delivered);
  EXPECT_TRUE(cases_->Notices("c0ffee00-0000-4000-8000-00000000000f").value().empty());
  EXPECT_EQ(cases_->Notices("not-a-case").error().code, ErrorCode::kNotFound);
}

TEST_F(TransitionStoreTest, ANoticeToADepartmentWithAnActiveWebhookQueuesItsDelivery) {
  database_->Execute(
      "INSERT INTO webhook_endpoints (department, url, secret, created_at, created_by) VALUES"
      " ('BUF', 'https://buf.example/hook', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', now(), 'admin')");
  auto loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_TRUE(loaded.has_value());
  auto applied = cases_->Apply(NoticeOutcome(*loaded));
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  EXPECT_EQ(applied->deliveries_queued, 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_deliveries"), 1);
  EXPECT_EQ(applied->complaint.version(), 2u);
}

TEST_F(TransitionStoreTest, AStaleOutcomeWritesNothing) {
  auto loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_TRUE(loaded.has_value());
  const TransitionOutcome outcome = NoticeOutcome(*loaded);
  ASSERT_TRUE(cases_->Apply(outcome).has_value());
  auto again = cases_->Apply(outcome);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAborted);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices"), 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"), 2);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM outbox"), 1);
}

}  // namespace
}  // namespace ombudsflow::store
