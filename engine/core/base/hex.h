#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ombudsflow {

/// Lower-case hex of `bytes`.
[[nodiscard]] std::string HexEncode(std::string_view bytes);

/// The bytes of hex text (either case); nullopt for an odd length or a
/// character that is not a hex digit.
[[nodiscard]] std::optional<std::string> HexDecode(std::string_view hex);

/// Lower-case hex of the SHA-256 digest of `data` (OpenSSL's EVP interface).
[[nodiscard]] std::string Sha256Hex(std::string_view data);

}  // namespace ombudsflow
