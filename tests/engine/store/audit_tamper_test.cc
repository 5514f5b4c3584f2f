// Stored audit chains changed behind the server's back, directly in
// PostgreSQL, in many random ways: verification finds every one, at the
// event where it happened.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <set>

#include "engine/core/workflow/audit_chain.h"
#include "engine/store/complaint_store.h"
#include "engine/store/transition_store.h"
#include "tests/support/new_complaint.h"
#include "tests/support/test_database.h"

namespace ombudsflow::store {
namespace {

using testing::TestDatabase;

constexpr std::int64_t kJune2026 = 1'780'308'000'000'000;
constexpr int kEvents = 6;

class AuditTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(1);
    complaints_ = std::make_unique<ComplaintStore>(*pool_, ComplaintStore::Options{});
    cases_ = std::make_unique<TransitionStore>(*pool_, "Europe/Copenhagen");
    // A superuser may change the events table: the trigger that keeps it
    // append-only, and the keys that point into it, are switched off here.
    database_->Execute("ALTER TABLE complaint_events DISABLE TRIGGER ALL");
  }

  // A case with kEvents events, each through the server's own write.
  std::string NewCase(int n) {
    char id[37];
    std::snprintf(id, sizeof id, "c0ffee00-0000-4000-8000-%012d", n);
    EXPECT_TRUE(complaints_->Insert(testing::RegistrableComplaint(id, FromUnixMicros(kJune2026))).has_value());
    for (int seq = 2; seq <= kEvents; ++seq) {
      auto stored = cases_->Load(id);
      EXPECT_TRUE(stored.has_value());
      TransitionOutcome outcome;
      outcome.after = stored->complaint;
      outcome.after.set_state("step" + std::to_string(seq));
      outcome.after.set_version(stored->complaint.version() + 1);
      // Each with free texts kept aside, as transitions write them.
      const std::string details = R"({"reason":"step )" + std::to_string(seq) + R"( as the citizen asked"})";
      outcome.event = Sealed(AuditEvent{.complaint_id = id, .seq = outcome.after.version(),
                                        .occurred_at = FromUnixMicros(kJune2026 + seq), .actor_role = "caseworker",
                                        .actor = "Anne", .kind = "transition",
                                        .payload_json = R"({"detailsDigest":")" + DetailsDigest(details) +
                                                        R"(","step":)" + std::to_string(seq) + "}",
                                        .details_json = details,
                                        .prev_hash = stored->last_event_hash, .hash = {}});
      EXPECT_TRUE(cases_->Apply(outcome).has_value());
    }
    return id;
  }

  std::optional<ChainBreak> Verify(const std::string& id) {
    auto chain = complaints_->Chain(id);
    EXPECT_TRUE(chain.has_value()) << chain.error().message;
    return FirstBrokenLink(chain->events, chain->anchor);
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Database> pool_;
  std::unique_ptr<ComplaintStore> complaints_;
  std::unique_ptr<TransitionStore> cases_;
};

// One way to change a stored chain; `seq` is the event it starts at. Returns
// the first seq verification must name.
struct Tampering {
  const char* name;
  std::function<int(TestDatabase&, const std::string& id, int seq)> apply;
};

std::string Where(const std::string& id, int seq) {
  return " WHERE complaint_id = '" + id + "' AND seq = " + std::to_string(seq);
}

