#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include <google/protobuf/stubs/status.h>

namespace ombudsflow {

/// Protobuf's JSON mapping, by reflection, because protobuf 3.21's converter
/// is slow; once Debian ships protobuf 22 or later, whose JSON code was
/// rewritten, this file can go.
///
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
/// the whole message to protobuf's printer. tests/engine/core/codec/proto_json_test.cc
/// checks it against protobuf's output.
[[nodiscard]] std::string ToJson(const google::protobuf::Message& message, bool print_defaults);

/// Decides, per field, whether its default value is printed.
using DefaultsFilter = std::function<bool(const google::protobuf::FieldDescriptor&)>;

/// ToJson with defaults printed only for the fields `print_default` names:
/// a response reduced to an audience's view shows no trace of the fields
/// hidden from it, not even their names.
[[nodiscard]] std::string ToJson(const google::protobuf::Message& message, const DefaultsFilter& print_default);

/// Reads `json` into `message` (cleared first) as
/// google::protobuf::util::JsonStringToMessage does with unknown fields
/// refused, and with its result: the same message, or protobuf's own error.
/// nlohmann/json reads the text (strict RFC 8259, UTF-8 checked) and
/// reflection fills the message, about five times faster. Whatever that path
/// is not sure of -- any syntax error, unknown field, null, duplicate key,
/// number out of range or in an unusual form, a type it does not map -- goes
/// to protobuf's parser instead, so protobuf decides every refusal and every
/// corner case. tests/engine/core/codec/proto_json_test.cc holds the two to the same
/// results.
[[nodiscard]] google::protobuf::util::Status FromJson(std::string_view json,
                                                      google::protobuf::Message& message);

/// FromJson's fast path alone: true when it read `json` into `message`;
/// false, with `message` cleared, where protobuf's parser is to decide.
[[nodiscard]] bool ReadJsonByReflection(std::string_view json, google::protobuf::Message& message);

}  // namespace ombudsflow
