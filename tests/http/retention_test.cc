// Retention: a closed case's personal data is removed after the retention
// period, by `ombudsflow retention run` (the server's daily job does the
// same). Canary data planted everywhere a case reaches is found in no table
// afterwards; the statistics and the audit chain survive.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <google/protobuf/util/json_util.h>

#include "engine/service/system_clock.h"
#include "engine/service/user_service.h"
#include "engine/store/user_store.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/server_fixture.h"
#include "tests/support/webhook_receiver.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;

// Every piece of the canary citizen, as it must not be found afterwards.
const std::vector<std::string> kCanaries = {"canarius", "xylofon", "71 72 73 74", "kanariegade", "kanariefugl"};

constexpr const char* kCanaryIntake = R"({"channel": "LETTER",
 "complainant": {"name": "Canarius Xylofon", "email": "canarius.xylofon@example.dk", "phone": "+45 71 72 73 74",
                 "postalAddress": "Kanariegade 9, 1000 København K", "language": "da"},
 "department": "BUF",
 "subject": "Kanariefuglen Canarius venter på svar",
 "description": "Canarius Xylofon har ikke fået svar om sin datter."})";

class RetentionTest : public ServerFixture {
 protected:
  // A BUF case closed with criticism, canary data in its intake, its
  // idempotency key, a complaint point (and so the department's notice), a
  // transition's reason, the department's answer and a closing note.
  std::string ClosedCanaryCase() {
    auto created = PostJson(kCanaryIntake, {{"Idempotency-Key", "canarius-retry-1"}});
    EXPECT_EQ(created.result(), status::created) << created.body();
    const std::string id = Parse<v1::Complaint>(created).id();
    Walk(id, {{Role::kCaseworker, R"({"name": "consider_solutions", "reason": "Canarius ringede igen",
                                      "input": {"department_has_answered": true}})"},
              {Role::kCaseworker, R"({"name": "start_written_treatment",
                                      "input": {"points": ["Canarius' sag er ikke besvaret"]}})"},
              {Role::kOmbudsman, R"({"name": "open_investigation", "input": {"actuality": "a", "significance": "b",
                                      "complexity": "c", "citizen_gain": "d", "improvement_potential": "e",
                                      "selected_points": [1]}})"},
              {Role::kDepartment, R"({"name": "record_department_answer",
                                      "input": {"department_answer": "Vi har ringet til Canarius Xylofon."}})"},
              {Role::kCaseworker, R"({"name": "assess_points",
                                      "input": {"assessments": [{"number": 1, "outcome": "SERIOUS_CRITICISM"}]}})"},
              {Role::kOmbudsman, R"({"name": "close_without_publication", "input": {"newsletter": false,
                                      "newsletter_criteria": [], "newsletter_note": "Canarius-sagen"}})"}});
    // A document on the case: the canary in its description, its name
    // and its bytes (kept waiting for a scan: no clamd here).
    auto uploaded = SendHttp(server_->port(), verb::post,
                             "/v1/complaints/" + id +
                                 "/documents?title=Canarius%27%20brev&direction=DOCUMENT_IN"
                                 "&counterpart=Canarius%20Xylofon&file_name=kanariefugl.txt",
                             "Kanariefuglen Canarius Xylofon skriver igen.\n",
                             {{"Authorization", "Bearer " + tokens_[Role::kCaseworker]},
                              {"Content-Type", "text/plain"},
                              {"Idempotency-Key", "canarius-upload-1"}});
    EXPECT_EQ(uploaded.result(), status::created) << uploaded.body();
    return id;
  }

  // Chunks of document bytes holding `needle`.
  long long ChunksHolding(const std::string& needle) {
    return database_->Scalar("SELECT count(*) FROM document_chunks WHERE position(convert_to('" + needle +
                             "', 'UTF8') IN data) > 0");
  }

  // Rows of every table of the schema whose text holds `needle`, by table.
  std::map<std::string, long long> TablesHolding(const std::string& needle) {
    std::map<std::string, long long> found;
    for (const std::string& table : Tables()) {
      const long long rows =
          database_->Scalar("SELECT count(*) FROM " + table + " t WHERE t::text ILIKE '%" + needle + "%'");
      if (rows > 0) found[table] = rows;
    }
    return found;
  }

  std::vector<std::string> Tables() {
    std::vector<std::string> tables;
    const long long count = database_->Scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
    for (long long i = 0; i < count; ++i) {
      tables.push_back(database_->Text(
          "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'"
          " AND table_type = 'BASE TABLE' ORDER BY table_name OFFSET " + std::to_string(i) + " LIMIT 1"));
    }
    return tables;
  }

  CommandResult Retention(const std::string& days) {
    return RunOmbudsflow({"retention", "run", "--db", database_->conninfo(), "--after-days", days});
  }
};

