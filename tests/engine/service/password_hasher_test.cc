// Issue #25, finding 5: Argon2id is bounded, and runs where it cannot
// slow down a request that checks no password.
#include "engine/service/password_hasher.h"

#include <gtest/gtest.h>

#include <dirent.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace ombudsflow::service {
namespace {

using namespace std::chrono_literals;

TEST(PasswordHasherTest, WhenEveryPlaceIsTakenEnterIsBusyAtOnceAndADroppedTicketFreesItsPlace) {
  PasswordHasher hasher(PasswordHasher::Limits{.concurrency = 1, .queue = 1, .max_wait = 2000ms});
  auto first = hasher.Enter();
  auto second = hasher.Enter();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  auto third = hasher.Enter();
  ASSERT_FALSE(third.has_value());
  EXPECT_TRUE(PasswordHasher::IsBusy(third.error()));
  // Busy callers never reach the hashing: a whole Verify is refused too.
  auto verified = hasher.Verify("$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA", "password");
  ASSERT_FALSE(verified.has_value());
  EXPECT_TRUE(PasswordHasher::IsBusy(verified.error()));
  { auto dropped = std::move(*second); }
  EXPECT_TRUE(hasher.Enter().has_value());
}

TEST(PasswordHasherTest, HashesAndVerifiesWithATicketTakenEarlier) {
  PasswordHasher hasher;
  auto hash = hasher.Hash("correct horse");
  ASSERT_TRUE(hash.has_value());
  auto ticket = hasher.Enter();
  ASSERT_TRUE(ticket.has_value());
  auto right = hasher.Verify(std::move(*ticket), *hash, "correct horse");
  ASSERT_TRUE(right.has_value());
  EXPECT_TRUE(*right);
  auto wrong = hasher.Verify(*hash, "correct horsE");
  ASSERT_TRUE(wrong.has_value());
  EXPECT_FALSE(*wrong);
  auto nothing = hasher.VerifyNothing("correct horse");
  ASSERT_TRUE(nothing.has_value());
  EXPECT_FALSE(*nothing);
}

TEST(PasswordHasherTest, OnesThatDoNotStartWithinTheirWaitAreBusyAndGiveTheirPlaceBack) {
  constexpr int kCallers = 5;
  // Argon2id fills 64 MiB: no hash is done within the millisecond the
  // others may wait.
  PasswordHasher hasher(PasswordHasher::Limits{.concurrency = 1, .queue = kCallers, .max_wait = 1ms});
  // The hash to check, made where no wait of a millisecond can refuse it on
  // a loaded machine (it once did, with builds running beside the tests).
  auto hash = PasswordHasher(PasswordHasher::Limits{}).Hash("correct horse");
  ASSERT_TRUE(hash.has_value());
  std::atomic<bool> go{false};
  std::atomic<int> checked{0};
  std::atomic<int> busy{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&] {
      while (!go) std::this_thread::yield();
      auto verified = hasher.Verify(*hash, "correct horse");
      if (verified) {
        EXPECT_TRUE(*verified);
        ++checked;
      } else {
        EXPECT_TRUE(PasswordHasher::IsBusy(verified.error()));
        ++busy;
      }
    });
  }
  go = true;
  for (auto& caller : callers) caller.join();
  EXPECT_GE(checked.load(), 1);
  EXPECT_GE(busy.load(), 1);
  EXPECT_EQ(checked + busy, kCallers);
  // Every place is free again.
  std::vector<PasswordHasher::Ticket> places;
  for (int i = 0; i < 1 + kCallers; ++i) {
    auto place = hasher.Enter();
    ASSERT_TRUE(place.has_value()) << i;
    places.push_back(std::move(*place));
  }
  EXPECT_FALSE(hasher.Enter().has_value());
}

// The nice value of this process's thread named `name`, or 99 if none is.
int NiceOfThread(const std::string& name) {
  DIR* tasks = opendir("/proc/self/task");
  if (tasks == nullptr) return 99;
  int nice = 99;
  while (const dirent* entry = readdir(tasks)) {
    const std::string tid = entry->d_name;
    if (tid == "." || tid == "..") continue;
    std::ifstream comm("/proc/self/task/" + tid + "/comm");
    std::string comm_name;
    std::getline(comm, comm_name);
    if (comm_name != name) continue;
    std::ifstream stat("/proc/self/task/" + tid + "/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the command's closing parenthesis; nice is field 19.
    std::istringstream fields(line.substr(line.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19) nice = std::stoi(field);
    }
  }
  closedir(tasks);
  return nice;
}

TEST(PasswordHasherTest, HashesOnAThreadOfTheLowestPriority) {
  PasswordHasher hasher;
  ASSERT_TRUE(hasher.Hash("correct horse").has_value());  // its thread has started and set itself
  EXPECT_EQ(NiceOfThread("argon2id"), 19);
}

}  // namespace
}  // namespace ombudsflow::service
