#pragma once

#include <soci/soci.h>

#include <memory>
#include <string>
#include <string_view>

#include "engine/store/database.h"

namespace ombudsflow::testing {

/// The maintenance connection test.sh hands the tests (OMBUDSFLOW_TEST_ADMIN_DB).
/// Fails the calling test loudly when unset: storage tests never skip.
[[nodiscard]] std::string AdminConninfo();

/// The login the server connects as (OMBUDSFLOW_TEST_SERVER_USER): a member
/// of ombudsflow_server, which may not change or remove audit events.
[[nodiscard]] std::string ServerUser();

/// A database of its own for one test, dropped again when the object goes.
class TestDatabase {
 public:
  /// A copy of the migrated template database test.sh prepared.
  [[nodiscard]] static std::unique_ptr<TestDatabase> Migrated();
  /// An empty database, for migration tests.
  [[nodiscard]] static std::unique_ptr<TestDatabase> Empty();

  ~TestDatabase();

  /// As a superuser, for setting up and inspecting.
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  /// As the server's own login, for the server under test.
  [[nodiscard]] std::string server_conninfo() const;

  /// A connection pool of `pool_size` on this database; throws (failing the
  /// test) when it cannot connect.
  [[nodiscard]] std::unique_ptr<store::Database> Connect(std::size_t pool_size = 1) const;

  /// The single integer a query such as "SELECT count(*) FROM complaints" yields.
  [[nodiscard]] long long Scalar(const std::string& sql);
  /// The one text value `sql` selects.
  [[nodiscard]] std::string Text(const std::string& sql);
  void Execute(const std::string& sql);

 private:
  TestDatabase(std::string name, std::string conninfo);

  std::string name_;
  std::string conninfo_;
};

}  // namespace ombudsflow::testing
