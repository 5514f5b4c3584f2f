#include "engine/service/citizen_tokens.h"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <boost/asio/ip/address.hpp>

#include "engine/core/base/hex.h"

namespace ombudsflow::service {

std::string NewCitizenToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for a citizen's token");
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool IsCitizenToken(std::string_view token) {
  return token.size() == 64 && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string CitizenAddressKey(std::string_view address) {
  boost::system::error_code error;
  const auto parsed = boost::asio::ip::make_address(std::string(address), error);
  if (error || !parsed.is_v6() || parsed.to_v6().is_v4_mapped()) return std::string(address);
  auto bytes = parsed.to_v6().to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

}  // namespace ombudsflow::service
