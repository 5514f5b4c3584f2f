#include "engine/store/token_store.h"

#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

namespace {

constexpr const char* kTokenColumns =
    "id::text, role, coalesce(department, ''), name, coalesce(user_id::text, ''), issued_by,"
    " (extract(epoch FROM created_at) * 1000000)::bigint,"
    " (extract(epoch FROM expires_at) * 1000000)::bigint,"
    " coalesce((extract(epoch FROM revoked_at) * 1000000)::bigint, -1)";

Result<TokenRecord> RowToToken(const soci::row& row) {
  auto role = ParseRole(row.get<std::string>(1));
  if (!role) return std::unexpected(Internal("a stored token has an unknown role"));
  TokenRecord record{row.get<std::string>(0), *role, row.get<std::string>(2), row.get<std::string>(3),
                     row.get<std::string>(4), row.get<std::string>(5), FromUnixMicros(row.get<long long>(6)),
                     FromUnixMicros(row.get<long long>(7)), std::nullopt};
  if (const long long revoked = row.get<long long>(8); revoked >= 0) record.revoked_at = FromUnixMicros(revoked);
  return record;
}

}  // namespace

Result<std::string> TokenStore::CreateForSystem(const std::string& token_hash, Role role,
                                                const std::string& department, const std::string& name,
                                                Timestamp expires_at, const std::string& issued_by) {
  return database_.Run("create token", [&](soci::session& session) -> Result<std::string> {
    const std::string role_name(RoleName(role));
    soci::indicator department_ind = department.empty() ? soci::i_null : soci::i_ok;
    std::string id;
    try {
      const long long expires = ToUnixMicros(expires_at);
      // The token and the record of who issued it, together or not at all.
      session << "WITH t AS (INSERT INTO api_tokens (token_hash, role, department, name, expires_at, issued_by)"
                 "   VALUES (:hash, :role, :department, :name, " OF_MICROS_TO_TIMESTAMPTZ(":expires") ", :by)"
                 "   RETURNING id, role, department, name, issued_by),"
                 " e AS (INSERT INTO admin_events (actor, action, token_id, detail)"
                 "   SELECT issued_by, 'token_issued', id,"
                 "     jsonb_build_object('system', name, 'role', role, 'department', department) FROM t)"
                 " SELECT id::text FROM t",
          soci::use(token_hash, "hash"), soci::use(role_name, "role"),
          soci::use(department, department_ind, "department"), soci::use(name, "name"),
          soci::use(expires, "expires"), soci::use(issued_by, "by"), soci::into(id);
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kForeignKeyViolation && ConstraintName(error) == "api_tokens_department_fkey") {
        return std::unexpected(InvalidArgument(
            "the token is invalid", {{"department", "'" + department + "' is not a known department"}}));
      }
      throw;
    }
    return id;
  });
}

Result<TokenRecord> TokenStore::CreateForUser(const std::string& token_hash, const std::string& user_id,
                                              const std::string& label, Timestamp expires_at,
                                              const std::string& issued_by) {
  if (!IsUuid(user_id)) return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "no active user " + user_id));
  return database_.Run("create user token", [&](soci::session& session) -> Result<TokenRecord> {
    const long long expires = ToUnixMicros(expires_at);
    soci::row row;
    // The role and department are the user's as they are now, read in the
    // statement that writes the token: a role changed meanwhile cannot slip in.
    session << std::string("WITH u AS (SELECT id, role, department FROM users WHERE id = :user::uuid AND active),"
                           " t AS (INSERT INTO api_tokens (token_hash, role, department, name, expires_at, user_id,"
                           "   issued_by) SELECT :hash, role, department, :name, ") +
                   OF_MICROS_TO_TIMESTAMPTZ(":expires") + ", id, :by FROM u RETURNING *),"
                   " e AS (INSERT INTO admin_events (actor, action, user_id, token_id, detail)"
                   "   SELECT issued_by, 'token_issued', user_id, id,"
                   "     jsonb_build_object('label', name, 'role', role, 'department', department) FROM t)"
                   " SELECT " + kTokenColumns + " FROM t",
        soci::use(user_id, "user"), soci::use(token_hash, "hash"), soci::use(label, "name"),
        soci::use(expires, "expires"), soci::use(issued_by, "by"), soci::into(row);
    if (!session.got_data()) {
      return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "no active user " + user_id));
    }
    return RowToToken(row);
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

Result<std::vector<TokenRecord>> TokenStore::List(const std::string& user_id) {
  return database_.Run("list tokens", [&](soci::session& session) -> Result<std::vector<TokenRecord>> {
    std::vector<TokenRecord> tokens;
    const auto collect = [&](Rows& rows) -> Result<void> {
      for (const auto& row : rows) {
        auto token = RowToToken(row);
        if (!token) return std::unexpected(token.error());
        tokens.push_back(std::move(*token));
      }
      return {};
    };
    if (user_id.empty()) {
      Rows rows(session, std::string("SELECT ") + kTokenColumns + " FROM api_tokens ORDER BY created_at DESC, id");
      if (auto done = collect(rows); !done) return std::unexpected(done.error());
      return tokens;
    }
    if (!IsUuid(user_id)) return tokens;
    Rows rows(session,
              std::string("SELECT ") + kTokenColumns +
                  " FROM api_tokens WHERE user_id = :user::uuid ORDER BY created_at DESC, id",
              soci::use(user_id, "user"));
    if (auto done = collect(rows); !done) return std::unexpected(done.error());
    return tokens;
  });
}

Result<void> TokenStore::Revoke(const std::string& id, const std::string& revoked_by, const std::string& owner) {
  return database_.Run("revoke token", [&](soci::session& session) -> Result<void> {
    long long revoked = 0;
    session << "WITH t AS (UPDATE api_tokens SET revoked_at = now() WHERE id::text = :id AND revoked_at IS NULL"
               "   AND (:owner = '' OR user_id::text = :owner2) RETURNING id, user_id),"
               " e AS (INSERT INTO admin_events (actor, action, user_id, token_id)"
               "   SELECT :by, 'token_revoked', user_id, id FROM t)"
               " SELECT count(*) FROM t",
        soci::use(id, "id"), soci::use(owner, "owner"), soci::use(owner, "owner2"), soci::use(revoked_by, "by"), soci::into(revoked);
    if (revoked == 0) return std::unexpected(NotFound("no unrevoked token " + id));
    return {};
  });
}

}  // namespace ombudsflow::store
