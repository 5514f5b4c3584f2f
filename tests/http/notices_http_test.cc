// Notices to departments over HTTP: each department pulls and acknowledges
// its own, and cannot tell another department's notice from a missing one.
#include <map>

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/error.pb.h"
#include "tests/support/case_walk.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using google::protobuf::util::JsonStringToMessage;

class NoticesHttpTest : public ServerFixture {
 protected:
  // A BUF complaint taken to 'hearing': BUF gets a hearing notice.
  std::string HearingNoticeForBuf() {
    CaseInHearing();
    auto listed = Send(verb::get, "/v1/notices?state=pending", Role::kDepartment);
    v1::ListNoticesResponse notices;
    EXPECT_TRUE(JsonStringToMessage(listed.body(), &notices).ok()) << listed.body();
    EXPECT_EQ(notices.notices_size(), 1);
    return notices.notices_size() > 0 ? notices.notices(0).id() : "";
  }

  HttpResponse AsDepartment(const std::string& token, verb method, const std::string& target) {
    return SendHttp(server_->port(), method, target, "", {{"Authorization", "Bearer " + token}});
  }
};

TEST_F(NoticesHttpTest, TheDepartmentPullsAndAcknowledgesItsHearingNotice) {
  const std::string id = HearingNoticeForBuf();
  auto fetched = Send(verb::get, "/v1/notices/" + id, Role::kDepartment);
  ASSERT_EQ(fetched.result(), status::ok) << fetched.body();
  v1::Notice notice;
  ASSERT_TRUE(JsonStringToMessage(fetched.body(), &notice).ok());
  EXPECT_EQ(notice.notice(), "hearing");
  EXPECT_EQ(notice.department(), "BUF");
  EXPECT_THAT(notice.case_number(), ::testing::StartsWith("BR-"));
  EXPECT_EQ(notice.payload().fields().at("points").list_value().values(0).struct_value().fields().at("text").string_value(),
            "Svartid");
  EXPECT_FALSE(notice.has_acknowledge_time());
  // No personal data of the citizen travels with the notice.
  EXPECT_EQ(fetched.body().find("Jens Hansen"), std::string::npos);

  auto acknowledged = Send(verb::post, "/v1/notices/" + id + ":acknowledge", Role::kDepartment);
  ASSERT_EQ(acknowledged.result(), status::ok) << acknowledged.body();
  ASSERT_TRUE(JsonStringToMessage(acknowledged.body(), &notice).ok());
  EXPECT_TRUE(notice.has_acknowledge_time());
  EXPECT_EQ(notice.acknowledged_by(), "user:" + user_ids_.at(Role::kDepartment));

  // A retried acknowledgement keeps the first time.
  auto again = Send(verb::post, "/v1/notices/" + id + ":acknowledge", Role::kDepartment);
  v1::Notice second;
  ASSERT_TRUE(JsonStringToMessage(again.body(), &second).ok());
  EXPECT_EQ(second.acknowledge_time().SerializeAsString(), notice.acknowledge_time().SerializeAsString());

  v1::ListNoticesResponse pending;
  ASSERT_TRUE(JsonStringToMessage(Send(verb::get, "/v1/notices?state=pending", Role::kDepartment).body(), &pending).ok());
  EXPECT_EQ(pending.notices_size(), 0);
  v1::ListNoticesResponse all;
  ASSERT_TRUE(JsonStringToMessage(Send(verb::get, "/v1/notices", Role::kDepartment).body(), &all).ok());
  EXPECT_EQ(all.notices_size(), 1);
}

// A department comments as it acknowledges (on a text to be published, the
// office reads it before approving). An oversized comment is refused and
// acknowledges nothing; the first receipt's comment stands.
TEST_F(NoticesHttpTest, TheDepartmentMayCommentWithItsReceiptWithinItsLimit) {
  const std::string id = HearingNoticeForBuf();
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  auto too_long = Send(verb::post, "/v1/notices/" + id + ":acknowledge", Role::kDepartment,
                       R"({"comment": ")" + std::string(5001, 'x') + R"("})", json);
  EXPECT_EQ(too_long.result(), status::bad_request) << too_long.body();
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE acknowledged_at IS NOT NULL"), 0);
  auto unknown = Send(verb::post, "/v1/notices/" + id + ":acknowledge", Role::kDepartment, R"({"remark": "x"})", json);
  EXPECT_EQ(unknown.result(), status::bad_request) << unknown.body();

  auto acknowledged = Send(verb::post, "/v1/notices/" + id + ":acknowledge", Role::kDepartment,
                           R"({"comment": "Vi svarer inden fristen."})", json);
  ASSERT_EQ(acknowledged.result(), status::ok) << acknowledged.body();
  v1::Notice notice;
  ASSERT_TRUE(JsonStringToMessage(acknowledged.body(), &notice).ok());
  EXPECT_EQ(notice.comment(), "Vi svarer inden fristen.");
  EXPECT_FALSE(notice.subject().empty());
  EXPECT_TRUE(notice.has_respond_by_time()) << "the hearing's deadline";

  auto again = Send(verb::post, "/v1/notices/" + id + ":acknowledge", Role::kDepartment, R"({"comment": "Andet."})", json);
  ASSERT_TRUE(JsonStringToMessage(again.body(), &notice).ok());
  EXPECT_EQ(notice.comment(), "Vi svarer inden fristen.");
}

