#include "engine/core/documents/multipart.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace ombudsflow {
namespace {

bool IsLinearSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsLinearSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsLinearSpace(text.back())) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool IsTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 32 || u >= 127) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// RFC 2046's bchars, less the space it allows only inside.
bool IsBoundaryChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// A header value's "type; name=value; name="quoted value"" form: the type,
// lowered, and its parameters by lowered name. A name given twice is
// refused: two readers could take different ones.
struct HeaderValue {
  std::string type;
  std::map<std::string, std::string> parameters;
};

std::optional<HeaderValue> ParseHeaderValue(std::string_view text) {
  HeaderValue value;
  const auto semicolon = text.find(';');
  value.type = Lower(Trim(text.substr(0, semicolon)));
  if (value.type.empty()) return std::nullopt;
  text = semicolon == std::string_view::npos ? std::string_view() : text.substr(semicolon + 1);
  while (!(text = Trim(text)).empty()) {
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    const std::string name = Lower(Trim(text.substr(0, equals)));
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsTokenChar)) return std::nullopt;
    text = Trim(text.substr(equals + 1));
    std::string parameter;
    if (!text.empty() && text.front() == '"') {
      // Browsers send '"' in a name as %22 and never escape '\', so a
      // Windows path keeps its backslashes; other clients escape '"' and
      // '\' with '\', and only those two escapes are read.
      std::size_t i = 1;
      for (; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) ++i;
        parameter.push_back(text[i]);
      }
      if (i >= text.size()) return std::nullopt;  // unterminated
      text.remove_prefix(i + 1);
    } else {
      const auto end = text.find(';');
      parameter = std::string(Trim(text.substr(0, end)));
      if (parameter.empty() || !std::all_of(parameter.begin(), parameter.end(), IsTokenChar)) return std::nullopt;
      text = end == std::string_view::npos ? std::string_view() : text.substr(end);
    }
    text = Trim(text);
    if (!text.empty()) {
      if (text.front() != ';') return std::nullopt;
      text.remove_prefix(1);
    }
    if (!value.parameters.emplace(name, std::move(parameter)).second) return std::nullopt;
  }
  return value;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 8187's ext-value, UTF-8 only: "UTF-8'language'percent-encoded".
std::optional<std::string> DecodeExtendedValue(std::string_view text) {
  const auto first = text.find('\'');
  if (first == std::string_view::npos || Lower(text.substr(0, first)) != "utf-8") return std::nullopt;
  const auto second = text.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  std::string decoded;
  for (std::size_t i = second + 1; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = HexValue(text[i + 1]);
    const int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    decoded.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return decoded;
}

}  // namespace

Result<std::string> MultipartBoundaryOf(std::string_view content_type) {
  const auto value = ParseHeaderValue(content_type);
  if (!value || value->type != "multipart/form-data") {
    return std::unexpected(InvalidArgument("the body is not multipart/form-data"));
  }
  const auto boundary = value->parameters.find("boundary");
  if (boundary == value->parameters.end() || boundary->second.empty() || boundary->second.size() > 70 ||
      !std::all_of(boundary->second.begin(), boundary->second.end(), IsBoundaryChar) ||
      boundary->second.back() == ' ') {
    return std::unexpected(InvalidArgument("a multipart/form-data body needs a boundary of 1 to 70 characters"));
  }
  return boundary->second;
}

MultipartReader::MultipartReader(std::string boundary, MultipartSink& sink, Limits limits)
    : delimiter_("\r\n--" + std::move(boundary)), sink_(sink), limits_(limits) {
  // The first delimiter may open the body without the line break before
  // it: one is supposed, and counted as preamble.
  buffer_ = "\r\n";
}

Result<void> MultipartReader::Fail(std::string message) {
  state_ = State::kFailed;
  buffer_.clear();
  return std::unexpected(InvalidArgument("the multipart/form-data body is malformed: " + message));
}

