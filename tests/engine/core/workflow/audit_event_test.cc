#include "engine/core/workflow/audit_event.h"

#include <gtest/gtest.h>

#include <functional>

namespace ombudsflow {
namespace {

AuditEvent Example() {
  return AuditEvent{.complaint_id = "c0ffee00-0000-4000-8000-000000000001",
                    .seq = 2,
                    .occurred_at = FromUnixMicros(1'795'000'000'000'001),
                    .actor_role = "caseworker",
                    .actor = "Anne",
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
      {"actor", [](auto& e) { e.actor = "Bent"; }},
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
  first.actor = "c";
  AuditEvent second = Example();
  second.actor_role = "a";
  second.actor = "bc";
  EXPECT_NE(ComputeEventHash(first), ComputeEventHash(second));
}

TEST(Sealed, StoresTheHashOfTheEventUnderTheCurrentScheme) {
  AuditEvent event = Sealed(Example());
  EXPECT_EQ(event.hash_scheme, kAuditHashScheme);
  EXPECT_EQ(event.hash, ComputeEventHash(event));
}

// Chains written before the scheme changed still verify: scheme 1 hashes
// the payload's exact text, as it always did (a fixed vector, computed
// independently with Python's hashlib).
TEST(ComputeEventHash, SchemeOneIsUnchanged) {
  AuditEvent event = Example();
  event.hash_scheme = 1;
  EXPECT_EQ(ComputeEventHash(event), "116587e53373dc1004ad25faae295d5d309a2c6092885e60f633d5dd232e73c4");
  event.payload_json = R"({ "a": 1 })";  // other bytes, other hash
  EXPECT_NE(ComputeEventHash(event), "116587e53373dc1004ad25faae295d5d309a2c6092885e60f633d5dd232e73c4");
}

// Scheme 2 hashes a canonical form of the payload: however a printer
// orders keys, spaces or escapes, the same value gives the same hash.
TEST(ComputeEventHash, SchemeTwoDependsOnThePayloadsValueNotItsPrinting) {
  AuditEvent event = Example();
  event.hash_scheme = 2;
  event.payload_json = R"({"a":1,"b":[true,null,"xæ"]})";
  EXPECT_EQ(ComputeEventHash(event), "dcf5b1f1b57def152c30b18de2a58c5a4d5f9364a7dc7dfe4b725c1612c5ff04");
  for (const char* printing : {R"({"b":[true,null,"x\u00e6"],"a":1})", R"( { "b" : [ true , null , "xæ" ] , "a" : 1.0 } )",
                               R"({"a":1e0,"b":[true,null,"x\u00E6"]})"}) {
    event.payload_json = printing;
    EXPECT_EQ(ComputeEventHash(event), "dcf5b1f1b57def152c30b18de2a58c5a4d5f9364a7dc7dfe4b725c1612c5ff04") << printing;
  }
  event.payload_json = R"({"a":2,"b":[true,null,"xæ"]})";
  EXPECT_NE(ComputeEventHash(event), "dcf5b1f1b57def152c30b18de2a58c5a4d5f9364a7dc7dfe4b725c1612c5ff04");
}

TEST(ComputeEventHash, NoSchemeCollidesWithAnotherAndAnUnknownOneVerifiesNothing) {
  AuditEvent one = Example();
  one.hash_scheme = 1;
  AuditEvent two = Example();
  two.hash_scheme = 2;
  EXPECT_NE(ComputeEventHash(one), ComputeEventHash(two));
  AuditEvent unknown = Example();
  unknown.hash_scheme = 3;
  EXPECT_EQ(ComputeEventHash(unknown), "");
  two.payload_json = "{not json";
  EXPECT_EQ(ComputeEventHash(two), "");
}

}  // namespace
}  // namespace ombudsflow
