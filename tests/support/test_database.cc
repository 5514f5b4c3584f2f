#include "tests/support/test_database.h"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace ombudsflow::testing {
namespace {

// The template test.sh migrates once; every test copies it.
constexpr std::string_view kTemplate = "ombudsflow_template";

std::string UniqueName() {
  static std::atomic<int> counter{0};
  return "oft_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

std::string WithDatabase(const std::string& conninfo, const std::string& name) {
  return conninfo + " dbname=" + name;
}

void AdminExecute(const std::string& sql) {
  soci::session admin(soci::postgresql, AdminConninfo());
  admin << sql;
}

}  // namespace

std::string AdminConninfo() {
  const char* conninfo = std::getenv("OMBUDSFLOW_TEST_ADMIN_DB");
  if (conninfo == nullptr || *conninfo == '\0') {
    throw std::runtime_error(
        "OMBUDSFLOW_TEST_ADMIN_DB is not set: run the tests with deploy/test.sh, which starts "
        "PostgreSQL for them");
  }
  return conninfo;
}

std::string ServerUser() {
  const char* user = std::getenv("OMBUDSFLOW_TEST_SERVER_USER");
  if (user == nullptr || *user == '\0') {
    throw std::runtime_error(
        "OMBUDSFLOW_TEST_SERVER_USER is not set: run the tests with deploy/test.sh, which creates the "
        "role the server connects as");
  }
  return user;
}

std::string TestDatabase::server_conninfo() const {
  // A later keyword wins: the server's user on this database.
  return conninfo_ + " user=" + ServerUser();
}

std::unique_ptr<TestDatabase> TestDatabase::Migrated() {
  const std::string name = UniqueName();
  AdminExecute("CREATE DATABASE " + name + " TEMPLATE " + std::string(kTemplate));
  // The admin conninfo names the maintenance database; a later dbname wins.
  return std::unique_ptr<TestDatabase>(new TestDatabase(name, WithDatabase(AdminConninfo(), name)));
}

std::unique_ptr<TestDatabase> TestDatabase::Empty() {
  const std::string name = UniqueName();
  AdminExecute("CREATE DATABASE " + name + " TEMPLATE template0");
  return std::unique_ptr<TestDatabase>(new TestDatabase(name, WithDatabase(AdminConninfo(), name)));
}

TestDatabase::TestDatabase(std::string name, std::string conninfo)
    : name_(std::move(name)), conninfo_(std::move(conninfo)) {}

TestDatabase::~TestDatabase() {
  try {
    AdminExecute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& error) {
    ADD_FAILURE() << "could not drop test database " << name_ << ": " << error.what();
  }
}

std::unique_ptr<store::Database> TestDatabase::Connect(std::size_t pool_size) const {
  auto pool = store::Database::Connect({.conninfo = conninfo_, .pool_size = pool_size});
  if (!pool) throw std::runtime_error("cannot connect to " + name_ + ": " + pool.error().message);
  return std::move(*pool);
}

// A connection per call: tests restart PostgreSQL under their feet.
long long TestDatabase::Scalar(const std::string& sql) {
  soci::session session(soci::postgresql, conninfo_);
  long long value = 0;
  session << sql, soci::into(value);
  return value;
}

std::string TestDatabase::Text(const std::string& sql) {
  soci::session session(soci::postgresql, conninfo_);
  std::string value;
  session << sql, soci::into(value);
  return value;
}

void TestDatabase::Execute(const std::string& sql) {
  soci::session session(soci::postgresql, conninfo_);
  session << sql;
}

}  // namespace ombudsflow::testing
