#pragma once

#include <string>
#include <string_view>

#include "engine/core/base/error.h"

namespace ombudsflow {

/// The most bytes of a document's file name as it is kept and served.
inline constexpr std::size_t kMaxFileNameBytes = 255;

/// A document's file name as a person gave it, made safe to keep, show and
/// hand back in Content-Disposition:
/// - only its last path component ("C:\\Breve\\klage.pdf" -> "klage.pdf");
/// - in Unicode NFC, so "æ" typed on any system is one name;
/// - without control characters or the invisible direction marks that can
///   make "x‮fdp.exe" read as "xexe.pdf";
/// - without leading or trailing spaces and dots;
/// - at most kMaxFileNameBytes bytes, cut at a character, keeping its
///   extension.
/// kInvalidArgument (field `field`) when it is not UTF-8 or nothing is left.
[[nodiscard]] Result<std::string> CleanFileName(std::string_view given, const std::string& field = "file_name");

/// `name` in at most `max_bytes` bytes: its stem cut at a character,
/// its extension (up to 16 bytes) kept.
[[nodiscard]] std::string ShortenFileName(const std::string& name, std::size_t max_bytes);

/// `file_name` (cleaned) with an extension that says what `media_type`
/// (found from the content) is: kept when it is one of the type's own
/// (".pdf", ".jpeg" or ".jpg"...), otherwise the type's first is added
/// ("svar.js" of plain text becomes "svar.js.txt"), so a saved file opens
/// as what it is, never as a script. A type without a known extension
/// gets ".bin". Stays within kMaxFileNameBytes.
[[nodiscard]] std::string FileNameForType(const std::string& file_name, std::string_view media_type);

}  // namespace ombudsflow
