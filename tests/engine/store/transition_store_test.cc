#include "engine/store/transition_store.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <google/protobuf/util/time_util.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

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

    InsertCase("c0ffee00-0000-4000-8000-000000000001");
  }

  void InsertCase(const std::string& id, int hash_scheme = kAuditHashScheme) {
    NewComplaint complaint;
    complaint.id = id;
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
                                                   .actor_role = "caseworker", .actor = "Anne",
                                                   .kind = "complaint_registered", .payload_json = "{}",
                                                   .prev_hash = {}, .hash = {}, .hash_scheme = hash_scheme});
    ASSERT_TRUE(complaints_->Insert(complaint).has_value());
  }

  // The case's timer transition, as the engine would compute it.
  TransitionOutcome TimeoutOutcome(const StoredCase& stored) {
    TransitionOutcome outcome;
    outcome.after = stored.complaint;
    outcome.after.set_state("decided");
    outcome.after.set_version(stored.complaint.version() + 1);
    outcome.event = Sealed(AuditEvent{.complaint_id = stored.complaint.id(), .seq = outcome.after.version(),
                                      .occurred_at = FromUnixMicros(kJune2026 + 1), .actor_role = "system",
                                      .actor = "timer", .kind = "transition", .payload_json = "{}",
                                      .prev_hash = stored.last_event_hash, .hash = {}});
    return outcome;
  }

  // A transition that sends BUF a pre-publication notice.
  TransitionOutcome NoticeOutcome(const StoredCase& stored) {
    TransitionOutcome outcome;
    outcome.after = stored.complaint;
    outcome.after.set_state("awaiting_notice_receipt");
    outcome.after.set_version(stored.complaint.version() + 1);
    outcome.effects.push_back(DepartmentNotice{.department = "BUF", .notice = "pre_publication"});
    outcome.effects.push_back(Letter{.template_name = "x", .variant = "da", .channel = "email", .subject = "S",
                                     .html = "<p>x</p>"});
    outcome.event = Sealed(AuditEvent{.complaint_id = stored.complaint.id(), .seq = outcome.after.version(),
                                      .occurred_at = FromUnixMicros(kJune2026 + 1), .actor_role = "ombudsman",
                                      .actor = "O", .kind = "transition", .payload_json = "{}",
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
                                                 .actor_role = "caseworker", .actor = "Anne",
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

// What a department's list needs to act: the case's subject, the case's
// deadline on its newest notice only, and its comment with the receipt,
// of which the first stands.
TEST_F(TransitionStoreTest, ANoticeCarriesTheSubjectTheDeadlineWhileNewestAndTheFirstReceiptsComment) {
  auto loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  ASSERT_TRUE(cases_->Apply(NoticeOutcome(*loaded)).has_value());
  NoticeStore notices(*pool_);
  NoticeQuery all;
  all.department = "BUF";
  auto page = notices.List(all);
  ASSERT_EQ(page.value().notices.size(), 1u);
  const v1::Notice first = page->notices[0];
  EXPECT_EQ(first.subject(), "s");
  EXPECT_FALSE(first.has_respond_by_time()) << "the case has no deadline";

  const long long due_seconds = kJune2026 / 1'000'000 + 86400 * 15;
  database_->Execute("UPDATE case_state SET deadline_at = to_timestamp(" + std::to_string(due_seconds) +
                     "), timeout_transition = 'remind'");
  auto found = notices.Find(first.id(), "BUF");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(google::protobuf::util::TimeUtil::TimestampToSeconds(found->respond_by_time()), due_seconds);

  auto acknowledged = notices.Acknowledge(first.id(), "BUF", "BUF inbox", "Vi har ingen bemærkninger.",
                                          FromUnixMicros(kJune2026 + 9));
  ASSERT_TRUE(acknowledged.has_value()) << acknowledged.error().message;
  EXPECT_EQ(acknowledged->comment(), "Vi har ingen bemærkninger.");
  EXPECT_EQ(acknowledged->subject(), "s");
  auto again = notices.Acknowledge(first.id(), "BUF", "BUF inbox", "Noget andet.", FromUnixMicros(kJune2026 + 99));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->comment(), "Vi har ingen bemærkninger.");
  EXPECT_EQ(again->acknowledge_time(), acknowledged->acknowledge_time());

  // A newer notice takes the deadline; the first is past it.
  loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_TRUE(loaded.has_value());
  ASSERT_TRUE(cases_->Apply(NoticeOutcome(*loaded)).has_value());
  database_->Execute("UPDATE notices SET created_at = created_at + interval '1 minute' WHERE id <> '" + first.id() +
                     "'");
  database_->Execute("UPDATE case_state SET deadline_at = to_timestamp(" + std::to_string(due_seconds) +
                     "), timeout_transition = 'remind'");
  found = notices.Find(first.id(), "BUF");
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->has_respond_by_time());
  page = notices.List(all);
  ASSERT_EQ(page.value().notices.size(), 2u);
  EXPECT_TRUE(page->notices[0].has_respond_by_time());
}

TEST_F(TransitionStoreTest, NoticesWrittenByATransitionComeBackWithTheCaseAndTheirReceipt) {
  auto loaded = cases_->Load("c0ffee00-0000-4000-8000-000000000001");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_TRUE(loaded->notices.empty());
  auto applied = cases_->Apply(NoticeOutcome(*loaded));
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  EXPECT_EQ(applied->deliveries_queued, 0) << "BUF has no webhook endpoint";
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM letters WHERE delivery_state = 'pending'"), 1);
  // Journalled in order: the notice (with the case change) and the letter.
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal WHERE document_kind = 'notice' AND direction = 'out'"
                              " AND counterpart = 'BUF'"),
            1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal j JOIN letters l ON l.id = j.letter_id"
                              " WHERE j.sha256 = l.html_sha256 AND j.counterpart = 'citizen'"),
            1);

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
  ASSERT_TRUE(notices.Acknowledge(page->notices[0].id(), "BUF", "BUF inbox", "", FromUnixMicros(kJune2026 + 9)).has_value());
  EXPECT_EQ(notices.Acknowledge(page->notices[0].id(), "SOF", "SOF inbox", "", FromUnixMicros(kJune2026 + 9)).error().code,
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
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM letters"), 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal WHERE document_kind <> 'complaint'"), 2);
}

