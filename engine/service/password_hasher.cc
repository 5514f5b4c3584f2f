#include "engine/service/password_hasher.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "engine/service/passwords.h"

namespace ombudsflow::service {
namespace {

constexpr std::string_view kBusy = "the server is checking many passwords right now: try again in a moment";

constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemory = crypto_pwhash_MEMLIMIT_INTERACTIVE;

Result<std::string> Argon2Hash(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOps, kMemory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::unexpected(Internal("hashing the password ran out of memory"));
  }
  return std::string(out.data());
}

bool Argon2Verify(const std::string& encoded, std::string_view password) {
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

}  // namespace

PasswordHasher::PasswordHasher() : PasswordHasher(Limits{}) {}

PasswordHasher::PasswordHasher(Limits limits)
    : limits_{std::max(limits.concurrency, 1), std::max(limits.queue, 0),
              std::max(limits.max_wait, std::chrono::milliseconds(0))} {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

bool PasswordHasher::IsBusy(const Error& error) {
  return error.code == ErrorCode::kResourceExhausted && error.message == kBusy;
}

PasswordHasher::Turn::~Turn() {
  if (hasher_ == nullptr) return;
  {
    std::lock_guard lock(hasher_->mutex_);
    --hasher_->running_;
  }
  hasher_->freed_.notify_one();
}

Result<PasswordHasher::Turn> PasswordHasher::Acquire() {
  const auto busy = [] { return std::unexpected(MakeError(ErrorCode::kResourceExhausted, std::string(kBusy))); };
  std::unique_lock lock(mutex_);
  if (running_ < limits_.concurrency && waiting_ == 0) {
    ++running_;
    return Turn(this);
  }
  if (waiting_ >= limits_.queue) return busy();
  ++waiting_;
  const bool turn = freed_.wait_for(lock, limits_.max_wait, [this] { return running_ < limits_.concurrency; });
  --waiting_;
  if (!turn) return busy();
  ++running_;
  return Turn(this);
}

Result<std::string> PasswordHasher::Hash(std::string_view password) {
  auto turn = Acquire();
  if (!turn) return std::unexpected(turn.error());
  return Argon2Hash(password);
}

Result<bool> PasswordHasher::Verify(const std::string& encoded, std::string_view password) {
  auto turn = Acquire();
  if (!turn) return std::unexpected(turn.error());
  return Argon2Verify(encoded, password);
}

Result<bool> PasswordHasher::VerifyNothing(std::string_view password) {
  auto turn = Acquire();
  if (!turn) return std::unexpected(turn.error());
  // A fixed hash of a random password no one knows, at today's cost; made
  // once, in the first such turn.
  static const std::string decoy = [] {
    auto hash = Argon2Hash(RandomPassword());
    return hash ? *hash : std::string();
  }();
  (void)Argon2Verify(decoy, password);
  return false;
}

}  // namespace ombudsflow::service
