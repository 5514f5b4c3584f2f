// The press log over HTTP against the real server (seed 004 "Pressen",
// seed 000's rule): anyone of the office records who asked about what; the
// ombudsman answers, or a deputy under the ombudsman's delegation (the
// chief consultant in the ombudsman's absence); an answer about a
// citizen's matter is refused until the citizen's press consent on the
// case is recorded and confirmed, and again once it is revoked. Each
// refusal is in Danish and changes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/http_client.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;

class PressHttpTest : public ServerFixture {
 protected:
  const std::map<std::string, std::string> kForm{{"Content-Type", "application/x-www-form-urlencoded"}};
  const std::map<std::string, std::string> kJson{{"Content-Type", "application/json"}};

  HttpResponse PostForm(const std::string& target, Role role,
                        const std::vector<std::pair<std::string, std::string>>& fields) {
    return Send(verb::post, target, role, FormBody(fields), kForm);
  }

  // Records a question (as a caseworker); its id.
  std::string Ask(const std::string& case_number) {
    const auto recorded = PostForm("/press", Role::kCaseworker,
                                   {{"medium", "Politiken"}, {"journalist", "Journalist Jensen"},
                                    {"topic", "Hvor lang er ventetiden på svar fra BUF?"}, {"case_number", case_number}});
    EXPECT_EQ(recorded.result(), status::see_other) << recorded.body();
    // The newest question's answer form comes first on the log.
    const std::string page = Send(verb::get, "/press", Role::kCaseworker).body();
    std::smatch found;
    EXPECT_TRUE(std::regex_search(page, found, std::regex("action=\"/press/([0-9a-f-]{36})/answer\""))) << page;
    return found.size() > 1 ? found[1].str() : std::string();
  }

  HttpResponse Answer(const std::string& id, Role role, const std::string& answer = "Vi undersøger sagen.") {
    return PostForm("/press/" + id + "/answer", role, {{"answer", answer}});
  }

  long long Answered() { return database_->Scalar("SELECT count(*) FROM press_inquiries WHERE answered_by IS NOT NULL"); }

  // The case's consent of kind press, recorded by the caseworker; its id.
  std::string RecordPressConsent(const std::string& case_id) {
    const auto recorded = Send(verb::post, "/v1/complaints/" + case_id + "/consents", Role::kCaseworker,
                               R"({"kind": "press", "value": "Politiken om ventetiden", "evidence": "Mail af 1. december"})",
                               {{"Content-Type", "application/json"}, {"If-Match", Etag(case_id)}});
    EXPECT_EQ(recorded.result(), status::ok) << recorded.body();
    const auto complaint = Parse<v1::Complaint>(recorded);
    return complaint.consents(complaint.consents_size() - 1).id();
  }
};