// The review's canary: the citizen's name and e-mail typed into a complaint
// point or the subject reached the department verbatim. Both are refused
// where they are typed, naming the field, and nothing reaches the department.
TEST_F(NoticesHttpTest, TheComplainantsNameInAPointOrTheSubjectNeverReachesTheDepartment) {
  auto created = PostJson(R"({"channel": "LETTER", "complainant": {"name": "Jens Hansen", "email": "jens@example.dk"},
      "department": "BUF", "subject": "Svar til jens@example.dk", "description": "Intet svar."})");
  ASSERT_EQ(created.result(), status::bad_request) << created.body();
  EXPECT_EQ(Parse<v1::Error>(created).field_violations(0).field(), "subject");

  created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  const std::string id = Parse<v1::Complaint>(created).id();
  Walk(id, {StepsToHearing()[0]});
  const std::string before = Etag(id);
  auto refused = FireNow(id, Role::kCaseworker, "start_written_treatment",
                         R"({"points": ["Svartid", "Jens Hansen fik intet svar"]})");
  ASSERT_EQ(refused.result(), status::bad_request) << refused.body();
  EXPECT_THAT(refused.body(), ::testing::HasSubstr("points"));
  EXPECT_THAT(refused.body(), ::testing::HasSubstr("complaint point 2"));
  EXPECT_EQ(Etag(id), before) << "a refusal changed the case";
  Walk(id, {StepsToHearing()[1], StepsToHearing()[2]});
  auto notices = Send(verb::get, "/v1/notices", Role::kDepartment);
  EXPECT_EQ(notices.body().find("Jens Hansen"), std::string::npos) << notices.body();
  EXPECT_EQ(notices.body().find("jens@example.dk"), std::string::npos) << notices.body();
}

TEST_F(NoticesHttpTest, AnotherDepartmentCannotSeeFetchOrAcknowledgeIt) {
  const std::string id = HearingNoticeForBuf();
  const std::string sof = IssueToken(Role::kDepartment, "SOF");
  const std::string missing = "c0ffee00-0000-4000-8000-000000000001";

  v1::ListNoticesResponse listed;
  ASSERT_TRUE(JsonStringToMessage(AsDepartment(sof, verb::get, "/v1/notices").body(), &listed).ok());
  EXPECT_EQ(listed.notices_size(), 0);
  // Asking for BUF's notices explicitly does not widen what SOF sees.
  ASSERT_TRUE(JsonStringToMessage(AsDepartment(sof, verb::get, "/v1/notices?department=BUF").body(), &listed).ok());
  EXPECT_EQ(listed.notices_size(), 0);

  for (const auto& [method, suffix] : std::vector<std::pair<verb, std::string>>{{verb::get, ""},
                                                                               {verb::post, ":acknowledge"}}) {
    auto theirs = AsDepartment(sof, method, "/v1/notices/" + id + suffix);
    auto nothing = AsDepartment(sof, method, "/v1/notices/" + missing + suffix);
    EXPECT_EQ(theirs.result(), status::not_found);
    EXPECT_EQ(nothing.result(), status::not_found);
    v1::Error theirs_error, nothing_error;
    ASSERT_TRUE(JsonStringToMessage(theirs.body(), &theirs_error).ok());
    ASSERT_TRUE(JsonStringToMessage(nothing.body(), &nothing_error).ok());
    EXPECT_EQ(theirs_error.code(), nothing_error.code());
    EXPECT_EQ(theirs_error.message(), "no notice " + id);
    EXPECT_EQ(nothing_error.message(), "no notice " + missing);
    EXPECT_EQ(theirs.base().at(http::field::content_type), nothing.base().at(http::field::content_type));
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE acknowledged_at IS NOT NULL"), 0);
}

TEST_F(NoticesHttpTest, OfficeStaffSeeEveryNoticeButDoNotAcknowledge) {
  const std::string id = HearingNoticeForBuf();
  v1::ListNoticesResponse listed;
  ASSERT_TRUE(JsonStringToMessage(Send(verb::get, "/v1/notices?department=BUF", Role::kCaseworker).body(), &listed).ok());
  EXPECT_EQ(listed.notices_size(), 1);
  EXPECT_EQ(Send(verb::post, "/v1/notices/" + id + ":acknowledge", Role::kOmbudsman).result(), status::forbidden);
  EXPECT_EQ(Send(verb::get, "/v1/notices", Role::kAdministrator).result(), status::forbidden);
  EXPECT_EQ(Send(verb::get, "/v1/notices?state=delivered", Role::kCaseworker).result(), status::bad_request);
}

}  // namespace
}  // namespace ombudsflow::testing
