// An upload's body is read as it streams in: parts and their bytes must be
// the same however the network cuts the body, and a malformed or oversized
// one is refused with a reason.
#include "engine/core/documents/multipart.h"

#include <gtest/gtest.h>

#include <vector>

namespace ombudsflow {
namespace {

struct ReadPart {
  MultipartPart header;
  std::string data;
  bool ended = false;
};

class Collect final : public MultipartSink {
 public:
  Result<void> OnPartBegin(const MultipartPart& part) override {
    parts.push_back({part, {}, false});
    return {};
  }
  Result<void> OnPartData(std::string_view bytes) override {
    EXPECT_FALSE(bytes.empty());
    parts.back().data.append(bytes);
    return {};
  }
  Result<void> OnPartEnd() override {
    parts.back().ended = true;
    return {};
  }
  std::vector<ReadPart> parts;
};

// Feeds `body` in pieces of `piece` bytes; the error's message, or "".
std::string Read(const std::string& body, std::size_t piece, Collect& sink,
                 MultipartReader::Limits limits = {}) {
  MultipartReader reader("XyZ", sink, limits);
  for (std::size_t at = 0; at < body.size(); at += piece) {
    if (auto fed = reader.Feed(std::string_view(body).substr(at, piece)); !fed) return fed.error().message;
  }
  if (auto finished = reader.Finish(); !finished) return finished.error().message;
  return "";
}

const std::string kForm =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "Afgørelse om hjemmehjælp\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"afgørelse.pdf\"\r\n"
    "Content-Type: application/pdf\r\n"
    "\r\n"
    "%PDF-1.7\r\nx--XyZ without a line break before it is no delimiter\r\n--Xy\r\n%%EOF\r\n"
    "--XyZ--\r\n";

TEST(MultipartTest, ReadsFieldsAndAFileWhateverThePiecesTheBodyComesIn) {
  for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{64},
                            kForm.size()}) {
    Collect sink;
    ASSERT_EQ(Read(kForm, piece, sink), "") << "pieces of " << piece;
    ASSERT_EQ(sink.parts.size(), 2u);
    EXPECT_EQ(sink.parts[0].header.name, "title");
    EXPECT_FALSE(sink.parts[0].header.file_name.has_value());
    EXPECT_EQ(sink.parts[0].data, "Afgørelse om hjemmehjælp");
    EXPECT_EQ(sink.parts[1].header.name, "file");
    EXPECT_EQ(sink.parts[1].header.file_name, "afgørelse.pdf");
    EXPECT_EQ(sink.parts[1].header.content_type, "application/pdf");
    EXPECT_EQ(sink.parts[1].data,
              "%PDF-1.7\r\nx--XyZ without a line break before it is no delimiter\r\n--Xy\r\n%%EOF");
    EXPECT_TRUE(sink.parts[1].ended);
  }
}

TEST(MultipartTest, AFileNameKeepsAWindowsPathForTheCleanerAndReadsEscapedQuotes) {
  Collect sink;
  ASSERT_EQ(Read("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\Breve\\a\\\"b.pdf\"\r\n\r\n"
                 "x\r\n--XyZ--",
                 5, sink),
            "");
  ASSERT_EQ(sink.parts.size(), 1u);
  EXPECT_EQ(sink.parts[0].header.file_name, "C:\\Breve\\a\"b.pdf");
}

TEST(MultipartTest, AnExtendedFileNameInUtf8IsPreferred) {
  Collect sink;
  ASSERT_EQ(Read("--XyZ\r\ncontent-disposition: form-data; name=file; filename=\"fallback.txt\"; "
                 "filename*=UTF-8''%C3%A6bler.txt\r\n\r\nx\r\n--XyZ--\r\n",
                 4, sink),
            "");
  ASSERT_EQ(sink.parts.size(), 1u);
  EXPECT_EQ(sink.parts[0].header.file_name, "æbler.txt");
}