TEST_F(PressHttpTest, AnAnswerAboutACitizensMatterNeedsTheirConfirmedPressConsent) {
  const std::string case_id = CaseInHearing();
  const std::string case_number = Parse<v1::Complaint>(Send(verb::get, "/v1/complaints/" + case_id, Role::kCaseworker)).case_number();
  // An unknown case is named at its field, in Danish.
  const auto unknown = PostForm("/press", Role::kCaseworker,
                                {{"medium", "Politiken"}, {"journalist", "J"}, {"topic", "Ventetid"}, {"case_number", "BR-1999-00001"}});
  EXPECT_EQ(unknown.result(), status::bad_request);
  EXPECT_THAT(unknown.body(), HasSubstr("Der findes ingen sag med det nummer"));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM press_inquiries"), 0);

  const std::string id = Ask(case_number);
  // A caseworker does not answer the press.
  auto refused = Answer(id, Role::kCaseworker);
  EXPECT_EQ(refused.result(), status::forbidden);
  EXPECT_THAT(refused.body(), HasSubstr("Kun Borgerrådgiveren, eller chefkonsulenten"));
  // The ombudsman, without the citizen's consent: refused, at the answer.
  refused = Answer(id, Role::kOmbudsman, "Borgeren har ret i sin klage.");
  EXPECT_EQ(refused.result(), status::unprocessable_entity);
  EXPECT_THAT(refused.body(), HasSubstr("Borgeren har ikke givet bekræftet samtykke"));
  EXPECT_THAT(refused.body(), HasSubstr("href=\"#answer-" + id + "\""));
  EXPECT_THAT(refused.body(), HasSubstr("Borgeren har ret i sin klage."));  // what was written stays
  // Recorded but not confirmed: still refused.
  const std::string consent = RecordPressConsent(case_id);
  EXPECT_EQ(Answer(id, Role::kOmbudsman).result(), status::unprocessable_entity);
  EXPECT_EQ(Answered(), 0);
  // Confirmed by the ombudsman (not the caseworker who recorded it): answered, naming the consent.
  ASSERT_EQ(Send(verb::post, "/v1/complaints/" + case_id + "/consents/" + consent + ":confirm", Role::kOmbudsman, "{}",
                 {{"Content-Type", "application/json"}, {"If-Match", Etag(case_id)}})
                .result(),
            status::ok);
  ASSERT_EQ(Answer(id, Role::kOmbudsman).result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM press_inquiries WHERE consent_id = '" + consent + "' AND answered_by = 'user:" +
                              user_ids_[Role::kOmbudsman] + "'"),
            1);
  // Once answered, not again.
  EXPECT_EQ(Answer(id, Role::kOmbudsman).result(), status::unprocessable_entity);
  // Revoked, the next question about the case cannot be answered.
  ASSERT_EQ(Send(verb::post, "/v1/complaints/" + case_id + "/consents/" + consent + ":revoke", Role::kCaseworker,
                 R"({"reason": "Borgeren har trukket samtykket tilbage"})",
                 {{"Content-Type", "application/json"}, {"If-Match", Etag(case_id)}})
                .result(),
            status::ok);
  const std::string again = Ask(case_number);
  EXPECT_EQ(Answer(again, Role::kOmbudsman).result(), status::unprocessable_entity);
  // The log shows who asked, who answered, and that it was with consent.
  const auto page = Send(verb::get, "/press", Role::kCaseworker);
  EXPECT_EQ(page.result(), status::ok);
  EXPECT_THAT(page.body(), HasSubstr("Politiken: Journalist Jensen"));
  EXPECT_THAT(page.body(), HasSubstr("med borgerens samtykke"));
}

TEST_F(PressHttpTest, InTheOmbudsmansAbsenceADeputyUnderTheirDelegationAnswers) {
  const std::string id = Ask("");
  EXPECT_EQ(Answer(id, Role::kDeputy).result(), status::forbidden);
  ASSERT_EQ(Send(verb::post, "/v1/delegations", Role::kOmbudsman,
                 R"({"deputy": ")" + user_ids_[Role::kDeputy] +
                     R"(", "startTime": "2020-01-01T00:00:00Z", "endTime": "2099-01-01T00:00:00Z", "reason": "Ferie"})",
                 kJson)
                .result(),
            status::created);
  ASSERT_EQ(Answer(id, Role::kDeputy, "Borgerrådgiveren er på ferie; vi vender tilbage.").result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM press_inquiries WHERE answered_by = 'user:" +
                              user_ids_[Role::kDeputy] + "' AND consent_id IS NULL"),
            1);
  // Nobody outside the office finds the log (a page answers them as if it were not there).
  EXPECT_EQ(Send(verb::get, "/press", Role::kDepartment).result(), status::not_found);
  EXPECT_EQ(Send(verb::get, "/press", Role::kAdministrator).result(), status::not_found);
  EXPECT_EQ(PostForm("/press", Role::kDepartment, {{"medium", "M"}, {"journalist", "J"}, {"topic", "T"}}).result(),
            status::not_found);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM press_inquiries"), 1);
}

}  // namespace
}  // namespace ombudsflow::testing
