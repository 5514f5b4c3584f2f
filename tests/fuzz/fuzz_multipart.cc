// The multipart/form-data reader over any bytes, as a hostile upload would
// give them: it must answer, never crash or hang, and read the same parts
// whether the body comes whole or in pieces of any size (the first byte
// picks the piece size), since the network decides how it comes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/core/documents/multipart.h"

namespace {

// Everything the reader passed on, in one transcript.
class Transcript final : public ombudsflow::MultipartSink {
 public:
  ombudsflow::Result<void> OnPartBegin(const ombudsflow::MultipartPart& part) override {
    text += "<" + part.name + "|" + part.file_name.value_or("-") + "|" + part.content_type + ">";
    return {};
  }
  ombudsflow::Result<void> OnPartData(std::string_view bytes) override {
    if (bytes.empty()) std::abort();  // never an empty piece
    text.append(bytes);
    data_bytes += bytes.size();
    return {};
  }
  ombudsflow::Result<void> OnPartEnd() override {
    text += "</>";
    return {};
  }
  std::string text;
  std::size_t data_bytes = 0;
};

std::string Read(std::string_view body, std::size_t piece, Transcript& transcript) {
  ombudsflow::MultipartReader reader("B0undary", transcript);
  for (std::size_t at = 0; at < body.size(); at += piece) {
    if (!reader.Feed(body.substr(at, piece))) return "error";
  }
  return reader.Finish() ? "done" : "unfinished";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t piece = 1 + data[0] % 64;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  (void)ombudsflow::MultipartBoundaryOf(body.substr(0, 200));
  Transcript whole;
  Transcript pieces;
  const std::string whole_end = Read(body, body.size() + 1, whole);
  const std::string pieces_end = Read(body, piece, pieces);
  if (whole.data_bytes > body.size()) std::abort();
  // A reader that stopped with an error may stop at a different point; one
  // that did not must have read the same.
  if (whole_end != "error" && pieces_end != "error" && (whole.text != pieces.text || whole_end != pieces_end)) {
    std::abort();
  }
  if ((whole_end == "error") != (pieces_end == "error")) std::abort();
  return 0;
}
