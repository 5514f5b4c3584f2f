#include "engine/store/complaint_store.h"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>

#include "engine/store/token_store.h"
#include "tests/support/test_database.h"

namespace ombudsflow::store {
namespace {

using testing::TestDatabase;

// 2026-06-01T10:00:00Z
constexpr std::int64_t kJune2026 = 1'780'308'000'000'000;

class ComplaintStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Migrated();
    pool_ = database_->Connect(2);
    store_ = std::make_unique<ComplaintStore>(*pool_, ComplaintStore::Options{});
    TokenStore tokens(*pool_);
    auto token = tokens.CreateForSystem(std::string(64, 'a'), Role::kDepartment, "BUF", "Anne",
                                        FromUnixMicros(kJune2026) + std::chrono::days(365), "operator:test");
    ASSERT_TRUE(token.has_value());
    token_id_ = *token;
  }

  NewComplaint Make(std::int64_t micros, std::string department = "BUF") {
    static int counter = 0;
    NewComplaint complaint;
    char id[40];
    std::snprintf(id, sizeof id, "c0ffee00-0000-4000-8000-%012d", ++counter);
    complaint.id = id;
    complaint.workflow = "complaint";
    complaint.workflow_version = 1;
    complaint.state = "received";
    complaint.intake.set_channel(v1::PHONE);
    complaint.intake.mutable_complainant()->set_name("Jens Hansen");
    complaint.intake.mutable_complainant()->set_phone("+45 33 66 33 66");
    complaint.intake.mutable_complainant()->set_language("da");
    complaint.intake.mutable_complainant()->set_needs_interpreter(true);
    complaint.intake.mutable_complainant()->set_needs_assistance(true);
    complaint.intake.set_department(std::move(department));
    complaint.intake.set_subject("Manglende svar");
    complaint.intake.set_description("Ingen svar.");
    complaint.created_at = FromUnixMicros(micros);
    complaint.created_by_token = token_id_;
    complaint.registered_event = Sealed(AuditEvent{.complaint_id = complaint.id,
                                                   .seq = 1,
                                                   .occurred_at = complaint.created_at,
                                                   .actor_role = "caseworker",
                                                   .actor = "Anne",
                                                   .kind = "complaint_registered",
                                                   .payload_json = R"({"state":"received"})",
                                                   .prev_hash = {},
                                                   .hash = {}});
    return complaint;
  }

  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<Database> pool_;
  std::unique_ptr<ComplaintStore> store_;
  std::string token_id_;
  std::string owner() const { return "token:" + token_id_; }
};

