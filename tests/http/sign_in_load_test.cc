// Issue #25, finding 5: every sign-in ran Argon2id (64 MiB, most of a core)
// at once, however many came. Now a few run at a time, a few more wait
// briefly, and the rest are told to come back: 429 with Retry-After.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/service/system_clock.h"
#include "engine/service/user_service.h"
#include "engine/store/user_store.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;

constexpr const char* kPassword = "correct horse battery staple";

class SignInLoadTest : public ServerFixture {
 protected:
  // One password at a time, none waiting: every sign-in that comes while
  // one is being checked is refused.
  std::vector<std::string> ServerArgs() const override {
    return {"--password-hash-concurrency", "1", "--password-hash-queue", "0", "--anonymous-rate-limit-per-minute",
            "0"};
  }

  void SetUp() override {
    ServerFixture::SetUp();
    SetPassword(user_ids_.at(Role::kCaseworker), kPassword);
  }

  HttpResponse SignIn(const std::string& password) {
    return SendHttp(server_->port(), verb::post, "/v1/sessions",
                    R"({"email": "caseworker@test.example", "password": ")" + password + R"("})",
                    {{"Content-Type", "application/json"}});
  }
};

TEST_F(SignInLoadTest, SignInsBeyondThePasswordHashersBoundGet429WithRetryAfterAndCountAsNoFailure) {
  constexpr int kClients = 8;
  std::vector<HttpResponse> answers(kClients);
  std::atomic<bool> go{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    // Wrong passwords: a refusal for business must not count as one.
    clients.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      answers[i] = SignIn("not the password, guess " + std::to_string(i));
    });
  }
  go = true;
  for (auto& client : clients) client.join();
  int busy = 0;
  int wrong = 0;
  for (const auto& answer : answers) {
    if (answer.result() == status::too_many_requests) {
      ++busy;
      EXPECT_EQ(answer[http::field::retry_after], "1");
      EXPECT_THAT(answer.body(), HasSubstr("RESOURCE_EXHAUSTED"));
    } else {
      EXPECT_EQ(answer.result(), status::unauthorized) << answer.body();
      ++wrong;
    }
  }
  EXPECT_GE(busy, 1);
  EXPECT_GE(wrong, 1);
  EXPECT_LE(wrong, 4);
  // The account is locked at its fifth wrong password: only those checked
  // counted, so four in all leave it open. One at a time, none is busy.
  for (int i = wrong; i < 4; ++i) EXPECT_EQ(SignIn("still not the password").result(), status::unauthorized) << i;
  EXPECT_EQ(SignIn(kPassword).result(), status::created);
}

}  // namespace
}  // namespace ombudsflow::testing
