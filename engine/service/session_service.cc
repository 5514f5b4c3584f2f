#include "engine/service/session_service.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include "engine/core/base/email_address.h"
#include "engine/core/base/hex.h"
#include "engine/service/passwords.h"
#include "engine/service/user_service.h"

namespace ombudsflow::service {
namespace {

constexpr std::string_view kSessionPrefix = "ofs_";
constexpr std::size_t kSessionRandomBytes = 32;

Error WrongCredentials() {
  return MakeError(ErrorCode::kUnauthenticated, "the e-mail address or the password is wrong");
}

}  // namespace

bool SessionService::LooksLikeSessionId(std::string_view id) {
  if (!id.starts_with(kSessionPrefix)) return false;
  const std::string_view digits = id.substr(kSessionPrefix.size());
  return digits.size() == kSessionRandomBytes * 2 && std::all_of(digits.begin(), digits.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string SessionService::CsrfToken(std::string_view id) {
  return Sha256Hex("ombudsflow csrf\n" + std::string(id));
}

bool SessionService::CsrfMatches(std::string_view id, std::string_view presented) {
  const std::string expected = CsrfToken(id);
  return presented.size() == expected.size() && CRYPTO_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

Result<StartedSession> SessionService::SignIn(const std::string& email, const std::string& password,
                                              const std::string& address) {
  // One form of the address for the lookup and every counter: two
  // spellings of one account (a Kelvin sign for "k") are one account.
  const std::string email_key = EmailKey(email);
  // Bounded before anything is hashed or looked up.
  if (!IsMailboxAddress(email_key) || password.empty() || password.size() > kMaxPasswordLength) {
    return std::unexpected(WrongCredentials());
  }
  // A place among the passwords being checked, before anything is looked
  // up or counted: when the hasher is full, a refusal costs no query.
  auto place = hasher_.Enter();
  if (!place) return std::unexpected(place.error());
  auto credential = users_.PasswordFor(email_key);
  if (!credential) return std::unexpected(credential.error());
  // Counted per account, not per spelling; an address nobody has counts as
  // itself, and is refused alike.
  const std::string account = *credential ? "user:" + (*credential)->user.id : "email:" + email_key;
  // Guesses are limited per account and address, so a stranger elsewhere
  // cannot lock the person out; each address has a limit of its own.
  const std::string pair_key = "pair:" + account + "|" + address;
  const std::string address_key = "address:" + address;
  const std::string success_key = "success:" + account;
  const Timestamp now = clock_.Now();
  const Timestamp window_start = now - settings_.failure_window;
  // Counted before the password is checked: of concurrent attempts only
  // the allowed number reach Argon2id.
  auto attempts = sessions_.CountAttempt(pair_key, address_key, success_key, now, window_start);
  if (!attempts) return std::unexpected(attempts.error());
  std::optional<std::string> refusal;
  if (attempts->pair > settings_.account_failures || attempts->address > settings_.address_failures) {
    refusal = "too many failed sign-ins: wait, or ask an administrator to set a new password";
  } else if (attempts->successes >= settings_.account_sign_ins) {
    // Each sign-in costs Argon2id's memory and time: a right password too.
    refusal = "this account has signed in too often in a short time: wait";
  }
  if (refusal) {
    if (auto uncounted = sessions_.Uncount(address_key); !uncounted) return std::unexpected(uncounted.error());
    return std::unexpected(MakeError(ErrorCode::kResourceExhausted, *refusal));
  }
  auto matches = *credential ? hasher_.Verify(std::move(*place), (*credential)->password_hash, password)
                              : hasher_.VerifyNothing(std::move(*place), password);
  if (!matches) {
    // The hasher was busy: no password was checked, so no guess is counted.
    if (auto uncounted = sessions_.Uncount(address_key, pair_key); !uncounted) return std::unexpected(uncounted.error());
    return std::unexpected(matches.error());
  }
  if (!*matches) return std::unexpected(WrongCredentials());
  if (auto recorded = sessions_.RecordSuccess(pair_key, address_key, success_key, now, window_start); !recorded) {
    return std::unexpected(recorded.error());
  }
  return Begin((*credential)->user);
}

Result<StartedSession> SessionService::Begin(const store::UserRecord& user) {
  std::array<unsigned char, kSessionRandomBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return std::unexpected(Internal("the system's random number generator failed"));
  }
  std::string id =
      std::string(kSessionPrefix) + HexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  const Timestamp now = clock_.Now();
  const Timestamp expires_at = now + settings_.absolute_timeout;
  // Ended sessions are refused anyway; each sign-in clears them away.
  if (auto swept = sessions_.Sweep(now, settings_.idle_timeout); !swept) return std::unexpected(swept.error());
  if (auto created = sessions_.Create(Sha256Hex(id), user.id, now, expires_at); !created) {
    return std::unexpected(created.error());
  }
  std::string csrf = CsrfToken(id);
  return StartedSession{std::move(id), std::move(csrf), expires_at, user};
}

Result<Actor> SessionService::Authenticate(std::string_view id) {
  if (!LooksLikeSessionId(id)) {
    return std::unexpected(MakeError(ErrorCode::kUnauthenticated, "the session has ended: sign in again"));
  }
  const std::string hash = Sha256Hex(id);
  const Timestamp now = clock_.Now();
  if (auto remembered = cache_.Find(hash, now)) return std::move(*remembered);
  const std::uint64_t ticket = cache_.Ticket();
  auto grant = sessions_.Authenticate(hash, now, settings_.idle_timeout);
  if (!grant) return std::unexpected(grant.error());
  cache_.Remember(hash, grant->actor, now, grant->expires_at, ticket);
  return std::move(grant->actor);
}

Result<void> SessionService::SignOut(std::string_view id) {
  if (!LooksLikeSessionId(id)) return {};
  const std::string hash = Sha256Hex(id);
  // This server forgets it now; the others when the database tells them.
  cache_.Forget(hash);
  return sessions_.End(hash);
}

}  // namespace ombudsflow::service
