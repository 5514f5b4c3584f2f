// The mailing's SMTP session against a real SMTP server (aiosmtpd): the
// moment before a message's end is where a sender records it as sent, so
// that moment must come after the server has agreed to take the message's
// bytes (DATA, 354) and before the end that makes the server keep it. A
// message stopped there is discarded by the server.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/jobs/smtp_session.h"
#include "tests/support/file_contents.h"
#include "tests/support/smtp_receiver.h"

namespace ombudsflow::jobs {
namespace {

namespace fs = std::filesystem;
using testing::FileContents;
using testing::SmtpReceiver;


int MessagesIn(const fs::path& folder) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(folder)) count += entry.path().extension() == ".eml" ? 1 : 0;
  return count;
}

class SmtpSessionTest : public ::testing::Test {
 protected:
  SmtpSessionTest() : smtp_(SmtpReceiver::Start()) {}

  SmtpChannel::Options Options() const {
    return {.url = smtp_->Url(), .from = "nyhedsbrev@ombudsmand.example", .from_name = "Borgerrådgiveren"};
  }

  BulkMessage Message(const std::string& to) const {
    return {.to = to,
            .subject = "Nyhedsbrev nr. 1: Sådan gik det",
            .text = "Første afsnit.\n\nAndet afsnit med æøå.",
            .html = "<!DOCTYPE html><html lang=\"da\"><body><h1>Nyhedsbrev</h1><p>Første afsnit æøå.</p></body></html>",
            .message_id = "nyhedsbrev-1." + to,
            .headers = {"List-Unsubscribe: <https://ombudsmand.example/nyhedsbrev/afmeld/abc>",
                        "List-Unsubscribe-Post: List-Unsubscribe=One-Click"}};
  }

  std::unique_ptr<SmtpReceiver> smtp_;
};

TEST_F(SmtpSessionTest, TheEndIsDecidedAfterTheServerTakesTheBytesAndBeforeItKeepsThem) {
  SmtpSession session(Options());
  std::vector<std::string> dialogue;
  session.Trace([&](std::string_view line) { dialogue.emplace_back(line); });
  std::vector<std::string> seen_at_end;
  int kept_at_end = -1;
  const BulkOutcome outcome = session.Send(Message("reader@example.org"), Timestamp{}, [&] {
    seen_at_end = dialogue;
    kept_at_end = MessagesIn(smtp_->folder());
    return true;
  });
  ASSERT_TRUE(outcome.accepted) << outcome.error;
  EXPECT_TRUE(outcome.reached_end);
  EXPECT_EQ(outcome.smtp_code, 250);
  // At the end's moment: DATA was sent and answered 354, and the server
  // had kept nothing yet.
  ASSERT_FALSE(seen_at_end.empty());
  bool data_sent = false;
  for (const auto& line : seen_at_end) data_sent = data_sent || line.rfind("DATA", 0) == 0;
  EXPECT_TRUE(data_sent);
  EXPECT_EQ(seen_at_end.back().substr(0, 3), "354");
  EXPECT_EQ(kept_at_end, 0);

  // What arrived: one message, both alternatives, the unsubscribe headers.
  const fs::path eml = smtp_->folder() / "1.eml";
  for (int i = 0; i < 100 && !fs::exists(smtp_->folder() / "1.json"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const std::string raw = FileContents(eml);
  EXPECT_NE(raw.find("List-Unsubscribe: <https://ombudsmand.example/nyhedsbrev/afmeld/abc>"), std::string::npos);
  EXPECT_NE(raw.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), std::string::npos);
  EXPECT_NE(raw.find("multipart/alternative"), std::string::npos);
  const std::string summary = FileContents(smtp_->folder() / "1.json");
  EXPECT_NE(summary.find("text/plain"), std::string::npos);
  EXPECT_NE(summary.find("text/html"), std::string::npos);
  EXPECT_NE(summary.find("Første afsnit æøå."), std::string::npos) << summary;
  EXPECT_NE(summary.find("Andet afsnit med æøå."), std::string::npos) << summary;
}

TEST_F(SmtpSessionTest, AMessageStoppedBeforeItsEndIsDiscardedAndTheNextGoesThroughOnTheSameSession) {
  SmtpSession session(Options());
  const BulkOutcome stopped = session.Send(Message("first@example.org"), Timestamp{}, [] { return false; });
  EXPECT_FALSE(stopped.accepted);
  EXPECT_FALSE(stopped.reached_end);
  const BulkOutcome next = session.Send(Message("second@example.org"), Timestamp{}, [] { return true; });
  ASSERT_TRUE(next.accepted) << next.error;
  for (int i = 0; i < 100 && !fs::exists(smtp_->folder() / "1.json"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // Only the second was kept.
  EXPECT_EQ(MessagesIn(smtp_->folder()), 1);
  EXPECT_NE(FileContents(smtp_->folder() / "1.json").find("second@example.org"), std::string::npos);
}

TEST_F(SmtpSessionTest, AnAddressRefusedForGoodIsAFiveHundredAndNeverReachesTheEnd) {
  SmtpSession session(Options());
  bool asked = false;
  const BulkOutcome hard = session.Send(Message("bounce-hard@example.org"), Timestamp{}, [&] { return asked = true; });
  EXPECT_FALSE(hard.accepted);
  EXPECT_FALSE(asked);
  EXPECT_EQ(hard.smtp_code, 550);
  EXPECT_TRUE(hard.recipient_refused);
  const BulkOutcome soft = session.Send(Message("bounce-soft@example.org"), Timestamp{}, [&] { return asked = true; });
  EXPECT_FALSE(soft.accepted);
  EXPECT_FALSE(asked);
  EXPECT_EQ(soft.smtp_code, 450);
  EXPECT_FALSE(soft.recipient_refused);
}

TEST_F(SmtpSessionTest, AFiveHundredToTheSenderIsNoRefusalOfTheRecipient) {
  // A server refusing our MAIL FROM says nothing of the reader's address:
  // counting it as a hard bounce would empty the list on a setup error.
  SmtpChannel::Options options = Options();
  options.from = "refused-sender@ombudsmand.example";
  SmtpSession session(options);
  const BulkOutcome refused = session.Send(Message("reader@example.org"), Timestamp{}, [] { return true; });
  EXPECT_FALSE(refused.accepted);
  EXPECT_EQ(refused.smtp_code, 550);
  EXPECT_FALSE(refused.recipient_refused);
}

}  // namespace
}  // namespace ombudsflow::jobs