TEST_F(RetentionTest, CanaryDataOfAClosedCaseIsFoundInNoTableAfterwardsAndTheStatisticsAndChainSurvive) {
  // The department pulls by webhook too, so deliveries exist.
  WebhookReceiver receiver("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_EQ(Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                 R"({"department": "BUF", "url": ")" + receiver.Url() +
                     R"(", "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})",
                 {{"Content-Type", "application/json"}})
                .result(),
            status::created);
  const std::string id = ClosedCanaryCase();
  const std::string open = CaseInHearing();  // still open: never touched
  // And a signed-in caseworker, so the sessions table has a row too.
  {
    auto pool = database_->Connect();
    store::UserStore users(*pool);
    const service::SystemClock clock;
    ASSERT_TRUE(service::UserService(users, clock).SetPassword("caseworker@test.example", "retention test pw", "operator:test").has_value());
  }
  ASSERT_EQ(SendHttp(server_->port(), verb::post, "/v1/sessions",
                     R"({"email": "caseworker@test.example", "password": "retention test pw"})",
                     {{"Content-Type", "application/json"}})
                .result(),
            status::created);
  ASSERT_EQ(database_->Scalar("SELECT count(*) FROM sessions"), 1);

  // Before: the canary is where a case puts it.
  const auto before = TablesHolding("canarius");
  EXPECT_EQ(ChunksHolding("Canarius"), 1);
  for (const char* table : {"complaints", "case_state", "complaint_event_details", "notices", "case_search",
                            "case_documents"}) {
    EXPECT_TRUE(before.contains(table)) << table;
  }
  const auto created_before = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));

  // Search finds it by the citizen's name while the case keeps it.
  EXPECT_EQ(Parse<v1::ListComplaintsResponse>(Send(verb::get, "/v1/complaints?q=Canarius", Role::kCaseworker))
                .complaints_size(),
            1);

  // Closed, but not long enough: nothing happens.
  auto early = Retention("365");
  ASSERT_EQ(early.exit_code, 0) << early.err;
  EXPECT_THAT(early.out, HasSubstr("pseudonymised 0 closed case(s)"));

  const long long content = database_->Scalar("SELECT content_id FROM case_documents WHERE complaint_id = '" + id + "'");
  database_->Execute("UPDATE case_state SET updated_at = now() - interval '400 days' WHERE id IN ('" + id +
                     "', '" + open + "')");
  // Min sag's links (one with a session) and a notification to send, on
  // both cases: the closed case's go, the open one's stay.
  for (const std::string& each : {id, open}) {
    const std::string hash = each == id ? std::string(64, 'a') : std::string(64, 'b');
    database_->Execute("INSERT INTO citizen_links (token_hash, complaint_id, created_at, expires_at) VALUES ('" + hash +
                       "', '" + each + "', now(), now() + interval '30 days')");
    database_->Execute("INSERT INTO citizen_sessions (token_hash, link_hash, created_at, expires_at) VALUES ('" +
                       std::string(64, each == id ? 'c' : 'd') + "', '" + hash + "', now(), now() + interval '1 hour')");
    database_->Execute("INSERT INTO citizen_notifications (complaint_id, kind, created_at, next_attempt_at) VALUES ('" +
                       each + "', 'message', now(), now() + interval '1 day')");
    // A whistleblower's way back in and their identity go too.
    database_->Execute("INSERT INTO whistleblower_reports (complaint_id, code_hash, password_hash, created_at) VALUES ('" +
                       each + "', '" + std::string(64, each == id ? 'e' : 'f') +
                       "', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', now())");
    database_->Execute("INSERT INTO whistleblower_identities (complaint_id, name, contact) VALUES ('" + each + "', '" +
                       (each == id ? "Kanariefugl Melder', 'Kanariegade 1')" : "Åben Melder', 'Åbenvej 2')"));
    // And whose the case is, as MitID said.
    database_->Execute("INSERT INTO citizen_identities (complaint_id, subject_hash, created_at) VALUES ('" + each +
                       "', '" + std::string(64, 'b') + "', now())");
  }
  auto run = Retention("365");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("pseudonymised 1 closed case(s)"));
  for (const std::string table :
       {"citizen_links", "citizen_notifications", "whistleblower_reports", "whistleblower_identities",
        "citizen_identities"}) {
    EXPECT_EQ(database_->Scalar("SELECT count(*) FROM " + table + " WHERE complaint_id = '" + id + "'"), 0) << table;
    EXPECT_EQ(database_->Scalar("SELECT count(*) FROM " + table + " WHERE complaint_id = '" + open + "'"), 1) << table;
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM citizen_sessions"), 1);

  // Search no longer finds the case by the citizen's name.
  EXPECT_EQ(Parse<v1::ListComplaintsResponse>(Send(verb::get, "/v1/complaints?q=Canarius", Role::kCaseworker))
                .complaints_size(),
            0);

  // The document's bytes are gone, and its hash stays in the journal.
  EXPECT_EQ(ChunksHolding("Canarius"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM document_chunks WHERE content_id = " + std::to_string(content)), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM document_contents WHERE id = " + std::to_string(content)), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM case_documents WHERE complaint_id = '" + id +
                              "' AND content_id IS NULL AND length(sha256) = 64"),
            1);
  // Every table of the schema, whatever it is: no canary left.
  for (const std::string& canary : kCanaries) {
    EXPECT_EQ(TablesHolding(canary), (std::map<std::string, long long>{})) << canary;
  }

  // The statistics survive: department, dates, the outcome.
  const auto after = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
  EXPECT_EQ(after.department(), "BUF");
  EXPECT_EQ(after.state(), "closed");
  EXPECT_EQ(after.create_time().seconds(), created_before.create_time().seconds());
  ASSERT_EQ(after.points_size(), 1);
  EXPECT_EQ(after.points(0).assessment().outcome(), v1::ComplaintPoint::Assessment::SERIOUS_CRITICISM);
  EXPECT_EQ(after.complainant().name(), "[pseudonymised]");
  EXPECT_EQ(after.version(), created_before.version() + 1);

  // The chain verifies, and says what happened and who did it.
  auto events = Parse<v1::ListEventsResponse>(Send(verb::get, "/v1/complaints/" + id + "/events", Role::kCaseworker));
  EXPECT_TRUE(events.chain_valid()) << events.broken_link();
  ASSERT_GE(events.events_size(), 2);
  const auto& last = events.events(events.events_size() - 1);
  EXPECT_EQ(last.kind(), "pseudonymised");
  EXPECT_EQ(last.actor_name(), "system:retention");
  EXPECT_TRUE(events.events(1).payload().fields().at("detailsErased").bool_value());
  auto verified = RunOmbudsflow({"audit", "verify", "--db", database_->conninfo(), "--all"});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;

  // The open case kept everything; a second run finds nothing more.
  EXPECT_EQ(Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + open, Role::kCaseworker)).complainant().name(),
            "Jens Hansen");
  EXPECT_THAT(Retention("365").out, HasSubstr("pseudonymised 0 closed case(s)"));
}

}  // namespace
}  // namespace ombudsflow::testing
