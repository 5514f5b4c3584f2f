#include "engine/store/user_store.h"

#include "engine/core/base/email_address.h"
#include "engine/core/base/uuid.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

constexpr const char* kUserColumns =
    "id::text, display_name, email, role, coalesce(department, ''), active, password_hash IS NOT NULL,"
    " coalesce(oidc_subject, ''), (extract(epoch FROM created_at) * 1000000)::bigint,"
    " coalesce((extract(epoch FROM deactivated_at) * 1000000)::bigint, -1), created_by";

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
                  .created_by = row.get<std::string>(first + 10),
                  .created_at = FromUnixMicros(row.get<long long>(first + 8)),
                  .deactivated_at = std::nullopt};
  if (const long long at = row.get<long long>(first + 9); at >= 0) user.deactivated_at = FromUnixMicros(at);
  return user;
}

}  // namespace

Result<UserRecord> UserStore::Create(const NewUser& user, Timestamp now, const std::string& created_by,
                                     const PasswordLinkRow& link) {
  return database_.Run("create user", [&](soci::session& session) -> Result<UserRecord> {
    const std::string role(RoleName(user.role));
    soci::indicator department_ind = user.department.empty() ? soci::i_null : soci::i_ok;
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(link.expires_at);
    soci::row row;
    try {
      // The account, its link and the record of who made them: one statement.
      const std::string email_key = EmailKey(user.email);
      session << std::string("WITH u AS (INSERT INTO users (display_name, email, email_key, role, department,"
                             "   created_at, created_by) VALUES (:name, :email, :email_key, :role, :department, ") +
                     OF_MICROS_TO_TIMESTAMPTZ(":now") + ", :by) RETURNING *),"
                     " l AS (INSERT INTO password_links (token_hash, user_id, created_by, created_at, expires_at)"
                     "   SELECT :link, id, created_by, created_at, " + OF_MICROS_TO_TIMESTAMPTZ(":expires") +
                     "   FROM u),"
                     " e AS (INSERT INTO admin_events (actor, action, user_id, detail)"
                     "   SELECT created_by, 'user_created', id,"
                     "     jsonb_build_object('role', role, 'department', department) FROM u)"
                     " SELECT " + kUserColumns + " FROM u",
          soci::use(user.display_name, "name"), soci::use(user.email, "email"), soci::use(email_key, "email_key"),
          soci::use(role, "role"),
          soci::use(user.department, department_ind, "department"), soci::use(at, "now"),
          soci::use(created_by, "by"), soci::use(link.token_hash, "link"), soci::use(expires, "expires"),
          soci::into(row);
    } catch (const soci::soci_error& error) {
      if (SqlState(error) == kUniqueViolation && ConstraintName(error) == "users_by_email_key") {
        return std::unexpected(MakeError(ErrorCode::kAlreadyExists, "a user with e-mail " + user.email + " exists"));
      }
      if (SqlState(error) == kForeignKeyViolation && ConstraintName(error) == "users_department_fkey") {
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

Result<UserRecord> UserStore::Deactivate(const std::string& id, Timestamp now, const std::string& by) {
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
                   " s AS (DELETE FROM sessions WHERE user_id IN (SELECT id FROM u)),"
                   " e AS (INSERT INTO admin_events (actor, action, user_id) SELECT :by, 'user_deactivated', id FROM u)"
                   " SELECT " + kUserColumns + " FROM u",
        soci::use(at, "now"), soci::use(id, "id"), soci::use(by, "by"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NotFound("no active user " + id));
    return RowToUser(row);
  });
}

Result<void> UserStore::SetPasswordHash(const std::string& id, const std::string& password_hash,
                                        const std::string& by) {
  if (!IsUuid(id)) return std::unexpected(NotFound("no active user " + id));
  return database_.Run("set password", [&](soci::session& session) -> Result<void> {
    soci::indicator password_ind = password_hash.empty() ? soci::i_null : soci::i_ok;
    long long update = 0;
    session << "WITH u AS (UPDATE users SET password_hash = :hash WHERE id = :id::uuid AND active RETURNING id),"
               " e AS (INSERT INTO admin_events (actor, action, user_id) SELECT :by, 'password_set_by_operator', id"
               "   FROM u)"
               " SELECT count(*) FROM u",
        soci::use(password_hash, password_ind, "hash"), soci::use(id, "id"), soci::use(by, "by"), soci::into(update);
    if (update == 0) return std::unexpected(NotFound("no active user " + id));
    return {};
  });
}

Result<void> UserStore::AddPasswordLink(const std::string& id, const PasswordLinkRow& link, Timestamp now,
                                        const std::string& by) {
  if (!IsUuid(id)) return std::unexpected(NotFound("no active user " + id));
  return database_.Run("add password link", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(link.expires_at);
    long long added = 0;
    session << std::string("WITH l AS (INSERT INTO password_links (token_hash, user_id, created_by, created_at,"
                           "   expires_at) SELECT :link, id, :by, ") +
                   OF_MICROS_TO_TIMESTAMPTZ(":now") + ", " + OF_MICROS_TO_TIMESTAMPTZ(":expires") +
                   "   FROM users WHERE id = :id::uuid AND active RETURNING user_id, created_by),"
                   " e AS (INSERT INTO admin_events (actor, action, user_id) SELECT created_by, 'password_link_issued',"
                   "   user_id FROM l)"
                   " SELECT count(*) FROM l",
        soci::use(link.token_hash, "link"), soci::use(by, "by"), soci::use(at, "now"), soci::use(expires, "expires"),
        soci::use(id, "id"), soci::into(added);
    if (added == 0) return std::unexpected(NotFound("no active user " + id));
    return {};
  });
}

Result<UserRecord> UserStore::PasswordLinkHolder(const std::string& token_hash, Timestamp now) {
  return database_.Run("find password link", [&](soci::session& session) -> Result<UserRecord> {
    const long long at = ToUnixMicros(now);
    soci::row row;
    session << std::string("SELECT ") + kUserColumns +
                   " FROM users WHERE active AND id = (SELECT user_id FROM password_links WHERE token_hash = :link"
                   "   AND used_at IS NULL AND expires_at > " + OF_MICROS_TO_TIMESTAMPTZ(":now") + ")",
        soci::use(token_hash, "link"), soci::use(at, "now"), soci::into(row);
    if (!session.got_data()) return std::unexpected(NotFound("the link is unknown, used or expired"));
    return RowToUser(row);
  });
}

Result<UserRecord> UserStore::SetPasswordByLink(const std::string& token_hash, const std::string& password_hash,
                                                Timestamp now) {
  return database_.Run("set password by link", [&](soci::session& session) -> Result<UserRecord> {
    const long long at = ToUnixMicros(now);
    soci::row row;
    // Using the link and setting the password are one statement: a link
    // that two browsers post at once sets one password, once.
    session << std::string("WITH l AS (UPDATE password_links SET used_at = ") + OF_MICROS_TO_TIMESTAMPTZ(":now") +
                   " WHERE token_hash = :link AND used_at IS NULL AND expires_at > " +
                   OF_MICROS_TO_TIMESTAMPTZ(":now2") + " RETURNING user_id, created_by),"
                   " u AS (UPDATE users SET password_hash = :hash FROM l WHERE users.id = l.user_id AND users.active"
                   "   RETURNING users.*, l.created_by AS link_issued_by),"
                   " e AS (INSERT INTO admin_events (actor, action, user_id, detail)"
                   "   SELECT 'user:' || id, 'password_set_by_link', id,"
                   "     jsonb_build_object('link_issued_by', link_issued_by) FROM u)"
                   " SELECT " + kUserColumns + " FROM u",
        soci::use(at, "now"), soci::use(token_hash, "link"), soci::use(at, "now2"), soci::use(password_hash, "hash"),
        soci::into(row);
    if (!session.got_data()) return std::unexpected(NotFound("the link is unknown, used or expired"));
    return RowToUser(row);
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
    return std::optional<PasswordCredential>(PasswordCredential{std::move(*user), row.get<std::string>(11)});
  });
}

}  // namespace ombudsflow::store
