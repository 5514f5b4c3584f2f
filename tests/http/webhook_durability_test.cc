// Killing the server in the middle of webhook deliveries loses no notice:
// after a restart every pending notice is delivered, and a receiver that
// dedupes on webhook-id processes each exactly once.
#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <set>
#include <thread>

#include "tests/support/server_fixture.h"
#include "tests/support/webhook_receiver.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr int kCases = 20;

class WebhookDurabilityTest : public ServerFixture {
 protected:
  // Small batches, so some are recorded before the kill and some are not.
  // A delivery claimed by the killed server goes out again once its lease
  // runs out; the timeout is long enough that nothing held times out
  // before the kill.
  std::vector<std::string> ServerArgs() const override {
    return {"--webhook-batch", "4", "--webhook-interval-ms", "100", "--webhook-timeout-ms", "3000",
            "--webhook-lease-ms", "4000"};
  }
};

TEST_F(WebhookDurabilityTest, SigkillMidDeliveryLosesNothingAndTheReceiverSeesEachOnce) {
  WebhookReceiver receiver(kSecret);
  // The first six are answered; the seventh and later wait at the latch, in
  // flight when the server dies.
  receiver.HoldFrom(6);
  ASSERT_EQ(Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                 R"({"department": "BUF", "url": ")" + receiver.Url() + R"(", "secret": ")" + kSecret + R"("})",
                 {{"Content-Type", "application/json"}}).result(),
            status::created);
  for (int i = 0; i < kCases; ++i) CaseInHearing();  // one hearing notice each

  ASSERT_TRUE(receiver.WaitUntilHeld(1)) << "no delivery reached the latch";
  ASSERT_TRUE(receiver.WaitUntil([](const auto& got) { return got.size() >= 6; }));
  server_->Stop(SIGKILL);
  const auto at_kill = receiver.Processed().size();
  ASSERT_EQ(at_kill, 6u);
  // Answers held at the kill complete at the receiver; the server never sees them.
  receiver.Release();
  ASSERT_TRUE(receiver.WaitUntil([&](const auto& got) { return got.size() > at_kill; }));
  // The dead server's claims stand until their lease runs out.
  ASSERT_GE(database_->Scalar("SELECT count(*) FROM webhook_deliveries WHERE claim IS NOT NULL"), 1);
  server_ = ServerProcess::Start(database_->server_conninfo(), AllServerArgs());

  const bool all_processed = receiver.WaitUntil(
      [](const std::vector<WebhookReceiver::Received>& got) {
        std::set<std::string> ids;
        for (const auto& request : got) {
          if (request.answered >= 200 && request.answered < 300) ids.insert(request.webhook_id);
        }
        return ids.size() == static_cast<std::size_t>(kCases);
      },
      std::chrono::seconds(30));
  ASSERT_TRUE(all_processed) << receiver.Processed().size() << " of " << kCases << " after the restart";

  // The database agrees: every notice delivered, none pending or lost.
  for (int waited = 0; waited < 100; ++waited) {
    if (database_->Scalar("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'") == kCases) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices"), kCases);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM notices WHERE delivered_at IS NOT NULL"), kCases);
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered'"), kCases);
  for (const auto& request : receiver.Requests()) EXPECT_TRUE(request.signature_valid);
  // What was in flight at the kill went out again with the same webhook-id;
  // the receiver's dedupe absorbed it.
  EXPECT_GE(receiver.Duplicates(), 1);
  std::cout << "requests " << receiver.Requests().size() << ", processed " << receiver.Processed().size()
            << ", duplicates absorbed " << receiver.Duplicates() << ", processed before the kill " << at_kill
            << "\n";
}

}  // namespace
}  // namespace ombudsflow::testing