Result<void> MultipartReader::BeginPart(std::string_view headers) {
  if (++parts_ > limits_.max_parts) return Fail("more than " + std::to_string(limits_.max_parts) + " parts");
  MultipartPart part;
  bool disposition_seen = false;
  bool type_seen = false;
  while (!headers.empty()) {
    const auto end = headers.find("\r\n");
    const std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return Fail("a part header is not \"Name: value\"");
    const std::string name(line.substr(0, colon));
    if (!std::all_of(name.begin(), name.end(), IsTokenChar)) return Fail("a part header's name is not a token");
    const std::string lowered = Lower(name);
    const std::string_view value = Trim(line.substr(colon + 1));
    if (lowered == "content-disposition") {
      if (disposition_seen) return Fail("a part has two Content-Disposition headers");
      disposition_seen = true;
      auto parsed = ParseHeaderValue(value);
      if (!parsed || parsed->type != "form-data") return Fail("a part's Content-Disposition is not form-data");
      const auto field = parsed->parameters.find("name");
      if (field == parsed->parameters.end() || field->second.empty()) return Fail("a part has no name");
      part.name = field->second;
      if (auto extended = parsed->parameters.find("filename*"); extended != parsed->parameters.end()) {
        auto decoded = DecodeExtendedValue(extended->second);
        if (!decoded) return Fail("a part's filename* is not UTF-8''percent-encoded");
        part.file_name = std::move(*decoded);
      } else if (auto plain = parsed->parameters.find("filename"); plain != parsed->parameters.end()) {
        part.file_name = plain->second;
      }
    } else if (lowered == "content-type") {
      if (type_seen) return Fail("a part has two Content-Type headers");
      type_seen = true;
      part.content_type = std::string(value);
    } else if (lowered == "content-transfer-encoding") {
      // A form's bytes come as they are; an encoded part would be kept
      // encoded, and its type and scan would see the encoding.
      const std::string encoding = Lower(value);
      if (encoding != "binary" && encoding != "8bit" && encoding != "7bit") {
        return Fail("a part's Content-Transfer-Encoding is not binary");
      }
    }
  }
  if (!disposition_seen) return Fail("a part has no Content-Disposition");
  return sink_.OnPartBegin(part);
}

Result<void> MultipartReader::Step(bool& progressed) {
  progressed = false;
  switch (state_) {
    case State::kPreamble:
    case State::kBody: {
      const bool body = state_ == State::kBody;
      const auto found = buffer_.find(delimiter_);
      // Without a delimiter, all but its length less one byte is surely
      // not part of one.
      const std::size_t passable =
          found != std::string::npos ? found
                                     : (buffer_.size() >= delimiter_.size() ? buffer_.size() - delimiter_.size() + 1 : 0);
      if (passable > 0) {
        if (body) {
          if (auto passed = sink_.OnPartData(std::string_view(buffer_).substr(0, passable)); !passed) {
            state_ = State::kFailed;
            return passed;
          }
        } else if ((preamble_ += passable) > limits_.max_preamble_bytes + 2) {
          return Fail("no boundary where the body begins");
        }
      }
      if (found == std::string::npos) {
        buffer_.erase(0, passable);
        return {};
      }
      buffer_.erase(0, found + delimiter_.size());
      if (body) {
        if (auto ended = sink_.OnPartEnd(); !ended) {
          state_ = State::kFailed;
          return ended;
        }
      }
      state_ = State::kAfterDelimiter;
      progressed = true;
      return {};
    }
    case State::kAfterDelimiter: {
      if (buffer_.size() < 2) return {};
      if (buffer_.compare(0, 2, "--") == 0) {
        buffer_.erase(0, 2);
        state_ = State::kEpilogue;
        progressed = true;
        return {};
      }
      // Transport padding (spaces, tabs) may follow a delimiter before its
      // line break.
      std::size_t i = 0;
      while (i < buffer_.size() && IsLinearSpace(buffer_[i])) ++i;
      if (i > 64) return Fail("a delimiter is followed by too much padding");
      if (i + 2 > buffer_.size()) return {};
      if (buffer_.compare(i, 2, "\r\n") != 0) return Fail("a delimiter is not followed by a line break");
      buffer_.erase(0, i + 2);
      state_ = State::kHeaders;
      progressed = true;
      return {};
    }
    case State::kHeaders: {
      std::size_t headers_end = 0;
      std::size_t skip = 0;
      if (buffer_.size() >= 2 && buffer_.compare(0, 2, "\r\n") == 0) {
        skip = 2;  // a part without headers
      } else {
        const auto end = buffer_.find("\r\n\r\n");
        if (end == std::string::npos) {
          // What is held is headers and at most 3 bytes of their end.
          if (buffer_.size() > limits_.max_header_bytes + 3) return Fail("a part's headers are too long");
          return {};
        }
        headers_end = end;
        skip = end + 4;
      }
      if (headers_end > limits_.max_header_bytes) return Fail("a part's headers are too long");
      const std::string headers = buffer_.substr(0, headers_end);
      buffer_.erase(0, skip);
      if (auto begun = BeginPart(headers); !begun) {
        state_ = State::kFailed;
        return begun;
      }
      state_ = State::kBody;
      progressed = true;
      return {};
    }
    case State::kEpilogue:
      epilogue_ += buffer_.size();
      buffer_.clear();
      if (epilogue_ > limits_.max_epilogue_bytes) return Fail("too much follows the closing boundary");
      return {};
    case State::kFailed:
      return Fail("it was refused already");
  }
  return {};
}

Result<void> MultipartReader::Feed(std::string_view bytes) {
  if (state_ == State::kFailed) return Fail("it was refused already");
  buffer_.append(bytes);
  for (bool progressed = true; progressed;) {
    if (auto stepped = Step(progressed); !stepped) return stepped;
  }
  return {};
}

Result<void> MultipartReader::Finish() {
  if (state_ == State::kFailed) return Fail("it was refused already");
  if (state_ != State::kEpilogue) return Fail("it ends before its closing boundary");
  return {};
}

}  // namespace ombudsflow
