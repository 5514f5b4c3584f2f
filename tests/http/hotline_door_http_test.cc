// The discrimination hotline's public door, as a citizen and a robot use
// it, over real sockets against the real server: a contact, anonymous or
// not, opens one case on the hotline's own workflow however often its form
// is sent; bad fields are refused at their place in the citizen's language
// and change nothing; the honeypot, the form's token and the per-address
// limit answer as designed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/server_fixture.h"
#include "tests/support/test_browser.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using ::testing::HasSubstr;
using ::testing::Not;

class HotlineDoorHttpTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--trusted-proxies", "127.0.0.1"}; }

  static std::vector<std::pair<std::string, std::string>> Contact(std::string email = {}) {
    return {{"subject", "Afvist ved skranken"},
            {"description", "Jeg blev bedt om at gå, fordi jeg talte arabisk med min søn."},
            {"name", email.empty() ? "" : "Amira Hansen"},
            {"email", std::move(email)},
            {"phone", ""},
            {"website", ""}};
  }

  long long Contacts() {
    return database_->Scalar("SELECT count(*) FROM complaints WHERE workflow = 'discrimination_hotline'");
  }
};

TEST_F(HotlineDoorHttpTest, AnAnonymousContactOpensOneHotlineCaseHoweverOftenItIsSent) {
  Browser citizen(server_->port(), "198.51.100.60");
  const auto page = citizen.Get("/diskrimination");
  ASSERT_EQ(page.result(), status::ok);
  EXPECT_THAT(page.body(), HasSubstr("Diskriminationslinjen"));
  const auto sent = citizen.Post("/diskrimination", Contact());
  ASSERT_EQ(sent.result(), status::see_other) << sent.body();
  EXPECT_EQ(sent[http::field::location], "/diskrimination/kvittering");
  const auto receipt = citizen.Get("/diskrimination/kvittering");
  EXPECT_THAT(receipt.body(), HasSubstr("Tak. Vi har fået din henvendelse"));
  EXPECT_THAT(receipt.body(), HasSubstr("Du har ikke givet os kontaktoplysninger"));
  // Sent again: the same case.
  EXPECT_EQ(citizen.Post("/diskrimination", Contact()).result(), status::see_other);
  EXPECT_EQ(Contacts(), 1);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints c JOIN case_state s ON s.id = c.id"
                              " WHERE c.workflow = 'discrimination_hotline' AND c.channel = 'WEB_FORM'"
                              " AND s.state = 'listening' AND c.complainant_name IS NULL AND c.department IS NULL"),
            1);
  // The office finds it among its cases.
  const auto listed = Send(http::verb::get, "/v1/complaints?q=skranken", Role::kCaseworker);
  EXPECT_THAT(listed.body(), HasSubstr("Afvist ved skranken"));
}

TEST_F(HotlineDoorHttpTest, AContactInEasyDanishWithAnAddressIsToldWeAnswerAndGetsEasyLetters) {
  Browser citizen(server_->port(), "198.51.100.61");
  ASSERT_EQ(citizen.Get("/diskrimination?sprog=da-easy").result(), status::ok);
  ASSERT_EQ(citizen.Post("/diskrimination", Contact("amira@example.dk")).result(), status::see_other);
  const auto receipt = citizen.Get("/diskrimination/kvittering");
  EXPECT_THAT(receipt.body(), HasSubstr("Vi ser på det. Så kontakter vi dig."));
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE workflow = 'discrimination_hotline'"
                              " AND complainant_email = 'amira@example.dk' AND easy_read AND language = 'da'"),
            1);
}

TEST_F(HotlineDoorHttpTest, ACallerWhoNeedsAnInterpreterSaysSoAndInWhichLanguage) {
  Browser citizen(server_->port(), "198.51.100.64");
  ASSERT_EQ(citizen.Get("/diskrimination").result(), status::ok);
  auto fields = Contact("amira@example.dk");
  fields.emplace_back("needs_interpreter", "true");
  // No language chosen: refused at the language, what was ticked kept.
  const auto refused = citizen.Post("/diskrimination", fields);
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr(R"(href="#interpreter_language")"));
  EXPECT_THAT(refused.body(), HasSubstr("Vælg det sprog, tolken skal tale"));
  EXPECT_THAT(refused.body(), HasSubstr(R"(id="needs_interpreter" name="needs_interpreter" value="true" checked)"));
  EXPECT_EQ(Contacts(), 0);
  fields.emplace_back("interpreter_language", "ar");
  fields.emplace_back("easy_read", "true");
  ASSERT_EQ(citizen.Post("/diskrimination", fields).result(), status::see_other);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE workflow = 'discrimination_hotline'"
                              " AND needs_interpreter AND interpreter_language = 'ar' AND easy_read"),
            1);
}

TEST_F(HotlineDoorHttpTest, ABadContactIsRefusedAtItsFieldsAndChangesNothing) {
  Browser citizen(server_->port(), "198.51.100.62");
  ASSERT_EQ(citizen.Get("/diskrimination").result(), status::ok);
  auto fields = Contact("ikke-en-adresse");
  fields[0].second = "";
  const auto refused = citizen.Post("/diskrimination", fields);
  EXPECT_EQ(refused.result(), status::bad_request);
  EXPECT_THAT(refused.body(), HasSubstr("Skriv, hvad det handler om"));
  EXPECT_THAT(refused.body(), HasSubstr("Skriv en e-mailadresse som navn@eksempel.dk"));
  EXPECT_THAT(refused.body(), HasSubstr(R"(href="#email")"));
  EXPECT_THAT(refused.body(), HasSubstr("fordi jeg talte arabisk"));  // what was typed comes back

  // The department reads the subject, so it may not name the citizen.
  auto named = Contact("amira@example.dk");
  named[0].second = "Amira Hansen blev afvist";
  EXPECT_THAT(citizen.Post("/diskrimination", named).body(),
              HasSubstr("Skriv overskriften uden dit navn eller dine kontaktoplysninger"));

  auto robot = Contact();
  robot.back().second = "https://spam.example";
  EXPECT_EQ(citizen.Post("/diskrimination", robot).result(), status::bad_request);
  EXPECT_EQ(citizen.Post("/diskrimination", Contact(), false).result(), status::forbidden);
  Browser stranger(server_->port(), "198.51.100.63");
  EXPECT_EQ(stranger.Post("/diskrimination", Contact(), false).result(), status::forbidden);
  EXPECT_EQ(Contacts(), 0);
}

TEST_F(HotlineDoorHttpTest, ContactsFromOneAddressAreLimitedAndOtherAddressesAreNot) {
  Browser flood(server_->port(), "198.51.100.64");
  int limited = 0;
  for (int i = 0; i < 8; ++i) {
    ASSERT_EQ(flood.Get("/diskrimination").result(), status::ok);  // a new form, a new contact
    if (flood.Post("/diskrimination", Contact()).result() == status::too_many_requests) ++limited;
  }
  EXPECT_GE(limited, 2);
  EXPECT_LE(Contacts(), 6);
  Browser other(server_->port(), "198.51.100.65");
  ASSERT_EQ(other.Get("/diskrimination").result(), status::ok);
  EXPECT_EQ(other.Post("/diskrimination", Contact()).result(), status::see_other);
}

}  // namespace
}  // namespace ombudsflow::testing
