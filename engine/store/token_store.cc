#include "engine/store/token_store.h"

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<std::string> TokenStore::Create(const std::string& token_hash, Role role,
                                       const std::string& department, const std::string& name,
                                       Timestamp expires_at, const std::string& user_id) {
  return database_.Run("create token", [&](soci::session& session) -> Result<std::string> {
    const std::string role_name(RoleName(role));
    soci::indicator department_ind = department.empty() ? soci::i_null : soci::i_ok;
    soci::indicator user_ind = user_id.empty() ? soci::i_null : soci::i_ok;
    std::string id;
    try {
      const long long expires = ToUnixMicros(expires_at);
      session << "INSERT INTO api_tokens (token_hash, role, department, name, expires_at, user_id)"
                 " VALUES (:hash, :role, :department, :name, " OF_MICROS_TO_TIMESTAMPTZ(":expires") ","
                 " :user::uuid) RETURNING id::text",
          soci::use(token_hash, "hash"), soci::use(role_name, "role"),
          soci::use(department, department_ind, "department"), soci::use(name, "name"),
          soci::use(expires, "expires"), soci::use(user_id, user_ind, "user"), soci::into(id);
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

Result<TokenGrant> TokenStore::Authenticate(const std::string& token_hash, Timestamp now) {
  return database_.Run("authenticate", [&](soci::session& session) -> Result<TokenGrant> {
    soci::row row;  // one-off query: one round trip
    const long long now_micros = ToUnixMicros(now);
    session << "SELECT t.id::text, t.role, coalesce(t.department, ''), coalesce(u.display_name, t.name),"
               " (extract(epoch FROM t.expires_at) * 1000000)::bigint, coalesce(u.id::text, '')"
               " FROM api_tokens t LEFT JOIN users u ON u.id = t.user_id"
               " WHERE t.token_hash = :hash AND t.revoked_at IS NULL"
               " AND t.expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now")
               " AND (t.user_id IS NULL OR u.active)",
        soci::use(token_hash, "hash"), soci::use(now_micros, "now"), soci::into(row);
    if (!session.got_data()) {
      return std::unexpected(MakeError(ErrorCode::kUnauthenticated, "the token is not valid"));
    }
    auto role = ParseRole(row.get<std::string>(1));
    if (!role) return std::unexpected(Internal("a stored token has an unknown role"));
    return TokenGrant{Actor{*role, row.get<std::string>(2), row.get<std::string>(3), row.get<std::string>(0),
                            row.get<std::string>(5)},
                      FromUnixMicros(row.get<long long>(4))};
  });
}

Result<std::vector<TokenRecord>> TokenStore::List() {
  return database_.Run("list tokens", [&](soci::session& session) -> Result<std::vector<TokenRecord>> {
    Rows rows(session,
              "SELECT id::text, role, coalesce(department, ''), name, coalesce(user_id::text, ''),"
              " (extract(epoch FROM created_at) * 1000000)::bigint,"
              " (extract(epoch FROM expires_at) * 1000000)::bigint,"
              " coalesce((extract(epoch FROM revoked_at) * 1000000)::bigint, -1)"
              " FROM api_tokens ORDER BY created_at DESC, id");
    std::vector<TokenRecord> tokens;
    for (const auto& row : rows) {
      auto role = ParseRole(row.get<std::string>(1));
      if (!role) return std::unexpected(Internal("a stored token has an unknown role"));
      TokenRecord record{row.get<std::string>(0), *role, row.get<std::string>(2), row.get<std::string>(3),
                         row.get<std::string>(4), FromUnixMicros(row.get<long long>(5)),
                         FromUnixMicros(row.get<long long>(6)), std::nullopt};
      if (const long long revoked = row.get<long long>(7); revoked >= 0) record.revoked_at = FromUnixMicros(revoked);
      tokens.push_back(std::move(record));
    }
    return tokens;
  });
}

Result<void> TokenStore::Revoke(const std::string& id) {
  return database_.Run("revoke token", [&](soci::session& session) -> Result<void> {
    const long long revoke = ExecuteCountingRows(
        session, "UPDATE api_tokens SET revoked_at = now() WHERE id::text = :id AND revoked_at IS NULL",
        soci::use(id, "id"));
    if (revoke == 0) return std::unexpected(NotFound("no unrevoked token " + id));
    return {};
  });
}

}  // namespace ombudsflow::store
