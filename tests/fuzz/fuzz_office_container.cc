// The ZIP directory reader over any bytes, as a hostile upload would give
// them: it must answer, never crash, hang or read outside the file, and
// what it counts must fit in the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/core/documents/office_container.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string file(reinterpret_cast<const char*>(data), size);
  const auto read = ombudsflow::ReadOfficeContainer(
      file.size(), [&](std::uint64_t offset, std::size_t length) -> ombudsflow::Result<std::string> {
        if (offset > file.size()) std::abort();  // asked past the end
        return file.substr(static_cast<std::size_t>(offset), length);
      });
  // Each directory entry takes at least 46 bytes of the file.
  if (read && static_cast<std::size_t>(read->entries) * 46 > file.size()) std::abort();
  return 0;
}
