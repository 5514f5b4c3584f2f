#pragma once
// The newsletter's and the other products' test fixture: the real server
// with a real SMTP server (aiosmtpd), the workplace's forms as each role
// posts them, and the mail as it arrived.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <thread>

#include "tests/support/file_contents.h"
#include "tests/support/http_client.h"
#include "tests/support/server_fixture.h"
#include "tests/support/smtp_receiver.h"
#include "tests/support/test_browser.h"

namespace ombudsflow::testing {

namespace newsletter_fixture_names {
namespace fs = std::filesystem;
using http::status;
using http::verb;
using ::testing::HasSubstr;
}  // namespace newsletter_fixture_names
using namespace newsletter_fixture_names;

// What a command printed (stdout and stderr) and how it exited.
struct Ran {
  int exit_code = -1;
  std::string output;
};
inline Ran RunCommand(const std::string& command) {
  Ran ran;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return ran;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) ran.output.append(buffer, n);
  const int status = ::pclose(pipe);
  ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return ran;
}

// A received message's summary and raw text.
struct Received {
  std::string summary;
  std::string raw;
};

class NewsletterHttpTest : public ServerFixture {
 protected:
  NewsletterHttpTest() : smtp_(SmtpReceiver::Start()) {}

  // A failure shows what the server logged.
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "server log:\n" << server_->Log() << std::endl;
    ServerFixture::TearDown();
  }

  std::vector<std::string> ServerArgs() const override {
    return {"--smtp-url", smtp_->Url(), "--smtp-from", "nyhedsbrev@ombudsmand.example", "--newsletter-per-second", "0",
            "--newsletter-interval-ms", "200", "--newsletter-batch", "50", "--newsletter-lease-ms", "2000",
            "--survey-interval-ms", "200", "--bounce-maildir", smtp_->bounce_maildir().string()};
  }

  const std::map<std::string, std::string> kForm{{"Content-Type", "application/x-www-form-urlencoded"}};
  const std::map<std::string, std::string> kJson{{"Content-Type", "application/json"}};

  // Every message the SMTP server kept so far, by its number.
  std::map<int, Received> Mail() const {
    std::map<int, Received> mail;
    for (const auto& entry : fs::directory_iterator(smtp_->folder())) {
      const std::string name = entry.path().filename().string();
      if (!name.ends_with(".json") || name.find('-') != std::string::npos) continue;
      const int n = std::stoi(name.substr(0, name.size() - 5));
      mail[n] = {FileContents(entry.path()), FileContents(smtp_->folder() / (std::to_string(n) + ".eml"))};
    }
    return mail;
  }

  // The messages to `address`, waiting up to `seconds` for `count` of them.
  std::vector<Received> MailTo(const std::string& address, std::size_t count = 1, int seconds = 10) const {
    std::vector<Received> found;
    for (int i = 0; i == 0 || i < seconds * 20; ++i) {
      found.clear();
      for (const auto& [n, message] : Mail()) {
        if (message.summary.find("\"rcptTos\": [\"" + address + "\"]") != std::string::npos) found.push_back(message);
      }
      if (found.size() >= count) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return found;
  }

  // The first match of `pattern`'s group 1 in `text`, or "".
  static std::string Find(const std::string& text, const std::string& pattern) {
    std::smatch match;
    return std::regex_search(text, match, std::regex(pattern)) ? match[1].str() : std::string();
  }

  // Signs `address` up on the public page and follows the link the
  // confirmation mail brings; returns the mail.
  Received SignUpAndConfirm(const std::string& address) {
    Browser browser(server_->port());
    EXPECT_EQ(browser.Get("/nyhedsbrev").result(), status::ok);
    const auto sent = browser.Post("/nyhedsbrev", {{"email", address}, {"consent", "yes"}});
    EXPECT_EQ(sent.result(), status::see_other) << sent.body();
    const auto mail = MailTo(address);
    EXPECT_EQ(mail.size(), 1u);
    if (mail.empty()) return {};
    const std::string path = Find(mail[0].summary, R"re(https?://[^/]+(/nyhedsbrev/bekraeft/[0-9a-f]{64}))re");
    EXPECT_FALSE(path.empty()) << mail[0].summary;
    // Following the link only shows a button: a mail scanner confirms nothing.
    EXPECT_EQ(browser.Get(path).result(), status::ok);
    EXPECT_EQ(database_->Scalar("SELECT count(*) FROM newsletter_subscribers WHERE state = 'confirmed' AND email = '" +
                                address + "'"),
              0);
    const auto confirmed = browser.Post(path, {}, /*with_csrf=*/false);
    EXPECT_EQ(confirmed.result(), status::ok);
    EXPECT_THAT(confirmed.body(), HasSubstr("Du er tilmeldt"));
    return mail[0];
  }

  // POSTs a workplace form with `role`'s token.
  HttpResponse PostForm(const std::string& target, Role role,
                        const std::vector<std::pair<std::string, std::string>>& fields) {
    return Send(verb::post, target, role, FormBody(fields), kForm);
  }

  // A new issue, written by the caseworker; its id.
  std::string CreateIssue(const std::string& heading) {
    const auto created = PostForm("/newsletters", Role::kCaseworker, {{"heading", heading}});
    EXPECT_EQ(created.result(), status::see_other) << created.body();
    return std::string(created[http::field::location]).substr(std::string("/newsletters/").size());
  }

  std::string IssueVersion(const std::string& id) {
    const auto page = Send(verb::get, "/newsletters/" + id, Role::kCaseworker);
    EXPECT_EQ(page.result(), status::ok) << page.body();
    return Find(page.body(), R"re(name="version" value="(\d+)")re");
  }

  // Saves the issue's text and items as the caseworker.
  HttpResponse Save(const std::string& id, std::vector<std::pair<std::string, std::string>> fields) {
    fields.emplace_back("version", IssueVersion(id));
    return PostForm("/newsletters/" + id, Role::kCaseworker, fields);
  }

  HttpResponse Step(const std::string& id, const std::string& transition, Role role = Role::kOmbudsman) {
    return PostForm("/newsletters/" + id + "/steps/" + transition, role, {{"version", IssueVersion(id)}});
  }

  // An issue with one free item, approved and sent; its id.
  std::string SendIssue(const std::string& heading) {
    const std::string id = CreateIssue(heading);
    EXPECT_EQ(Save(id, {{"heading", heading},
                        {"introduction", "Kære læser.\n\nHer er nyt fra Borgerrådgiveren."},
                        {"items.0.heading", "Årsberetningen er på vej"},
                        {"items.0.body", "Vi skriver om årets sager."}})
                  .result(),
              status::see_other);
    EXPECT_EQ(Step(id, "approve").result(), status::see_other);
    EXPECT_EQ(Step(id, "send", Role::kCaseworker).result(), status::see_other);
    return id;
  }

  // Inserts `count` confirmed subscribers straight into the database.
  void AddSubscribers(int count, const std::string& prefix) {
    database_->Execute(
        "INSERT INTO newsletter_subscribers (id, email, state, consent_text, consent_language, signed_up_at,"
        " confirmation_mailed_at, confirmed_at, unsubscribe_token)"
        " SELECT gen_random_uuid(), '" + prefix + "' || n || '@example.org', 'confirmed', 'Ja tak', 'da', now(), now(),"
        " now(), encode(sha256(('" + prefix + "' || n)::bytea), 'hex') FROM generate_series(1, " +
        std::to_string(count) + ") AS n");
  }

  long long Sent(const std::string& id) {
    return database_->Scalar("SELECT count(*) FROM newsletter_deliveries WHERE issue_id = '" + id +
                             "' AND state = 'sent'");
  }

  std::unique_ptr<SmtpReceiver> smtp_;
};


}  // namespace ombudsflow::testing
