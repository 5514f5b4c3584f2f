#include "engine/service/passwords.h"

#include <sodium.h>

#include <mutex>

namespace ombudsflow::service {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

}  // namespace

Result<void> CheckPasswordPolicy(std::string_view password) {
  const std::string limits =
      std::to_string(kMinPasswordLength) + " to " + std::to_string(kMaxPasswordLength) + " characters";
  if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) {
    return std::unexpected(InvalidArgument("the password is not acceptable", {{"password", "must be " + limits}}));
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

}  // namespace ombudsflow::service
