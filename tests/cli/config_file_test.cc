// serve's options from a config file and systemd's credentials, and what
// `ombudsflow config check` shows of them: the file's values with the
// flags over them, every secret masked, and a password on the command line
// refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "api/server/serve_config.h"
#include "tests/support/server_process.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace fs = std::filesystem;

class ConfigFileTest : public ::testing::Test {
 protected:
  ConfigFileTest()
      : folder_(fs::temp_directory_path() / ("ombudsflow-config-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::create_directories(folder_);
  }
  ~ConfigFileTest() override {
    ::unsetenv("CREDENTIALS_DIRECTORY");
    fs::remove_all(folder_);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = folder_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }

  fs::path folder_;
};

TEST_F(ConfigFileTest, TheFilesValuesApplyAndEachFlagOverridesItsLine) {
  const std::string file = Write("ombudsflow.conf",
                                 "# the office's server\n"
                                 "db = host=127.0.0.1 dbname=office\n"
                                 "listen = 127.0.0.1:9090\n"
                                 "threads = 3\n"
                                 "idle-timeout-seconds = 20\n"
                                 "webhook-allow-private = true\n");
  const auto config = server::ParseServeConfig({"--config", file, "--threads", "5"});
  ASSERT_TRUE(config.has_value()) << config.error().text;
  EXPECT_EQ(config->database.conninfo, "host=127.0.0.1 dbname=office");
  EXPECT_EQ(config->listening.endpoint.port(), 9090);
  EXPECT_EQ(config->listening.io_threads, 5U) << "the flag over the file";
  EXPECT_EQ(config->listening.idle_timeout, std::chrono::seconds(20));
  EXPECT_TRUE(config->webhooks.policy.allow_private);
  EXPECT_EQ(config->listening.request_timeout, std::chrono::seconds(30)) << "neither: the table's default";
}

TEST_F(ConfigFileTest, AnUnknownNameOrABadValueInTheFileIsRefusedNamingTheFile) {
  const std::string unknown = Write("unknown.conf", "db = x\nthreds = 3\n");
  const auto refused = server::ParseServeConfig({"--config", unknown});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, server::ConfigStop::Kind::kUsage);
  EXPECT_THAT(refused.error().text, HasSubstr(unknown));
  EXPECT_THAT(refused.error().text, HasSubstr("threds"));

  const std::string out_of_range = Write("range.conf", "db = x\nidle-timeout-seconds = 0\n");
  const auto range = server::ParseServeConfig({"--config", out_of_range});
  ASSERT_FALSE(range.has_value());
  EXPECT_THAT(range.error().text, HasSubstr("--idle-timeout-seconds must be from 1 to 3600"));

  const auto missing = server::ParseServeConfig({"--config", (folder_ / "none.conf").string()});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, server::ConfigStop::Kind::kFailure);
  EXPECT_THAT(missing.error().text, HasSubstr("cannot read the config file"));

  // The file cannot point at another file.
  const std::string nested = Write("nested.conf", "db = x\nconfig = " + unknown + "\n");
  EXPECT_FALSE(server::ParseServeConfig({"--config", nested}).has_value());
}

TEST_F(ConfigFileTest, APasswordOnTheCommandLineIsRefusedAndInTheFileItIsAccepted) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--db", "host=127.0.0.1 dbname=x password=canary-db-7731"},
        std::vector<std::string>{"--db", "postgresql://of:canary-db-7731@127.0.0.1/x"},
        std::vector<std::string>{"--db", "x", "--smtp-url", "smtp://letters:canary-smtp-7731@mail.example.dk:587"}}) {
    const auto refused = server::ParseServeConfig(args);
    ASSERT_FALSE(refused.has_value()) << args[1];
    EXPECT_EQ(refused.error().kind, server::ConfigStop::Kind::kUsage);
    EXPECT_THAT(refused.error().text, HasSubstr("password on the command line"));
    EXPECT_THAT(refused.error().text, Not(HasSubstr("canary")));
  }
  const std::string file = Write("secret.conf", "db = host=127.0.0.1 dbname=x password=canary-db-7731\n");
  const auto accepted = server::ParseServeConfig({"--config", file});
  ASSERT_TRUE(accepted.has_value()) << accepted.error().text;
  EXPECT_THAT(accepted->database.conninfo, HasSubstr("canary-db-7731"));
  // A user name alone is no secret.
  EXPECT_TRUE(server::ParseServeConfig({"--db", "host=127.0.0.1 user=of dbname=x"}).has_value());
}

