#include "engine/service/case_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace ombudsflow::service {
namespace {

std::shared_ptr<const CaseAtVersion> At(const std::string& id, std::uint32_t version,
                                        const std::string& state = "received") {
  CaseAtVersion entry;
  entry.complaint.set_id(id);
  entry.complaint.set_version(version);
  entry.complaint.set_state(state);
  entry.last_event_hash = "hash-" + std::to_string(version);
  return std::make_shared<const CaseAtVersion>(std::move(entry));
}

TEST(CaseCacheTest, FindsACaseOnlyAtTheVersionItHolds) {
  CaseCache cache(10);
  cache.Remember(At("a", 3));
  auto found = cache.Find("a", 3);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->last_event_hash, "hash-3");
  EXPECT_EQ(cache.Find("a", 2), nullptr);
  EXPECT_EQ(cache.Find("a", 4), nullptr);
  EXPECT_EQ(cache.Find("b", 3), nullptr);
}

TEST(CaseCacheTest, ANewerVersionReplacesTheOlderOne) {
  CaseCache cache(10);
  cache.Remember(At("a", 3));
  cache.Remember(At("a", 4, "in_review"));
  EXPECT_EQ(cache.Find("a", 3), nullptr);
  ASSERT_NE(cache.Find("a", 4), nullptr);
  EXPECT_EQ(cache.Find("a", 4)->complaint.state(), "in_review");
  EXPECT_EQ(cache.Size(), 1u);
}

TEST(CaseCacheTest, AnOlderVersionArrivingLateDoesNotReplaceANewerOne) {
  // A slow reader of version 3 finishes after a writer remembered version 4.
  CaseCache cache(10);
  cache.Remember(At("a", 4));
  cache.Remember(At("a", 3));
  EXPECT_NE(cache.Find("a", 4), nullptr);
  EXPECT_EQ(cache.Find("a", 3), nullptr);
}

TEST(CaseCacheTest, TheLeastRecentlyUsedCaseGoesFirstWhenFull) {
  CaseCache cache(2);
  cache.Remember(At("a", 1));
  cache.Remember(At("b", 1));
  ASSERT_NE(cache.Find("a", 1), nullptr);  // now b is the least recently used
  cache.Remember(At("c", 1));
  EXPECT_EQ(cache.Size(), 2u);
  EXPECT_NE(cache.Find("a", 1), nullptr);
  EXPECT_EQ(cache.Find("b", 1), nullptr);
  EXPECT_NE(cache.Find("c", 1), nullptr);
}

TEST(CaseCacheTest, ReplacingACaseCountsAsUsingIt) {
  CaseCache cache(2);
  cache.Remember(At("a", 1));
  cache.Remember(At("b", 1));
  cache.Remember(At("a", 2));  // now b is the least recently used
  cache.Remember(At("c", 1));
  EXPECT_NE(cache.Find("a", 2), nullptr);
  EXPECT_EQ(cache.Find("b", 1), nullptr);
}

TEST(CaseCacheTest, CapacityZeroKeepsNothing) {
  CaseCache cache(0);
  cache.Remember(At("a", 1));
  EXPECT_EQ(cache.Find("a", 1), nullptr);
  EXPECT_EQ(cache.Size(), 0u);
}

TEST(CaseCacheTest, AnEntryHandedOutOutlivesItsEviction) {
  CaseCache cache(1);
  cache.Remember(At("a", 1));
  auto held = cache.Find("a", 1);
  cache.Remember(At("b", 1));
  ASSERT_EQ(cache.Find("a", 1), nullptr);
  EXPECT_EQ(held->complaint.id(), "a");
}

TEST(CaseCacheTest, ConcurrentWritersLeaveEachKeptCaseAtItsNewestVersion) {
  // Four threads, each with its own 50 cases, remember versions 1..40 of
  // them in turn and look them up, with room for 64 of the 200 cases.
  constexpr std::uint32_t kVersions = 40;
  CaseCache cache(64);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (std::uint32_t version = 1; version <= kVersions; ++version) {
        for (int k = 0; k < 50; ++k) {
          const std::string id = std::to_string(t) + "-" + std::to_string(k);
          cache.Remember(At(id, version));
          (void)cache.Find(id, version);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(cache.Size(), 64u);
  std::size_t newest = 0;
  for (int t = 0; t < 4; ++t) {
    for (int k = 0; k < 50; ++k) {
      if (cache.Find(std::to_string(t) + "-" + std::to_string(k), kVersions) != nullptr) ++newest;
    }
  }
  EXPECT_EQ(newest, 64u);
}

}  // namespace
}  // namespace ombudsflow::service
