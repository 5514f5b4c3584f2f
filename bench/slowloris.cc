// Slowloris: many connections that trickle their request headers, a byte
// at a time, and never finish, reconnecting whenever the server closes
// them. Meanwhile a prober measures /healthz and an authenticated GET, each
// on a fresh connection (so waiting for a connection slot counts): without
// the attack, under it (once the server's header timeout has closed the
// first slow connections and they came back), and without it again. Prints
// p50 and p99 of each phase and the ratios under/before and under/after.
// For bench/slowloris.sh; it asserts nothing.
#include <boost/program_options.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/net/beast.h"

namespace {

using namespace ombudsflow;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// One slow client: connect, send the start of a request, then one more
// header byte every `interval`; on any error start again.
class Trickler : public std::enable_shared_from_this<Trickler> {
 public:
  Trickler(net::io_context& io, tcp::endpoint server, std::chrono::milliseconds interval,
           std::atomic<long>& reconnects)
      : socket_(io), timer_(io), server_(server), interval_(interval), reconnects_(reconnects) {}

  void Start() { Connect(); }

 private:
  void Connect() {
    beast::error_code ignored;
    socket_.close(ignored);
    socket_.async_connect(server_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->Later([self] { self->Connect(); });
      self->Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    });
  }

  void Send(std::string text) {
    auto buffer = std::make_shared<std::string>(std::move(text));
    net::async_write(socket_, net::buffer(*buffer), [self = shared_from_this(), buffer](beast::error_code ec, std::size_t) {
      if (ec) {
        ++self->reconnects_;
        return self->Later([self] { self->Connect(); });
      }
      self->Later([self] { self->Send("a"); });
    });
  }

  template <class Then>
  void Later(Then then) {
    timer_.expires_after(interval_);
    timer_.async_wait([then](beast::error_code ec) {
      if (!ec) then();
    });
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  tcp::endpoint server_;
  std::chrono::milliseconds interval_;
  std::atomic<long>& reconnects_;
};

// Milliseconds for one request on a fresh connection; -1 on failure.
double Probe(const tcp::endpoint& server, const std::string& target, const std::string& token) {
  const auto start = Clock::now();
  try {
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(server);
    HttpRequest request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::connection, "close");
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
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

struct Figures {
  double p50 = 0, p99 = 0;
  int failed = 0;
};

Figures Measure(const tcp::endpoint& server, const std::string& target, const std::string& token, int count) {
  std::vector<double> times;
  Figures figures;
  for (int i = 0; i < count; ++i) {
    const double ms = Probe(server, target, token);
    if (ms < 0) {
      ++figures.failed;
    } else {
      times.push_back(ms);
    }
  }
  std::sort(times.begin(), times.end());
  const auto at = [&](double p) { return times.empty() ? 0.0 : times[static_cast<std::size_t>(p * (times.size() - 1))]; };
  figures.p50 = at(0.50);
  figures.p99 = at(0.99);
  return figures;
}

void Print(const std::string& phase, const std::string& what, const Figures& figures) {
  std::cout << phase << " " << what << " p50_ms " << figures.p50 << " p99_ms " << figures.p99 << " failed "
            << figures.failed << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("slowloris options");
  options.add_options()
      ("port", po::value<unsigned short>()->required(), "the server's port on 127.0.0.1")
      ("token", po::value<std::string>()->required(), "a token for the authenticated GET")
      ("target", po::value<std::string>()->required(), "the authenticated GET's target")
      ("connections", po::value<int>()->default_value(1000), "slow connections")
      ("interval-ms", po::value<int>()->default_value(5000), "between one slow byte and the next")
      ("probes", po::value<int>()->default_value(1000), "requests per measurement")
      ("ramp-seconds", po::value<int>()->default_value(40),
       "attack time before measuring: past the server's request timeout (30 s), so reconnects are part of it");
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, options), values);
  po::notify(values);
  const tcp::endpoint server(net::ip::make_address("127.0.0.1"), values["port"].as<unsigned short>());
  const std::string token = values["token"].as<std::string>();
  const std::string target = values["target"].as<std::string>();
  const int probes = values["probes"].as<int>();

  Measure(server, "/healthz", {}, 100);  // warm up
  const Figures normal_health = Measure(server, "/healthz", {}, probes);
  const Figures normal_get = Measure(server, target, token, probes);
  Print("normal", "healthz", normal_health);
  Print("normal", "get", normal_get);

  net::io_context io;
  std::atomic<long> reconnects{0};
  for (int i = 0; i < values["connections"].as<int>(); ++i) {
    std::make_shared<Trickler>(io, server, std::chrono::milliseconds(values["interval-ms"].as<int>()), reconnects)
        ->Start();
  }
  std::thread attack([&io] { io.run(); });
  std::this_thread::sleep_for(std::chrono::seconds(values["ramp-seconds"].as<int>()));
  const Figures attacked_health = Measure(server, "/healthz", {}, probes);
  const Figures attacked_get = Measure(server, target, token, probes);
  Print("slowloris", "healthz", attacked_health);
  Print("slowloris", "get", attacked_get);
  std::cout << "slow_connections " << values["connections"].as<int>() << " reconnects " << reconnects.load()
            << std::endl;
  io.stop();
  attack.join();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const Figures after_health = Measure(server, "/healthz", {}, probes);
  const Figures after_get = Measure(server, target, token, probes);
  Print("after", "healthz", after_health);
  Print("after", "get", after_get);
  const auto ratio = [](double under, double normal) { return normal > 0 ? under / normal : 0.0; };
  std::cout << "ratio p99 under/before healthz " << ratio(attacked_health.p99, normal_health.p99) << " get "
            << ratio(attacked_get.p99, normal_get.p99) << "; under/after healthz "
            << ratio(attacked_health.p99, after_health.p99) << " get " << ratio(attacked_get.p99, after_get.p99)
            << std::endl;
  return 0;
}