// A chain begun under the old hash scheme and continued under the new one
// verifies event by event: each is checked under the scheme it was sealed with.
TEST_F(TransitionStoreTest, AChainSealedUnderTwoHashSchemesVerifies) {
  const std::string id = "c0ffee00-0000-4000-8000-0000000000aa";
  InsertCase(id, 1);
  auto loaded = cases_->Load(id);
  ASSERT_TRUE(loaded.has_value());
  TransitionOutcome outcome = NoticeOutcome(*loaded);
  outcome.event.payload_json = R"({"transition": "send_notice", "input": {"b": 2, "a": 1}})";
  outcome.event = Sealed(outcome.event);
  ASSERT_EQ(outcome.event.hash_scheme, 2);
  ASSERT_TRUE(cases_->Apply(outcome).has_value());

  auto chain = complaints_->Chain(id);
  ASSERT_TRUE(chain.has_value());
  const auto& events = chain->events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].hash_scheme, 1);
  EXPECT_EQ(events[1].hash_scheme, 2);
  EXPECT_EQ(FirstBrokenLink(events, chain->anchor), std::nullopt);
  // PostgreSQL keeps json text as written; scheme 2 would verify even if not.
  EXPECT_EQ(events[1].payload_json, outcome.event.payload_json);
}

// What the claim guarantees, observed directly: while one server's claim
// holds its timers, another server's claim takes the others at once (it
// neither waits nor takes the same), and every timer fires once.
TEST_F(TransitionStoreTest, TwoServersClaimDisjointTimersAndNeitherWaitsForTheOther) {
  for (int i = 2; i <= 6; ++i) InsertCase("c0ffee00-0000-4000-8000-00000000000" + std::to_string(i));
  database_->Execute("UPDATE case_state SET deadline_at = to_timestamp(" + std::to_string(kJune2026 / 1'000'000) +
                     "), timeout_transition = 'decide'");
  const Timestamp now = FromUnixMicros(kJune2026 + 3'600'000'000);
  auto other_pool = database_->Connect(1);
  TransitionStore other(*other_pool, "Europe/Copenhagen");

  std::mutex mutex;
  std::condition_variable changed;
  bool first_claimed = false, release_first = false;
  std::set<std::string> first_ids, second_ids;
  int first_fired = -1;
  std::thread first([&] {
    auto fired = cases_->FireDue(now, 3, [&](const StoredCase& stored) -> Result<TransitionOutcome> {
      std::unique_lock lock(mutex);
      first_ids.insert(stored.complaint.id());
      first_claimed = true;
      changed.notify_all();
      // Holds the claim (its rows locked, its transaction open) until released.
      changed.wait(lock, [&] { return release_first; });
      return TimeoutOutcome(stored);
    });
    first_fired = fired.value_or(-1);
  });
  bool claimed_in_time = false;
  {
    std::unique_lock lock(mutex);
    claimed_in_time = changed.wait_for(lock, std::chrono::seconds(10), [&] { return first_claimed; });
    if (!claimed_in_time) release_first = true;
  }
  if (!claimed_in_time) {
    first.join();
    FAIL() << "the first server claimed nothing";
  }
  auto second = std::async(std::launch::async, [&] {
    return other.FireDue(now, 50, [&](const StoredCase& stored) -> Result<TransitionOutcome> {
      std::lock_guard lock(mutex);
      second_ids.insert(stored.complaint.id());
      return TimeoutOutcome(stored);
    }).value_or(-1);
  });
  const bool second_went_on = second.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  {
    std::lock_guard lock(mutex);
    release_first = true;
  }
  changed.notify_all();
  first.join();
  ASSERT_TRUE(second_went_on) << "the second claim waited for the first one's timers";
  EXPECT_EQ(first_fired, 3);
  EXPECT_EQ(second.get(), 3);
  EXPECT_EQ(first_ids.size(), 3u);
  EXPECT_EQ(second_ids.size(), 3u);
  for (const auto& id : first_ids) EXPECT_FALSE(second_ids.contains(id)) << id << " was claimed twice";
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_state WHERE state = 'decided' AND deadline_at IS NULL"), 6);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE seq = 2"), 6);
}

}  // namespace
}  // namespace ombudsflow::store
