// Operations: /metrics on its own listener in Prometheus's text format
// (checked by promtool), and one JSON log line per request with its
// request id and no personal data (a canary test).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "ombudsflow/v1/complaints.pb.h"
#include "tests/support/server_fixture.h"
#include "tests/support/webhook_receiver.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

class OperationsHttpTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--metrics-listen", "127.0.0.1:0"}; }

  // The metrics listener's port, as the server logged it.
  unsigned short MetricsPort() {
    const std::string marker = "metrics on 127.0.0.1:";
    for (int attempt = 0; attempt < 100; ++attempt) {
      const std::string log = server_->Log();
      if (const auto at = log.find(marker); at != std::string::npos) {
        return static_cast<unsigned short>(std::stoi(log.substr(at + marker.size())));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "the server did not log its metrics listener:\n" << server_->Log();
    return 0;
  }

  // The log's request lines (JSON objects), each parsed.
  std::vector<nlohmann::json> RequestLines() {
    std::vector<nlohmann::json> lines;
    std::istringstream log(server_->Log());
    for (std::string line; std::getline(log, line);) {
      if (!line.starts_with("{")) continue;
      lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
  }
};

TEST_F(OperationsHttpTest, MetricsAreScrapedOnTheirOwnListenerWithoutATokenAndPassPromtool) {
  // A department's receiver, so a hearing's webhook is delivered and timed.
  WebhookReceiver receiver(kSecret);
  ASSERT_EQ(Send(verb::post, "/v1/webhook-endpoints", Role::kAdministrator,
                 R"({"department": "BUF", "url": ")" + receiver.Url() + R"(", "secret": ")" + kSecret + R"("})",
                 {{"Content-Type", "application/json"}})
                .result(),
            status::created);
  const std::string in_hearing = CaseInHearing();
  ASSERT_TRUE(receiver.WaitUntil([](const auto& got) { return !got.empty(); })) << "no hearing webhook";
  // The hearing's deadline passes: the timer reminds the department.
  database_->Execute("UPDATE case_state SET deadline_at = now() - interval '1 minute' WHERE id = '" + in_hearing + "'");
  ASSERT_TRUE(receiver.WaitUntil([](const auto& got) { return got.size() >= 2; })) << "no reminder webhook";
  const std::string id = Parse<v1::Complaint>(PostJson(kValidIntakeJson)).id();
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker).result(), status::ok);
  EXPECT_EQ(Send(verb::get, "/v1/complaints/c0ffee00-0000-4000-8000-000000000009", Role::kCaseworker).result(),
            status::not_found);
  EXPECT_EQ(FireNow(id, Role::kCaseworker, "guide_to_dialogue", R"({"department_has_answered": true})").result(),
            status::unprocessable_entity);
  EXPECT_EQ(FireNow(id, Role::kCaseworker, "no_such_transition_x1").result(), status::not_found);
  EXPECT_EQ(FireNow(id, Role::kCaseworker, "consider_solutions", R"({"department_has_answered": true})").result(),
            status::ok);
  // A method the server does not know is counted as OTHER, whatever it was.
  EXPECT_THAT(SendRaw(server_->port(), "BREW1234 /v1/complaints HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
              HasSubstr("HTTP/1.1 4"));
  // Never on the public listener, with a token or without.
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/metrics").result(), status::not_found);
  EXPECT_EQ(Send(verb::get, "/metrics", Role::kAdministrator).result(), status::not_found);

  const auto scraped = SendHttp(MetricsPort(), verb::get, "/metrics");
  ASSERT_EQ(scraped.result(), status::ok);
  EXPECT_THAT(std::string(scraped[http::field::content_type]), HasSubstr("text/plain; version=0.0.4"));
  const std::string& text = scraped.body();
  // Requests by route template (never the path with its id) and status.
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_http_requests_total{method="POST",route="/v1/complaints",status="201"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_http_requests_total{method="GET",route="/v1/complaints/{id}",status="404"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_http_request_duration_seconds_bucket{method="GET",route="/v1/complaints/{id}",le="+Inf"})"));
  EXPECT_THAT(text, Not(HasSubstr(id)));
  EXPECT_THAT(text, Not(HasSubstr("BREW1234")));
  EXPECT_THAT(text, HasSubstr(R"(method="OTHER")"));
  EXPECT_THAT(text, HasSubstr("ombudsflow_database_up 1"));
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_deliveries{kind="letter",state="pending"})"));
  EXPECT_THAT(text, HasSubstr("ombudsflow_db_pool_connections_in_use"));
  EXPECT_THAT(text, HasSubstr("ombudsflow_timer_lag_seconds"));
  // The hearing's and the reminder's webhooks: committed, then answered 2xx.
  EXPECT_THAT(text, HasSubstr("ombudsflow_webhook_delivery_lag_seconds_count 2"));
  EXPECT_THAT(text, HasSubstr("ombudsflow_http_open_connections"));
  // Transitions by workflow and name, refusals by the guard that refused.
  // (CaseInHearing fired consider_solutions, start_written_treatment and open_investigation.)
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_transitions_total{meaning="none",transition="consider_solutions",workflow="complaint"} 2)"));
  // By what the step means too, so a renamed step keeps its figure.
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_transitions_total{meaning="STEP_OPEN_INVESTIGATION",transition="open_investigation",workflow="complaint"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_transitions_total{meaning="none",transition="remind_department",workflow="complaint"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_transition_refusals_total{refused_by="department_has_not_answered",transition="guide_to_dialogue"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(ombudsflow_transition_refusals_total{refused_by="not_found",transition="other"} 1)"));

  // promtool (Debian's prometheus) reads it as valid exposition text.
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("ombudsflow-metrics-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(file) << text;
  const int checked = std::system(("promtool check metrics < " + file.string() + " > " + file.string() + ".out 2>&1").c_str());
  std::ifstream out(file.string() + ".out");
  std::stringstream said;
  said << out.rdbuf();
  EXPECT_EQ(checked, 0) << said.str();
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + ".out");
}

// The example alert rules of docs/operations.md are rules promtool accepts.
TEST(AlertRules, TheShippedExamplesPassPromtool) {
  const std::string rules = std::string(OMBUDSFLOW_WORKFLOWS_DIR) + "/../deploy/prometheus/alerts.yml";
  ASSERT_TRUE(std::filesystem::exists(rules)) << rules;
  EXPECT_EQ(std::system(("promtool check rules " + rules + " > /dev/null").c_str()), 0);
}

TEST_F(OperationsHttpTest, EveryRequestIsOneJsonLogLineWithItsRequestIdAndNoPersonalData) {
  // A complaint full of canaries: a name, a CPR number, an e-mail address,
  // a phone number, and a search for the name.
  const std::string intake = R"({"channel": "LETTER",
      "complainant": {"name": "Kanariefugl Kanarisen", "email": "kanariefugl@example.dk", "phone": "+45 20 30 40 50"},
      "department": "BUF", "subject": "Kanariefugl klager",
      "description": "Mit CPR-nummer er 010203-1234."})";
  auto created = PostJson(intake, {{"X-Request-Id", "intake-canary-1"}});
  ASSERT_EQ(created.result(), status::created) << created.body();
  EXPECT_EQ(std::string(created["X-Request-Id"]), "intake-canary-1");
  const std::string id = Parse<v1::Complaint>(created).id();
  auto searched = Send(verb::get, "/v1/complaints?q=Kanariefugl", Role::kCaseworker);
  EXPECT_EQ(searched.result(), status::ok);
  // A request id the server would not repeat is replaced, not echoed.
  auto forged = Send(verb::get, "/v1/complaints/" + id, Role::kCaseworker, {},
                     {{"X-Request-Id", "010203-1234 \"injected\": true"}});
  EXPECT_EQ(forged.result(), status::ok);
  const std::string made = std::string(forged["X-Request-Id"]);
  EXPECT_EQ(made.size(), 32u);
  EXPECT_EQ(Send(verb::post, "/v1/complaints/" + id + "/transitions", Role::kCaseworker,
                 R"({"name": "consider_solutions", "input": {"department_has_answered": true},
                     "reason": "Kanariefugl ringede 010203-1234"})",
                 {{"Content-Type", "application/json"}, {"If-Match", "1"}, {"X-Request-Id", "transition-canary-1"}})
                .result(),
            status::ok);

  // The last line is written after the answer: wait for it, so the canary
  // checks below read the transition's line and cannot pass without it.
  const auto transition_line = [this] {
    for (const auto& line : RequestLines()) {
      if (line["request_id"] == "transition-canary-1") return true;
    }
    return false;
  };
  for (int tries = 0; tries < 100 && !transition_line(); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(transition_line()) << "the transition's request line never came: " << server_->Log();
  const std::string log = server_->Log();
  for (const char* canary : {"Kanariefugl", "Kanarisen", "kanariefugl@", "010203-1234", "20 30 40 50", "injected"}) {
    EXPECT_THAT(log, Not(HasSubstr(canary))) << canary;
  }
  const auto lines = RequestLines();
  ASSERT_GE(lines.size(), 4u) << log;
  bool intake_seen = false;
  bool search_seen = false;
  bool forged_seen = false;
  for (const auto& line : lines) {
    for (const char* field : {"time", "request_id", "method", "route", "status", "duration_ms", "user"}) {
      EXPECT_TRUE(line.contains(field)) << field << " in " << line.dump();
    }
    if (line["request_id"] == "intake-canary-1") {
      intake_seen = true;
      EXPECT_EQ(line["route"], "/v1/complaints");
      EXPECT_EQ(line["status"], 201);
      EXPECT_TRUE(line["user"].get<std::string>().starts_with("user:"));
    }
    if (line["method"] == "GET" && line["route"] == "/v1/complaints") search_seen = true;
    if (line["request_id"] == made) {
      forged_seen = true;
      EXPECT_EQ(line["route"], "/v1/complaints/{id}");
    }
  }
  EXPECT_TRUE(intake_seen);
  EXPECT_TRUE(search_seen);
  EXPECT_TRUE(forged_seen);
}

