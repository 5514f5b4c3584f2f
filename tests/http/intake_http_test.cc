// Complaint intake end to end: the real server, real sockets, real PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <google/protobuf/util/json_util.h>

#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/error.pb.h"
#include "ombudsflow/v1/health.pb.h"
#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using google::protobuf::util::JsonStringToMessage;
using ::testing::HasSubstr;

v1::Error ErrorOf(const HttpResponse& response) {
  v1::Error error;
  if (response[http::field::content_type] == "application/x-protobuf") {
    EXPECT_TRUE(error.ParseFromString(response.body()));
  } else {
    EXPECT_TRUE(JsonStringToMessage(response.body(), &error).ok()) << response.body();
  }
  return error;
}

v1::Complaint ComplaintOf(const HttpResponse& response) {
  v1::Complaint complaint;
  EXPECT_TRUE(JsonStringToMessage(response.body(), &complaint).ok()) << response.body();
  return complaint;
}

using IntakeHttpTest = ServerFixture;

TEST_F(IntakeHttpTest, JsonIntakeIsCreatedAndReadBackUnchanged) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created) << created.body();
  EXPECT_EQ(created[http::field::content_type], "application/json");
  const v1::Complaint complaint = ComplaintOf(created);
  EXPECT_THAT(complaint.case_number(), ::testing::MatchesRegex("BR-20[0-9][0-9]-00001"));
  EXPECT_EQ(complaint.state(), "received");
  EXPECT_EQ(complaint.workflow(), "complaint");
  EXPECT_EQ(complaint.version(), 1u);
  EXPECT_EQ(complaint.complainant().name(), "Jens Hansen");
  EXPECT_TRUE(complaint.complainant().needs_interpreter());
  EXPECT_TRUE(complaint.complainant().needs_assistance());
  EXPECT_EQ(created[http::field::location], "/v1/complaints/" + complaint.id());
  EXPECT_EQ(created[http::field::etag], "\"1\"");

  auto fetched = Send(verb::get, std::string(created[http::field::location]), Role::kCaseworker);
  ASSERT_EQ(fetched.result(), status::ok) << fetched.body();
  EXPECT_EQ(ComplaintOf(fetched).SerializeAsString(), complaint.SerializeAsString());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaint_events"), 1);
}

TEST_F(IntakeHttpTest, ProtobufIntakeWorksBothWays) {
  v1::CreateComplaintRequest request;
  request.set_channel(v1::IN_PERSON);
  request.mutable_complainant()->set_name("Fatima Ali");
  request.mutable_complainant()->set_phone("+45 12 34 56 78");
  request.mutable_complainant()->set_language("ar");
  request.mutable_complainant()->set_needs_interpreter(true);
  request.set_department("SOF");
  request.set_subject("Hjemmehjælp");
  request.set_description("Hjælpen kommer ikke.");
  auto created = Send(verb::post, "/v1/complaints", Role::kOmbudsman, request.SerializeAsString(),
                      {{"Content-Type", "application/x-protobuf"},
                       {"Accept", "application/x-protobuf"}});
  ASSERT_EQ(created.result(), status::created);
  EXPECT_EQ(created[http::field::content_type], "application/x-protobuf");
  v1::Complaint complaint;
  ASSERT_TRUE(complaint.ParseFromString(created.body()));
  EXPECT_EQ(complaint.complainant().language(), "ar");
  EXPECT_EQ(complaint.department(), "SOF");

  auto fetched = Send(verb::get, "/v1/complaints/" + complaint.id(), Role::kDeputy, {},
                      {{"Accept", "application/x-protobuf"}});
  ASSERT_EQ(fetched.result(), status::ok);
  v1::Complaint back;
  ASSERT_TRUE(back.ParseFromString(fetched.body()));
  EXPECT_EQ(back.SerializeAsString(), complaint.SerializeAsString());
}

struct BadRequest {
  std::string name;
  std::string body;
  std::map<std::string, std::string> headers;  // "Authorization" "" removes the token
  status expected_status;
  v1::Error::Code expected_code;
  std::string expected_field;  // empty: no field violation expected
};

void PrintTo(const BadRequest& c, std::ostream* os) { *os << c.name; }

class BadIntakeTest : public ServerFixture, public ::testing::WithParamInterface<BadRequest> {};