TEST_F(ConfigFileTest, SecretsNotNamedAreReadFromSystemdsCredentials) {
  const std::string credentials = (folder_ / "credentials").string();
  Write("credentials/oidc-client-secret", "canary-oidc-7731\n");
  Write("credentials/smtp-password", "canary-smtp-7731\n");
  Write("credentials/pgpass", "127.0.0.1:*:*:of:canary-db-7731\n");
  Write("credentials/audit-anchor-key", "not read until the anchor starts\n");
  ::setenv("CREDENTIALS_DIRECTORY", credentials.c_str(), 1);
  const auto settings = server::ReadServeSettings(
      {"--db", "host=127.0.0.1 dbname=x", "--oidc-issuer", "https://login.example.dk", "--oidc-client-id", "office",
       "--smtp-url", "smtp://mail.example.dk:587", "--audit-anchor", (folder_ / "anchor").string()});
  ASSERT_TRUE(settings.has_value()) << settings.error().text;
  ASSERT_TRUE(settings->config.oidc.has_value());
  EXPECT_EQ(settings->config.oidc->client_secret, "canary-oidc-7731");
  ASSERT_TRUE(settings->config.letters.smtp.has_value());
  EXPECT_EQ(settings->config.letters.smtp->password, "canary-smtp-7731");
  EXPECT_EQ(settings->config.database.passfile, credentials + "/pgpass");
  ASSERT_TRUE(settings->config.audit_anchor.has_value());
  EXPECT_EQ(settings->config.audit_anchor->key_file, credentials + "/audit-anchor-key");
  // What config check shows: where each secret is, never the secret.
  std::string shown;
  for (const auto& secret : settings->secrets) shown += secret + "\n";
  for (const auto& option : settings->options) shown += option.name + " = " + option.value + "\n";
  EXPECT_THAT(shown, HasSubstr("oidc client secret: the file " + credentials + "/oidc-client-secret"));
  EXPECT_THAT(shown, HasSubstr("smtp password: the file " + credentials + "/smtp-password"));
  EXPECT_THAT(shown, HasSubstr("libpq's password file " + credentials + "/pgpass"));
  EXPECT_THAT(shown, Not(HasSubstr("canary")));

  // A file named in the options comes before the credential.
  const std::string own = Write("own-secret", "canary-own-7731\n");
  const auto named = server::ParseServeConfig({"--db", "x", "--oidc-issuer", "https://login.example.dk",
                                               "--oidc-client-id", "office", "--oidc-client-secret-file", own});
  ASSERT_TRUE(named.has_value()) << named.error().text;
  EXPECT_EQ(named->oidc->client_secret, "canary-own-7731");
}

TEST_F(ConfigFileTest, ConfigCheckPrintsEveryOptionWithItsSourceAndMasksEverySecret) {
  const std::string file = Write("ombudsflow.conf",
                                 "db = host=127.0.0.1 dbname=office user=of password=canary-db-7731\n"
                                 "smtp-url = smtp://letters:canary-smtp-7731@mail.example.dk:587\n"
                                 "threads = 3\n");
  const auto result = RunOmbudsflow({"config", "check", "--config", file, "--idle-timeout-seconds", "20"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, StartsWith("# ombudsflow serve: the effective configuration (secrets masked)\n"));
  EXPECT_THAT(result.out, HasSubstr("threads = 3  # file\n"));
  EXPECT_THAT(result.out, HasSubstr("idle-timeout-seconds = 20  # flag\n"));
  EXPECT_THAT(result.out, HasSubstr("request-timeout-seconds = 30  # default\n"));
  EXPECT_THAT(result.out, HasSubstr("password=********"));
  EXPECT_THAT(result.out, HasSubstr("smtp://letters:********@mail.example.dk:587"));
  EXPECT_THAT(result.out, HasSubstr("database password: in the connection string"));
  EXPECT_THAT(result.out + result.err, Not(HasSubstr("canary")));

  // What serve would refuse, config check refuses, with serve's exit code.
  const auto refused = RunOmbudsflow({"config", "check", "--db", "dbname=x password=canary-db-7731"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, StartsWith("ombudsflow: a password on the command line"));
  EXPECT_THAT(refused.out + refused.err, Not(HasSubstr("canary")));
}

}  // namespace
}  // namespace ombudsflow::testing
