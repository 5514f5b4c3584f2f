#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/core/base/error.h"

namespace ombudsflow {

/// Reads `length` bytes at `offset` of a document kept whole (its spool
/// or its store); fewer at its end.
using ReadAt = std::function<Result<std::string>(std::uint64_t offset, std::size_t length)>;

/// What a DOCX, XLSX or ODT holds that its type does not say: libmagic
/// reads a Word file with macros (.docm) as a plain one (.docx), so the
/// ZIP's own directory is read for the macro project, and for entries
/// that cannot be read because they are encrypted.
struct OfficeContainer {
  bool macros = false;     // a VBA project (vbaProject.bin) or its data
  bool encrypted = false;  // an entry only a password opens
  int entries = 0;
};

/// The directory of the ZIP container of `size` bytes that `read` reads:
/// its end record, then its central directory, never the entries' data.
/// kInvalidArgument when it is not a ZIP this reads whole (no end record,
/// ZIP64, a directory outside the file or over 65,535 entries): a file
/// that cannot be checked is not kept.
[[nodiscard]] Result<OfficeContainer> ReadOfficeContainer(std::uint64_t size, const ReadAt& read);

}  // namespace ombudsflow
