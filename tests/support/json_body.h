#pragma once

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "api/http_types.h"

namespace ombudsflow::testing {

/// The response's JSON body as `Message`; a test failure (with the body)
/// when it does not parse.
template <class Message>
[[nodiscard]] Message Parse(const HttpResponse& response) {
  Message message;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(response.body(), &message).ok()) << response.body();
  return message;
}

}  // namespace ombudsflow::testing
