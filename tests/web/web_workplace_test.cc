// The web workplace in a real browser: Playwright (tests/web/specs) drives
// Debian's chromium, headless, against the real server on a database of
// its own, with axe-core checking every page it reaches. This test starts
// the server, gives each role's person a password, runs the suite and
// fails with its output when any spec fails.
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdlib>
#include <cstdio>
#include <filesystem>

#include "tests/support/clamd_process.h"
#include "tests/support/oidc_provider.h"
#include "tests/support/server_fixture.h"
#include "tests/support/server_process.h"
#include "tests/support/smtp_receiver.h"

namespace ombudsflow::testing {
namespace {

constexpr const char* kPassword = "correct horse battery staple";

struct Output {
  int status = -1;
  std::string text;
};

Output RunShell(const std::string& command) {
  Output output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  std::array<char, 4096> buffer{};
  while (std::size_t read = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.text.append(buffer.data(), read);
  output.status = pclose(pipe);
  return output;
}

class WebWorkplaceTest : public ServerFixture {
 protected:
  // A real mail server (set-password links reach their person by e-mail)
  // and a print folder: every letter is made into its PDF and sent.
  // clamd with its own signature file: documents are scanned as in service.
  // And MitID's broker for citizens: the test identity provider.
  WebWorkplaceTest()
      : smtp_(SmtpReceiver::Start()), clamd_(ClamdProcess::Start()), mitid_(OidcProvider::Start()) {
    char folder[] = "/tmp/ombudsflow-web-print-XXXXXX";
    print_folder_ = mkdtemp(folder);
  }
  ~WebWorkplaceTest() override { std::filesystem::remove_all(print_folder_); }

  std::vector<std::string> ServerArgs() const override {
    // Every spec signs its people in afresh, with one account per role:
    // more sign-ins than a person makes in 15 minutes (SessionTest holds
    // the limit itself).
    return {"--smtp-url", smtp_->Url(), "--print-folder", print_folder_.string(), "--letter-interval-ms", "500",
            "--survey-interval-ms", "500",
            "--sign-in-successes", "1000", "--clamd-socket", clamd_->socket_path(), "--scan-interval-ms", "200",
            // A browser fills the public form in faster than a person.
            "--complaint-form-min-seconds", "1",
            // Citizens may sign in with MitID (the secret: SetUp's).
            "--citizen-oidc-issuer", mitid_->issuer(), "--citizen-oidc-client-id", OidcProvider::kClientId};
  }

  void SetUp() override {
    setenv("OMBUDSFLOW_CITIZEN_OIDC_CLIENT_SECRET", OidcProvider::kClientSecret, 1);
    ServerFixture::SetUp();
    for (const auto& [role, id] : user_ids_) {
      const CommandResult set = RunOmbudsflow(
          {"user", "set-password", "--db", database_->conninfo(), "--user", id, "--password-stdin"}, kPassword);
      ASSERT_EQ(set.exit_code, 0) << set.err;
    }
  }

  std::unique_ptr<SmtpReceiver> smtp_;
  std::unique_ptr<ClamdProcess> clamd_;
  std::unique_ptr<OidcProvider> mitid_;
  std::filesystem::path print_folder_;
};

TEST_F(WebWorkplaceTest, BrowserFlowsAndAccessibilityChecksPass) {
  const std::filesystem::path screenshots = OMBUDSFLOW_WEB_SCREENSHOTS_DIR;
  std::filesystem::create_directories(screenshots);
  setenv("OMBUDSFLOW_URL", ("http://127.0.0.1:" + std::to_string(server_->port())).c_str(), 1);
  setenv("OMBUDSFLOW_PASSWORD", kPassword, 1);
  setenv("OMBUDSFLOW_MAIL_FOLDER", smtp_->folder().c_str(), 1);
  setenv("OMBUDSFLOW_SCREENSHOTS", screenshots.c_str(), 1);
  // The specs register MitID's people and say who signs in next.
  setenv("OMBUDSFLOW_MITID_ISSUER", mitid_->issuer().c_str(), 1);
  setenv("OMBUDSFLOW_WEB_OUTPUT", (screenshots / "playwright-output").c_str(), 1);
  // OMBUDSFLOW_WEB_SPECS narrows a run by hand to some spec files
  // ("administration office"); the test command runs them all.
  const char* specs = std::getenv("OMBUDSFLOW_WEB_SPECS");
  std::string only;
  for (char c : std::string(specs != nullptr ? specs : "")) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '_') only += c;
  }
  const Output run = RunShell(std::string("cd '") + OMBUDSFLOW_WEB_TESTS_DIR +
                              "' && node node_modules/@playwright/test/cli.js test " + only + " 2>&1");
  EXPECT_EQ(run.status, 0) << run.text << "\n--- server log ---\n" << server_->Log();
  // The suite ran its specs (an empty run would pass too).
  EXPECT_NE(run.text.find(" passed"), std::string::npos) << run.text;
}

}  // namespace
}  // namespace ombudsflow::testing
