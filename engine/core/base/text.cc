#include "engine/core/base/text.h"

#include <re2/re2.h>
#include <unicode/utf8.h>

namespace ombudsflow {

namespace {

// Whether every code point of `text` is well-formed and `allowed`.
template <class Allowed>
bool EveryCodePoint(std::string_view text, Allowed allowed) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  if (static_cast<std::size_t>(length) != text.size()) return false;
  for (std::int32_t at = 0; at < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, at, length, c);
    if (c < 0 || !allowed(c)) return false;  // negative: malformed
  }
  return true;
}

}  // namespace

std::string_view Utf8Prefix(std::string_view text, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;
    if (points++ == max) return text.substr(0, at);
  }
  return text;
}

bool IsValidUtf8(std::string_view text) {
  return EveryCodePoint(text, [](UChar32 c) { return c != 0; });
}

bool IsOneLineOfText(std::string_view text) {
  // No C0 controls, DEL, C1 controls, or line and paragraph separators.
  return EveryCodePoint(text, [](UChar32 c) {
    return c > 0x1f && !(c >= 0x7f && c <= 0x9f) && c != 0x2028 && c != 0x2029;
  });
}

std::string PercentEncoded(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::size_t Utf8Length(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;  // continuation bytes do not start a code point
  }
  return count;
}

std::string Trimmed(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return std::string(text.substr(first, last - first + 1));
}

bool IsIdentifier(std::string_view name) {
  static const re2::RE2 kShape("[a-z][a-z0-9_]*");
  return name.size() <= 64 && re2::RE2::FullMatch(re2::StringPiece(name.data(), name.size()), kShape);
}

std::string AsciiLowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string TextFieldProblem(std::string_view value, std::size_t most, bool one_line, bool required) {
  if (!IsValidUtf8(value) || (one_line && !value.empty() && !IsOneLineOfText(value))) return "not_text";
  const std::size_t length = Utf8Length(value);
  if (required && length == 0) return "required";
  if (length > most) return "too_long";
  return {};
}

}  // namespace ombudsflow
