// Seed 004, "Facebook": an enquiry through social media is registered as an
// enquiry, never as a case, and answered with guidance to another channel.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/enquiries.pb.h"
#include "ombudsflow/v1/error.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;

using EnquiriesHttpTest = ServerFixture;

const std::map<std::string, std::string> kJson = {{"Content-Type", "application/json"}};

TEST_F(EnquiriesHttpTest, AFacebookEnquiryGetsTheGuidanceAndNeverBecomesACase) {
  const long long before = RowsWritten();
  auto recorded = Send(verb::post, "/v1/enquiries", Role::kCaseworker,
                       R"({"platform": "facebook", "topic": "Parkering ved skolen"})", kJson);
  ASSERT_EQ(recorded.result(), status::created) << recorded.body();
  const auto enquiry = Parse<v1::Enquiry>(recorded);
  EXPECT_EQ(enquiry.platform(), "facebook");
  EXPECT_EQ(enquiry.variant(), "da");
  EXPECT_EQ(enquiry.guidance_subject(), "Skriv til os et andet sted");
  EXPECT_THAT(enquiry.guidance_html(), HasSubstr("Vi behandler ikke sager her på de sociale medier"));
  EXPECT_THAT(enquiry.guidance_html(), HasSubstr("borgerraadgiveren@kk.dk"));
  EXPECT_THAT(enquiry.guidance_html(), HasSubstr("33 66 14 00"));
  // No case, no case number, no event, no letter, nothing in the journal.
  EXPECT_EQ(RowsWritten(), before);
  EXPECT_EQ(Parse<v1::ListComplaintsResponse>(Send(verb::get, "/v1/complaints", Role::kCaseworker)).complaints_size(), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM letters"), 0);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM journal"), 0);
  const auto listed = Parse<v1::ListEnquiriesResponse>(Send(verb::get, "/v1/enquiries", Role::kOmbudsman));
  ASSERT_EQ(listed.enquiries_size(), 1);
  EXPECT_EQ(listed.enquiries(0).topic(), "Parkering ved skolen");

  // In English for one who writes English.
  auto english = Send(verb::post, "/v1/enquiries", Role::kCaseworker,
                      R"({"platform": "instagram", "topic": "Bins not emptied", "variant": "en"})", kJson);
  ASSERT_EQ(english.result(), status::created) << english.body();
  EXPECT_THAT(Parse<v1::Enquiry>(english).guidance_html(), HasSubstr("We do not deal with cases here on social media"));

  // One enquiry, with its guidance again (the register keeps its hash).
  auto again = Send(verb::get, "/v1/enquiries/" + enquiry.id(), Role::kDeputy);
  ASSERT_EQ(again.result(), status::ok) << again.body();
  EXPECT_EQ(Parse<v1::Enquiry>(again).guidance_html(), enquiry.guidance_html());
  EXPECT_EQ(Parse<v1::Enquiry>(again).topic(), "Parkering ved skolen");
  EXPECT_EQ(Send(verb::get, "/v1/enquiries/c0ffee00-0000-4000-8000-000000000009", Role::kCaseworker).result(),
            status::not_found);
  EXPECT_EQ(Send(verb::get, "/v1/enquiries/not-an-id", Role::kCaseworker).result(), status::not_found);
  // Departments have no business with the office's register.
  EXPECT_NE(Send(verb::get, "/v1/enquiries/" + enquiry.id(), Role::kDepartment).result(), status::ok);
}

TEST_F(EnquiriesHttpTest, AnEnquiryKeepsNoPersonalDataAndBadFieldsAreRefusedNamingThem) {
  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"platform": "facebook", "topic": "Min CPR er 010203-1234"})", "topic"},
           {R"({"platform": "facebook", "topic": "Skriv til jens@example.dk"})", "topic"},
           {R"({"platform": "facebook", "topic": ""})", "topic"},
           {R"({"platform": "myspace", "topic": "Parkering"})", "platform"},
           {R"({"platform": "facebook", "topic": "Parkering", "variant": "fr"})", "variant"}}) {
    auto refused = Send(verb::post, "/v1/enquiries", Role::kCaseworker, body, kJson);
    EXPECT_EQ(refused.result(), status::bad_request) << body;
    const auto error = Parse<v1::Error>(refused);
    ASSERT_GT(error.field_violations_size(), 0) << body;
    EXPECT_EQ(error.field_violations(0).field(), field) << body;
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM enquiries"), 0);
  EXPECT_EQ(Send(verb::post, "/v1/enquiries", Role::kDepartment, R"({"platform": "facebook", "topic": "x"})", kJson)
                .result(),
            status::forbidden);
  // A complaint cannot come in through Facebook: the channel does not exist.
  auto complaint = Send(verb::post, "/v1/complaints", Role::kCaseworker,
                        R"({"channel": "FACEBOOK", "complainant": {"name": "A", "email": "a@example.dk"},
                            "department": "BUF", "subject": "s", "description": "d"})",
                        kJson);
  EXPECT_EQ(complaint.result(), status::bad_request);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), 0);
}

}  // namespace
}  // namespace ombudsflow::testing