TEST_P(BadIntakeTest, GetsAClearErrorAndWritesNothing) {
  const BadRequest& bad = GetParam();
  const long long rows_before = RowsWritten();
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json"},
                                                {"Authorization", "Bearer " + tokens_[Role::kCaseworker]}};
  for (const auto& [name, value] : bad.headers) headers[name] = value;
  if (headers["Authorization"].empty()) headers.erase("Authorization");
  if (headers["Content-Type"].empty()) headers.erase("Content-Type");
  auto response = SendHttp(server_->port(), verb::post, "/v1/complaints", bad.body, headers);

  EXPECT_EQ(response.result(), bad.expected_status) << response.body();
  const v1::Error error = ErrorOf(response);
  EXPECT_EQ(error.code(), bad.expected_code) << response.body();
  EXPECT_FALSE(error.message().empty());
  if (!bad.expected_field.empty()) {
    ASSERT_GE(error.field_violations_size(), 1) << response.body();
    EXPECT_EQ(error.field_violations(0).field(), bad.expected_field);
  }
  EXPECT_EQ(RowsWritten(), rows_before);
  // The server is still fine afterwards.
  EXPECT_EQ(PostJson(kValidIntakeJson).result(), status::created);
}

std::string ValidWith(const std::string& from, const std::string& to) {
  std::string json = kValidIntakeJson;
  json.replace(json.find(from), from.size(), to);
  return json;
}

INSTANTIATE_TEST_SUITE_P(
    EachKind, BadIntakeTest,
    ::testing::Values(
        BadRequest{"MalformedJson", R"({"channel": "LETTER", )", {}, status::bad_request,
                   v1::Error::INVALID_ARGUMENT, ""},
        BadRequest{"UnknownJsonField", ValidWith("\"department\"", "\"priority\": 1, \"department\""),
                   {}, status::bad_request, v1::Error::INVALID_ARGUMENT, ""},
        BadRequest{"UnknownEnumValue", ValidWith("LETTER", "FACEBOOK"), {}, status::bad_request,
                   v1::Error::INVALID_ARGUMENT, ""},
        BadRequest{"MalformedProtobuf", std::string("\x0a\xff\xff", 3),
                   {{"Content-Type", "application/x-protobuf"}}, status::bad_request,
                   v1::Error::INVALID_ARGUMENT, ""},
        BadRequest{"WrongContentType", kValidIntakeJson, {{"Content-Type", "text/plain"}},
                   status::unsupported_media_type, v1::Error::UNSUPPORTED_MEDIA_TYPE, ""},
        BadRequest{"MissingContentType", kValidIntakeJson, {{"Content-Type", ""}},
                   status::unsupported_media_type, v1::Error::UNSUPPORTED_MEDIA_TYPE, ""},
        BadRequest{"BodyOverTheLimit", std::string(1024 * 1024 + 1, ' '), {},
                   status::payload_too_large, v1::Error::RESOURCE_EXHAUSTED, ""},
        BadRequest{"MissingToken", kValidIntakeJson, {{"Authorization", ""}}, status::unauthorized,
                   v1::Error::UNAUTHENTICATED, ""},
        BadRequest{"InvalidToken", kValidIntakeJson,
                   {{"Authorization", "Bearer ofk_" + std::string(64, '0')}}, status::unauthorized,
                   v1::Error::UNAUTHENTICATED, ""},
        BadRequest{"NotBearer", kValidIntakeJson, {{"Authorization", "Basic dXNlcjpwYXNz"}},
                   status::unauthorized, v1::Error::UNAUTHENTICATED, ""},
        BadRequest{"MissingSubject", ValidWith("\"subject\": \"Svar på ansøgning om støtte\",", ""),
                   {}, status::bad_request, v1::Error::INVALID_ARGUMENT, "subject"},
        BadRequest{"MissingComplainantName", ValidWith("\"name\": \"Jens Hansen\",", ""), {},
                   status::bad_request, v1::Error::INVALID_ARGUMENT, "complainant.name"},
        BadRequest{"UnknownDepartment", ValidWith("\"BUF\"", "\"NASA\""), {}, status::bad_request,
                   v1::Error::INVALID_ARGUMENT, "department"},
        BadRequest{"NothingAcceptable", kValidIntakeJson, {{"Accept", "text/html"}},
                   status::not_acceptable, v1::Error::NOT_ACCEPTABLE, ""}),
    [](const auto& test_info) { return test_info.param.name; });

