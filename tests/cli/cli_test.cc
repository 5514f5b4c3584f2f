// The ombudsflow executable as operators use it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "engine/store/complaint_store.h"
#include "engine/store/database.h"
#include "engine/store/token_store.h"
#include "tests/support/new_complaint.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

std::string LastLine(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
  return trimmed.substr(trimmed.rfind('\n') == std::string::npos ? 0 : trimmed.rfind('\n') + 1);
}

int LineCount(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// A database nobody listens for: a closed port on loopback.
constexpr const char* kUnreachable = "host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2";

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() /
                    ("ombudsflow-cli-" + std::to_string(::getpid()) + "-" + std::to_string(next_++))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int next_ = 0;
  std::filesystem::path path_;
};

TEST(TokenCreate, PrintsAWorkingTokenAsTheLastLine) {
  auto database = TestDatabase::Migrated();
  auto result = RunOmbudsflow({"token", "create", "--db", database->conninfo(), "--role",
                               "department", "--department", "BUF", "--name", "BUF inbox"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string token = LastLine(result.out);
  EXPECT_THAT(token, MatchesRegex("ofk_[0-9a-f]{64}"));

  auto pool = database->Connect();
  store::TokenStore store(*pool);
  const service::SystemClock clock;
  service::TokenService tokens(store, clock);
  auto actor = tokens.Authenticate(token);
  ASSERT_TRUE(actor.has_value());
  EXPECT_EQ(actor->role, Role::kDepartment);
  EXPECT_EQ(actor->department, "BUF");
}

TEST(TokenList, ShowsEachTokensLifetimeAndStateButNeverTheToken) {
  auto database = TestDatabase::Migrated();
  auto created = RunOmbudsflow({"token", "create", "--db", database->conninfo(), "--role", "department",
                                "--department", "BUF", "--name", "Anne", "--lifetime-days", "2"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string token = LastLine(created.out);
  EXPECT_THAT(created.out, HasSubstr("expiring "));
  const std::string id = created.out.substr(created.out.find("token ") + 6, 36);
  EXPECT_EQ(database->Scalar("SELECT count(*) FROM api_tokens WHERE expires_at BETWEEN now() + interval '47 hours'"
                             " AND now() + interval '49 hours'"),
            1);

  auto listed = RunOmbudsflow({"token", "list", "--db", database->conninfo()});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr(id + "  department BUF  system  'Anne'  issued by operator:"));
  EXPECT_THAT(listed.out, HasSubstr("  active\n"));
  EXPECT_THAT(listed.out, Not(HasSubstr(token.substr(4, 16))));
  EXPECT_THAT(listed.out, HasSubstr("1 tokens"));

  ASSERT_EQ(RunOmbudsflow({"token", "revoke", "--db", database->conninfo(), "--id", id}).exit_code, 0);
  EXPECT_THAT(RunOmbudsflow({"token", "list", "--db", database->conninfo()}).out, HasSubstr("  revoked "));

  auto too_long = RunOmbudsflow({"token", "create", "--db", database->conninfo(), "--role", "department",
                                 "--department", "BUF", "--name", "Anne", "--lifetime-days", "5000"});
  EXPECT_EQ(too_long.exit_code, 1);
  EXPECT_THAT(too_long.err, HasSubstr("lifetime must be 1 to 3650 days"));
}

TEST(TokenCreate, RefusesInconsistentTokensWritingNothing) {
  auto database = TestDatabase::Migrated();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--role", "department", "--name", "x"},
        std::vector<std::string>{"--role", "caseworker", "--department", "BUF", "--name", "x"},
        std::vector<std::string>{"--role", "department", "--department", "NOPE", "--name", "x"}}) {
    std::vector<std::string> command = {"token", "create", "--db", database->conninfo()};
    command.insert(command.end(), args.begin(), args.end());
    auto result = RunOmbudsflow(command);
    EXPECT_NE(result.exit_code, 0);
    EXPECT_THAT(result.err, StartsWith("ombudsflow: "));
  }
  EXPECT_EQ(database->Scalar("SELECT count(*) FROM api_tokens"), 0);
}

// Separation of duties: the operator's shell issues no token that acts as
// a person (the ombudsman least of all), and no system holds a role that
// reads personal data or approves.
TEST(TokenCreate, IssuesNoPersonsTokenAndNoSystemTokenOfAnOfficeRole) {
  auto database = TestDatabase::Migrated();
  auto ombudsman = RunOmbudsflow({"user", "create", "--db", database->conninfo(), "--name", "Ombudsmanden",
                                  "--email", "ombudsman@kk.dk", "--role", "ombudsman"});
  ASSERT_EQ(ombudsman.exit_code, 0) << ombudsman.err;
  const std::string id = database->Text("SELECT id::text FROM users WHERE email = 'ombudsman@kk.dk'");
  for (const std::string& user : {id, std::string("ombudsman@kk.dk")}) {
    auto refused = RunOmbudsflow({"token", "create", "--db", database->conninfo(), "--user", user});
    EXPECT_EQ(refused.exit_code, 2) << refused.out;
    EXPECT_THAT(refused.err, HasSubstr("issued by that person alone"));
  }
  for (const char* role : {"ombudsman", "deputy", "caseworker", "administrator"}) {
    auto refused = RunOmbudsflow({"token", "create", "--db", database->conninfo(), "--role", role, "--name", "script"});
    EXPECT_EQ(refused.exit_code, 1) << role << ": " << refused.out;
    EXPECT_THAT(refused.err, HasSubstr("a system may hold only the department role")) << role;
  }
  EXPECT_EQ(database->Scalar("SELECT count(*) FROM api_tokens"), 0);
}

TEST(Cli, BadOptionsGiveOneLineAndExitCode2) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"serve", "--no-such-option"},
        std::vector<std::string>{"token", "create", "--role", "mayor", "--name", "x", "--db", "x"},
        std::vector<std::string>{"migrate", "--db"},
        std::vector<std::string>{"fly"},
        std::vector<std::string>{"serve", "--db", "x", "--listen", "localhost"}}) {
    auto result = RunOmbudsflow(args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << " " << result.err;
    EXPECT_EQ(LineCount(result.err), 1) << result.err;
    EXPECT_THAT(result.err, StartsWith("ombudsflow: "));
  }
}

