#include "engine/core/base/file_name.h"

#include <cctype>
#include <map>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "engine/core/base/text.h"

namespace ombudsflow {
namespace {

// Control characters, and the marks that reorder or hide text: a name's
// extension must read as it is.
bool IsDropped(UChar32 c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||  // C0, DEL, C1
         (c >= 0x200b && c <= 0x200f) ||          // zero widths, LRM, RLM
         (c >= 0x202a && c <= 0x202e) ||          // embeddings and overrides
         (c >= 0x2066 && c <= 0x2069) ||          // isolates
         c == 0xfeff;                             // byte order mark
}

// `text` cut to at most `bytes` bytes at a character boundary.
std::string_view CutAt(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

Result<std::string> CleanFileName(std::string_view given, const std::string& field) {
  if (!IsValidUtf8(given)) {
    return std::unexpected(InvalidArgument("the file name is not UTF-8 text", {{field, "is not UTF-8 text", "invalid"}}));
  }
  // The last component of a path, whichever system wrote it.
  if (const auto slash = given.find_last_of("/\\"); slash != std::string_view::npos) given.remove_prefix(slash + 1);

  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::unexpected(Internal("ICU has no NFC normaliser"));
  const icu::UnicodeString normal =
      nfc->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(given.data(), static_cast<int32_t>(given.size()))),
                     status);
  if (U_FAILURE(status)) return std::unexpected(Internal("ICU could not normalise a file name"));
  std::string utf8;
  normal.toUTF8String(utf8);

  std::string kept;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t at = 0; at < length;) {
    const std::int32_t start = at;
    UChar32 c = 0;
    U8_NEXT(bytes, at, length, c);
    if (c < 0 || IsDropped(c)) continue;
    kept.append(utf8, static_cast<std::size_t>(start), static_cast<std::size_t>(at - start));
  }
  const auto first = kept.find_first_not_of(" .");
  if (first == std::string::npos) {
    return std::unexpected(InvalidArgument("the file name has nothing left to keep", {{field, "is empty", "required"}}));
  }
  kept = kept.substr(first, kept.find_last_not_of(" .") - first + 1);

  return ShortenFileName(kept, kMaxFileNameBytes);
}

std::string ShortenFileName(const std::string& name, std::size_t max_bytes) {
  if (name.size() <= max_bytes) return name;
  // Keep the extension (up to 16 bytes of it) and cut the stem.
  const auto dot = name.rfind('.');
  const std::string extension =
      dot != std::string::npos && dot > 0 && name.size() - dot <= 16 && name.size() - dot < max_bytes ? name.substr(dot)
                                                                                                    : std::string();
  const std::string_view stem = std::string_view(name).substr(0, name.size() - extension.size());
  return std::string(CutAt(stem, max_bytes - extension.size())) + extension;
}

std::string FileNameForType(const std::string& file_name, std::string_view media_type) {
  static const std::map<std::string_view, std::vector<std::string_view>> kExtensions = {
      {"application/pdf", {".pdf"}},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}},
      {"application/vnd.oasis.opendocument.text", {".odt"}},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}},
      {"image/jpeg", {".jpg", ".jpeg"}},
      {"image/png", {".png"}},
      {"image/tiff", {".tif", ".tiff"}},
      {"text/plain", {".txt"}},
      {"message/rfc822", {".eml"}},
  };
  const auto known = kExtensions.find(media_type);
  const std::vector<std::string_view> fallback = {".bin"};
  const std::vector<std::string_view>& extensions = known != kExtensions.end() ? known->second : fallback;
  std::string lowered = file_name;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view extension : extensions) {
    if (lowered.size() > extension.size() && lowered.ends_with(extension)) return file_name;
  }
  const std::string_view added = extensions.front();
  std::string base = file_name;
  if (base.size() + added.size() > kMaxFileNameBytes) {
    // Cut at a character boundary: never inside a UTF-8 sequence.
    std::size_t cut = kMaxFileNameBytes - added.size();
    while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xc0) == 0x80) --cut;
    base.resize(cut);
  }
  return base + std::string(added);
}

}  // namespace ombudsflow
