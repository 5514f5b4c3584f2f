#include "api/codec.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/error.pb.h"

namespace ombudsflow::api {
namespace {

TEST(RequestFormat, ChoosesByContentType) {
  EXPECT_EQ(RequestFormat("application/json"), Format::kJson);
  EXPECT_EQ(RequestFormat("application/json; charset=utf-8"), Format::kJson);
  EXPECT_EQ(RequestFormat("Application/JSON"), Format::kJson);
  EXPECT_EQ(RequestFormat("application/x-protobuf"), Format::kProtobuf);
  EXPECT_EQ(RequestFormat("application/protobuf"), Format::kProtobuf);
}

TEST(RequestFormat, RefusesOtherTypesWith415) {
  for (std::string_view type : {"", "text/plain", "application/xml", "application/jsonx",
                                "multipart/form-data; boundary=x"}) {
    auto format = RequestFormat(type);
    ASSERT_FALSE(format.has_value()) << type;
    EXPECT_EQ(format.error().status, http::status::unsupported_media_type) << type;
  }
}

TEST(ResponseFormat, HonoursAcceptWithQualities) {
  EXPECT_EQ(ResponseFormat(""), Format::kJson);
  EXPECT_EQ(ResponseFormat("*/*"), Format::kJson);
  EXPECT_EQ(ResponseFormat("application/x-protobuf"), Format::kProtobuf);
  EXPECT_EQ(ResponseFormat("text/html, application/x-protobuf;q=0.9, */*;q=0.1"),
            Format::kProtobuf);
  EXPECT_EQ(ResponseFormat("application/x-protobuf;q=0.2, application/json"), Format::kJson);
  EXPECT_EQ(ResponseFormat("application/*"), Format::kJson);
}

TEST(ResponseFormat, Refuses406WhenNothingAcceptableIsOffered) {
  for (std::string_view accept : {"text/html", "application/json;q=0", "image/png, text/*"}) {
    auto format = ResponseFormat(accept);
    ASSERT_FALSE(format.has_value()) << accept;
    EXPECT_EQ(format.error().status, http::status::not_acceptable) << accept;
  }
}

TEST(Decode, ReadsJsonInEitherFieldNameStyle) {
  v1::CreateComplaintRequest request;
  ASSERT_TRUE(Decode(Format::kJson,
                     R"({"channel":"LETTER","complainant":{"needsInterpreter":true,"postal_address":"x"}})",
                     request)
                  .has_value());
  EXPECT_EQ(request.channel(), v1::LETTER);
  EXPECT_TRUE(request.complainant().needs_interpreter());
  EXPECT_EQ(request.complainant().postal_address(), "x");
}

TEST(Decode, RefusesMalformedAndUnknownInput) {
  struct Case {
    Format format;
    std::string body;
  };
  v1::CreateComplaintRequest with_unknown;
  with_unknown.set_subject("s");
  std::string binary_unknown = with_unknown.SerializeAsString();
  binary_unknown += std::string("\xf8\x06\x01", 3);  // field 111, varint 1
  v1::Complaint nested;
  nested.mutable_complainant()->set_name("x");
  for (const Case& c : {Case{Format::kJson, "{"}, Case{Format::kJson, "[]"},
                        Case{Format::kJson, R"({"colour":"red"})"},
                        Case{Format::kJson, R"({"complainant":{"shoeSize":44}})"},
                        Case{Format::kJson, R"({"channel":"FACEBOOK"})"},
                        Case{Format::kJson, R"({"subject":5})"},
                        Case{Format::kProtobuf, std::string("\x0a\xff", 2)},
                        Case{Format::kProtobuf, binary_unknown}}) {
    v1::CreateComplaintRequest request;
    auto decoded = Decode(c.format, c.body, request);
    ASSERT_FALSE(decoded.has_value()) << c.body;
    EXPECT_EQ(decoded.error().status, http::status::bad_request) << c.body;
    EXPECT_EQ(decoded.error().error.code, ErrorCode::kInvalidArgument);
  }
}

// The review's strictness findings: each was accepted before.
TEST(Decode, IsStrictRfc8259WithoutDuplicateKeysOrCoercedTypes) {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {R"({"department":"BUF","department":"SOF"})", "appears twice"},
      {R"({'department':'BUF'})", "not valid JSON"},
      {R"({"complainant":{"needsInterpreter":"yes"}})", "complainant.needs_interpreter must be true or false"},
      {R"({"complainant":{"needsInterpreter":"true"}})", "must be true or false"},
      {R"({"subject":5})", "subject must be a string"},
      {R"({"complainant":[]})", "complainant must be a JSON object"},
      {"\xEF\xBB\xBF{}", "byte order mark"},
      {R"({"subject":"x",})", "not valid JSON"},
  };
  for (const auto& [json, says] : refused) {
    v1::CreateComplaintRequest request;
    auto decoded = Decode(Format::kJson, json, request);
    ASSERT_FALSE(decoded.has_value()) << json;
    EXPECT_EQ(decoded.error().status, http::status::bad_request) << json;
    EXPECT_NE(decoded.error().error.message.find(says), std::string::npos) << decoded.error().error.message;
  }
}

TEST(Decode, RefusesDeepNestingBeforeParsingIt) {
  // 100,000 levels held a worker for five minutes.
  const std::string deep = R"({"name":"x","input":{"a":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}}";
  v1::TransitionRequest request;
  auto decoded = Decode(Format::kJson, deep, request);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_NE(decoded.error().error.message.find("deeper than 64"), std::string::npos);
  // Brackets inside strings are text, not nesting.
  const std::string text = R"({"name":"x","reason":")" + std::string(1000, '[') + "\"}";
  EXPECT_TRUE(Decode(Format::kJson, text, request).has_value());
}

