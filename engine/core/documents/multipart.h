#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/base/error.h"

namespace ombudsflow {

/// One part's headers, as its Content-Disposition and Content-Type say.
struct MultipartPart {
  std::string name;                      // the form field's name
  std::optional<std::string> file_name;  // as sent (a path, any bytes): clean it before use
  std::string content_type;              // empty when the part names none
};

/// What a MultipartReader hands its parts to, as they stream past. An
/// error returned stops the reader, which returns it.
class MultipartSink {
 public:
  virtual ~MultipartSink() = default;
  virtual Result<void> OnPartBegin(const MultipartPart& part) = 0;
  virtual Result<void> OnPartData(std::string_view bytes) = 0;
  virtual Result<void> OnPartEnd() = 0;
};

/// The boundary of a multipart/form-data Content-Type ("multipart/form-data;
/// boundary=xyz", quoted or not): 1 to 70 of RFC 2046's boundary characters.
/// kInvalidArgument for another type or a missing or malformed boundary.
[[nodiscard]] Result<std::string> MultipartBoundaryOf(std::string_view content_type);

/// A streaming reader of multipart/form-data bodies (RFC 7578): it is fed
/// the body in pieces of any size and passes each part's bytes on as they
/// come, holding no more than one piece, a delimiter's length and one
/// part's headers. It reads only what a form sends: no nested multiparts,
/// no Content-Transfer-Encoding (RFC 7578 § 4.7 deprecates it), headers
/// in UTF-8 as browsers send them.
///
/// Written for this server rather than taken from GMime: GMime parses a
/// message it holds whole (or maps it) into a tree of objects, built for
/// mail; an upload needs one pass over a stream with fixed bounds, and this
/// is the piece that meets hostile bytes first, so it is small and fuzzed
/// (tests/fuzz/fuzz_multipart.cc).
class MultipartReader {
 public:
  struct Limits {
    std::size_t max_parts = 16;
    std::size_t max_header_bytes = 8 * 1024;  // one part's headers together
    std::size_t max_preamble_bytes = 1024;    // before the first delimiter
    std::size_t max_epilogue_bytes = 1024;    // after the last
  };

  MultipartReader(std::string boundary, MultipartSink& sink, Limits limits);
  MultipartReader(std::string boundary, MultipartSink& sink) : MultipartReader(std::move(boundary), sink, Limits{}) {}

  /// Reads the next piece of the body.
  [[nodiscard]] Result<void> Feed(std::string_view bytes);
  /// Ends the body: kInvalidArgument unless it ended with the closing
  /// delimiter.
  [[nodiscard]] Result<void> Finish();

 private:
  enum class State { kPreamble, kAfterDelimiter, kHeaders, kBody, kEpilogue, kFailed };

  Result<void> Step(bool& progressed);
  Result<void> Fail(std::string message);
  Result<void> BeginPart(std::string_view headers);

  const std::string delimiter_;  // CRLF "--" boundary
  MultipartSink& sink_;
  const Limits limits_;
  State state_ = State::kPreamble;
  std::string buffer_;  // bytes fed but not yet passed on
  std::size_t parts_ = 0;
  std::size_t preamble_ = 0;
  std::size_t epilogue_ = 0;
};

}  // namespace ombudsflow
