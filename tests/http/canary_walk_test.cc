// The review's walk, as a client makes it: a complaint from intake to
// publication, with the citizen's personal data planted as canaries. What
// leaves the office -- the public list, every answer to the department, every
// webhook it receives -- is searched for each of them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/util/json_util.h>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/server_fixture.h"
#include "tests/support/webhook_receiver.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kName = "Kirstine Ølgaard";
constexpr const char* kEmail = "kirstine.olgaard@example.dk";
constexpr const char* kPhone = "31 41 59 26";
constexpr const char* kStreet = "Kanarievej";
// Every way the CPR number could show: with and without its hyphen, and
// its last four digits alone.
const std::vector<std::string> kCpr = {"010190-1234", "0101901234", "010190 1234", "1234"};

// Whether `text` holds `number` as a number of its own: "1234" in
// "...T14:02:01.201234Z" is a timestamp's microseconds, not the CPR's digits.
bool HoldsNumber(std::string_view text, std::string_view number) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (auto at = text.find(number); at != std::string_view::npos; at = text.find(number, at + 1)) {
    const bool digit_before = at > 0 && is_digit(text[at - 1]);
    const bool digit_after = at + number.size() < text.size() && is_digit(text[at + number.size()]);
    if (!digit_before && !digit_after) return true;
  }
  return false;
}

MATCHER_P(HoldsCpr, number, "holds the CPR number as " + std::string(number)) { return HoldsNumber(arg, number); }

// A draft's (or a revision's) input with `text`.
std::string Publication(const std::string& text) {
  return R"({"publication_title": "Lang ventetid", "concerns_discrimination": false, "publication_text": ")" + text +
         R"("})";
}

class CanaryWalkTest : public ServerFixture {
 protected:
  // What the department saw, kept for the search at the end.
  HttpResponse AsDepartment(verb method, const std::string& target, const std::string& body = {},
                             std::map<std::string, std::string> headers = {}) {
    auto response = Send(method, target, Role::kDepartment, body, std::move(headers));
    department_saw_.push_back(target + " -> " + response.body());
    return response;
  }

