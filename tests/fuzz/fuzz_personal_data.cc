// The personal-data scanner over any text, for a complainant with a name,
// an address, an e-mail and a phone: it must answer, never crash or hang,
// and every hit it reports must start within the text, in reading order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/core/rules/personal_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ombudsflow::v1::Complainant complainant = [] {
    ombudsflow::v1::Complainant c;
    c.set_name("Jens Ølgaard Hansen");
    c.set_email("jens@example.dk");
    c.set_phone("+45 20 30 40 50");
    c.set_postal_address("Nørregade 7, 2. tv, 1165 København K");
    return c;
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t previous = 0;
  for (const auto& hit : ombudsflow::FindPersonalData(text, complainant)) {
    if (hit.offset >= text.size() || hit.offset < previous || hit.text.empty()) std::abort();
    previous = hit.offset;
  }
  return 0;
}
