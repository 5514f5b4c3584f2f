#include "engine/core/documents/office_container.h"

#include <algorithm>

#include "engine/core/base/text.h"

namespace ombudsflow {
namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kDirectoryEntry = 0x02014b50;
constexpr std::size_t kEndRecordBytes = 22;
constexpr std::size_t kMaxCommentBytes = 0xffff;
constexpr std::size_t kDirectoryEntryBytes = 46;
// Past this, a directory is not an office document's (Word writes tens).
constexpr std::uint64_t kMaxDirectoryBytes = 16 * 1024 * 1024;

std::uint32_t Little(const std::string& bytes, std::size_t at, int width) {
  std::uint32_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

Error NotChecked(const std::string& why) {
  return InvalidArgument("the document's container cannot be checked: " + why,
                         {{"file", "is not a container that can be checked (" + why + ")", "unreadable_container"}});
}

}  // namespace

Result<OfficeContainer> ReadOfficeContainer(std::uint64_t size, const ReadAt& read) {
  if (size < kEndRecordBytes) return std::unexpected(NotChecked("too short"));
  // The end record is in the last 22 bytes, or before a comment of up to 64 KiB.
  const std::uint64_t tail_start = size > kEndRecordBytes + kMaxCommentBytes ? size - kEndRecordBytes - kMaxCommentBytes : 0;
  auto tail = read(tail_start, static_cast<std::size_t>(size - tail_start));
  if (!tail) return std::unexpected(tail.error());
  std::size_t end = std::string::npos;
  for (std::size_t at = tail->size() >= kEndRecordBytes ? tail->size() - kEndRecordBytes + 1 : 0; at-- > 0;) {
    if (Little(*tail, at, 4) == kEndOfDirectory && at + kEndRecordBytes + Little(*tail, at + 20, 2) == tail->size()) {
      end = at;
      break;
    }
  }
  if (end == std::string::npos) return std::unexpected(NotChecked("no end of its directory"));
  const std::uint32_t entries = Little(*tail, end + 10, 2);
  const std::uint32_t directory_size = Little(*tail, end + 12, 4);
  const std::uint32_t directory_offset = Little(*tail, end + 16, 4);
  if (entries == 0xffff || directory_size == 0xffffffff || directory_offset == 0xffffffff) {
    return std::unexpected(NotChecked("ZIP64"));
  }
  if (directory_size > kMaxDirectoryBytes || std::uint64_t{directory_offset} + directory_size > size) {
    return std::unexpected(NotChecked("its directory lies outside the file"));
  }
  auto directory = read(directory_offset, directory_size);
  if (!directory || directory->size() != directory_size) return std::unexpected(NotChecked("its directory is cut short"));

  OfficeContainer container;
  std::size_t at = 0;
  for (std::uint32_t n = 0; n < entries; ++n) {
    if (at + kDirectoryEntryBytes > directory->size() || Little(*directory, at, 4) != kDirectoryEntry) {
      return std::unexpected(NotChecked("its directory is damaged"));
    }
    const std::uint32_t flags = Little(*directory, at + 8, 2);
    const std::size_t name_bytes = Little(*directory, at + 28, 2);
    const std::size_t extra_bytes = Little(*directory, at + 30, 2);
    const std::size_t comment_bytes = Little(*directory, at + 32, 2);
    if (at + kDirectoryEntryBytes + name_bytes > directory->size()) {
      return std::unexpected(NotChecked("its directory is damaged"));
    }
    const std::string name = AsciiLowercase(directory->substr(at + kDirectoryEntryBytes, name_bytes));
    const std::string_view base = std::string_view(name).substr(name.find_last_of('/') + 1);
    if (base == "vbaproject.bin" || base == "vbadata.xml") container.macros = true;
    if ((flags & 0x1) != 0) container.encrypted = true;
    ++container.entries;
    at += kDirectoryEntryBytes + name_bytes + extra_bytes + comment_bytes;
  }
  return container;
}

}  // namespace ombudsflow
