#pragma once

#include <string>
#include <string_view>

namespace ombudsflow {

/// Lower-case hex of `bytes`.
[[nodiscard]] std::string HexEncode(std::string_view bytes);

/// Lower-case hex of the SHA-256 digest of `data` (OpenSSL's EVP interface).
[[nodiscard]] std::string Sha256Hex(std::string_view data);

}  // namespace ombudsflow
