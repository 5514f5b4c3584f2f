// A form's text field is judged one way wherever it is asked for: not
// text, required, too long (in code points, not bytes).
#include "engine/core/base/text.h"

#include <gtest/gtest.h>

namespace ombudsflow {
namespace {

TEST(TextFieldProblem, NamesWhatIsWrongAsAReason) {
  EXPECT_EQ(TextFieldProblem("Nyt fra Borgerrådgiveren", 200, true, true), "");
  EXPECT_EQ(TextFieldProblem("", 200, true, true), "required");
  EXPECT_EQ(TextFieldProblem("", 200, true, false), "");
  EXPECT_EQ(TextFieldProblem("to\nlinjer", 200, true, true), "not_text");
  EXPECT_EQ(TextFieldProblem("to\nlinjer", 200, false, true), "");
  EXPECT_EQ(TextFieldProblem(std::string("\xff\xfe", 2), 200, false, true), "not_text");
  // Five letters of two bytes each are five, not ten.
  EXPECT_EQ(TextFieldProblem("ææææø", 5, true, true), "");
  EXPECT_EQ(TextFieldProblem("ææææøå", 5, true, true), "too_long");
}

}  // namespace
}  // namespace ombudsflow
