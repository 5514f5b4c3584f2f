#include "engine/core/webhooks/webhook_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

namespace ombudsflow {
namespace {

constexpr std::size_t kMinimumKeyBytes = 24;

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(written));
  return text;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string bytes(text.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (written < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes: take them off again.
  std::size_t padding = 0;
  while (padding < 2 && text[text.size() - 1 - padding] == '=') ++padding;
  bytes.resize(static_cast<std::size_t>(written) - padding);
  return bytes;
}

std::string EncodeWebhookSecret(std::string_view key) {
  return std::string(kSecretPrefix) + Base64Encode(key);
}

std::optional<std::string> DecodeWebhookSecret(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix)) return std::nullopt;
  auto key = Base64Decode(secret.substr(kSecretPrefix.size()));
  if (!key || key->size() < kMinimumKeyBytes) return std::nullopt;
  return key;
}

std::string SignWebhook(std::string_view key, std::string_view webhook_id,
                        std::int64_t timestamp_seconds, std::string_view body) {
  const std::string message =
      std::string(webhook_id) + "." + std::to_string(timestamp_seconds) + "." + std::string(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_size);
  return "v1," + Base64Encode({reinterpret_cast<const char*>(mac), mac_size});
}

bool VerifyWebhookSignature(std::string_view key, std::string_view webhook_id,
                            std::int64_t timestamp_seconds, std::string_view body,
                            std::string_view header) {
  const std::string expected = SignWebhook(key, webhook_id, timestamp_seconds, body);
  bool matched = false;
  while (!header.empty()) {
    const auto space = header.find(' ');
    const std::string_view candidate = header.substr(0, space);
    if (candidate.size() == expected.size() &&
        CRYPTO_memcmp(candidate.data(), expected.data(), expected.size()) == 0) {
      matched = true;
    }
    if (space == std::string_view::npos) break;
    header.remove_prefix(space + 1);
  }
  return matched;
}

}  // namespace ombudsflow
