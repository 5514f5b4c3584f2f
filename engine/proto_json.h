#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace ombudsflow {

/// Prints `message` in protobuf's JSON mapping, as
/// google::protobuf::util::MessageToJsonString does with
/// `always_print_primitive_fields` set to `print_defaults`, but walking the
/// message by reflection instead of through protobuf 3.21's converter, which
/// serializes to binary, re-parses it against a type resolver and builds a
/// node tree for the defaults: 15-25 times slower, and the largest cost of a
/// transition in the server. Map and Struct keys come sorted.
///
/// Handles every field type and the well-known types the API uses
/// (Timestamp, Struct, Value, ListValue, the wrappers); for a message that
/// holds any other well-known type (Any, Duration, FieldMask, ...) it hands
/// the whole message to protobuf's printer. tests/engine/proto_json_test.cc
/// checks it against protobuf's output. Once Debian ships protobuf 22 or
/// later, whose JSON printer was rewritten, this can go.
[[nodiscard]] std::string ToJson(const google::protobuf::Message& message, bool print_defaults);

}  // namespace ombudsflow
