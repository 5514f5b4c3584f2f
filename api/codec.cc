#include "api/codec.h"


#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <vector>

#include "engine/core/codec/proto_json.h"
#include "engine/core/codec/request_limits.h"

#include "ombudsflow/v1/error.pb.h"

namespace ombudsflow::api {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Strip(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<Format> FormatOfMediaType(std::string_view media_type) {
  const std::string type = Lower(Strip(media_type));
  if (type == kJsonMediaType) return Format::kJson;
  if (type == kProtobufMediaType || type == "application/protobuf") return Format::kProtobuf;
  return std::nullopt;
}

// The q value of one Accept element's parameters, 1 when absent.
double Quality(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    std::string_view parameter = Strip(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? std::string_view() : parameters.substr(semicolon + 1);
    if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') && parameter[1] == '=') {
      std::string value(parameter.substr(2));
      try {
        return std::clamp(std::stod(value), 0.0, 1.0);
      } catch (const std::exception&) {
        return 0.0;
      }
    }
  }
  return 1.0;
}

bool HasUnknownFields(const google::protobuf::Message& message) {
  const auto* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty()) return true;
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        if (HasUnknownFields(reflection->GetRepeatedMessage(message, field, i))) return true;
      }
    } else if (HasUnknownFields(reflection->GetMessage(message, field))) {
      return true;
    }
  }
  return false;
}

v1::Error::Code ProtoCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return v1::Error::INVALID_ARGUMENT;
    case ErrorCode::kUnauthenticated: return v1::Error::UNAUTHENTICATED;
    case ErrorCode::kPermissionDenied: return v1::Error::PERMISSION_DENIED;
    case ErrorCode::kNotFound: return v1::Error::NOT_FOUND;
    case ErrorCode::kAlreadyExists: return v1::Error::ALREADY_EXISTS;
    case ErrorCode::kFailedPrecondition: return v1::Error::FAILED_PRECONDITION;
    case ErrorCode::kAborted: return v1::Error::ABORTED;
    case ErrorCode::kResourceExhausted: return v1::Error::RESOURCE_EXHAUSTED;
    case ErrorCode::kUnimplemented: return v1::Error::UNIMPLEMENTED;
    case ErrorCode::kUnavailable: return v1::Error::UNAVAILABLE;
    case ErrorCode::kInternal: return v1::Error::INTERNAL;
  }
  return v1::Error::INTERNAL;
}

Problem BadBody(std::string message) {
  return MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument, std::move(message));
}

// Every request, however encoded, meets the limits its fields declare.
std::expected<void, Problem> CheckLimits(const google::protobuf::Message& message) {
  if (auto within = CheckRequestLimits(message); !within) return std::unexpected(ToProblem(within.error()));
  return {};
}

}  // namespace

std::string_view MediaType(Format format) {
  switch (format) {
    case Format::kProtobuf: return kProtobufMediaType;
    case Format::kCsv: return kCsvMediaType;
    case Format::kJson: break;
  }
  return kJsonMediaType;
}

std::expected<Format, Problem> RequestFormat(std::string_view content_type) {
  if (auto format = FormatOfMediaType(content_type.substr(0, content_type.find(';')))) {
    return *format;
  }
  return std::unexpected(MakeProblem(
      http::status::unsupported_media_type, ErrorCode::kInvalidArgument,
      content_type.empty()
          ? "the request has no Content-Type: send application/json or application/x-protobuf"
          : "Content-Type '" + std::string(content_type) +
                "' is not supported: send application/json or application/x-protobuf"));
}

