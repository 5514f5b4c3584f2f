#include "engine/service/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <mutex>

#include "engine/core/base/hex.h"

namespace ombudsflow::service {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemory = crypto_pwhash_MEMLIMIT_INTERACTIVE;

}  // namespace

Result<void> CheckPasswordPolicy(std::string_view password) {
  const std::string limits =
      std::to_string(kMinPasswordLength) + " to " + std::to_string(kMaxPasswordLength) + " characters";
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return std::unexpected(InvalidArgument("the password is not acceptable", {{"password", "must be " + limits}}));
  }
  return {};
}

Result<std::string> HashPassword(std::string_view password) {
  InitSodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOps, kMemory,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::unexpected(Internal("hashing the password ran out of memory"));
  }
  return std::string(out.data());
}

bool VerifyPassword(const std::string& encoded, std::string_view password) {
  InitSodium();
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

void VerifyNothing(std::string_view password) {
  InitSodium();
  // A fixed hash of a random password no one knows, at today's cost.
  static const std::string decoy = [] {
    auto hash = HashPassword(RandomPassword());
    return hash ? *hash : std::string();
  }();
  (void)VerifyPassword(decoy, password);
}

std::string RandomPassword() {
  InitSodium();
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 20; ++i) {
    password += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return password;
}

std::string NewLinkSecret() {
  InitSodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

bool LooksLikeLinkSecret(std::string_view secret) {
  return secret.size() == 64 &&
         std::all_of(secret.begin(), secret.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace ombudsflow::service
