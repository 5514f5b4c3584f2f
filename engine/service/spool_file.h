#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"
#include "engine/core/documents/office_container.h"

namespace ombudsflow::service {

/// A file with no name that holds bytes too large to hold in memory (an
/// upload as it arrives, a document on its way out): created unlinked
/// (O_TMPFILE), so it is gone when it is closed or the process dies, and
/// nothing is left behind to clean up. Move-only; not thread-safe.
class SpoolFile {
 public:
  /// A new empty file in `directory` (which must allow O_TMPFILE: ext4,
  /// xfs, btrfs, tmpfs). kUnavailable when it cannot be made.
  [[nodiscard]] static Result<SpoolFile> Create(const std::string& directory);

  SpoolFile(SpoolFile&& other) noexcept;
  SpoolFile& operator=(SpoolFile&& other) noexcept;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  ~SpoolFile();

  /// Adds `bytes` at the end.
  [[nodiscard]] Result<void> Append(std::string_view bytes);
  /// Up to `length` bytes from `offset`; fewer at the end.
  [[nodiscard]] Result<std::string> ReadAt(std::uint64_t offset, std::size_t length) const;
  /// ReadAt as a function, for what reads a file's bytes by offset (a
  /// content store, an Office container); it refers to this file.
  [[nodiscard]] ::ombudsflow::ReadAt Reader() const {
    return [this](std::uint64_t offset, std::size_t length) { return this->ReadAt(offset, length); };
  }
  [[nodiscard]] std::uint64_t size() const { return size_; }
  /// The descriptor, for whoever sends or maps the file; still owned here.
  [[nodiscard]] int descriptor() const { return descriptor_; }
  /// Hands the descriptor over (for Beast's file body); this is then empty.
  [[nodiscard]] int Release();

 private:
  explicit SpoolFile(int descriptor) : descriptor_(descriptor) {}
  int descriptor_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace ombudsflow::service