TEST(Cli, AnUnreachableDatabaseGivesOneLineAndExitCode1) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"migrate", "--db", kUnreachable},
        std::vector<std::string>{"token", "create", "--db", kUnreachable, "--role", "ombudsman",
                                 "--name", "x"},
        std::vector<std::string>{"serve", "--db", kUnreachable, "--listen", "127.0.0.1:0"}}) {
    auto result = RunOmbudsflow(args);
    EXPECT_EQ(result.exit_code, 1) << args[0];
    EXPECT_THAT(result.err, StartsWith("ombudsflow: cannot connect to the database")) << result.err;
  }
}

TEST(Cli, EveryCommandHasHelpAndTheTopLevelHelpListsEverySubcommand) {
  const auto top = RunOmbudsflow({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  // The commands the top-level help lists ("  token revoke   ..."), each once.
  std::set<std::string> commands;
  std::istringstream lines(top.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("  ") && line.size() > 2 && line[2] != ' ') commands.insert(line.substr(2, line.find(' ', 2) - 2));
  }
  EXPECT_EQ(commands, (std::set<std::string>{"serve", "config", "migrate", "servers", "user", "token", "workflows", "audit",
                                             "retention"})) << top.out;
  for (const std::string& command : commands) {
    auto result = RunOmbudsflow({command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << command;
    EXPECT_THAT(result.out, HasSubstr("usage: ombudsflow " + command)) << result.out;
    // Every "ombudsflow COMMAND ACTION" a command's usage names is listed at the top.
    for (std::size_t at = result.out.find("ombudsflow " + command); at != std::string::npos;
         at = result.out.find("ombudsflow " + command, at + 1)) {
      const std::size_t end = result.out.find_first_of(" \n", at + 12 + command.size());
      const std::string usage = result.out.substr(at + 11, end - at - 11);  // "token revoke"
      if (usage.find(' ') == std::string::npos || usage.find('-') != std::string::npos) continue;
      EXPECT_THAT(top.out, HasSubstr("  " + usage + " ")) << usage;
    }
  }
}

// Registers a case with its first event, as the server does.
void RegisterCase(store::ComplaintStore& complaints, const std::string& id) {
  ASSERT_TRUE(complaints.Insert(RegistrableComplaint(id, FromUnixMicros(1'780'308'000'000'000))).has_value());
}

TEST(AuditVerify, NamesTheFirstBrokenLinkOfEachBrokenChainAndFailsOnlyThen) {
  auto database = TestDatabase::Migrated();
  {
    auto pool = database->Connect();
    store::ComplaintStore complaints(*pool, {});
    RegisterCase(complaints, "c0ffee00-0000-4000-8000-000000000001");
    RegisterCase(complaints, "c0ffee00-0000-4000-8000-000000000002");
  }
  auto holding = RunOmbudsflow({"audit", "verify", "--db", database->conninfo(), "--all"});
  EXPECT_EQ(holding.exit_code, 0) << holding.err;
  EXPECT_THAT(holding.out, HasSubstr("2 cases verified, 0 with a broken chain"));

  database->Execute("ALTER TABLE complaint_events DISABLE TRIGGER ALL");
  database->Execute("UPDATE complaint_events SET kind = 'consent_recorded'"
                    " WHERE complaint_id = 'c0ffee00-0000-4000-8000-000000000002'");
  auto all = RunOmbudsflow({"audit", "verify", "--db", database->conninfo(), "--all"});
  EXPECT_EQ(all.exit_code, 1);
  EXPECT_THAT(all.out, HasSubstr("case c0ffee00-0000-4000-8000-000000000002: broken at event 1: "));
  EXPECT_THAT(all.out, Not(HasSubstr("000000000001")));
  EXPECT_THAT(all.out, HasSubstr("2 cases verified, 1 with a broken chain"));

  auto one = RunOmbudsflow(
      {"audit", "verify", "--db", database->conninfo(), "--case", "c0ffee00-0000-4000-8000-000000000001"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("the chain holds (1 event)"));
  auto missing = RunOmbudsflow(
      {"audit", "verify", "--db", database->conninfo(), "--case", "c0ffee00-0000-4000-8000-000000000009"});
  EXPECT_EQ(missing.exit_code, 1);
  auto neither = RunOmbudsflow({"audit", "verify", "--db", database->conninfo()});
  EXPECT_EQ(neither.exit_code, 2);
}

TEST(Migrate, RefusesWhenAnAppliedMigrationFileChanged) {
  auto database = TestDatabase::Empty();
  TempDir dir;
  std::filesystem::copy(OMBUDSFLOW_SQL_DIR, dir.path(), std::filesystem::copy_options::recursive);
  auto first = RunOmbudsflow({"migrate", "--db", database->conninfo(), "--migrations", dir.path()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("applied 0001_initial.sql"));

  std::ofstream(dir.path() / "0001_initial.sql", std::ios::app) << "\n-- an edit\n";
  std::ofstream(dir.path() / "0002_new.sql") << "CREATE TABLE should_not_exist (x int);\n";
  auto second = RunOmbudsflow({"migrate", "--db", database->conninfo(), "--migrations", dir.path()});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr("0001_initial.sql has changed since it was applied"));
  EXPECT_EQ(database->Scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'should_not_exist'"), 0);

  // The server refuses to start on such a database too.
  auto serve = RunOmbudsflow({"serve", "--db", database->conninfo(), "--migrations", dir.path(),
                              "--listen", "127.0.0.1:0"});
  EXPECT_EQ(serve.exit_code, 1);
  EXPECT_THAT(serve.err, HasSubstr("has changed"));
}

// Who runs what during a rolling upgrade, and which release this binary is.
TEST(Servers, ListsTheServersThatSaidTheyRunWithTheirReleases) {
  auto database = TestDatabase::Migrated();
  database->Execute(
      "INSERT INTO running_servers (id, release, newest_migration, host, pid) VALUES"
      " (gen_random_uuid(), 'v0.1.0', '0051_search_refresh_planned_once.sql', 'app1.kommune.local', 4242),"
      " (gen_random_uuid(), 'v0.0.9', '0040_whistleblower.sql', 'app2.kommune.local', 77)");
  database->Execute("UPDATE running_servers SET seen_at = now() - interval '2 minutes' WHERE pid = 77");
  auto result = RunOmbudsflow({"servers", "--db", database->conninfo()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("app1.kommune.local\t4242\tv0.1.0\t0051_search_refresh_planned_once.sql\t"));
  EXPECT_EQ(result.out.find("app2.kommune.local"), std::string::npos) << "silent for two minutes: " << result.out;
  EXPECT_THAT(result.out, HasSubstr("1 running"));

  const auto version = RunOmbudsflow({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  ASSERT_THAT(version.out, StartsWith("ombudsflow "));
  const std::string release = version.out.substr(11, version.out.find('\n') - 11);
  EXPECT_FALSE(release.empty());
  EXPECT_THAT(result.out, HasSubstr("this ombudsflow is " + release));
}

TEST(Serve, RefusesToStartOnAnUnmigratedDatabase) {
  auto database = TestDatabase::Empty();
  auto result = RunOmbudsflow({"serve", "--db", database->conninfo(), "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("run 'ombudsflow migrate"));
}

TEST(WorkflowsCheck, PassesOnTheShippedDefinitions) {
  auto result = RunOmbudsflow({"workflows", "check", OMBUDSFLOW_WORKFLOWS_DIR});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(WorkflowsCheck, NamesFileAndLineOfEveryProblem) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "complaint");
  std::ofstream(dir.path() / "complaint" / "v1.textproto")
      << "name: \"complaint\"\nversion: 1\ninitial_state: \"nowhere\"\nstate { name: \"a\" }\n";
  std::ofstream(dir.path() / "complaint" / "v2.textproto") << "name: \"complaint\"\nversion: 2\nbogus: 1\n";
  auto result = RunOmbudsflow({"workflows", "check", dir.path()});
  EXPECT_EQ(result.exit_code, 1);
  const std::string base = dir.path().filename().string();
  EXPECT_THAT(result.err, HasSubstr(base + "/complaint/v1.textproto:3: initial_state 'nowhere'"));
  EXPECT_THAT(result.err, HasSubstr(base + "/complaint/v2.textproto:3:"));

  // serve refuses the same folder.
  auto serve = RunOmbudsflow({"serve", "--db", kUnreachable, "--workflows", dir.path()});
  EXPECT_EQ(serve.exit_code, 1);
  EXPECT_THAT(serve.err, HasSubstr("workflow definitions are invalid"));
}

// The referral registry is the deployment's to edit: a mistake in it stops
// check and serve alike, at its line.
TEST(WorkflowsCheck, NamesTheLineOfABrokenReferralBody) {
  TempDir dir;
  std::filesystem::copy(OMBUDSFLOW_WORKFLOWS_DIR, dir.path() / "workflows", std::filesystem::copy_options::recursive);
  std::ifstream shipped(dir.path() / "workflows" / "referrals.textproto");
  std::stringstream text;
  text << shipped.rdbuf();
  shipped.close();
  const std::string original = text.str();
  const auto lines = std::count(original.begin(), original.end(), '\n');
  std::ofstream(dir.path() / "workflows" / "referrals.textproto")
      << original << "body { id: \"ankestyrelsen\" kind: APPEALS_BOARD name { da: \"A\" en: \"A\" } "
      << "handles { da: \"h\" en: \"h\" } web: \"http://ast.dk\" }\n";
  auto check = RunOmbudsflow({"workflows", "check", (dir.path() / "workflows").string()});
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_THAT(check.err, HasSubstr("workflows/referrals.textproto:" + std::to_string(lines + 1) +
                                   ": the web address of referral body 'ankestyrelsen' must be an https:// address"));
  auto serve = RunOmbudsflow({"serve", "--db", kUnreachable, "--workflows", (dir.path() / "workflows").string()});
  EXPECT_EQ(serve.exit_code, 1);
  EXPECT_THAT(serve.err, HasSubstr("referrals.textproto:"));
}


// The review loaded a definition whose publish action lacked notice_received,
// and published. Each guard the statute demands is now required by the
// action itself.
TEST(WorkflowsCheck, RefusesAPublicationWithoutEachRequiredGuard) {
  std::ifstream shipped(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/complaint/v4.textproto");
  std::stringstream text;
  text << shipped.rdbuf();
  const std::string original = text.str();
  for (const std::string guard :
       {"guard { name: \"notice_received\" arg { key: \"notice\" value: \"pre_publication\" } }",
        "guard { name: \"approver_authorised\" }", "guard { name: \"no_publication_hold\" }",
        "guard { name: \"not_recorded_actor\" arg { key: \"fact\" value: \"drafted_by\" } }",
        "guard { name: \"personal_data_cleared\" arg { key: \"fact\" value: \"publication_title\" } }",
        "guard { name: \"personal_data_cleared\" arg { key: \"fact\" value: \"publication_text\" } }",
        "guard { name: \"publication_date_reached\" arg { key: \"notice\" value: \"pre_publication\" } }"}) {
    const auto at = original.find(guard);
    ASSERT_NE(at, std::string::npos) << guard;
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "complaint");
    std::ofstream(dir.path() / "complaint" / "v4.textproto") << original.substr(0, at) + original.substr(at + guard.size());
    auto result = RunOmbudsflow({"workflows", "check", dir.path()});
    EXPECT_EQ(result.exit_code, 1) << guard;
    EXPECT_THAT(result.err, MatchesRegex("(.|\n)*complaint/v4.textproto:[0-9]+: action 'publish' of transition "
                                         "'approve_publication' requires the guard(.|\n)*"))
        << result.err;
  }
}

// The newsletter's release is guarded as publication is: a definition
// that drops the receipt guard or the hold from approving or sending an
// issue is refused, naming its file, line and the guard.
TEST(WorkflowsCheck, RefusesANewsletterIssueWithoutTheReceiptGuardOrTheHold) {
  std::ifstream shipped(std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/newsletter_issue/v1.textproto");
  std::stringstream text;
  text << shipped.rdbuf();
  const std::string original = text.str();
  for (const std::string guard : {"guard { name: \"items_received\" arg { key: \"notice\" value: \"pre_publication\" } }",
                                  "guard { name: \"no_publication_hold\" }"}) {
    std::string changed = original;
    for (auto at = changed.find(guard); at != std::string::npos; at = changed.find(guard)) changed.erase(at, guard.size());
    ASSERT_NE(changed, original) << guard;
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "newsletter_issue");
    std::ofstream(dir.path() / "newsletter_issue" / "v1.textproto") << changed;
    auto result = RunOmbudsflow({"workflows", "check", dir.path()});
    EXPECT_EQ(result.exit_code, 1) << guard;
    EXPECT_THAT(result.err, MatchesRegex("(.|\n)*newsletter_issue/v1.textproto:[0-9]+: action 'approve_release' of "
                                         "transition 'approve' requires the guard(.|\n)*"))
        << result.err;
    EXPECT_THAT(result.err, MatchesRegex("(.|\n)*newsletter_issue/v1.textproto:[0-9]+: action 'release' of "
                                         "transition 'send' requires the guard(.|\n)*"))
        << result.err;
  }
}

}  // namespace
}  // namespace ombudsflow::testing
