#include "engine/core/base/uuid.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

TEST(IsUuid, AcceptsCanonicalFormOnly) {
  EXPECT_TRUE(IsUuid("c0ffee00-0000-4000-8000-000000000001"));
  EXPECT_TRUE(IsUuid("C0FFEE00-0000-4000-8000-000000000001"));
  EXPECT_FALSE(IsUuid("c0ffee00000040008000000000000001"));
  EXPECT_FALSE(IsUuid("c0ffee00-0000-4000-8000-00000000000g"));
  EXPECT_FALSE(IsUuid("../../etc/passwd"));
  EXPECT_FALSE(IsUuid(""));
}

}  // namespace
}  // namespace ombudsflow