TEST_F(IntakeHttpTest, RolesOutsideTheOfficeAreForbiddenAndWriteNothing) {
  for (Role role : {Role::kDepartment, Role::kAdministrator}) {
    const long long rows_before = RowsWritten();
    auto response = Send(verb::post, "/v1/complaints", role, kValidIntakeJson,
                         {{"Content-Type", "application/json"}});
    EXPECT_EQ(response.result(), status::forbidden) << RoleName(role);
    EXPECT_EQ(ErrorOf(response).code(), v1::Error::PERMISSION_DENIED);
    EXPECT_EQ(RowsWritten(), rows_before);
  }
}

TEST_F(IntakeHttpTest, DepartmentsCannotReadComplaints) {
  auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created);
  const std::string id = ComplaintOf(created).id();
  EXPECT_EQ(Send(verb::get, "/v1/complaints/" + id, Role::kDepartment).result(), status::forbidden);
  EXPECT_EQ(Send(verb::get, "/v1/complaints", Role::kDepartment).result(), status::forbidden);
}

// GET /v1/complaints?q=: Danish full-text search, ranked, paged, combined
// with the other filters; a department may not list (nor search) at all.
TEST_F(IntakeHttpTest, SearchFindsCasesByInflectedDanishWords) {
  for (const char* text : {"Klage over forvaltning", "Forvaltningen svarer ikke", "Parkering"}) {
    std::string json = kValidIntakeJson;
    json.replace(json.find("\"Svar på ansøgning om støtte\""), std::string("\"Svar på ansøgning om støtte\"").size(),
                 "\"" + std::string(text) + "\"");
    ASSERT_EQ(PostJson(json).result(), status::created);
  }
  const auto subjects = [&](const std::string& query) {
    auto response = Send(verb::get, "/v1/complaints?" + query, Role::kCaseworker);
    EXPECT_EQ(response.result(), status::ok) << response.body();
    v1::ListComplaintsResponse listed;
    EXPECT_TRUE(JsonStringToMessage(response.body(), &listed).ok()) << response.body();
    std::vector<std::string> found;
    for (const auto& complaint : listed.complaints()) found.push_back(complaint.subject());
    if (!listed.next_page_token().empty()) found.push_back("next:" + listed.next_page_token());
    return found;
  };
  EXPECT_EQ(subjects("q=klager"), std::vector<std::string>{"Klage over forvaltning"});
  const auto first = subjects("q=forvaltningens&page_size=1");
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0], "Forvaltningen svarer ikke");  // the newer of two equal hits
  EXPECT_EQ(subjects("q=forvaltningens&page_size=1&page_token=" + first[1].substr(5)),
            std::vector<std::string>{"Klage over forvaltning"});
  EXPECT_EQ(subjects("q=forvaltning&department=SOF"), std::vector<std::string>{});
  EXPECT_EQ(subjects("q=forvaltning&state=received").size(), 2u);

  auto too_long = Send(verb::get, "/v1/complaints?q=" + std::string(201, 'a'), Role::kCaseworker);
  EXPECT_EQ(too_long.result(), status::bad_request);
  EXPECT_EQ(Send(verb::get, "/v1/complaints?q=klage", Role::kDepartment).result(), status::forbidden);
}

TEST_F(IntakeHttpTest, UnknownComplaintsAreNotFound) {
  for (std::string id : {"c0ffee00-0000-4000-8000-000000000001", "not-a-uuid", "%27%3B--"}) {
    auto response = Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker);
    EXPECT_EQ(response.result(), status::not_found) << id;
    EXPECT_EQ(ErrorOf(response).code(), v1::Error::NOT_FOUND);
  }
  EXPECT_EQ(Send(verb::get, "/v1/nowhere", Role::kCaseworker).result(), status::not_found);
}

