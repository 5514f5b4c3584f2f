#include "engine/core/workflow/audit_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

using ::testing::HasSubstr;

// A case's events as the store reads them: each prev_hash the hash before it.
std::vector<AuditEvent> Chain(int length) {
  std::vector<AuditEvent> events;
  for (int seq = 1; seq <= length; ++seq) {
    events.push_back(Sealed(AuditEvent{.complaint_id = "c0ffee00-0000-4000-8000-000000000001",
                                       .seq = static_cast<std::uint32_t>(seq),
                                       .occurred_at = FromUnixMicros(1'780'308'000'000'000 + seq),
                                       .actor_role = "caseworker", .actor = "Anne", .kind = "transition",
                                       .payload_json = R"({"n":)" + std::to_string(seq) + "}",
                                       .prev_hash = events.empty() ? "" : events.back().hash, .hash = {}}));
  }
  return events;
}

ChainAnchor AnchorOf(const std::vector<AuditEvent>& events) {
  return {static_cast<std::uint32_t>(events.size()), events.empty() ? "" : events.back().hash};
}

// As the store reads what is left: prev_hash from the stored hash before.
std::vector<AuditEvent> Relinked(std::vector<AuditEvent> events) {
  for (std::size_t i = 0; i < events.size(); ++i) events[i].prev_hash = i == 0 ? "" : events[i - 1].hash;
  return events;
}

// A chain whose third event keeps free texts aside, vouched for by digest.
std::vector<AuditEvent> ChainWithDetails(const std::string& last_kind = "transition") {
  std::vector<AuditEvent> events;
  const std::string details = R"({"input":{"department_answer":"Jens Hansen ringede"}})";
  for (int seq = 1; seq <= 4; ++seq) {
    AuditEvent event{.complaint_id = "c0ffee00-0000-4000-8000-000000000001",
                     .seq = static_cast<std::uint32_t>(seq),
                     .occurred_at = FromUnixMicros(1'780'308'000'000'000 + seq),
                     .actor_role = "caseworker", .actor = "user:u-anne", .kind = seq == 4 ? last_kind : "transition",
                     .payload_json = R"({"n":)" + std::to_string(seq) + "}",
                     .prev_hash = events.empty() ? "" : events.back().hash, .hash = {}};
    if (seq == 3) {
      event.payload_json = R"({"detailsDigest":")" + DetailsDigest(details) + R"(","n":3})";
      event.details_json = details;
    }
    events.push_back(Sealed(std::move(event)));
  }
  return events;
}

TEST(FirstBrokenLink, DetailsKeptAsideMustBeTheOnesTheChainVouchesFor) {
  auto events = ChainWithDetails();
  EXPECT_EQ(FirstBrokenLink(events, AnchorOf(events)), std::nullopt);
  // The same details printed differently are the same details.
  events[2].details_json = R"({ "input" : { "department_answer" : "Jens Hansen ringede" } })";
  EXPECT_EQ(FirstBrokenLink(events, AnchorOf(events)), std::nullopt);
  events[2].details_json = R"({"input":{"department_answer":"Nobody called"}})";
  auto edited = FirstBrokenLink(events, AnchorOf(events));
  ASSERT_TRUE(edited.has_value());
  EXPECT_EQ(edited->seq, 3u);
  EXPECT_THAT(edited->reason, HasSubstr("details do not match"));
}

TEST(FirstBrokenLink, DetailsMayBeGoneOnlyAfterAPseudonymisation) {
  auto events = ChainWithDetails();
  events[2].details_json.reset();
  auto missing = FirstBrokenLink(events, AnchorOf(events));
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(missing->seq, 3u);
  EXPECT_THAT(missing->reason, HasSubstr("never pseudonymised"));

  auto erased = ChainWithDetails(std::string(kPseudonymisedEvent));
  erased[2].details_json.reset();
  EXPECT_EQ(FirstBrokenLink(erased, AnchorOf(erased)), std::nullopt);
}

TEST(FirstBrokenLink, AnIntactChainHolds) {
  const auto events = Chain(5);
  EXPECT_EQ(FirstBrokenLink(events, AnchorOf(events)), std::nullopt);
}

TEST(FirstBrokenLink, AnEditedEventIsTheFirstBrokenLink) {
  const auto original = Chain(5);
  auto events = original;
  events[2].actor = "Someone else";
  auto broken = FirstBrokenLink(events, AnchorOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3u);
  EXPECT_THAT(broken->reason, HasSubstr("does not match its contents"));
}

TEST(FirstBrokenLink, ADeletedEventIsNamedAsMissing) {
  const auto original = Chain(5);
  auto events = original;
  events.erase(events.begin() + 1);
  auto broken = FirstBrokenLink(Relinked(events), AnchorOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 2u);
  EXPECT_THAT(broken->reason, HasSubstr("event 2 is missing"));
}

TEST(FirstBrokenLink, ATruncatedTailIsFoundThroughTheCasesVersion) {
  const auto original = Chain(5);
  const std::vector<AuditEvent> events(original.begin(), original.begin() + 3);
  // Every event left verifies; only the anchor knows two are gone.
  auto broken = FirstBrokenLink(events, AnchorOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 4u);
  EXPECT_THAT(broken->reason, HasSubstr("the later ones are missing"));
}

TEST(FirstBrokenLink, AForgedEventAppendedWithAValidHashIsBeyondTheVersion) {
  const auto original = Chain(5);
  auto events = Chain(6);  // the sixth event correctly hashed onto the first five
  auto broken = FirstBrokenLink(events, AnchorOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 6u);
  EXPECT_THAT(broken->reason, HasSubstr("beyond the case's version 5"));
}

TEST(FirstBrokenLink, AChainRewrittenWithFreshHashesDisagreesWithTheRecordedHead) {
  const auto original = Chain(4);
  auto events = original;
  events[0].payload_json = R"({"n":100})";
  for (std::size_t i = 0; i < events.size(); ++i) {
    events[i].prev_hash = i == 0 ? "" : events[i - 1].hash;
    events[i] = Sealed(events[i]);
  }
  ASSERT_EQ(FirstBrokenLink(events, AnchorOf(events)), std::nullopt);  // consistent in itself
  auto broken = FirstBrokenLink(events, AnchorOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 4u);
  EXPECT_THAT(broken->reason, HasSubstr("head"));
}

TEST(FirstBrokenLink, ReorderedEventsBreakAtTheFirstMovedOne) {
  const auto original = Chain(5);
  auto events = original;
  std::swap(events[1].seq, events[2].seq);  // the rows' seqs swapped in place
  std::swap(events[1], events[2]);          // and read back in order of seq
  auto broken = FirstBrokenLink(Relinked(events), AnchorOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 2u);
}

TEST(FirstBrokenLink, ACaseWithoutEventsIsBroken) {
  auto broken = FirstBrokenLink({}, ChainAnchor{1, "abc"});
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 1u);
}

}  // namespace
}  // namespace ombudsflow
