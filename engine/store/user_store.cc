#include "engine/store/user_store.h"

#include "engine/core/base/email_address.h"
#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

constexpr const char* kUserColumns =
    "id::text, display_name, email, role, coalesce(department, ''), active, password_hash IS NOT NULL,"
    " coalesce(oidc_subject, ''), (extract(epoch FROM created_at) * 1000000)::bigint,"
    " coalesce((extract(epoch FROM deactivated_at) * 1000000)::bigint, -1)";

Result<UserRecord> RowToUser(const soci::row& row, std::size_t first = 0) {
  auto role = ParseRole(row.get<std::string>(first + 3));
  if (!role) return std::unexpected(Internal("a stored user has an unknown role"));
  UserRecord user{.id = row.get<std::string>(first),
                  .display_name = row.get<std::string>(first + 1),
                  .email = row.get<std::string>(first + 2),
                  .role = *role,
                  .department = row.get<std::string>(first + 4),
                  .active = row.get<int>(first + 5) != 0,
                  .has_password = row.get<int>(first + 6) != 0,
                  .oidc_subject = row.get<std::string>(first + 7),
                  .created_at = FromUnixMicros(row.get<long long>(first + 8)),
                  .deactivated_at = std::nullopt};
  if (const long long at = row.get<long long>(first + 9); at >= 0) user.deactivated_at = FromUnixMicros(at);
  return user;
}

}  // namespace

Result<UserRecord> UserStore::Create(const NewUser& user, Timestamp now) {
  return database_.Run("create user", [&](soci::session& session) -> Result<UserRecord> {
    const std::string role(RoleName(user.role));
    soci::indicator department_ind = user.department.empty() ? soci::i_null : soci::i_ok;
    soci::indicator password_ind = user.password_hash.empty() ? soci::i_null : soci::i_ok;
    const long long at = ToUnixMicros(now);
    soci::row row;
    try {
      const std::string email_key = EmailKey(user.email);
      session << std::string("INSERT INTO users (display_name, email, email_key, role, department, password_hash,"
                             " created_at) VALUES (:name, :email, :email_key, :role, :department, :password, ") +
                     OF_MICROS_TO_TIMESTAMPTZ(":now") + ") RETURNING " + kUserColumns,
          soci::use(user.display_name, "name"), soci::use(user.email, "email"), soci::use(email_key, "email_key"),
          soci::use(role, "role"),
          soci::use(user.department, department_ind, "department"),
          soci::use(user.password_hash, password_ind, "password"), soci::use(at, "now"), soci::into(row);
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kUniqueViolation) {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists, "a user with e-mail " + user.email + " exists"));
      }
      if (SqlState(error) == kForeignKeyViolation) {
        return std::unexpected(InvalidArgument(
            "the user is invalid", {{"department", "'" + user.department + "' is not a known department"}}));
      }
      throw;
    }
    return RowToUser(row);
  });
}

Result<std::vector<UserRecord>> UserStore::List() {
  return database_.Run("list users", [&](soci::session& session) -> Result<std::vector<UserRecord>> {
    Rows rows(session, std::string("SELECT ") + kUserColumns + " FROM users ORDER BY display_name, id");
    std::vector<UserRecord> users;
    for (const auto& row : rows) {
      auto user = RowToUser(row);
      if (!user) return std::unexpected(user.error());
      users.push_back(std::move(*user));
    }
    return users;
  });
}

Result<UserRecord> UserStore::Find(const std::string& key) {
  return database_.Run("find user", [&](soci::session& session) -> Result<UserRecord> {
    soci::row row;
    const std::string id = IsUuid(key) ? key : std::string();
    soci::indicator id_ind = id.empty() ? soci::i_null : soci::i_ok;
    const std::string email_key = EmailKey(key);
    session << std::string("SELECT ") + kUserColumns +
                   " FROM users WHERE id = :id::uuid OR email_key = :email LIMIT 1",
        soci::use(id, id_ind, "id"), soci::use(email_key, "email"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NotFound("no user " + key));
    return RowToUser(row);
  });
}