TEST_F(IntakeHttpTest, WrongMethodsAreRefusedWithTheAllowedOnes) {
  auto response = Send(verb::delete_, "/v1/complaints", Role::kCaseworker);
  EXPECT_EQ(response.result(), status::method_not_allowed);
  EXPECT_THAT(std::string(ErrorOf(response).message()), HasSubstr("POST, GET"));
  EXPECT_EQ(response[http::field::allow], "POST, GET");
  EXPECT_EQ(ErrorOf(response).code(), v1::Error::METHOD_NOT_ALLOWED);
  // Nothing empty in an error body.
  EXPECT_EQ(response.body().find("fieldViolations"), std::string::npos) << response.body();
  EXPECT_EQ(response.body().find("refusedBy"), std::string::npos) << response.body();
  const auto not_acceptable = Send(verb::get, "/v1/complaints", Role::kCaseworker, "", {{"Accept", "text/html"}});
  EXPECT_EQ(not_acceptable.result(), status::not_acceptable);
  EXPECT_EQ(ErrorOf(not_acceptable).code(), v1::Error::NOT_ACCEPTABLE);
  const auto unsupported = Send(verb::post, "/v1/complaints", Role::kCaseworker, "x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(unsupported.result(), status::unsupported_media_type);
  EXPECT_EQ(ErrorOf(unsupported).code(), v1::Error::UNSUPPORTED_MEDIA_TYPE);
}

TEST_F(IntakeHttpTest, AnIdempotentRetryReturnsTheSameComplaint) {
  auto first = PostJson(kValidIntakeJson, {{"Idempotency-Key", "form-7f3a"}});
  ASSERT_EQ(first.result(), status::created);
  auto retry = PostJson(kValidIntakeJson, {{"Idempotency-Key", "form-7f3a"}});
  ASSERT_EQ(retry.result(), status::created);
  EXPECT_EQ(retry["Idempotent-Replayed"], "true");
  EXPECT_EQ(ComplaintOf(retry).id(), ComplaintOf(first).id());
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints"), 1);

  const long long rows_before = RowsWritten();
  auto different = PostJson(ValidWith("BUF", "SOF"), {{"Idempotency-Key", "form-7f3a"}});
  EXPECT_EQ(different.result(), status::unprocessable_entity);
  EXPECT_EQ(RowsWritten(), rows_before);
}

TEST_F(IntakeHttpTest, ListsFilterAndPage) {
  for (const char* department : {"BUF", "SOF", "BUF"}) {
    ASSERT_EQ(PostJson(ValidWith("BUF", department)).result(), status::created);
  }
  v1::ListComplaintsResponse page;
  auto first = Send(verb::get, "/v1/complaints?page_size=2", Role::kCaseworker);
  ASSERT_EQ(first.result(), status::ok);
  ASSERT_TRUE(JsonStringToMessage(first.body(), &page).ok());
  EXPECT_EQ(page.complaints_size(), 2);
  EXPECT_EQ(page.complaints(0).case_number().substr(8), "00003");
  ASSERT_FALSE(page.next_page_token().empty());

  auto second = Send(verb::get, "/v1/complaints?page_size=2&page_token=" + page.next_page_token(),
                     Role::kCaseworker);
  ASSERT_TRUE(JsonStringToMessage(second.body(), &page).ok());
  EXPECT_EQ(page.complaints_size(), 1);
  EXPECT_TRUE(page.next_page_token().empty());

  auto buf = Send(verb::get, "/v1/complaints?department=BUF&state=received", Role::kCaseworker);
  ASSERT_TRUE(JsonStringToMessage(buf.body(), &page).ok());
  EXPECT_EQ(page.complaints_size(), 2);

  auto bad = Send(verb::get, "/v1/complaints?page_size=lots", Role::kCaseworker);
  EXPECT_EQ(bad.result(), status::bad_request);
  EXPECT_EQ(ErrorOf(bad).field_violations(0).field(), "page_size");
}

TEST_F(IntakeHttpTest, HealthNeedsNoTokenAndReadinessChecksTheDatabase) {
  for (const char* path : {"/healthz", "/readyz"}) {
    auto response = SendHttp(server_->port(), verb::get, path);
    EXPECT_EQ(response.result(), status::ok) << path;
    v1::HealthStatus health;
    ASSERT_TRUE(JsonStringToMessage(response.body(), &health).ok());
    EXPECT_EQ(health.status(), "ok");
  }
}

TEST_F(IntakeHttpTest, KeepsConnectionsAliveAcrossRequests) {
  net::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
  beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    HttpRequest request{verb::get, "/healthz", 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    HttpResponse response;
    http::read(stream, buffer, response);
    EXPECT_EQ(response.result(), status::ok);
    EXPECT_TRUE(response.keep_alive());
  }
}

}  // namespace
}  // namespace ombudsflow::testing