  void AcknowledgePendingNotices() {
    auto pending = AsDepartment(verb::get, "/v1/notices?state=pending");
    v1::ListNoticesResponse list;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(pending.body(), &list).ok());
    for (const auto& notice : list.notices()) {
      AsDepartment(verb::get, "/v1/notices/" + notice.id());
      ASSERT_EQ(AsDepartment(verb::post, "/v1/notices/" + notice.id() + ":acknowledge").result(), status::ok);
    }
  }

  std::string Consent(const std::string& id, const std::string& kind, const std::string& value) {
    auto recorded = Send(verb::post, "/v1/complaints/" + id + "/consents", Role::kCaseworker,
                         R"({"kind": ")" + kind + R"(", "value": ")" + value + R"(", "evidence": "Underskrevet erklæring"})",
                         {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
    if (recorded.result() != status::ok) return recorded.body();
    v1::Complaint complaint;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(recorded.body(), &complaint).ok());
    const std::string consent = complaint.consents(complaint.consents_size() - 1).id();
    auto confirmed = Send(verb::post, "/v1/complaints/" + id + "/consents/" + consent + ":confirm", Role::kOmbudsman,
                          "{}", {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
    EXPECT_EQ(confirmed.result(), status::ok) << confirmed.body();
    return {};
  }

  // Every output anyone may read without a token.
  std::vector<std::string> PublicOutputs(const std::string& id) {
    const std::vector<std::string> targets = {
        "/v1/publications", "/v1/publications?target=discrimination_page", "/v1/publications?page_size=1",
        "/healthz",         "/v1/complaints/" + id,                          "/v1/complaints/" + id + "/events",
        "/v1/notices"};
    std::vector<std::string> outputs;
    for (const auto& target : targets) outputs.push_back(SendHttp(server_->port(), verb::get, target).body());
    return outputs;
  }

  std::vector<std::string> department_saw_;
};

TEST_F(CanaryWalkTest, OnlyConsentedDataIsPublishedAndNothingPersonalReachesTheDepartment) {
  WebhookReceiver receiver(kSecret);
  ASSERT_EQ(Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                 R"({"department": "BUF", "url": ")" + receiver.Url() + R"(", "secret": ")" + kSecret + R"("})",
                 {{"Content-Type", "application/json"}})
                .result(),
            status::created);

  // Intake, with every canary.
  auto created = Send(verb::post, "/v1/complaints", Role::kCaseworker,
                      std::string(R"({"channel": "LETTER", "complainant": {"name": ")") + kName + R"(", "email": ")" +
                          kEmail + R"(", "phone": ")" + kPhone + R"(", "postalAddress": ")" + kStreet +
                          R"( 7, 2400 København NV"}, "department": "BUF", "subject": "Manglende svar",)"
                          R"( "description": "Mit CPR-nummer er 010190-1234. Skriv til )" + kEmail + R"(."})",
                      {{"Content-Type", "application/json"}});
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());

  // To the hearing, with complaint points that repeat the canaries.
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": false})").result(), status::ok);
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "citizen_returns", R"({"department_has_answered": true})").result(), status::ok);
  // The department reads the points: one with a CPR number, or with the
  // citizen's name, is refused where it is typed.
  EXPECT_EQ(FireNow(id, Role::kCaseworker, "start_written_treatment",
                    R"({"points": ["Svartid i sagen om CPR 010190-1234", "Partshøring"]})").result(),
            status::bad_request);
  EXPECT_EQ(FireNow(id, Role::kCaseworker, "start_written_treatment",
                    std::string(R"({"points": ["Svartid for )") + kName + R"(", "Partshøring"]})").result(),
            status::bad_request);
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "start_written_treatment",
                    R"({"points": ["Svartid i sagen", "Partshøring"]})").result(),
            status::ok);
  ASSERT_EQ(FireNow(id, Role::kOmbudsman, "open_investigation",
                    R"({"actuality": "høj", "significance": "principiel", "complexity": "middel",)"
                    R"( "citizen_gain": "svar", "improvement_potential": "praksis", "selected_points": [1, 2]})").result(),
            status::ok);
  // The department answers, through its own view of the case.
  AsDepartment(verb::get, "/v1/complaints/" + id + "/transitions");
  auto answered = AsDepartment(verb::post, "/v1/complaints/" + id + "/transitions",
                               R"({"name": "record_department_answer", "input": {"department_answer": "Beklager."}})",
                               {{"Content-Type", "application/json"}, {"If-Match", Etag(id)}});
  ASSERT_EQ(answered.result(), status::ok) << answered.body();
  AcknowledgePendingNotices();
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "assess_points",
                    R"({"assessments": [{"number": 1, "outcome": "CRITICISM"}, {"number": 2, "outcome": "NO_CRITICISM"}]})").result(),
            status::ok);

  // A first draft with everything in it: the notice is refused for the CPR number.
  const std::string everything = std::string(kName) + " (" + kEmail + ", tlf. " + kPhone + ", " + kStreet +
                                 " 7, CPR 010190-1234) ventede i et år.";
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "draft_publication", Publication(everything)).result(), status::ok);
  EXPECT_EQ(FireNow(id, Role::kCaseworker, "send_pre_publication_notice").result(), status::unprocessable_entity);

  // Before any consent, with a draft full of canaries awaiting approval, no
  // canary at all is public.
  for (const auto& output : PublicOutputs(id)) {
    for (const std::string canary : {kName, kEmail, kPhone, kStreet}) {
      EXPECT_THAT(output, Not(HasSubstr(canary))) << output;
    }
    for (const auto& cpr : kCpr) EXPECT_THAT(output, Not(HoldsCpr(cpr))) << output;
  }

  // The citizen consents to name, e-mail and phone; a CPR number cannot be consented to.
  EXPECT_EQ(Consent(id, "name", kName), "");
  EXPECT_EQ(Consent(id, "email", kEmail), "");
  EXPECT_EQ(Consent(id, "phone", kPhone), "");
  EXPECT_THAT(Consent(id, "cpr", "010190-1234"), HasSubstr("never published"));

  // Revised without the CPR number but still with the street: before the
  // notice goes out, the listing warns that nothing covers the street.
  const std::string without_cpr = std::string(kName) + " (" + kEmail + ", tlf. " + kPhone + ", " + kStreet +
                                  ") ventede i et år.";
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "revise_publication", Publication(without_cpr)).result(), status::ok);
  v1::ListTransitionsResponse listed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  Send(verb::get, "/v1/complaints/" + id + "/transitions", Role::kCaseworker).body(), &listed)
                  .ok());
  std::vector<std::string> uncovered;
  for (const auto& transition : listed.transitions()) {
    for (const auto& finding : transition.personal_data()) {
      if (finding.covered_by().empty()) uncovered.push_back(finding.kind() + ":" + finding.text());
    }
  }
  EXPECT_THAT(uncovered, ::testing::ElementsAre("address:Kanarievej"));

  // Revised once more, only consented data: a new notice, received, approved.
  const std::string consented = std::string(kName) + " (" + kEmail + ", tlf. " + kPhone + ") ventede i et år.";
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "revise_publication", Publication(consented)).result(), status::ok);
  ASSERT_EQ(FireNow(id, Role::kCaseworker, "send_pre_publication_notice").result(), status::ok);
  AcknowledgePendingNotices();
  auto approved = FireNow(id, Role::kOmbudsman, "approve_publication");
  ASSERT_EQ(approved.result(), status::ok) << approved.body();
  ASSERT_TRUE(receiver.WaitUntil([](const auto& got) { return got.size() >= 2; })) << "webhooks missing";  // the hearing, the notice

  // Every public output.
  const std::vector<std::string> public_outputs = PublicOutputs(id);
  const std::string& published = public_outputs[0];
  EXPECT_THAT(published, HasSubstr(kName));
  EXPECT_THAT(published, HasSubstr(kEmail));
  EXPECT_THAT(published, HasSubstr(kPhone));
  for (const auto& output : public_outputs) {
    EXPECT_THAT(output, Not(HasSubstr(kStreet))) << output;
    EXPECT_THAT(output, Not(HasSubstr(id))) << output;
    for (const auto& cpr : kCpr) EXPECT_THAT(output, Not(HoldsCpr(cpr))) << output;
  }

  // Everything the department was answered or sent.
  for (const auto& webhook : receiver.Requests()) department_saw_.push_back("webhook -> " + webhook.body);
  ASSERT_GE(department_saw_.size(), 10u);
  for (const auto& output : department_saw_) {
    EXPECT_THAT(output, Not(HasSubstr("consent"))) << output;
    EXPECT_THAT(output, Not(HasSubstr("complainant"))) << output;
    EXPECT_THAT(output, Not(HasSubstr(kStreet))) << output;
    for (const auto& cpr : kCpr) EXPECT_THAT(output, Not(HoldsCpr(cpr))) << output;
  }
}

}  // namespace
}  // namespace ombudsflow::testing
