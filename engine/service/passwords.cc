#include "engine/service/passwords.h"

#include "engine/core/base/text.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>

#include "engine/core/base/hex.h"

namespace ombudsflow::service {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

Result<void> CheckPasswordPolicy(std::string_view password) {
  const std::string limits =
      std::to_string(kMinPasswordLength) + " to " + std::to_string(kMaxPasswordLength) + " characters";
  // In characters, as the forms say ("12 tegn"): a passphrase of æ, ø
  // and å is neither shorter nor longer than its letters.
  const std::size_t length = Utf8Length(password);
  if (length < kMinPasswordLength || length > kMaxPasswordLength) {
    return std::unexpected(
        InvalidArgument("the password is not acceptable", {{"password", "must be " + limits, "password_length"}}));
  }
  return {};
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
