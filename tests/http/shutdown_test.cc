// SIGTERM under load: the server stops accepting, answers every request it
// took in, and only then exits. A client's 2xx is always in the database,
// and nothing is in the database that its client was not answered.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using namespace ombudsflow::api;

using ShutdownTest = ServerFixture;

TEST_F(ShutdownTest, SigtermUnderLoadAnswersEveryRequestItCommitted) {
  const std::string token = tokens_[Role::kCaseworker];
  const unsigned short port = server_->port();
  std::mutex mutex;
  std::set<std::string> answered;  // Idempotency-Keys answered 201
  std::atomic<int> sent{0};
  std::atomic<bool> go{true};
  std::vector<std::thread> clients;
  for (int client = 0; client < 8; ++client) {
    clients.emplace_back([&, client] {
      net::io_context io;
      beast::tcp_stream stream(io);
      beast::error_code ec;
      stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
      for (int n = 0; !ec && go; ++n) {
        const std::string key = "shutdown-" + std::to_string(client) + "-" + std::to_string(n);
        Request request{http::verb::post, "/v1/complaints", 11};
        request.set(http::field::host, "127.0.0.1");
        request.set(http::field::authorization, "Bearer " + token);
        request.set(http::field::content_type, "application/json");
        request.set("Idempotency-Key", key);
        request.body() = kValidIntakeJson;
        request.prepare_payload();
        stream.expires_after(std::chrono::seconds(20));
        http::write(stream, request, ec);
        if (ec) break;
        ++sent;
        beast::flat_buffer buffer;
        Response response;
        http::read(stream, buffer, response, ec);
        if (ec) break;  // closed before it was answered
        if (response.result() == http::status::created) {
          std::lock_guard lock(mutex);
          answered.insert(key);
        }
        if (!response.keep_alive()) {
          // Connection: close during the drain; a new connection is refused.
          stream.socket().close(ec);
          stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
        }
      }
    });
  }
  // SIGTERM once the load is going, however long this machine takes to
  // get there: the drain is tested under load, not a fixed time after it.
  const auto load_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const auto answered_so_far = [&] {
    std::lock_guard lock(mutex);
    return answered.size();
  };
  while (answered_so_far() < 20 && std::chrono::steady_clock::now() < load_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto stopping = std::chrono::steady_clock::now();
  const int status = server_->Stop(SIGTERM);
  const auto stop_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stopping);
  go = false;
  for (auto& client : clients) client.join();

  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "wait status " << status;
  EXPECT_GE(answered.size(), 20u) << "the load never got going within a minute";
  std::string keys;
  for (const auto& key : answered) keys += (keys.empty() ? "'" : ", '") + key + "'";
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE idempotency_key IN (" + keys + ")"),
            static_cast<long long>(answered.size()))
      << "a 2xx the client got is not in the database";
  EXPECT_EQ(database_->Scalar("SELECT count(*) FROM complaints WHERE idempotency_key LIKE 'shutdown-%'"),
            static_cast<long long>(answered.size()))
      << "the database holds a complaint whose client got no answer";
  RecordProperty("requests_sent", sent.load());
  RecordProperty("answered_201", static_cast<int>(answered.size()));
  RecordProperty("stop_ms", static_cast<int>(stop_ms.count()));
}

}  // namespace
}  // namespace ombudsflow::testing
