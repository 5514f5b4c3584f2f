// Issue #26: a page named the citizen's language by its code ("Sprog: ar").
#include "engine/core/base/language_name.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

TEST(LanguageNameTest, NamesALanguageInTheReadersLanguage) {
  EXPECT_EQ(LanguageName("ar", "da"), "arabisk");
  EXPECT_EQ(LanguageName("ar", "en"), "Arabic");
  EXPECT_EQ(LanguageName("da", "da"), "dansk");
  EXPECT_EQ(LanguageName("tr", "da"), "tyrkisk");
}

TEST(LanguageNameTest, KeepsACodeNobodyCanNameAndNothingForNothing) {
  EXPECT_EQ(LanguageName("qqx", "da"), "qqx");
  EXPECT_EQ(LanguageName("", "da"), "");
}

}  // namespace
}  // namespace ombudsflow
