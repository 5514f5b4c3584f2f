#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ombudsflow::testing {

/// The whole of the file at `path`, bytes as they are ("" when unreadable).
inline std::string FileContents(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace ombudsflow::testing
