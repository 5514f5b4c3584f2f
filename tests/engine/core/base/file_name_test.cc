// A file name as a person or a hostile client gives it, made safe to keep
// and to hand back.
#include "engine/core/base/file_name.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

std::string Cleaned(std::string_view given) {
  auto cleaned = CleanFileName(given);
  EXPECT_TRUE(cleaned.has_value()) << given << ": " << cleaned.error().message;
  return cleaned ? *cleaned : std::string();
}

TEST(FileNameTest, AnOrdinaryNameStaysAsItIs) {
  EXPECT_EQ(Cleaned("Afgørelse om hjemmehjælp.pdf"), "Afgørelse om hjemmehjælp.pdf");
}

TEST(FileNameTest, OnlyTheLastPartOfAPathIsKept) {
  EXPECT_EQ(Cleaned("C:\\Users\\Jens\\Breve\\klage.pdf"), "klage.pdf");
  EXPECT_EQ(Cleaned("../../etc/passwd"), "passwd");
  EXPECT_EQ(Cleaned("/tmp/svar.docx"), "svar.docx");
}

TEST(FileNameTest, ControlCharactersAndDirectionMarksAreDropped) {
  EXPECT_EQ(Cleaned("svar\r\nSet-Cookie: x.pdf"), "svarSet-Cookie: x.pdf");
  EXPECT_EQ(Cleaned("tab\tname.txt"), "tabname.txt");
  // "faktura‮fdp.exe" reads as "fakturaexe.pdf" with the override kept.
  EXPECT_EQ(Cleaned("faktura\u202Efdp.exe"), "fakturafdp.exe");
  EXPECT_EQ(Cleaned("\uFEFFbrev.txt"), "brev.txt");
}

TEST(FileNameTest, AnNfdNameFromAMacIsTheSameNameAsNfc) {
  EXPECT_EQ(Cleaned("Ska\u030Ade.pdf"), "Sk\u00E5de.pdf");  // "å" as a + ring above
}

TEST(FileNameTest, LeadingAndTrailingDotsAndSpacesGo) {
  EXPECT_EQ(Cleaned("  .skjult.txt. "), "skjult.txt");
}

TEST(FileNameTest, ALongNameIsCutAtACharacterKeepingItsExtension) {
  std::string stem;
  for (int i = 0; i < 200; ++i) stem += "æ";  // 400 bytes
  const std::string cleaned = Cleaned(stem + ".pdf");
  EXPECT_LE(cleaned.size(), kMaxFileNameBytes);
  EXPECT_TRUE(cleaned.ends_with("æ.pdf")) << cleaned;  // cut between characters, not inside one
  EXPECT_EQ(cleaned.size(), 254u);                     // 125 "æ" and ".pdf"
}

TEST(FileNameTest, NothingLeftOrNotTextIsRefusedAtTheField) {
  for (std::string_view nothing : {"", "..", " . ", "/", "C:\\", "\u202E"}) {
    auto refused = CleanFileName(nothing);
    ASSERT_FALSE(refused.has_value()) << nothing;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    ASSERT_EQ(refused.error().field_violations.size(), 1u);
    EXPECT_EQ(refused.error().field_violations[0].field, "file_name");
  }
  EXPECT_FALSE(CleanFileName(std::string_view("\xff\xfe.pdf", 6)).has_value());
  EXPECT_FALSE(CleanFileName(std::string_view("a\0b.pdf", 7)).has_value());
}

TEST(FileNameTest, TheExtensionIsTheContentsNeverOneThatRuns) {
  EXPECT_EQ(FileNameForType("afgørelse.pdf", "application/pdf"), "afgørelse.pdf");
  EXPECT_EQ(FileNameForType("Foto.JPEG", "image/jpeg"), "Foto.JPEG");
  EXPECT_EQ(FileNameForType("svar.js", "text/plain"), "svar.js.txt");
  EXPECT_EQ(FileNameForType("brev", "application/pdf"), "brev.pdf");
  EXPECT_EQ(FileNameForType(".pdf", "application/pdf"), ".pdf.pdf");
  EXPECT_EQ(FileNameForType("data.xyz", "application/x-unknown"), "data.xyz.bin");
  // Still within 255 bytes, cut at a character.
  const std::string long_name = std::string(253, 'a') + "æ";
  const std::string kept = FileNameForType(long_name, "text/plain");
  EXPECT_LE(kept.size(), kMaxFileNameBytes);
  EXPECT_TRUE(kept.ends_with("a.txt"));
}

}  // namespace
}  // namespace ombudsflow
