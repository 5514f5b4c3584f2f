// The virus scan against a real clamd, started here with a signature
// database of its own that knows the EICAR test file: what is infected is
// found wherever it sits, what is clean passes, and anything else (clamd
// down, a stream over its limit) is no verdict at all, never "clean".
#include "engine/service/clamd_scanner.h"

#include <gtest/gtest.h>

#include "tests/support/clamd_process.h"

namespace ombudsflow::service {
namespace {

using testing::ClamdProcess;
using testing::kEicar;

class ClamdScannerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { clamd_ = ClamdProcess::Start().release(); }
  static void TearDownTestSuite() {
    delete clamd_;
    clamd_ = nullptr;
  }

  ClamdScanner Scanner() const { return ClamdScanner(clamd_->socket_path(), std::chrono::seconds(10)); }

  static inline ClamdProcess* clamd_ = nullptr;
};

TEST_F(ClamdScannerTest, TheEicarTestFileIsFoundAndNamed) {
  auto verdict = Scanner().Scan(kEicar);
  ASSERT_TRUE(verdict.has_value()) << verdict.error().message;
  EXPECT_TRUE(verdict->infected);
  EXPECT_EQ(verdict->signature, "Eicar-Test-Signature.UNOFFICIAL");
}

TEST_F(ClamdScannerTest, ACleanDocumentPasses) {
  auto verdict = Scanner().Scan("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
  ASSERT_TRUE(verdict.has_value()) << verdict.error().message;
  EXPECT_FALSE(verdict->infected);
  EXPECT_EQ(verdict->signature, "");
}

// Streamed in pieces, with the test file across two of the scanner's
// 256 KiB chunks: found all the same.
TEST_F(ClamdScannerTest, AnInfectionAcrossChunksOfALargeStreamIsFound) {
  std::string document(256 * 1024 - 20, 'a');
  document += kEicar;
  document += std::string(300 * 1024, 'b');
  std::size_t at = 0;
  auto verdict = Scanner().Scan([&]() -> std::string_view {
    const std::string_view piece = std::string_view(document).substr(at, 100 * 1024);
    at += piece.size();
    return piece;
  });
  ASSERT_TRUE(verdict.has_value()) << verdict.error().message;
  EXPECT_TRUE(verdict->infected);
  EXPECT_EQ(at, document.size());
}

TEST_F(ClamdScannerTest, AStreamOverClamdsLimitIsNoVerdict) {
  const std::string big(9 * 1024 * 1024, 'c');  // this clamd takes 8 MiB
  auto verdict = Scanner().Scan(big);
  ASSERT_FALSE(verdict.has_value());
  EXPECT_EQ(verdict.error().code, ErrorCode::kUnavailable);
}

TEST_F(ClamdScannerTest, ClamdDownIsUnavailableNotClean) {
  const ClamdScanner nowhere("/tmp/ombudsflow-no-clamd-here.sock", std::chrono::seconds(1));
  auto verdict = nowhere.Scan(kEicar);
  ASSERT_FALSE(verdict.has_value());
  EXPECT_EQ(verdict.error().code, ErrorCode::kUnavailable);
  EXPECT_FALSE(nowhere.Ping().has_value());
  EXPECT_TRUE(Scanner().Ping().has_value());
}

}  // namespace
}  // namespace ombudsflow::service
