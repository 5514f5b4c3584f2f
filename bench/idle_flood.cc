// Idle flood: CONNECTIONS connections from one address (FLOOD_SOURCE, a
// loopback address of its own) that never send a byte, each reopened as
// soon as the server closes it, for SECONDS; meanwhile another client
// (PROBE_SOURCE) times /healthz on fresh connections. Prints /healthz
// p50/p99 (and failures: no answer within 5 s), how many flood connections
// were accepted, how many the server closed, and how many were open at the
// end. For bench/idle_flood.sh; it asserts nothing.
#include <boost/program_options.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "bench/probe.h"

namespace {

using namespace ombudsflow;
using namespace ombudsflow::bench;

// One flood connection: a non-blocking socket, connecting or connected.
struct Idle {
  int fd = -1;
  bool connected = false;
};

int OpenFrom(const std::string& source, unsigned short port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS)) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description options("idle_flood options");
  options.add_options()
      ("port", po::value<unsigned short>()->required(), "the server's port on 127.0.0.1")
      ("connections", po::value<int>()->default_value(5000), "idle connections the flood keeps trying to hold")
      ("seconds", po::value<int>()->default_value(20), "how long the flood lasts, probes included")
      ("flood-source", po::value<std::string>()->default_value("127.0.0.2"), "the flood's address")
      ("probe-source", po::value<std::string>()->default_value("127.0.0.3"), "the /healthz client's address");
  po::variables_map values;
  po::store(po::parse_command_line(argc, argv, options), values);
  po::notify(values);
  const unsigned short port = values["port"].as<unsigned short>();
  const std::string source = values["flood-source"].as<std::string>();

  std::vector<Idle> flood(static_cast<std::size_t>(values["connections"].as<int>()));
  long accepted = 0, closed_by_server = 0, failed_opens = 0;
  const auto reopen = [&](Idle& idle) {
    if (idle.fd >= 0) close(idle.fd);
    idle = {OpenFrom(source, port), false};
    if (idle.fd < 0) ++failed_opens;
  };
  for (auto& idle : flood) reopen(idle);
  HealthProber prober(values["probe-source"].as<std::string>(), port, std::chrono::milliseconds(5));
  const auto until = Clock::now() + std::chrono::seconds(values["seconds"].as<int>());
  std::vector<pollfd> fds(flood.size());
  while (Clock::now() < until) {
    for (std::size_t i = 0; i < flood.size(); ++i) {
      fds[i] = {flood[i].fd, static_cast<short>(flood[i].connected ? (POLLIN | POLLRDHUP) : POLLOUT), 0};
    }
    if (poll(fds.data(), fds.size(), 100) < 0) break;
    for (std::size_t i = 0; i < flood.size(); ++i) {
      Idle& idle = flood[i];
      if (idle.fd < 0) {
        reopen(idle);
        continue;
      }
      const short events = fds[i].revents;
      if (events == 0) continue;
      if (!idle.connected) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(idle.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error == 0 && (events & POLLOUT)) {
          idle.connected = true;
          ++accepted;  // by the kernel: the server may still close it unread
          continue;
        }
        reopen(idle);
        continue;
      }
      char byte = 0;
      if (recv(idle.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) {
        ++closed_by_server;
        reopen(idle);
      }
    }
    // At most a round of reopening every 100 ms: a steady flood, not a spin.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const Percentiles health = prober.Stop();
  long open_at_end = 0;
  for (const auto& idle : flood) {
    if (idle.fd >= 0 && idle.connected) {
      char byte = 0;
      const ssize_t n = recv(idle.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
      if (n < 0 && errno == EAGAIN) ++open_at_end;
    }
    if (idle.fd >= 0) close(idle.fd);
  }
  std::cout << "flood connections " << flood.size() << " from " << source << ": connected " << accepted
            << " closed_by_server " << closed_by_server << " open_at_end " << open_at_end << " failed_opens "
            << failed_opens << "\n"
            << "healthz p50_ms " << health.p50 << " p99_ms " << health.p99 << " max_ms " << health.max
            << " probes " << health.count << " failed " << health.failed << std::endl;
  return 0;
}