TEST(MultipartTest, PreambleEpilogueAndPaddingAreSkipped) {
  Collect sink;
  ASSERT_EQ(Read("This is the preamble.\r\n--XyZ \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n"
                 "--XyZ--\r\nepilogue",
                 3, sink),
            "");
  ASSERT_EQ(sink.parts.size(), 1u);
  EXPECT_EQ(sink.parts[0].data, "");
  EXPECT_TRUE(sink.parts[0].ended);
}

TEST(MultipartTest, MalformedBodiesAreRefusedWithTheirReason) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno closing delimiter", "closing boundary"},
      {"--XyZ\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nx\r\n--XyZ--", "not form-data"},
      {"--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--", "no Content-Disposition"},
      {"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--", "no name"},
      {"--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ--", "not form-data"},
      {"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: base64\r\n\r\neA==\r\n"
       "--XyZ--",
       "Content-Transfer-Encoding"},
      {"--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--XyZ--", "not form-data"},
      {"--XyZ\r\n folded: header\r\n\r\nx\r\n--XyZ--", "not a token"},
      {"--XyZjunk\r\n", "not followed by a line break"},
      {std::string(2000, 'p') + "\r\n--XyZ--", "no boundary"},
      {"--XyZ\r\nX: " + std::string(9000, 'h') + "\r\n\r\nx\r\n--XyZ--", "too long"},
      {"--XyZ--" + std::string(2000, 'e'), "too much"},
  };
  for (const auto& [body, reason] : cases) {
    for (std::size_t piece : {std::size_t{1}, std::size_t{5}, body.size()}) {
      Collect sink;
      const std::string error = Read(body, piece, sink);
      EXPECT_NE(error.find(reason), std::string::npos) << body.substr(0, 80) << " in pieces of " << piece << ": "
                                                        << error;
    }
  }
}

TEST(MultipartTest, PartsAreCounted) {
  std::string body;
  for (int i = 0; i < 4; ++i) body += "--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
  body += "--XyZ--";
  Collect sink;
  EXPECT_EQ(Read(body, body.size(), sink, {.max_parts = 4}), "");
  Collect over;
  EXPECT_NE(Read(body, body.size(), over, {.max_parts = 3}).find("more than 3 parts"), std::string::npos);
}

TEST(MultipartTest, ASinkRefusalStopsTheReader) {
  class Refuse final : public MultipartSink {
   public:
    Result<void> OnPartBegin(const MultipartPart&) override { return {}; }
    Result<void> OnPartData(std::string_view) override {
      return std::unexpected(InvalidArgument("the file is larger than allowed"));
    }
    Result<void> OnPartEnd() override { return {}; }
  } refuse;
  MultipartReader reader("XyZ", refuse);
  auto fed = reader.Feed(kForm);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().message, "the file is larger than allowed");
  EXPECT_FALSE(reader.Feed("more"));
  EXPECT_FALSE(reader.Finish());
}

TEST(MultipartTest, TheBoundaryComesFromTheContentType) {
  EXPECT_EQ(MultipartBoundaryOf("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk"),
            "----WebKitFormBoundary7MA4YWxk");
  EXPECT_EQ(MultipartBoundaryOf("Multipart/Form-Data; charset=utf-8; boundary=\"a b:c\""), "a b:c");
  EXPECT_FALSE(MultipartBoundaryOf("multipart/mixed; boundary=x"));
  EXPECT_FALSE(MultipartBoundaryOf("multipart/form-data"));
  EXPECT_FALSE(MultipartBoundaryOf("multipart/form-data; boundary=" + std::string(71, 'b')));
  EXPECT_FALSE(MultipartBoundaryOf("multipart/form-data; boundary=\"a\r\nb\""));
  EXPECT_FALSE(MultipartBoundaryOf("multipart/form-data; boundary=x; boundary=y"));
}

}  // namespace
}  // namespace ombudsflow