Result<UserRecord> UserStore::Deactivate(const std::string& id, Timestamp now) {
  if (!IsUuid(id)) return std::unexpected(NotFound("no active user " + id));
  return database_.Run("deactivate user", [&](soci::session& session) -> Result<UserRecord> {
    const long long at = ToUnixMicros(now);
    soci::row row;
    // One statement, so all of it happens or none. Revoking the tokens
    // fires the trigger that tells every server to forget them.
    session << std::string("WITH u AS (UPDATE users SET active = false, deactivated_at = ") +
                   OF_MICROS_TO_TIMESTAMPTZ(":now") + " WHERE id = :id::uuid AND active RETURNING *),"
                   " t AS (UPDATE api_tokens SET revoked_at = now() WHERE revoked_at IS NULL"
                   "   AND user_id IN (SELECT id FROM u)),"
                   " s AS (DELETE FROM sessions WHERE user_id IN (SELECT id FROM u))"
                   " SELECT " + kUserColumns + " FROM u",
        soci::use(at, "now"), soci::use(id, "id"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NotFound("no active user " + id));
    return RowToUser(row);
  });
}

Result<void> UserStore::SetPasswordHash(const std::string& id, const std::string& password_hash) {
  if (!IsUuid(id)) return std::unexpected(NotFound("no active user " + id));
  return database_.Run("set password", [&](soci::session& session) -> Result<void> {
    soci::indicator password_ind = password_hash.empty() ? soci::i_null : soci::i_ok;
    const long long update =
        ExecuteCountingRows(session, "UPDATE users SET password_hash = :hash WHERE id = :id::uuid AND active",
                            soci::use(password_hash, password_ind, "hash"), soci::use(id, "id"));
    if (update == 0) return std::unexpected(NotFound("no active user " + id));
    return {};
  });
}

Result<std::optional<UserRecord>> UserStore::MatchOidc(const std::string& subject, const std::string& email,
                                                       bool email_verified) {
  return database_.Run("match OIDC user", [&](soci::session& session) -> Result<std::optional<UserRecord>> {
    soci::row row;
    session << std::string("SELECT ") + kUserColumns + " FROM users WHERE oidc_subject = :subject",
        soci::use(subject, "subject"), soci::into(row);
    if (!session.got_data() && email_verified && !email.empty()) {
      const std::string email_key = EmailKey(email);
      session << std::string("UPDATE users SET oidc_subject = :subject WHERE email_key = :email"
                             " AND oidc_subject IS NULL AND active RETURNING ") + kUserColumns,
          soci::use(subject, "subject"), soci::use(email_key, "email"), soci::into(row);
    }
    if (!session.got_data()) return std::optional<UserRecord>();
    auto user = RowToUser(row);
    if (!user) return std::unexpected(user.error());
    if (!user->active) return std::optional<UserRecord>();
    return std::optional<UserRecord>(std::move(*user));
  });
}

Result<std::optional<PasswordCredential>> UserStore::PasswordFor(const std::string& email) {
  return database_.Run("find credential", [&](soci::session& session) -> Result<std::optional<PasswordCredential>> {
    soci::row row;
    const std::string email_key = EmailKey(email);
    session << std::string("SELECT ") + kUserColumns +
                   ", password_hash FROM users WHERE email_key = :email AND active"
                   " AND password_hash IS NOT NULL",
        soci::use(email_key, "email"), soci::into(row);
    if (!session.got_data()) return std::optional<PasswordCredential>();
    auto user = RowToUser(row);
    if (!user) return std::unexpected(user.error());
    return std::optional<PasswordCredential>(PasswordCredential{std::move(*user), row.get<std::string>(10)});
  });
}

}  // namespace ombudsflow::store
