// The letter job on a real database, with real WeasyPrint and a real SMTP
// address nobody listens on: every attempt fails, each is retried at the
// backoff, and the last one makes a dead letter the office is alerted to.
#include "engine/jobs/letter_worker.h"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/core/webhooks/delivery_schedule.h"
#include "engine/store/complaint_store.h"
#include "tests/support/fake_clock.h"
#include "tests/support/new_complaint.h"
#include "tests/support/test_database.h"

namespace ombudsflow::jobs {
namespace {

using testing::TestDatabase;

// A loopback port that refuses connections: bound, never listening.
class RefusingPort {
 public:
  RefusingPort() : socket_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~RefusingPort() { ::close(socket_); }
  [[nodiscard]] unsigned short port() const { return port_; }

 private:
  int socket_;
  unsigned short port_ = 0;
};

TEST(LetterWorkerTest, AFailingLetterIsRetriedAtTheBackoffThenADeadLetterWithAnAlert) {
  auto database = TestDatabase::Migrated();
  auto pool = database->Connect(2);
  testing::FakeClock clock;
  const std::string id = "c0ffee00-0000-4000-8000-000000000001";
  store::ComplaintStore complaints(*pool, {});
  ASSERT_TRUE(complaints.Insert(testing::RegistrableComplaint(id, clock.now)).has_value());
  database->Execute("UPDATE complaints SET complainant_email = 'jens@example.dk' WHERE id = '" + id + "'");
  database->Execute(
      "INSERT INTO letters (complaint_id, event_seq, template, variant, recipient, channel, interpreter_note,"
      " subject, html, html_sha256, delivery_state, next_attempt_at, created_at) VALUES ('" + id +
      "', 1, 'closing', 'da', 'citizen', 'email', false, 'Afsluttet',"
      " '<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Afsluttet</title></head>"
      "<body><h1>Afsluttet</h1></body></html>', repeat('a', 64), 'pending', '2000-01-01', now())");

  RefusingPort nobody;
  SmtpChannel smtp({.url = "smtp://127.0.0.1:" + std::to_string(nobody.port()), .from = "office@example.dk",
                    .from_name = "Borgerrådgiveren", .timeout = std::chrono::seconds(5)});
  WeasyPrintRenderer renderer;
  store::PostgresContentStore contents;
  store::LetterStore letters(*pool, contents);
  LetterWorker worker(letters, renderer, {{"email", &smtp}}, clock, {}, [] { return 0.5; });

  for (int attempt = 1; attempt <= kMaxDeliveryAttempts; ++attempt) {
    clock.now += std::chrono::hours(13);  // past the longest backoff
    auto ran = worker.RunOnce();
    ASSERT_TRUE(ran.has_value()) << ran.error().message;
    ASSERT_EQ(*ran, 1) << "attempt " << attempt;
    if (attempt == 1) {
      // The PDF is rendered once, before the first attempt, and journalled.
      EXPECT_EQ(database->Scalar("SELECT count(*) FROM letters WHERE pdf IS NOT NULL AND pdf_sha256 IS NOT NULL"), 1);
    }
    if (attempt < kMaxDeliveryAttempts) {
      EXPECT_EQ(database->Text("SELECT delivery_state FROM letters"), "pending");
      // Due again exactly one backoff step after the attempt.
      const long long due_in = database->Scalar(
          "SELECT (extract(epoch FROM next_attempt_at) * 1000000)::bigint FROM letters") - ToUnixMicros(clock.now);
      EXPECT_EQ(due_in, std::chrono::duration_cast<std::chrono::microseconds>(RetryDelay(attempt, 0.5)).count());
      // Not due before then: nothing is claimed.
      EXPECT_EQ(worker.RunOnce().value(), 0);
    }
  }
  EXPECT_EQ(database->Text("SELECT delivery_state FROM letters"), "dead_letter");
  EXPECT_NE(database->Text("SELECT last_error FROM letters").find("SMTP"), std::string::npos);
  EXPECT_EQ(database->Scalar("SELECT count(*) FROM outbox WHERE kind = 'office_alert'"
                             " AND payload->>'about' = 'letter_dead_letter'"),
            1);
  clock.now += std::chrono::hours(48);
  EXPECT_EQ(worker.RunOnce().value(), 0);  // a dead letter is never tried again
}

// A letter to a department leaves with its notice, never through a
// channel; the job makes and journals its PDF all the same, once.
TEST(LetterWorkerTest, ALetterThatLeavesWithANoticeGetsItsPdfAndStaysWithTheNotice) {
  auto database = TestDatabase::Migrated();
  auto pool = database->Connect(2);
  testing::FakeClock clock;
  const std::string id = "c0ffee00-0000-4000-8000-000000000002";
  store::ComplaintStore complaints(*pool, {});
  ASSERT_TRUE(complaints.Insert(testing::RegistrableComplaint(id, clock.now)).has_value());
  database->Execute(
      "INSERT INTO letters (complaint_id, event_seq, template, variant, recipient, channel, interpreter_note,"
      " subject, html, html_sha256, delivery_state, created_at) VALUES ('" + id +
      "', 1, 'hearing', 'department', 'department', 'department_notice', false, 'Høring',"
      " '<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Høring</title></head>"
      "<body><h1>Høring</h1></body></html>', repeat('a', 64), 'with_notice', now())");

  WeasyPrintRenderer renderer;
  store::PostgresContentStore contents;
  store::LetterStore letters(*pool, contents);
  LetterWorker worker(letters, renderer, {}, clock, {}, [] { return 0.5; });
  auto ran = worker.RunOnce();
  ASSERT_TRUE(ran.has_value()) << ran.error().message;
  EXPECT_EQ(*ran, 1);
  EXPECT_EQ(database->Scalar("SELECT count(*) FROM letters WHERE pdf IS NOT NULL AND pdf_sha256 IS NOT NULL"), 1);
  EXPECT_EQ(database->Text("SELECT encode(substring(pdf FROM 1 FOR 5), 'escape') FROM letters"), "%PDF-");
  EXPECT_EQ(database->Text("SELECT delivery_state FROM letters"), "with_notice");
  EXPECT_EQ(worker.RunOnce().value(), 0) << "archived once";
}

}  // namespace
}  // namespace ombudsflow::jobs
