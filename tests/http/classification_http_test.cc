// Journalising a case under KLE, as clients do it: office staff choose a
// subject from workflows/kle.textproto; the case's letters and the
// department's notices carry its journal number, the case is found by it,
// and the annual report counts cases by main group. Refusals change nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/letters.pb.h"
#include "ombudsflow/v1/reports.pb.h"
#include "tests/support/case_walk.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

class ClassificationHttpTest : public ServerFixture {
 protected:
  HttpResponse Classify(const std::string& id, Role role, const std::string& number, const std::string& version) {
    return Send(verb::post, "/v1/complaints/" + id + ":classify", role, R"({"kleNumber": ")" + number + R"("})",
                {{"Content-Type", "application/json"}, {"If-Match", version}});
  }

  std::string Fact(const std::string& id, const std::string& name) {
    const auto complaint = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker));
    const auto found = complaint.facts().fields().find(name);
    return found == complaint.facts().fields().end() ? std::string() : found->second.string_value();
  }

  std::vector<std::string> Found(const std::string& query, Role role = Role::kCaseworker) {
    std::vector<std::string> ids;
    auto listed = Parse<v1::ListComplaintsResponse>(Send(verb::get, "/v1/complaints?" + query, role));
    for (const auto& complaint : listed.complaints()) ids.push_back(complaint.id());
    return ids;
  }

  std::string Today() { return database_->Text("SELECT (now() AT TIME ZONE 'Europe/Copenhagen')::date::text"); }
};

TEST_F(ClassificationHttpTest, ACaseJournalisedUnderKleCarriesItsJournalNumberToLettersNoticesSearchAndTheReport) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  const std::string other = Parse<v1::Complaint>(PostJson(kValidIntakeJson)).id();

  // Refused, each changing nothing: a number the office does not use, a
  // main group alone, a department, a stale version, no version.
  const long long before = RowsWritten();
  auto unknown = Classify(id, Role::kCaseworker, "99.99.99", "\"1\"");
  EXPECT_EQ(unknown.result(), status::bad_request) << unknown.body();
  EXPECT_THAT(unknown.body(), HasSubstr("kle_number"));
  EXPECT_EQ(Classify(id, Role::kCaseworker, "32", "\"1\"").result(), status::bad_request);
  EXPECT_EQ(Classify(id, Role::kDepartment, "32.24.04", "\"1\"").result(), status::forbidden);
  EXPECT_EQ(Classify(id, Role::kAdministrator, "32.24.04", "\"1\"").result(), status::forbidden);
  EXPECT_EQ(Classify(id, Role::kCaseworker, "32.24.04", "\"7\"").result(), status::conflict);
  EXPECT_EQ(Send(verb::post, "/v1/complaints/" + id + ":classify", Role::kCaseworker,
                 R"({"kleNumber": "32.24.04", "unknownField": 1})", {{"Content-Type", "application/json"}, {"If-Match", "\"1\""}})
                .result(),
            status::bad_request);
  EXPECT_EQ(RowsWritten(), before);
  EXPECT_EQ(Fact(id, "kle_number"), "");

  // Journalised: the subject and its journal number.
  auto classified = Classify(id, Role::kCaseworker, "32.24.04", Etag(id));
  ASSERT_EQ(classified.result(), status::ok) << classified.body();
  EXPECT_EQ(Fact(id, "kle_number"), "32.24.04");
  EXPECT_EQ(Fact(id, "journal_number"), "32.24.04-K01");
  EXPECT_EQ(Classify(id, Role::kCaseworker, "32.24.04", Etag(id)).result(), status::unprocessable_entity);  // already

  // Found by it, the other case not.
  EXPECT_EQ(Found("q=32.24.04"), std::vector<std::string>{id});
  EXPECT_EQ(Found("q=32.24.04-K01"), std::vector<std::string>{id});
  // A department lists no cases at all, by this number or any other.
  EXPECT_EQ(Send(verb::get, "/v1/complaints?q=32.24.04-K01", Role::kDepartment).result(), status::forbidden);

  // Its letters from now on, and the department's notice, carry it.
  Walk(id, StepsToHearing());
  const auto letters = Parse<v1::ListLettersResponse>(Send(verb::get, "/v1/complaints/" + id + "/letters", Role::kCaseworker));
  ASSERT_GE(letters.letters_size(), 3);
  EXPECT_THAT(letters.letters(0).html(), Not(HasSubstr("Journalnummer")));  // the acknowledgement, before
  for (int i = 1; i < letters.letters_size(); ++i) {
    EXPECT_THAT(letters.letters(i).html(), HasSubstr("Journalnummer: 32.24.04-K01")) << letters.letters(i).template_();
  }
  const auto notices = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment));
  ASSERT_EQ(notices.notices_size(), 1);
  EXPECT_EQ(notices.notices(0).payload().fields().at("journalNumber").string_value(), "32.24.04-K01");

  // The annual report counts the case under its main group; moved to
  // another, it counts there too (tallies only add).
  const std::string period = "/v1/reports/annual?from=" + Today() + "&to=" + Today();
  auto report = Parse<v1::AnnualReport>(Send(verb::get, period, Role::kOmbudsman));
  ASSERT_EQ(report.cases_by_kle_main_group_size(), 1) << report.DebugString();
  EXPECT_EQ(report.cases_by_kle_main_group(0).main_group(), "32");
  EXPECT_EQ(report.cases_by_kle_main_group(0).title(), "Kontante ydelser");
  EXPECT_EQ(report.cases_by_kle_main_group(0).count(), 1);
  ASSERT_EQ(Classify(id, Role::kCaseworker, "81.00.00", Etag(id)).result(), status::ok);
  ASSERT_EQ(Classify(other, Role::kCaseworker, "03.01.00", Etag(other)).result(), status::ok);
  report = Parse<v1::AnnualReport>(Send(verb::get, period, Role::kOmbudsman));
  ASSERT_EQ(report.cases_by_kle_main_group_size(), 3) << report.DebugString();
  EXPECT_EQ(report.cases_by_kle_main_group(0).main_group(), "03");
  EXPECT_EQ(report.cases_by_kle_main_group(1).main_group(), "32");
  EXPECT_EQ(report.cases_by_kle_main_group(2).main_group(), "81");
  EXPECT_EQ(report.cases_by_kle_main_group(2).count(), 1);
  EXPECT_THAT(Send(verb::get, period, Role::kOmbudsman, {}, {{"Accept", "text/csv"}}).body(),
              HasSubstr("cases_by_kle_main_group,,81 Kommunens personale,1"));
}

}  // namespace
}  // namespace ombudsflow::testing
