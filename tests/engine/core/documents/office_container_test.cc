// A Word or Excel file with macros reads, to libmagic, as one without: the
// ZIP's own directory says what it holds.
#include "engine/core/documents/office_container.h"

#include <gtest/gtest.h>

#include <vector>

namespace ombudsflow {
namespace {

void Put(std::string& out, std::uint32_t value, int width) {
  for (int i = 0; i < width; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

struct Entry {
  std::string name;
  std::string data = "x";
  bool encrypted = false;
};

// A ZIP of stored entries, as any ZIP writer lays it out: local headers and
// data, the central directory, the end record and `comment`.
std::string Zip(const std::vector<Entry>& entries, const std::string& comment = {}) {
  std::string file, directory;
  for (const Entry& entry : entries) {
    const auto offset = static_cast<std::uint32_t>(file.size());
    const std::uint32_t flags = entry.encrypted ? 1 : 0;
    Put(file, 0x04034b50, 4);
    Put(file, 20, 2), Put(file, flags, 2), Put(file, 0, 2), Put(file, 0, 2), Put(file, 0, 2);
    Put(file, 0, 4), Put(file, entry.data.size(), 4), Put(file, entry.data.size(), 4);
    Put(file, entry.name.size(), 2), Put(file, 0, 2);
    file += entry.name + entry.data;
    Put(directory, 0x02014b50, 4);
    Put(directory, 20, 2), Put(directory, 20, 2), Put(directory, flags, 2), Put(directory, 0, 2);
    Put(directory, 0, 2), Put(directory, 0, 2), Put(directory, 0, 4);
    Put(directory, entry.data.size(), 4), Put(directory, entry.data.size(), 4);
    Put(directory, entry.name.size(), 2), Put(directory, 0, 2), Put(directory, 0, 2);
    Put(directory, 0, 2), Put(directory, 0, 2), Put(directory, 0, 4), Put(directory, offset, 4);
    directory += entry.name;
  }
  const auto directory_offset = static_cast<std::uint32_t>(file.size());
  file += directory;
  Put(file, 0x06054b50, 4);
  Put(file, 0, 2), Put(file, 0, 2), Put(file, entries.size(), 2), Put(file, entries.size(), 2);
  Put(file, directory.size(), 4), Put(file, directory_offset, 4), Put(file, comment.size(), 2);
  return file + comment;
}

Result<OfficeContainer> Read(const std::string& file) {
  return ReadOfficeContainer(file.size(), [&](std::uint64_t offset, std::size_t length) -> Result<std::string> {
    if (offset > file.size()) return std::string();
    return file.substr(static_cast<std::size_t>(offset), length);
  });
}

const std::vector<Entry> kDocx = {{"[Content_Types].xml"}, {"_rels/.rels"}, {"word/document.xml"}};

TEST(OfficeContainerTest, APlainWordFileHasNoMacros) {
  auto read = Read(Zip(kDocx));
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_FALSE(read->macros);
  EXPECT_FALSE(read->encrypted);
  EXPECT_EQ(read->entries, 3);
}

TEST(OfficeContainerTest, AWordOrExcelFileWithAMacroProjectIsFoundOut) {
  auto docm = kDocx;
  docm.push_back({"word/vbaProject.bin"});
  EXPECT_TRUE(Read(Zip(docm))->macros);
  EXPECT_TRUE(Read(Zip({{"[Content_Types].xml"}, {"xl/workbook.xml"}, {"xl/VbaProject.BIN"}}))->macros);
  EXPECT_TRUE(Read(Zip({{"[Content_Types].xml"}, {"word/vbaData.xml"}}))->macros);
  EXPECT_FALSE(Read(Zip({{"word/notvbaProject.bin.txt"}}))->macros);
}

TEST(OfficeContainerTest, AnEncryptedEntryIsFoundOut) {
  auto locked = kDocx;
  locked.push_back({"word/secret.xml", "x", true});
  EXPECT_TRUE(Read(Zip(locked))->encrypted);
}

TEST(OfficeContainerTest, TheEndRecordIsFoundBehindAComment) {
  auto read = Read(Zip(kDocx, std::string(300, 'c') + "PK\x05\x06 not the end"));
  ASSERT_TRUE(read.has_value()) << read.error().message;
  EXPECT_EQ(read->entries, 3);
}

TEST(OfficeContainerTest, WhatCannotBeReadWholeIsRefusedAtTheFile) {
  const std::string zip = Zip(kDocx);
  for (const std::string& broken : {std::string("%PDF-1.7 not a zip at all, long enough"),
                                    zip.substr(0, zip.size() - 10),            // its end cut off
                                    zip.substr(zip.size() - 60)}) {            // its start cut off
    auto read = Read(broken);
    ASSERT_FALSE(read.has_value());
    EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(read.error().field_violations.at(0).field, "file");
  }
  std::string zip64 = zip;  // the end record's entry count marks ZIP64
  zip64[zip64.size() - 22 + 10] = '\xff';
  zip64[zip64.size() - 22 + 11] = '\xff';
  EXPECT_FALSE(Read(zip64).has_value());
  std::string outside = zip;  // the directory's offset past the end
  outside[outside.size() - 22 + 19] = '\x7f';
  EXPECT_FALSE(Read(outside).has_value());
  std::string miscounted = zip;  // more entries than the directory holds
  miscounted[miscounted.size() - 22 + 10] = 9;
  EXPECT_FALSE(Read(miscounted).has_value());
}

}  // namespace
}  // namespace ombudsflow
