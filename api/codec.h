#pragma once

#include <expected>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "api/http_types.h"
#include "api/problem.h"
#include "engine/core/codec/proto_json.h"

namespace ombudsflow::api {

/// The two body encodings every endpoint speaks, and CSV, which a report
/// answers when asked (ResponseFormat's `csv`). A message has no CSV form:
/// Encode writes JSON for it, and the handler writes the CSV itself.
enum class Format { kJson, kProtobuf, kCsv };

inline constexpr std::string_view kJsonMediaType = "application/json";
inline constexpr std::string_view kProtobufMediaType = "application/x-protobuf";
inline constexpr std::string_view kCsvMediaType = "text/csv";

[[nodiscard]] std::string_view MediaType(Format format);

/// The format of a request body from its Content-Type: application/json or
/// application/x-protobuf (also application/protobuf), parameters ignored.
/// A missing or other type is a 415 Problem.
[[nodiscard]] std::expected<Format, Problem> RequestFormat(std::string_view content_type);

/// The response format from an Accept header: the supported type with the
/// highest q; JSON for a missing header or a wildcard. text/csv counts only
/// where `csv` says the route answers it. 406 when the client accepts none.
[[nodiscard]] std::expected<Format, Problem> ResponseFormat(std::string_view accept, bool csv = false);

/// Parses `body` into `message`. Malformed input, and fields the message does
/// not define (in JSON or binary), are 400 Problems: a client that sends a
/// field we ignore would believe it had been stored.
[[nodiscard]] std::expected<void, Problem> Decode(Format format, std::string_view body,
                                                  google::protobuf::Message& message);

/// `message` in `format`; in JSON with every default printed, or, with
/// `defaults` given, only the defaults of the fields it names.
[[nodiscard]] std::string Encode(Format format, const google::protobuf::Message& message,
                                 const DefaultsFilter* defaults = nullptr);

/// A complete response carrying `message`.
[[nodiscard]] Response MessageResponse(http::status status, Format format,
                                       const google::protobuf::Message& message,
                                       unsigned http_version, bool keep_alive,
                                       const DefaultsFilter* defaults = nullptr);

/// A complete response carrying `body`, a message Encode wrote in `format`.
[[nodiscard]] Response EncodedResponse(http::status status, Format format, std::string body,
                                       unsigned http_version, bool keep_alive);

/// A complete response carrying the Error message for `problem`.
[[nodiscard]] Response ProblemResponse(const Problem& problem, Format format,
                                       unsigned http_version, bool keep_alive);

}  // namespace ombudsflow::api
