// Issue #25, finding 6: one client filled every connection with idle ones
// and nobody else was served. Each address now has a limit of its own, and
// near the cap idle connections make room. Real sockets; the clients bind
// to other loopback addresses (all of 127.0.0.0/8 is loopback on Linux) to
// act as other addresses than 127.0.0.1, which is exempt by default.
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using tcp = net::ip::tcp;

// A connection from `source` (a loopback address) to the server.
tcp::socket ConnectFrom(net::io_context& io, const std::string& source, unsigned short port) {
  tcp::socket socket(io);
  socket.open(tcp::v4());
  socket.bind(tcp::endpoint(net::ip::make_address(source), 0));
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  return socket;
}

// How many of `sockets` the server closes (end of stream or reset) within
// `wait`; reads nothing that the server sent before closing.
std::size_t ClosedWithin(std::vector<tcp::socket>& sockets, std::chrono::milliseconds wait) {
  std::vector<bool> closed(sockets.size(), false);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < sockets.size(); ++i) {
      if (closed[i]) continue;
      fds.push_back({sockets[i].native_handle(), POLLIN | POLLRDHUP, 0});
      index.push_back(i);
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (fds.empty() || left.count() <= 0) break;
    if (poll(fds.data(), fds.size(), static_cast<int>(left.count())) <= 0) break;
    for (std::size_t j = 0; j < fds.size(); ++j) {
      if (fds[j].revents == 0) continue;
      char byte = 0;
      const ssize_t n = recv(fds[j].fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n <= 0) closed[index[j]] = true;
    }
  }
  std::size_t count = 0;
  for (bool c : closed) count += c ? 1 : 0;
  return count;
}

// GET /healthz on a fresh connection from `source`, waiting at most `wait`
// for the answer; a failure is status 0 (internal_server_error would be a
// real answer).
unsigned HealthFrom(const std::string& source, unsigned short port,
                    std::chrono::milliseconds wait = std::chrono::seconds(5)) {
  try {
    net::io_context io;
    beast::tcp_stream stream(ConnectFrom(io, source, port));
    stream.expires_after(wait);
    HttpRequest request{verb::get, "/healthz", 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    HttpResponse response;
    http::read(stream, buffer, response);
    return response.result_int();
  } catch (const std::exception&) {
    return 0;
  }
}

class ConnectionLimitsTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--max-connections-per-address", "8"}; }
};

TEST_F(ConnectionLimitsTest, OneAddressBeyondItsLimitIsClosedAndOthersAreServed) {
  net::io_context io;
  std::vector<tcp::socket> flood;
  for (int i = 0; i < 20; ++i) flood.push_back(ConnectFrom(io, "127.0.0.2", server_->port()));
  // The twelve beyond the limit are closed unread, at once; the first
  // eight stay (their request timeout is 30 s).
  EXPECT_EQ(ClosedWithin(flood, std::chrono::seconds(2)), 12u);
  // Meanwhile others are served: another address, and the exempt 127.0.0.1.
  EXPECT_EQ(HealthFrom("127.0.0.3", server_->port()), 200u);
  EXPECT_EQ(SendHttp(server_->port(), verb::get, "/healthz").result(), status::ok);
  // The flooding address itself is served again once it closes some.
  flood.clear();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(HealthFrom("127.0.0.2", server_->port()), 200u);
}

TEST_F(ConnectionLimitsTest, ExemptAddressesHaveNoPerAddressLimit) {
  net::io_context io;
  std::vector<tcp::socket> proxied;
  for (int i = 0; i < 20; ++i) proxied.push_back(ConnectFrom(io, "127.0.0.1", server_->port()));
  EXPECT_EQ(ClosedWithin(proxied, std::chrono::seconds(1)), 0u);
  EXPECT_EQ(HealthFrom("127.0.0.1", server_->port()), 200u);
}

class ConnectionPressureTest : public ServerFixture {
 protected:
  std::vector<std::string> ServerArgs() const override { return {"--max-connections", "8"}; }
};

// At the cap, a new client used to wait in the backlog until an idle
// connection timed out (60 s by default); now idle ones make room at once.
TEST_F(ConnectionPressureTest, IdleConnectionsAreClosedToMakeRoomForANewClient) {
  net::io_context io;
  std::vector<beast::tcp_stream> idle;
  for (int i = 0; i < 8; ++i) {
    beast::tcp_stream& stream = idle.emplace_back(ConnectFrom(io, "127.0.0.2", server_->port()));
    HttpRequest request{verb::get, "/healthz", 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    HttpResponse response;
    http::read(stream, buffer, response);
    ASSERT_EQ(response.result(), status::ok);
    ASSERT_TRUE(response.keep_alive());  // now it idles, waiting for its next request
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(HealthFrom("127.0.0.3", server_->port(), std::chrono::seconds(5)), 200u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  std::vector<tcp::socket> sockets;
  for (auto& stream : idle) sockets.push_back(stream.release_socket());
  EXPECT_GE(ClosedWithin(sockets, std::chrono::seconds(1)), 1u);
}

}  // namespace
}  // namespace ombudsflow::testing