TEST_F(ComplaintStoreTest, StoresAndFindsTheComplaintExactly) {
  auto stored = store_->Insert(Make(kJune2026 + 123'456));
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  auto found = store_->Find(stored->id());
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(found->SerializeAsString(), stored->SerializeAsString());
  EXPECT_EQ(found->case_number(), "BR-2026-00001");
  EXPECT_TRUE(found->complainant().needs_interpreter());
  EXPECT_TRUE(found->complainant().needs_assistance());
  EXPECT_EQ(found->create_time().nanos(), 123'456'000);  // microseconds survive
}

TEST_F(ComplaintStoreTest, NumbersCasesPerYearInTheOfficesTimeZone) {
  // 2026-12-31T23:30:00Z is already 2027 in Copenhagen.
  constexpr std::int64_t kNewYearsEveUtc = 1'798'759'800'000'000;
  EXPECT_EQ(store_->Insert(Make(kJune2026)).value().case_number(), "BR-2026-00001");
  EXPECT_EQ(store_->Insert(Make(kJune2026 + 1)).value().case_number(), "BR-2026-00002");
  EXPECT_EQ(store_->Insert(Make(kNewYearsEveUtc)).value().case_number(), "BR-2027-00001");
  EXPECT_EQ(store_->Insert(Make(kJune2026 + 2)).value().case_number(), "BR-2026-00003");
}

TEST_F(ComplaintStoreTest, WritesTheFirstAuditEventWithTheComplaint) {
  NewComplaint complaint = Make(kJune2026);
  ASSERT_TRUE(store_->Insert(complaint).has_value());
  auto chain = store_->Chain(complaint.id);
  ASSERT_TRUE(chain.has_value());
  ASSERT_EQ(chain->events.size(), 1u);
  EXPECT_EQ(chain->events[0].hash, complaint.registered_event.hash);
  EXPECT_EQ(chain->anchor.version, 1u);
  EXPECT_EQ(FirstBrokenLink(chain->events, chain->anchor), std::nullopt);  // the chain verifies as stored
}

TEST_F(ComplaintStoreTest, AuditEventsAreAppendOnly) {
  NewComplaint complaint = Make(kJune2026);
  ASSERT_TRUE(store_->Insert(complaint).has_value());
  EXPECT_THROW(database_->Execute("UPDATE complaint_events SET kind = 'forged'"), soci::soci_error);
  EXPECT_THROW(database_->Execute("DELETE FROM complaint_events"), soci::soci_error);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE kind = 'complaint_registered'"), 1);
}

// The trigger above is one a superuser can drop. The server's own login
// holds no grant to change or remove events, trigger or not; what it needs
// (reading, adding events, changing cases) it can do.
TEST_F(ComplaintStoreTest, TheServersLoginCannotChangeOrRemoveEventsEvenWithoutTheTrigger) {
  NewComplaint complaint = Make(kJune2026);
  ASSERT_TRUE(store_->Insert(complaint).has_value());
  database_->Execute("ALTER TABLE complaint_events DISABLE TRIGGER ALL");
  soci::session server(soci::postgresql, database_->server_conninfo());
  for (const std::string change : {"UPDATE complaint_events SET kind = 'forged'", "DELETE FROM complaint_events",
                                   "TRUNCATE complaint_events CASCADE",
                                   // Details kept aside are erased, never changed.
                                   "UPDATE complaint_event_details SET details = '{}'",
                                   "TRUNCATE complaint_event_details",
                                   "INSERT INTO schema_migrations (name, checksum) VALUES ('x', 'y')"}) {
    try {
      server << change;
      ADD_FAILURE() << "the server's login may: " << change;
    } catch (const soci::soci_error& error) {
      EXPECT_NE(std::string(error.what()).find("permission denied"), std::string::npos) << error.what();
    }
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events WHERE kind = 'complaint_registered'"), 1);

  // What the server does, its login may: a pool on it registers a case.
  auto as_server = store::Database::Connect({.conninfo = database_->server_conninfo(), .pool_size = 1});
  ASSERT_TRUE(as_server.has_value()) << as_server.error().message;
  ComplaintStore server_store(**as_server, ComplaintStore::Options{});
  NewComplaint another = Make(kJune2026 + 1);
  ASSERT_TRUE(server_store.Insert(another).has_value());
  auto chain = server_store.Chain(another.id);
  ASSERT_TRUE(chain.has_value()) << chain.error().message;
  EXPECT_EQ(FirstBrokenLink(chain->events, chain->anchor), std::nullopt);
}

TEST_F(ComplaintStoreTest, RefusesAnUnknownDepartmentWritingNothing) {
  auto stored = store_->Insert(Make(kJune2026, "XYZ"));
  ASSERT_FALSE(stored.has_value());
  EXPECT_EQ(stored.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(stored.error().field_violations.size(), 1u);
  EXPECT_EQ(stored.error().field_violations[0].field, "department");
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"), 0);
  // The failed attempt does not use up a case number.
  EXPECT_EQ(store_->Insert(Make(kJune2026)).value().case_number(), "BR-2026-00001");
}

TEST_F(ComplaintStoreTest, ReportsAReusedIdempotencyKeyAndFindsTheOriginal) {
  NewComplaint first = Make(kJune2026);
  first.idempotency_key = "key-1";
  first.idempotency_owner = owner();
  first.request_fingerprint = std::string(64, 'f');
  ASSERT_TRUE(store_->Insert(first).has_value());
  NewComplaint retry = Make(kJune2026 + 5);
  retry.idempotency_key = "key-1";
  retry.idempotency_owner = owner();
  retry.request_fingerprint = std::string(64, 'f');
  auto again = store_->Insert(retry);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  auto original = store_->FindByIdempotencyKey(owner(), "key-1");
  ASSERT_TRUE(original.has_value() && original->has_value());
  EXPECT_EQ((*original)->complaint.id(), first.id);
  EXPECT_EQ((*original)->request_fingerprint, std::string(64, 'f'));
  EXPECT_FALSE(store_->FindByIdempotencyKey(owner(), "key-2").value().has_value());
  // Another owner's key of the same name is not this one.
  EXPECT_FALSE(store_->FindByIdempotencyKey("user:someone-else", "key-1").value().has_value());
}

// The error is classified by its SQLSTATE and its constraint's name, never
// by its wording: a key that quotes another constraint's name (PostgreSQL's
// DETAIL repeats it) is still the reused key it is.
TEST_F(ComplaintStoreTest, AKeyThatNamesAnotherConstraintIsStillAReusedKey) {
  const std::string key = "k complaints_pkey\nCONSTRAINT NAME:  complaints_pkey";
  NewComplaint first = Make(kJune2026);
  first.idempotency_key = key;
  first.idempotency_owner = owner();
  first.request_fingerprint = std::string(64, 'f');
  ASSERT_TRUE(store_->Insert(first).has_value());
  NewComplaint retry = Make(kJune2026 + 5);
  retry.idempotency_key = key;
  retry.idempotency_owner = owner();
  retry.request_fingerprint = std::string(64, 'f');
  auto again = store_->Insert(retry);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().message, "a complaint with this Idempotency-Key exists");
}

TEST_F(ComplaintStoreTest, FindReportsUnknownAndMalformedIdsAsNotFound) {
  EXPECT_EQ(store_->Find("c0ffee00-0000-4000-8000-999999999999").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->Find("'; DROP TABLE complaints; --").error().code, ErrorCode::kNotFound);
}

TEST_F(ComplaintStoreTest, ListsNewestFirstInStablePages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store_->Insert(Make(kJune2026 + i, i % 2 == 0 ? "BUF" : "SOF")).has_value());
  }
  ComplaintQuery query;
  query.page_size = 2;
  std::vector<std::string> seen;
  for (int page_number = 0; page_number < 10; ++page_number) {
    auto page = store_->List(query);
    ASSERT_TRUE(page.has_value()) << page.error().message;
    for (const auto& complaint : page->complaints) seen.push_back(complaint.case_number());
    if (!page->next) break;
    query.after = page->next;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"BR-2026-00005", "BR-2026-00004", "BR-2026-00003",
                                            "BR-2026-00002", "BR-2026-00001"}));
}

