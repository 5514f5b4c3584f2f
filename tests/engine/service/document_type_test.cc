// A document's type comes from its bytes, never its name: what an office
// keeps passes, and what can run or hide what runs is refused whatever it
// is called.
#include "engine/service/document_type.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace ombudsflow::service {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;

std::string TypeOf(std::string_view bytes) {
  auto type = MediaTypeOf(bytes);
  EXPECT_TRUE(type.has_value()) << type.error().message;
  return type ? *type : std::string();
}

bool Kept(std::string_view bytes) { return IsAllowedDocumentType(TypeOf(bytes), DefaultDocumentTypes()); }

constexpr std::string_view kPdf = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << >>\n%%EOF\n";
constexpr std::string_view kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
constexpr std::string_view kJpeg("\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20);
constexpr std::string_view kTiff("II*\0\x08\0\0\0", 8);

TEST(DocumentTypeTest, WhatAnOfficeKeepsIsToldByItsBytes) {
  EXPECT_EQ(TypeOf(kPdf), "application/pdf");
  EXPECT_EQ(TypeOf(kPng), "image/png");
  EXPECT_EQ(TypeOf(kJpeg), "image/jpeg");
  EXPECT_EQ(TypeOf(kTiff), "image/tiff");
  EXPECT_EQ(TypeOf("Kære Borgerrådgiver\nJeg klager over sagsbehandlingstiden.\n"), "text/plain");
  EXPECT_EQ(TypeOf("Received: from mail.example.dk\nFrom: jens@example.dk\nTo: klage@kk.dk\nSubject: Klage\n\nTekst\n"),
            "message/rfc822");
  for (const std::string_view kept : {kPdf, kPng, kJpeg, kTiff}) EXPECT_TRUE(Kept(kept)) << TypeOf(kept);
}

TEST(DocumentTypeTest, WhatCanRunOrHideWhatRunsIsRefusedWhateverItsName) {
  // An executable, named anything: this test's own program.
  std::ifstream self("/proc/self/exe", std::ios::binary);
  std::string program(kTypeSniffBytes, '\0');
  self.read(program.data(), static_cast<std::streamsize>(program.size()));
  program.resize(static_cast<std::size_t>(self.gcount()));
  EXPECT_THAT(TypeOf(program), AnyOf(HasSubstr("executable"), HasSubstr("sharedlib")));
  EXPECT_FALSE(Kept(program));
  // HTML and SVG are text that a browser runs.
  const std::string html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";
  EXPECT_EQ(TypeOf(html), "text/html");
  EXPECT_FALSE(Kept(html));
  const std::string svg =
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n";
  EXPECT_EQ(TypeOf(svg), "image/svg+xml");
  EXPECT_FALSE(Kept(svg));
  // An archive: a ZIP holding one text file (as Python's zipfile writes it).
  const std::string zip(
      "PK\x03\x04\x14\x00\x00\x00\x00\x00\x0dP\x86].Th\x0c\x03\x00\x00\x00\x03\x00\x00\x00\x05\x00\x00\x00" "a.txthej"
      "PK\x01\x02\x14\x03\x14\x00\x00\x00\x00\x00\x0dP\x86].Th\x0c\x03\x00\x00\x00\x03\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x01\x00"
      "\x00\x00\x00" "a.txtPK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00" "3\x00\x00\x00&\x00\x00\x00\x00\x00",
      111);
  EXPECT_EQ(TypeOf(zip), "application/zip");
  EXPECT_FALSE(Kept(zip));
}

TEST(DocumentTypeTest, TheAllowedTypesAreMatchedExactlyNeverByFamily) {
  EXPECT_TRUE(IsAllowedDocumentType("text/plain", DefaultDocumentTypes()));
  EXPECT_FALSE(IsAllowedDocumentType("text/html", DefaultDocumentTypes()));
  EXPECT_FALSE(IsAllowedDocumentType("text/plain; charset=utf-8", DefaultDocumentTypes()));
  EXPECT_FALSE(IsAllowedDocumentType("", DefaultDocumentTypes()));
  EXPECT_TRUE(IsAllowedDocumentType("image/gif", {"image/gif"}));  // the deployment's own list
}

// Each thread has its own libmagic handle: many at once agree.
TEST(DocumentTypeTest, ThreadsReadTypesAtOnce) {
  std::vector<std::thread> threads;
  std::vector<std::string> seen(8);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&seen, i] {
      for (int n = 0; n < 50; ++n) seen[i] = *MediaTypeOf(i % 2 == 0 ? kPdf : kPng);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i % 2 == 0 ? "application/pdf" : "image/png");
}

}  // namespace
}  // namespace ombudsflow::service
