#include "engine/store/running_servers_store.h"

namespace ombudsflow::store {

std::vector<RunningServer> LiveServers(soci::session& session) {
  std::vector<RunningServer> servers;
  int exists = 0;
  session << "SELECT count(*) FROM pg_class WHERE oid = to_regclass('running_servers')", soci::into(exists);
  if (exists == 0) return servers;
  const int silence = static_cast<int>(kServerSilenceAllowed.count());
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT id::text, release, newest_migration, host, pid,"
                          " extract(epoch FROM now() - seen_at)::integer FROM running_servers"
                          " WHERE seen_at > now() - make_interval(secs => :silence) ORDER BY host, pid",
       soci::use(silence));
  for (const auto& row : rows) {
    servers.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2),
                       row.get<std::string>(3), row.get<int>(4), row.get<int>(5)});
  }
  return servers;
}

Result<void> RunningServersStore::Announce(const RunningServer& server) {
  return database_.Run("announce this server", [&](soci::session& session) -> Result<void> {
    session << "INSERT INTO running_servers (id, release, newest_migration, host, pid)"
               " VALUES (:id::uuid, :release, :newest, :host, :pid)"
               " ON CONFLICT (id) DO UPDATE SET seen_at = now()",
        soci::use(server.id), soci::use(server.release), soci::use(server.newest_migration), soci::use(server.host),
        soci::use(server.pid);
    session << "DELETE FROM running_servers WHERE seen_at < now() - interval '1 day'";
    return {};
  });
}

Result<void> RunningServersStore::Leave(const std::string& id) {
  return database_.Run("this server leaves", [&](soci::session& session) -> Result<void> {
    session << "DELETE FROM running_servers WHERE id = :id::uuid", soci::use(id);
    return {};
  });
}

Result<std::vector<RunningServer>> RunningServersStore::Live() {
  return database_.Run("list running servers",
                       [&](soci::session& session) -> Result<std::vector<RunningServer>> { return LiveServers(session); });
}

}  // namespace ombudsflow::store
