#include "engine/store/token_store.h"

namespace ombudsflow::store {

Result<std::string> TokenStore::Create(const std::string& token_hash, Role role,
                                       const std::string& department, const std::string& name) {
  return database_.Run("create token", [&](soci::session& session) -> Result<std::string> {
    const std::string role_name(RoleName(role));
    soci::indicator department_ind = department.empty() ? soci::i_null : soci::i_ok;
    std::string id;
    try {
      session << "INSERT INTO api_tokens (token_hash, role, department, name)"
                 " VALUES (:hash, :role, :department, :name) RETURNING id::text",
          soci::use(token_hash, "hash"), soci::use(role_name, "role"),
          soci::use(department, department_ind, "department"), soci::use(name, "name"),
          soci::into(id);
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kForeignKeyViolation) {
        return std::unexpected(InvalidArgument(
            "the token is invalid", {{"department", "'" + department + "' is not a known department"}}));
      }
      throw;
    }
    return id;
  });
}

Result<Actor> TokenStore::Authenticate(const std::string& token_hash) {
  return database_.Run("authenticate", [&](soci::session& session) -> Result<Actor> {
    soci::row row;  // one-off query: one round trip
    session << "SELECT id::text, role, coalesce(department, ''), name"
               " FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL",
        soci::use(token_hash, "hash"), soci::into(row);
    if (!session.got_data()) {
      return std::unexpected(MakeError(ErrorCode::kUnauthenticated, "the token is not valid"));
    }
    auto role = ParseRole(row.get<std::string>(1));
    if (!role) return std::unexpected(Internal("a stored token has an unknown role"));
    return Actor{*role, row.get<std::string>(2), row.get<std::string>(3), row.get<std::string>(0)};
  });
}

Result<void> TokenStore::Revoke(const std::string& id) {
  return database_.Run("revoke token", [&](soci::session& session) -> Result<void> {
    soci::statement revoke = (session.prepare << "UPDATE api_tokens SET revoked_at = now()"
                                                 " WHERE id::text = :id AND revoked_at IS NULL",
                              soci::use(id, "id"));
    revoke.execute(true);
    if (revoke.get_affected_rows() == 0) return std::unexpected(NotFound("no unrevoked token " + id));
    return {};
  });
}

}  // namespace ombudsflow::store
