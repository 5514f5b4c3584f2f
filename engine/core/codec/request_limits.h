#pragma once

#include <google/protobuf/message.h>

#include <cstddef>

#include "engine/core/base/error.h"

namespace ombudsflow {

/// Characters a request string may hold when its field names no
/// `(ombudsflow.v1.max_length)`. A test requires every request string to
/// name one; this only keeps an oversight from becoming unbounded.
inline constexpr std::size_t kDefaultMaxTextLength = 1000;
/// Texts inside free-form input (a transition's `input` Struct): the longest
/// is a publication's text.
inline constexpr std::size_t kMaxInputTextLength = 50'000;
inline constexpr std::size_t kMaxInputKeyLength = 64;
/// How deep messages and Struct values may nest in a request.
inline constexpr int kMaxRequestDepth = 64;

/// Checks a decoded request against the limits every field declares, the
/// same for JSON and protobuf bodies, before anything acts on it:
///  - text no longer than its field's max_length (in Unicode code points);
///  - no NUL character in any text (PostgreSQL would cut the text there);
///  - valid UTF-8 (protobuf's binary parser only warns);
///  - enum values their enum defines (proto3 keeps any other number);
///  - timestamps within 0001-01-01 and 9999-12-31, with valid nanoseconds;
///  - nesting no deeper than kMaxRequestDepth.
/// kInvalidArgument with one field violation per problem, each naming the
/// field by its path ("complainant.email", "input.publication_text").
[[nodiscard]] Result<void> CheckRequestLimits(const google::protobuf::Message& request);

}  // namespace ombudsflow