TEST(Decode, FindsADuplicateAmongManyKeys) {
  std::string json = R"({"name":"x","input":{)";
  for (int i = 0; i < 50'000; ++i) json += "\"k" + std::to_string(i) + "\":1,";
  json += R"("k7":2}})";
  v1::TransitionRequest request;
  auto decoded = Decode(Format::kJson, json, request);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_NE(decoded.error().error.message.find("\"k7\" appears twice"), std::string::npos);
}

TEST(Decode, AppliesFieldLimitsToJsonAndProtobufAlike) {
  v1::CreateComplaintRequest request;
  request.mutable_complainant()->set_email(std::string(30'000, 'a'));
  request.set_subject(std::string("Inj\0ect", 7));
  const std::string binary = request.SerializeAsString();
  const std::string json = R"({"complainant":{"email":")" + std::string(30'000, 'a') + R"("},"subject":"Inj\u0000ect"})";
  for (auto [format, body] : {std::pair{Format::kProtobuf, binary}, std::pair{Format::kJson, json}}) {
    v1::CreateComplaintRequest decoded;
    auto result = Decode(format, body, decoded);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().status, http::status::bad_request);
    ASSERT_EQ(result.error().error.field_violations.size(), 2u);
    EXPECT_EQ(result.error().error.field_violations[0].field, "complainant.email");
    EXPECT_EQ(result.error().error.field_violations[1].field, "subject");
  }
}

TEST(Decode, FindsUnknownFieldsInNestedBinaryMessages) {
  v1::Complainant complainant;
  complainant.set_name("x");
  std::string inner = complainant.SerializeAsString() + std::string("\xf8\x06\x01", 3);
  std::string outer = "\x12" + std::string(1, static_cast<char>(inner.size())) + inner;  // field 2
  v1::CreateComplaintRequest request;
  EXPECT_FALSE(Decode(Format::kProtobuf, outer, request).has_value());
}

TEST(Encode, RoundTripsBothFormats) {
  v1::Complaint complaint;
  complaint.set_case_number("BR-2026-00042");
  complaint.mutable_complainant()->set_needs_interpreter(true);
  for (Format format : {Format::kJson, Format::kProtobuf}) {
    v1::Complaint back;
    ASSERT_TRUE(Decode(format, Encode(format, complaint), back).has_value());
    EXPECT_EQ(back.case_number(), "BR-2026-00042");
    EXPECT_TRUE(back.complainant().needs_interpreter());
  }
}

TEST(Encode, PrintsDefaultValuesInJsonSoTheShapeIsStable) {
  v1::Complaint complaint;
  const std::string json = Encode(Format::kJson, complaint);
  EXPECT_NE(json.find("\"version\":0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"caseNumber\":\"\""), std::string::npos) << json;
}

TEST(ProblemResponse, CarriesTheErrorMessageAndNoCaching) {
  Problem problem{http::status::bad_request,
                  InvalidArgument("bad", {{"subject", "is required"}})};
  Response response = ProblemResponse(problem, Format::kProtobuf, 11, true);
  EXPECT_EQ(response.result(), http::status::bad_request);
  EXPECT_EQ(response[http::field::content_type], "application/x-protobuf");
  EXPECT_EQ(response[http::field::cache_control], "no-store");
  v1::Error error;
  ASSERT_TRUE(error.ParseFromString(response.body()));
  EXPECT_EQ(error.code(), v1::Error::INVALID_ARGUMENT);
  EXPECT_EQ(error.field_violations(0).field(), "subject");
}

TEST(ToProblem, HidesInternalDetails) {
  Problem problem = ToProblem(Internal("relation \"complaints\" does not exist"));
  EXPECT_EQ(problem.status, http::status::internal_server_error);
  EXPECT_EQ(problem.error.message, "internal error");
}

TEST(HttpStatusFor, MapsEveryCodeByItsMeaning) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), http::status::bad_request);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), http::status::unauthorized);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), http::status::forbidden);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), http::status::not_found);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kAlreadyExists), http::status::conflict);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kFailedPrecondition), http::status::unprocessable_entity);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kAborted), http::status::conflict);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kResourceExhausted), http::status::too_many_requests);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), http::status::service_unavailable);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), http::status::internal_server_error);
}

}  // namespace
}  // namespace ombudsflow::api