TEST_F(ComplaintStoreTest, FiltersByDepartmentAndState) {
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->Insert(Make(kJune2026 + i, i == 0 ? "SOF" : "BUF")).has_value());
  ComplaintQuery by_department;
  by_department.department = "BUF";
  EXPECT_EQ(store_->List(by_department).value().complaints.size(), 2u);
  ComplaintQuery by_state;
  by_state.state = "closed";
  EXPECT_TRUE(store_->List(by_state).value().complaints.empty());
  by_state.state = "received";
  EXPECT_EQ(store_->List(by_state).value().complaints.size(), 3u);
}

// A queue's rows: everything a list shows, without the description and
// the recorded facts, points and consents.
TEST_F(ComplaintStoreTest, SummariesLeaveOutTheDescriptionAndWhatTheCaseRecorded) {
  auto stored = store_->Insert(Make(kJune2026));
  ASSERT_TRUE(stored.has_value()) << stored.error().message;
  ComplaintQuery query;
  query.summaries_only = true;
  auto listed = store_->List(query);
  ASSERT_TRUE(listed.has_value()) << listed.error().message;
  ASSERT_EQ(listed->complaints.size(), 1u);
  v1::Complaint expected = *stored;
  expected.clear_description();
  expected.clear_facts();
  expected.clear_points();
  expected.clear_consents();
  EXPECT_EQ(listed->complaints[0].SerializeAsString(), expected.SerializeAsString());
  EXPECT_FALSE(stored->description().empty());
  query.summaries_only = false;
  EXPECT_EQ(store_->List(query).value().complaints[0].SerializeAsString(), stored->SerializeAsString());
}