const std::vector<Tampering>& Tamperings() {
  static const std::vector<Tampering> kAll = {
      {"edit the payload", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("UPDATE complaint_events SET payload = '{\"step\": 99}'" + Where(id, seq));
         return seq;
       }},
      {"edit the actor", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("UPDATE complaint_events SET actor = 'Mallory'" + Where(id, seq));
         return seq;
       }},
      {"edit the kind", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("UPDATE complaint_events SET kind = 'consent_recorded'" + Where(id, seq));
         return seq;
       }},
      {"move the time by a microsecond", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("UPDATE complaint_events SET occurred_at = occurred_at + interval '1 microsecond'" +
                    Where(id, seq));
         return seq;
       }},
      {"change the hash scheme", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("UPDATE complaint_events SET hash_scheme = 1" + Where(id, seq));
         return seq;
       }},
      {"replace the hash", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("UPDATE complaint_events SET hash = repeat('0', 64)" + Where(id, seq));
         return seq;
       }},
      {"delete an event", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("DELETE FROM complaint_events" + Where(id, seq));
         return seq;
       }},
      {"swap an event with the next", [](TestDatabase& db, const std::string& id, int seq) {
         const int next = seq == kEvents ? seq - 1 : seq + 1;
         db.Execute("UPDATE complaint_events SET seq = 1000" + Where(id, seq));
         db.Execute("UPDATE complaint_events SET seq = " + std::to_string(seq) + Where(id, next));
         db.Execute("UPDATE complaint_events SET seq = " + std::to_string(next) + Where(id, 1000));
         return std::min(seq, next);
       }},
      {"truncate the tail", [](TestDatabase& db, const std::string& id, int seq) {
         db.Execute("DELETE FROM complaint_events WHERE complaint_id = '" + id + "' AND seq >= " +
                    std::to_string(seq));
         return seq;
       }},
      // Registration (event 1) keeps no details: these start at event 2.
      {"edit the details kept aside", [](TestDatabase& db, const std::string& id, int seq) {
         const int at = std::max(seq, 2);
         db.Execute("UPDATE complaint_event_details SET details = '{\"reason\": \"forged\"}'" + Where(id, at));
         return at;
       }},
      {"delete the details kept aside", [](TestDatabase& db, const std::string& id, int seq) {
         const int at = std::max(seq, 2);
         db.Execute("DELETE FROM complaint_event_details" + Where(id, at));
         return at;
       }},
      {"append a copy of the last event", [](TestDatabase& db, const std::string& id, int) {
         db.Execute("INSERT INTO complaint_events (complaint_id, seq, occurred_at, actor_role, actor, kind,"
                    " payload, hash, hash_scheme) SELECT complaint_id, seq + 1, occurred_at, actor_role, actor,"
                    " kind, payload, hash, hash_scheme FROM complaint_events" + Where(id, kEvents));
         return kEvents + 1;
       }},
  };
  return kAll;
}

TEST_F(AuditTamperTest, EveryRandomTamperingIsFoundWhereItHappened) {
  std::mt19937 random(20261130);  // fixed: a failure names its case and can be replayed
  std::uniform_int_distribution<std::size_t> pick_kind(0, Tamperings().size() - 1);
  std::uniform_int_distribution<int> pick_seq(1, kEvents);
  std::set<std::string> kinds_seen;
  for (int n = 1; n <= 60; ++n) {
    const std::string id = NewCase(n);
    ASSERT_EQ(Verify(id), std::nullopt) << "case " << n << " before tampering";
    // Two different tamperings, each at a random event; the chain breaks at
    // the earlier place either of them changed.
    const std::size_t kind = pick_kind(random);
    const std::size_t other = (kind + 1 + random() % (Tamperings().size() - 1)) % Tamperings().size();
    int first = kEvents + 2;
    std::string done;
    for (const std::size_t which : {kind, other}) {
      const Tampering& tampering = Tamperings()[which];
      const int seq = pick_seq(random);
      first = std::min(first, tampering.apply(*database_, id, seq));
      kinds_seen.insert(tampering.name);
      done += std::string(done.empty() ? "" : ", then ") + tampering.name + " at " + std::to_string(seq);
    }
    auto broken = Verify(id);
    ASSERT_TRUE(broken.has_value()) << "case " << n << ": " << done << " went unnoticed";
    EXPECT_EQ(broken->seq, static_cast<std::uint32_t>(first)) << "case " << n << ": " << done << ": "
                                                              << broken->reason;
  }
  EXPECT_EQ(kinds_seen.size(), Tamperings().size()) << "the seed left a kind of tampering untried";
}

TEST_F(AuditTamperTest, EachKindOfTamperingAloneIsFound) {
  int n = 100;
  for (const Tampering& tampering : Tamperings()) {
    for (int seq = 1; seq <= kEvents; ++seq) {
      const std::string id = NewCase(++n);
      const int first = tampering.apply(*database_, id, seq);
      auto broken = Verify(id);
      ASSERT_TRUE(broken.has_value()) << tampering.name << " at " << seq << " went unnoticed";
      EXPECT_EQ(broken->seq, static_cast<std::uint32_t>(first)) << tampering.name << " at " << seq << ": "
                                                                << broken->reason;
    }
  }
}

}  // namespace
}  // namespace ombudsflow::store
