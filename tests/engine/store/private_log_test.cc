// PostgreSQL's own log, as test.sh and run-local.sh configure the cluster:
// a constraint violation quoting a citizen's data must not copy it there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <chrono>

#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

std::string ReadLog() {
  const char* path = std::getenv("OMBUDSFLOW_TEST_PG_LOG");
  if (path == nullptr) throw std::runtime_error("OMBUDSFLOW_TEST_PG_LOG is not set: run the tests with deploy/test.sh");
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(PrivateLogTest, AFailingRowNeverReachesPostgresqlsLog) {
  auto database = TestDatabase::Migrated();
  database->Execute("CREATE TABLE canary_row (name text, email text, n int CHECK (n > 0))");
  const std::string canary = "Kirstine Ølgaard canary 010190-1234";
  // Only what this test makes the server log counts.
  const std::size_t start = ReadLog().size();
  try {
    database->Execute("INSERT INTO canary_row VALUES ('" + canary + "', 'canary@example.dk', -1)");
    FAIL() << "the check constraint did not fire";
  } catch (const std::exception& refused) {
    // The error reached the client, as it must.
  }
  // The log is written by another process: the error line shows when it has.
  std::string log;
  for (int i = 0; i < 50; ++i) {
    log = ReadLog().substr(start);
    if (log.find("canary_row") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(log.find("violates check constraint \"canary_row_n_check\""), std::string::npos)
      << "the violation was not logged at all, so this test would prove nothing";
  EXPECT_EQ(log.find("canary"), log.find("canary_row"));
  EXPECT_EQ(log.find("Ølgaard"), std::string::npos);
  EXPECT_EQ(log.find("010190"), std::string::npos);
  EXPECT_EQ(log.find("canary@example.dk"), std::string::npos);
}

}  // namespace
}  // namespace ombudsflow::testing
