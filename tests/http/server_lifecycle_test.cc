// The composition root in-process: Server builds, starts, drains and stops
// in the order server.h writes down, twice in one process, and leaves no
// thread behind; a start that cannot finish starts nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "api/server/serve_config.h"
#include "api/server/server.h"
#include "tests/support/http_client.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

std::size_t ThreadCount() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task")) ++count;
  return count;
}

server::ServeConfig ConfigFor(const TestDatabase& database, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--db", database.server_conninfo(), "--listen", "127.0.0.1:0",
                                   "--metrics-listen", "127.0.0.1:0", "--request-log", "false"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto config = server::ParseServeConfig(args);
  if (!config) throw std::runtime_error(config.error().text);
  return *config;
}

TEST(ServerLifecycleTest, StartsAndStopsTwiceInOneProcessLeavingNoThreadBehind) {
  auto database = TestDatabase::Migrated();
  const std::size_t before = ThreadCount();
  for (int round = 1; round <= 2; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto server = server::Server::Build(ConfigFor(*database));
    ASSERT_TRUE(server.has_value()) << server.error().message;
    (*server)->Start();
    EXPECT_GT(ThreadCount(), before) << "the I/O threads, request workers and jobs run in threads of their own";
    const unsigned short port = (*server)->local_endpoint().port();
    EXPECT_EQ(SendHttp(port, http::verb::get, "/readyz").result(), http::status::ok)
        << "ready means the database answered";
    const unsigned short metrics_port = (*server)->metrics_endpoint()->port();
    const auto scrape = SendHttp(metrics_port, http::verb::get, "/metrics");
    EXPECT_EQ(scrape.result(), http::status::ok);
    EXPECT_NE(scrape.body().find("ombudsflow_http_requests_total"), std::string::npos) << scrape.body();

    // It says it runs, for `migrate`'s contract check (sql/0052_running_servers.sql),
    // from its presence job's first round, on a thread of its own.
    const std::string announced = "SELECT count(*) FROM running_servers WHERE pid = " + std::to_string(::getpid()) +
                                  " AND newest_migration = (SELECT max(name) FROM schema_migrations)"
                                  " AND release <> '' AND seen_at > now() - interval '1 minute'";
    for (int i = 0; i < 50 && database->Scalar(announced) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(database->Scalar(announced), 1);

    (*server)->Drain();
    (*server)->Wait();
    EXPECT_THROW((void)SendHttp(port, http::verb::get, "/healthz"), boost::system::system_error)
        << "a drained server accepts no connection";
    EXPECT_EQ(database->Scalar("SELECT count(*) FROM running_servers"), 0) << "a stopped server leaves the table";
    server->reset();
    EXPECT_EQ(ThreadCount(), before) << "every thread the server started has ended";
  }
}

// A client half-way through its request when the drain deadline passes:
// the server closes its connection and lets the session end before it goes
// (a session's frame refers to its listener).
TEST(ServerLifecycleTest, AConnectionStillOpenAtTheDrainDeadlineIsClosedBeforeTheServerGoes) {
  auto database = TestDatabase::Migrated();
  const std::size_t before = ThreadCount();
  auto server = server::Server::Build(ConfigFor(*database, {"--drain-timeout-ms", "200"}));
  ASSERT_TRUE(server.has_value()) << server.error().message;
  (*server)->Start();
  net::io_context io;
  net::ip::tcp::socket client(io);
  client.connect((*server)->local_endpoint());
  net::write(client, net::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));  // and no more
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  (*server)->Drain();
  (*server)->Drain();  // a second drain changes nothing
  (*server)->Wait();
  server->reset();
  EXPECT_EQ(ThreadCount(), before);
  char byte = 0;
  boost::system::error_code ec;
  client.read_some(net::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
}

TEST(ServerLifecycleTest, AStartThatCannotFinishStartsNothingAndSaysWhy) {
  auto database = TestDatabase::Migrated();
  const std::size_t before = ThreadCount();
  const auto missing = std::filesystem::temp_directory_path() / "ombudsflow-no-such-folder";
  auto server = server::Server::Build(ConfigFor(*database, {"--print-folder", missing.string()}));
  ASSERT_FALSE(server.has_value());
  EXPECT_NE(server.error().message.find("--print-folder"), std::string::npos) << server.error().message;
  EXPECT_EQ(ThreadCount(), before) << "the listeners, pools and notification threads built before it are gone";
}

TEST(ServerLifecycleTest, TheConfigTableRefusesWhatIsOutOfRangeAndNamesTheOption) {
  const auto refused = server::ParseServeConfig({"--db", "x", "--idle-timeout-seconds", "0"});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind, server::ConfigStop::Kind::kUsage);
  EXPECT_NE(refused.error().text.find("--idle-timeout-seconds must be from 1 to 3600"), std::string::npos)
      << refused.error().text;
  const auto help = server::ParseServeConfig({"--help"});
  ASSERT_FALSE(help.has_value());
  EXPECT_EQ(help.error().kind, server::ConfigStop::Kind::kHelp);
  EXPECT_NE(help.error().text.find("--idle-timeout-seconds arg (=60)"), std::string::npos) << help.error().text;
  const auto lease = server::ParseServeConfig({"--db", "x", "--webhook-timeout-ms", "5000", "--webhook-lease-ms", "5500"});
  ASSERT_FALSE(lease.has_value());
  EXPECT_NE(lease.error().text.find("--webhook-lease-ms"), std::string::npos) << lease.error().text;
  const auto fine = server::ParseServeConfig({"--db", "x", "--idle-timeout-seconds", "5", "--time-zone", "UTC"});
  ASSERT_TRUE(fine.has_value()) << fine.error().text;
  EXPECT_EQ(fine->listening.idle_timeout, std::chrono::seconds(5));
  EXPECT_EQ(fine->office.time_zone, "UTC");
  EXPECT_EQ(fine->listening.request_timeout, std::chrono::seconds(30)) << "the table's default";
}

}  // namespace
}  // namespace ombudsflow::testing
