#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ombudsflow {

/// Signing as the Standard Webhooks specification defines it
/// (https://www.standardwebhooks.com): the receiver checks
///   webhook-signature: v1,<base64 HMAC-SHA256(key, id "." timestamp "." body)>
/// with the shared secret "whsec_<base64 key>".

inline constexpr std::string_view kSecretPrefix = "whsec_";

/// "whsec_" followed by the base64 of `key`.
[[nodiscard]] std::string EncodeWebhookSecret(std::string_view key);

/// The key inside a "whsec_..." secret; nullopt when the prefix or the
/// base64 is wrong, or the key is shorter than 24 bytes (too weak to sign).
[[nodiscard]] std::optional<std::string> DecodeWebhookSecret(std::string_view secret);

/// The webhook-signature header value for one delivery attempt.
[[nodiscard]] std::string SignWebhook(std::string_view key, std::string_view webhook_id,
                                      std::int64_t timestamp_seconds, std::string_view body);

/// True when any of the space-separated signatures in `header` (a receiver
/// may get several while a secret rotates) is the "v1" signature of the
/// message. Compares in constant time.
[[nodiscard]] bool VerifyWebhookSignature(std::string_view key, std::string_view webhook_id,
                                          std::int64_t timestamp_seconds, std::string_view body,
                                          std::string_view header);

/// Standard base64 (with padding), as the specification uses.
[[nodiscard]] std::string Base64Encode(std::string_view bytes);
[[nodiscard]] std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace ombudsflow
