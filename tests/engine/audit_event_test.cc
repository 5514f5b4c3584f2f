#include "engine/audit_event.h"

#include <gtest/gtest.h>

#include <functional>

namespace ombudsflow {
namespace {

AuditEvent Example() {
  return AuditEvent{.complaint_id = "c0ffee00-0000-4000-8000-000000000001",
                    .seq = 2,
                    .occurred_at = FromUnixMicros(1'795'000'000'000'001),
                    .actor_role = "caseworker",
                    .actor_name = "Anne",
                    .kind = "complaint_registered",
                    .payload_json = R"({"a":1})",
                    .prev_hash = std::string(64, 'a'),
                    .hash = {}};
}

TEST(ComputeEventHash, IsHexSha256AndDeterministic) {
  const std::string hash = ComputeEventHash(Example());
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash, ComputeEventHash(Example()));
}

TEST(ComputeEventHash, ChangesWhenAnyCoveredFieldChanges) {
  const std::string original = ComputeEventHash(Example());
  const std::vector<std::pair<std::string, std::function<void(AuditEvent&)>>> edits = {
      {"complaint_id", [](auto& e) { e.complaint_id[0] = 'd'; }},
      {"seq", [](auto& e) { e.seq = 3; }},
      {"occurred_at", [](auto& e) { e.occurred_at += std::chrono::microseconds(1); }},
      {"actor_role", [](auto& e) { e.actor_role = "ombudsman"; }},
      {"actor_name", [](auto& e) { e.actor_name = "Bent"; }},
      {"kind", [](auto& e) { e.kind = "other"; }},
      {"payload", [](auto& e) { e.payload_json = R"({"a":2})"; }},
      {"prev_hash", [](auto& e) { e.prev_hash[0] = 'b'; }},
  };
  for (const auto& [name, edit] : edits) {
    AuditEvent event = Example();
    edit(event);
    EXPECT_NE(ComputeEventHash(event), original) << name;
  }
}

TEST(ComputeEventHash, KeepsFieldBoundaries) {
  // "ab"+"c" and "a"+"bc" must not collide.
  AuditEvent first = Example();
  first.actor_role = "ab";
  first.actor_name = "c";
  AuditEvent second = Example();
  second.actor_role = "a";
  second.actor_name = "bc";
  EXPECT_NE(ComputeEventHash(first), ComputeEventHash(second));
}

TEST(Sealed, StoresTheHashOfTheEvent) {
  AuditEvent event = Sealed(Example());
  EXPECT_EQ(event.hash, ComputeEventHash(event));
}

}  // namespace
}  // namespace ombudsflow