std::expected<Format, Problem> ResponseFormat(std::string_view accept, bool csv) {
  if (Strip(accept).empty()) return Format::kJson;
  std::optional<Format> best;
  double best_quality = 0.0;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    std::string_view element = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const auto semicolon = element.find(';');
    const std::string type = Lower(Strip(element.substr(0, semicolon)));
    const double quality =
        semicolon == std::string_view::npos ? 1.0 : Quality(element.substr(semicolon + 1));
    std::optional<Format> format = FormatOfMediaType(type);
    if (!format && (type == "*/*" || type == "application/*")) format = Format::kJson;
    if (!format && csv && type == kCsvMediaType) format = Format::kCsv;
    if (format && quality > best_quality) {
      best = format;
      best_quality = quality;
    }
  }
  if (best) return *best;
  return std::unexpected(MakeProblem(http::status::not_acceptable, ErrorCode::kInvalidArgument,
                                     csv ? "this resource is answered in application/json, "
                                           "application/x-protobuf or text/csv only"
                                         : "this server answers in application/json or "
                                           "application/x-protobuf only"));
}

std::expected<void, Problem> Decode(Format format, std::string_view body,
                                    google::protobuf::Message& message) {
  const std::string type_name = message.GetDescriptor()->name();
  if (format == Format::kJson) {
    auto status = FromJson(body, message);
    if (!status.ok()) {
      return std::unexpected(BadBody("the body is not a valid " + type_name + " in JSON: " +
                                     std::string(status.message())));
    }
    return CheckLimits(message);
  }
  if (!message.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
    return std::unexpected(BadBody("the body is not a valid " + type_name + " in protobuf"));
  }
  if (HasUnknownFields(message)) {
    return std::unexpected(BadBody("the body has fields that " + type_name + " does not define"));
  }
  return CheckLimits(message);
}

std::string Encode(Format format, const google::protobuf::Message& message, const DefaultsFilter* defaults) {
  std::string out;
  if (format == Format::kProtobuf) {
    message.SerializeToString(&out);
    return out;
  }
  // Clients see every field they may see, false and zero included, so the
  // shape is stable.
  if (defaults != nullptr) return ToJson(message, *defaults);
  return ToJson(message, /*print_defaults=*/true);
}

Response MessageResponse(http::status status, Format format,
                         const google::protobuf::Message& message, unsigned http_version,
                         bool keep_alive, const DefaultsFilter* defaults) {
  return EncodedResponse(status, format, Encode(format, message, defaults), http_version, keep_alive);
}

Response EncodedResponse(http::status status, Format format, std::string body, unsigned http_version,
                         bool keep_alive) {
  Response response{status, http_version};
  response.set(http::field::content_type, MediaType(format == Format::kCsv ? Format::kJson : format));
  // Bodies carry citizens' personal data: no shared or browser caches.
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(keep_alive);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

namespace {

// The API layer's own refusals have codes of their own.
v1::Error::Code CodeFor(const Problem& problem) {
  switch (problem.status) {
    case http::status::method_not_allowed: return v1::Error::METHOD_NOT_ALLOWED;
    case http::status::not_acceptable: return v1::Error::NOT_ACCEPTABLE;
    case http::status::unsupported_media_type: return v1::Error::UNSUPPORTED_MEDIA_TYPE;
    default: return ProtoCode(problem.error.code);
  }
}

}  // namespace

Response ProblemResponse(const Problem& problem, Format format, unsigned http_version,
                         bool keep_alive) {
  v1::Error error;
  error.set_code(CodeFor(problem));
  error.set_message(problem.error.message);
  error.set_refused_by(problem.error.refused_by);
  for (const auto& violation : problem.error.field_violations) {
    auto* out = error.add_field_violations();
    out->set_field(violation.field);
    out->set_description(violation.description);
    out->set_reason(violation.reason);
  }
  // No empty "fieldViolations": [] or "refusedBy": "": an error says what it has.
  static const DefaultsFilter kNoDefaults = [](const google::protobuf::FieldDescriptor&) { return false; };
  Response response = MessageResponse(problem.status, format, error, http_version, keep_alive, &kNoDefaults);
  if (!problem.allow.empty()) response.set(http::field::allow, problem.allow);
  if (problem.retry_after) response.set(http::field::retry_after, std::to_string(problem.retry_after->count()));
  return response;
}

}  // namespace ombudsflow::api
