#pragma once
// What the load benchmarks share: a /healthz prober from its own loopback
// address, on a fresh connection per request (so waiting for a connection
// slot counts), and percentiles.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "engine/net/beast.h"

namespace ombudsflow::bench {

using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// Milliseconds for GET /healthz from `source`; -1 on failure or after `wait`.
inline double ProbeHealth(const std::string& source, unsigned short port,
                          std::chrono::milliseconds wait = std::chrono::seconds(5)) {
  const auto start = Clock::now();
  try {
    net::io_context io;
    tcp::socket socket(io);
    socket.open(tcp::v4());
    socket.bind(tcp::endpoint(net::ip::make_address(source), 0));
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(wait);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    HttpRequest request{http::verb::get, "/healthz", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::connection, "close");
    http::write(stream, request);
    beast::flat_buffer buffer;
    HttpResponse response;
    http::read(stream, buffer, response);
    if (response.result() != http::status::ok) return -1;
  } catch (const std::exception&) {
    return -1;
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
  std::size_t count = 0;
  int failed = 0;
};

inline Percentiles Summarise(std::vector<double> times, int failed) {
  std::sort(times.begin(), times.end());
  const auto at = [&](double p) { return times.empty() ? 0.0 : times[static_cast<std::size_t>(p * (times.size() - 1))]; };
  return {at(0.50), at(0.99), times.empty() ? 0.0 : times.back(), times.size(), failed};
}

// Probes /healthz every `interval` until `stop`; a failed probe (timeout
// included) counts apart and not in the percentiles.
class HealthProber {
 public:
  HealthProber(std::string source, unsigned short port, std::chrono::milliseconds interval)
      : thread_([this, source = std::move(source), port, interval] {
          while (!stop_) {
            const double ms = ProbeHealth(source, port);
            if (ms < 0) {
              ++failed_;
            } else {
              times_.push_back(ms);
            }
            std::this_thread::sleep_for(interval);
          }
        }) {}

  Percentiles Stop() {
    stop_ = true;
    thread_.join();
    return Summarise(times_, failed_);
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<double> times_;
  int failed_ = 0;
  std::thread thread_;
};

}  // namespace ombudsflow::bench
