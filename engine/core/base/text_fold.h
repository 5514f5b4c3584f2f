#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ombudsflow {

/// Text as the personal-data scanner compares it: Unicode NFKC, case folded,
/// with default-ignorable characters (zero-width spaces and joiners, soft
/// hyphens, bidi and other format characters) removed -- ICU's
/// NFKC_Casefold. Each byte of `text` remembers the source character it came
/// from, so a finding can be reported where the person wrote it.
struct FoldedText {
  std::string text;
  // For each byte of `text`: the byte range of the source character (or
  // the composed sequence) it came from.
  std::vector<std::uint32_t> source_begin;
  std::vector<std::uint32_t> source_end;
};

/// Folds UTF-8 `source` in one linear pass (ICU's normalizeUTF8 with its
/// record of edits). `source` must be valid UTF-8, as every string that
/// passed the request decoder is; throws std::runtime_error when ICU fails.
[[nodiscard]] FoldedText FoldForMatching(std::string_view source);

/// The folded text alone, for comparing short values.
[[nodiscard]] std::string Folded(std::string_view source);

/// The UTS #39 skeleton of folded text (ICU's spoof checker), folded again:
/// letters that look alike in any script become one, so "ølgааrd" with
/// Cyrillic а and "ølgaard" share a skeleton, as do "0lgaard" and
/// "olgaard". For comparing short values only (at most 4 KiB; throws past it).
[[nodiscard]] std::string ConfusableSkeleton(std::string_view folded);

/// Whether the code point starting at `text[at]` (folded UTF-8) is a letter
/// or digit; `length` receives its byte length.
[[nodiscard]] bool IsWordCharacterAt(std::string_view text, std::size_t at, std::size_t& length);

}  // namespace ombudsflow
