// Sign-in load: THREADS clients sign valid accounts in with their right
// password, over and over, for SECONDS, each on a fresh connection and
// without backing off (client i signs in as account i modulo ACCOUNTS:
// EMAIL with the number before its '@', bench3@..., or EMAIL itself for
// one account); meanwhile another client (its own loopback address)
// times /healthz. Prints sign-ins that succeeded, 429s by reason, other
// answers, the server's resident memory before, at its peak (VmHWM, reset
// first through /proc/PID/clear_refs) and after, and /healthz p50/p99.
// For bench/sign_in_load.sh; it asserts nothing.
#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "bench/probe.h"

namespace {

using namespace ombudsflow;
using namespace ombudsflow::bench;

// VmRSS or VmHWM of `pid`, in MiB.
double MemoryMiB(int pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(field + ":", 0) == 0) {
      std::istringstream values(line.substr(field.size() + 1));
      double kib = 0;
      values >> kib;
      return kib / 1024.0;
    }
  }
  return -1;
}

struct Tally {
  std::atomic<long> ok{0}, busy{0}, locked{0}, address_limited{0}, other{0};
};

void SignInOnce(unsigned short port, const std::string& body, Tally& tally) {
  try {
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    HttpRequest request{http::verb::post, "/v1/sessions", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.set(http::field::connection, "close");
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    HttpResponse response;
    http::read(stream, buffer, response);
    if (response.result() == http::status::created) {
      ++tally.ok;
    } else if (response.result() == http::status::too_many_requests) {
      const std::string& text = response.body();
      if (text.find("passwords") != std::string::npos) {
        ++tally.busy;
      } else if (text.find("credentials from this address") != std::string::npos) {
        ++tally.address_limited;
      } else {
        if (tally.locked++ == 0) std::cerr << "first other 429: " << text << std::endl;
      }
    } else {
      ++tally.other;
    }
  } catch (const std::exception&) {
    ++tally.other;
  }
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("sign_in_load options");
  options.add_options()
      ("port", po::value<unsigned short>()->required(), "the server's port on 127.0.0.1")
      ("pid", po::value<int>()->required(), "the server's process id, for its memory")
      ("email", po::value<std::string>()->required(), "the account, or the pattern of the accounts' e-mail")
      ("accounts", po::value<int>()->default_value(1), "how many accounts: EMAIL with 0, 1, ... before the '@'")
      ("password", po::value<std::string>()->required(), "its right password")
      ("threads", po::value<int>()->default_value(8), "clients signing in at once")
      ("seconds", po::value<int>()->default_value(20), "how long")
      ("probe-source", po::value<std::string>()->default_value("127.0.0.3"), "the /healthz client's address");
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, options), values);
  po::notify(values);
  const unsigned short port = values["port"].as<unsigned short>();
  const int pid = values["pid"].as<int>();
  const int threads = values["threads"].as<int>();
  const int accounts = std::max(1, values["accounts"].as<int>());
  const auto body = [&](int client) {
    std::string email = values["email"].as<std::string>();
    if (accounts > 1) email.insert(email.find('@'), std::to_string(client % accounts));
    return "{\"email\": \"" + email + "\", \"password\": \"" + values["password"].as<std::string>() + "\"}";
  };

  std::ofstream("/proc/" + std::to_string(pid) + "/clear_refs") << "5";  // VmHWM := VmRSS
  const double rss_before = MemoryMiB(pid, "VmRSS");
  HealthProber prober(values["probe-source"].as<std::string>(), port, std::chrono::milliseconds(10));
  Tally tally;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int i = 0; i < threads; ++i) {
    clients.emplace_back([&, request = body(i)] {
      while (!stop) SignInOnce(port, request, tally);
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(values["seconds"].as<int>()));
  stop = true;
  for (auto& client : clients) client.join();
  const Percentiles health = prober.Stop();
  const double hwm = MemoryMiB(pid, "VmHWM");
  const double rss_after = MemoryMiB(pid, "VmRSS");
  std::cout << "threads " << threads << " accounts " << accounts << " seconds " << values["seconds"].as<int>() << " sign_ins_ok " << tally.ok
            << " 429_busy " << tally.busy << " 429_address_limit " << tally.address_limited << " 429_locked "
            << tally.locked << " other " << tally.other << "\n"
            << "  rss_before_mib " << rss_before << " peak_mib " << hwm << " growth_mib " << hwm - rss_before
            << " rss_after_mib " << rss_after << "\n"
            << "  healthz p50_ms " << health.p50 << " p99_ms " << health.p99 << " max_ms " << health.max
            << " probes " << health.count << " failed " << health.failed << std::endl;
  return 0;
}
