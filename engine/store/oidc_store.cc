#include "engine/store/oidc_store.h"

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<void> OidcStore::Begin(const std::string& state_hash, const PendingLogin& login, Timestamp now,
                              Timestamp expires_at) {
  return database_.Run("begin sign-in", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(expires_at);
    session << "WITH gone AS (DELETE FROM oidc_logins WHERE expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now1") ")"
               " INSERT INTO oidc_logins (state_hash, nonce, code_verifier, browser_hash, purpose, context, created_at,"
               " expires_at) VALUES (:state, :nonce, :verifier, :browser, :purpose, :context, "
               OF_MICROS_TO_TIMESTAMPTZ(":now2") ", "
               OF_MICROS_TO_TIMESTAMPTZ(":expires") ")",
        soci::use(at, "now1"), soci::use(state_hash, "state"), soci::use(login.nonce, "nonce"),
        soci::use(login.code_verifier, "verifier"), soci::use(login.browser_hash, "browser"), soci::use(login.purpose, "purpose"),
        soci::use(login.context, "context"), soci::use(at, "now2"),
        soci::use(expires, "expires");
    return {};
  });
}

Result<std::optional<PendingLogin>> OidcStore::Take(const std::string& state_hash, Timestamp now) {
  return database_.Run("take sign-in", [&](soci::session& session) -> Result<std::optional<PendingLogin>> {
    const long long at = ToUnixMicros(now);
    PendingLogin login;
    int live = 0;
    session << "DELETE FROM oidc_logins WHERE state_hash = :state"
               " RETURNING nonce, code_verifier, browser_hash, purpose, context, (expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now") ")::integer",
        soci::use(state_hash, "state"), soci::use(at, "now"), soci::into(login.nonce),
        soci::into(login.code_verifier), soci::into(login.browser_hash), soci::into(login.purpose),
        soci::into(login.context), soci::into(live);
    if (!session.got_data() || live == 0) return std::optional<PendingLogin>();
    return std::optional<PendingLogin>(std::move(login));
  });
}

}  // namespace ombudsflow::store
