#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ombudsflow {

/// Number of code points in UTF-8 `text` (protobuf has already rejected
/// invalid UTF-8 by the time the engine sees a string).
[[nodiscard]] std::size_t Utf8Length(std::string_view text);

/// Whether `text` is well-formed UTF-8 without NUL (what arrives outside
/// protobuf's parser, e.g. an HTML form's fields, is checked here).
[[nodiscard]] bool IsValidUtf8(std::string_view text);

/// The first `max` code points of `text` (valid UTF-8), whole.
[[nodiscard]] std::string_view Utf8Prefix(std::string_view text, std::size_t max);

/// Whether `text` is well-formed UTF-8 on one line: no control character
/// (tab, newline, DEL, ...). For names and search words.
[[nodiscard]] bool IsOneLineOfText(std::string_view text);

/// What is wrong with a form's text field, as a violation's reason: "not_text"
/// (not UTF-8, or a line break where one line is asked for), "required"
/// (empty where it must be given) or "too_long" (more than `most` code
/// points); "" when nothing is.
[[nodiscard]] std::string TextFieldProblem(std::string_view value, std::size_t most, bool one_line, bool required);

/// `text` with every byte but RFC 3986's unreserved characters (and '/'
/// when `keep_slash`) percent-encoded: for URL paths and query values, and
/// form bodies.
[[nodiscard]] std::string PercentEncoded(std::string_view text, bool keep_slash);

/// `text` with ASCII letters in lower case ("APPEALS_BOARD" -> "appeals_board").
[[nodiscard]] std::string AsciiLowercase(std::string_view text);

/// `text` without leading and trailing ASCII whitespace.
[[nodiscard]] std::string Trimmed(std::string_view text);

/// A name in a definition or a query: lower-case ASCII letters, digits and
/// underscores, starting with a letter, at most 64 characters.
[[nodiscard]] bool IsIdentifier(std::string_view name);

}  // namespace ombudsflow
