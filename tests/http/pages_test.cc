// Pages cannot forget (issue #27, part 5): a page's form is checked by the
// service it calls, as the API's body is, and what a department reads on
// its pages is the service's answer in the DEPARTMENT view. No page calls
// the limits or the view itself, so none can leave them out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using http::status;
using http::verb;

class PagesTest : public ServerFixture {
 protected:
  // A form posted as a browser would, past its fields' maxlength.
  HttpResponse PostForm(Role role, const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& fields) {
    return Send(verb::post, path, role, FormBody(fields), {{"Content-Type", "application/x-www-form-urlencoded"}});
  }

  std::string NewCase() {
    auto created = PostJson(kValidIntakeJson);
    EXPECT_EQ(created.result(), status::created) << created.body();
    return std::string(created[http::field::location]).substr(std::string("/v1/complaints/").size());
  }

  std::string Version(const std::string& id) {
    const std::string etag = Etag(id);
    return etag.substr(1, etag.size() - 2);
  }
};

TEST_F(PagesTest, AStepsFormPastItsReasonsLimitIsRefusedAtTheFieldInDanishAndChangesNothing) {
  const std::string id = NewCase();
  const std::string path = "/cases/" + id + "/transitions/consider_solutions";
  const long long before = RowsWritten();

  auto refused = PostForm(Role::kCaseworker, path,
                          {{"input.department_has_answered", "true"},
                           {"expected_version", Version(id)},
                           {"reason", std::string(2001, 'x')}});
  EXPECT_EQ(refused.result(), status::bad_request) << refused.body();
  // In the summary, linked to the field, and beside the field, in Danish.
  EXPECT_THAT(refused.body(), HasSubstr("<a href=\"#reason\">Skriv højst 2000 tegn i feltet „Begrundelse“</a>"));
  EXPECT_THAT(refused.body(), HasSubstr("id=\"reason-error\""));
  EXPECT_THAT(refused.body(), Not(HasSubstr("is longer than")));
  EXPECT_EQ(RowsWritten(), before);

  // At the limit it is taken.
  auto taken = PostForm(Role::kCaseworker, path,
                        {{"input.department_has_answered", "true"},
                         {"expected_version", Version(id)},
                         {"reason", std::string(2000, 'x')}});
  EXPECT_EQ(taken.result(), status::see_other) << taken.body();
  EXPECT_GT(RowsWritten(), before);
}

// Whatever got past the guards into a notice, the department's page shows
// through the DEPARTMENT view: a CPR number in it is masked there, as the
// API masks it, though the page does nothing to mask it.
TEST_F(PagesTest, TheDepartmentsNoticePageShowsTheServicesDepartmentView) {
  const std::string id = CaseInHearing();
  database_->Execute(
      "UPDATE notices SET payload = '{\"points\": [{\"number\": 1, \"text\": \"Svartid for 010190-1234\"}]}'"
      " WHERE complaint_id = '" + id + "'");

  const auto listed = Parse<v1::ListNoticesResponse>(Send(verb::get, "/v1/notices", Role::kDepartment));
  std::string notice_id;
  for (const v1::Notice& notice : listed.notices()) {
    if (notice.complaint_id() == id) notice_id = notice.id();
  }
  ASSERT_FALSE(notice_id.empty()) << listed.DebugString();
  auto page = Send(verb::get, "/department/notices/" + notice_id, Role::kDepartment);
  ASSERT_EQ(page.result(), status::ok) << page.body();
  EXPECT_THAT(page.body(), HasSubstr("Svartid for 010190-xxxx"));
  EXPECT_THAT(page.body(), Not(HasSubstr("010190-1234")));
}

// A definition's diagram is drawn by Graphviz when its page is first asked
// for (not as the server starts), once: the second answer is the same.
TEST_F(PagesTest, AWorkflowsDiagramIsDrawnWhenItsPageIsFirstAskedFor) {
  const auto list = Send(verb::get, "/workflows", Role::kCaseworker);
  ASSERT_EQ(list.result(), status::ok) << list.body();
  const std::string body = list.body();
  const auto link = body.find("href=\"/workflows/");
  ASSERT_NE(link, std::string::npos) << body;
  const auto start = link + std::string("href=\"").size();
  const std::string path = body.substr(start, body.find('"', start) - start);

  const auto first = Send(verb::get, path, Role::kCaseworker);
  ASSERT_EQ(first.result(), status::ok) << first.body();
  EXPECT_THAT(first.body(), HasSubstr("<svg role=\"img\" aria-label=\""));
  const auto svg = [](const std::string& page) {
    const auto at = page.find("<svg role=\"img\"");
    return at == std::string::npos ? std::string() : page.substr(at, page.find("</svg>", at) - at);
  };
  ASSERT_THAT(svg(first.body()), HasSubstr("<g "));
  // Graphviz's developer names (titles, comments) are taken out.
  EXPECT_THAT(svg(first.body()), Not(HasSubstr("<title>")));
  const auto second = Send(verb::get, path, Role::kCaseworker);
  EXPECT_EQ(svg(second.body()), svg(first.body()));
}

}  // namespace
}  // namespace ombudsflow::testing
