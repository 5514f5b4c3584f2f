#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/error.h"

namespace ombudsflow::service {

/// How many of a document's first bytes its type is read from.
inline constexpr std::size_t kTypeSniffBytes = 64 * 1024;

/// The media type of a document, read from its content by libmagic
/// ("application/pdf"), never from its name: `head` is its first bytes
/// (kTypeSniffBytes suffice). kInternal when libmagic cannot be used.
[[nodiscard]] Result<std::string> MediaTypeOf(std::string_view head);

/// The types an office keeps by default: PDF, Word (DOCX), OpenDocument
/// text, Excel (XLSX), JPEG, PNG, TIFF, plain text and e-mails. Never
/// executables, HTML, SVG or archives: they can run, or hide what runs.
[[nodiscard]] const std::vector<std::string>& DefaultDocumentTypes();

/// Whether a document of `media_type` may be kept: it is one of `allowed`,
/// exactly (no "text/*": HTML is text too).
[[nodiscard]] bool IsAllowedDocumentType(std::string_view media_type, const std::vector<std::string>& allowed);

}  // namespace ombudsflow::service