// Search finds inflected Danish words ("klager" finds "klage",
// "forvaltningens" finds "forvaltning"), ranks a hit in the subject first,
// and pages by rank without skipping or repeating a case.
TEST_F(ComplaintStoreTest, SearchFindsInflectedDanishWordsBestFirstInStablePages) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Klage over byggesag", "Forvaltning svarede ikke på min henvendelse."},
      {"Manglende svar", "Jeg vil gerne klage over sagsbehandlingen i forvaltningen."},
      {"Parkering", "Bøden var for høj."},
      {"Hjemmehjælp", "Hjælperen kom ikke, og jeg har flere klager."},
  };
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    NewComplaint complaint = Make(kJune2026 + static_cast<std::int64_t>(i));
    complaint.intake.set_subject(cases[i].first);
    complaint.intake.set_description(cases[i].second);
    auto stored = store_->Insert(complaint);
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    ids.push_back(stored->id());
  }
  const auto found = [&](const std::string& text, int page_size = 20, const std::string& department = "") {
    ComplaintQuery query;
    query.text = text;
    query.department = department;
    query.search_office_words = true;
    query.page_size = page_size;
    std::vector<std::string> seen;
    for (int page = 0; page < 10; ++page) {
      auto listed = store_->List(query);
      EXPECT_TRUE(listed.has_value()) << listed.error().message;
      if (!listed) break;
      for (const auto& complaint : listed->complaints) seen.push_back(complaint.id());
      if (!listed->next) break;
      EXPECT_TRUE(listed->next->rank.has_value());
      query.after = listed->next;
    }
    return seen;
  };
  // The subject's "Klage" outranks the descriptions' "klage" and "klager";
  // of those two, the newer first.
  EXPECT_EQ(found("klager"), (std::vector<std::string>{ids[0], ids[3], ids[1]}));
  EXPECT_EQ(found("klager", 1), (std::vector<std::string>{ids[0], ids[3], ids[1]}));
  EXPECT_EQ(found("forvaltningens"), (std::vector<std::string>{ids[1], ids[0]}));
  EXPECT_EQ(found("klage -byggesag"), (std::vector<std::string>{ids[3], ids[1]}));
  EXPECT_TRUE(found("skat").empty());
  EXPECT_TRUE(found("og").empty());  // a stop word alone matches nothing, and is no error
  // With a filter the search takes its other plan (the filter before the
  // limit): the same cases in the same order, page by page.
  const std::string department = store_->List(ComplaintQuery{}).value().complaints.at(0).department();
  EXPECT_EQ(found("klager", 1, department), (std::vector<std::string>{ids[0], ids[3], ids[1]}));
  EXPECT_EQ(found("klage -byggesag", 20, department), (std::vector<std::string>{ids[3], ids[1]}));
  EXPECT_TRUE(found("klager", 20, department == "BUF" ? "KFF" : "BUF").empty());
}

// The description and the complainant's name are the office's to read:
// a search without the office's words does not find a case by them.
TEST_F(ComplaintStoreTest, SearchReadsTheOfficesWordsOnlyWhenAsked) {
  NewComplaint complaint = Make(kJune2026);
  complaint.intake.set_subject("Manglende svar");
  complaint.intake.set_description("Min nabo Karoline larmer.");
  ASSERT_TRUE(store_->Insert(complaint).has_value());
  ComplaintQuery query;
  query.text = "Hansen";  // the complainant's name
  query.search_office_words = true;
  EXPECT_EQ(store_->List(query).value().complaints.size(), 1u);
  query.text = "Karoline";
  EXPECT_EQ(store_->List(query).value().complaints.size(), 1u);
  query.search_office_words = false;
  EXPECT_TRUE(store_->List(query).value().complaints.empty());
  query.text = "Hansen";
  EXPECT_TRUE(store_->List(query).value().complaints.empty());
  query.text = "svar";  // the subject is the department's to read too
  EXPECT_EQ(store_->List(query).value().complaints.size(), 1u);
}

}  // namespace
}  // namespace ombudsflow::store