// JSON answers had no X-Content-Type-Options: a browser could sniff an
// error that echoes a value as HTML. Every answer carries it now.
TEST_F(OperationsHttpTest, EveryAnswerForbidsContentSniffing) {
  const auto nosniff = [](const HttpResponse& response) {
    return std::string(response["X-Content-Type-Options"]) == "nosniff";
  };
  const auto created = PostJson(kValidIntakeJson);
  ASSERT_EQ(created.result(), status::created);
  EXPECT_TRUE(nosniff(created)) << "API, created";
  EXPECT_TRUE(nosniff(Send(verb::get, "/v1/complaints", Role::kCaseworker))) << "API, list";
  EXPECT_TRUE(nosniff(SendHttp(server_->port(), verb::get, "/healthz"))) << "health";
  EXPECT_TRUE(nosniff(SendHttp(server_->port(), verb::get, "/v1/complaints"))) << "401";
  EXPECT_TRUE(nosniff(Send(verb::get, "/v1/no-such-thing", Role::kCaseworker))) << "API 404";
  EXPECT_TRUE(nosniff(Send(verb::post, "/v1/complaints", Role::kCaseworker, "x", {{"Content-Type", "text/plain"}})))
      << "415";
  EXPECT_TRUE(nosniff(SendHttp(server_->port(), verb::get, "/sign-in"))) << "page";
  EXPECT_TRUE(nosniff(SendHttp(server_->port(), verb::get, "/no-such-page"))) << "page 404";
  EXPECT_TRUE(nosniff(SendHttp(server_->port(), verb::get, "/static/0/app.css"))) << "static";
  EXPECT_TRUE(nosniff(SendHttp(MetricsPort(), verb::get, "/metrics"))) << "metrics";
  // Refused by the HTTP parser's checks, before any route.
  const std::string refused = SendRaw(server_->port(),
                                      "POST /v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_THAT(refused, HasSubstr("400 Bad Request"));
  EXPECT_THAT(refused, HasSubstr("X-Content-Type-Options: nosniff"));
}

}  // namespace
}  // namespace ombudsflow::testing
