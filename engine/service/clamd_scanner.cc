#include "engine/service/clamd_scanner.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ombudsflow::service {
namespace {

// The most of one INSTREAM chunk: clamd takes any length up to its
// StreamMaxLength, and 256 KiB keeps each write short.
constexpr std::size_t kChunkBytes = 256 * 1024;
// A reply is one short line ("stream: <signature> FOUND"); more is not clamd.
constexpr std::size_t kMaxReplyBytes = 4096;

Error Unavailable(const std::string& what) { return MakeError(ErrorCode::kUnavailable, "virus scanner: " + what); }

// A connected socket that closes itself.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }

  Result<void> Open(const std::string& path, std::chrono::milliseconds timeout) {
    sockaddr_un address{};
    if (path.size() >= sizeof(address.sun_path)) return std::unexpected(Unavailable("socket path too long"));
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, path.data(), path.size());
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return std::unexpected(Unavailable(std::strerror(errno)));
    timeval limit{};
    limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    limit.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit));
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
      return std::unexpected(Unavailable("cannot reach clamd at " + path + ": " + std::strerror(errno)));
    }
    return {};
  }

  // Writes all of `bytes`; false when clamd stopped reading (it closes
  // after refusing a stream over its limit: its reply says why).
  bool Write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent < 0 && errno == EINTR) continue;
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }

  // The reply up to its NUL terminator (the "z" commands' framing).
  Result<std::string> Reply() {
    std::string reply;
    char buffer[512];
    while (reply.size() < kMaxReplyBytes) {
      const ssize_t got = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return std::unexpected(Unavailable(std::string("no reply: ") + std::strerror(errno)));
      if (got == 0) break;
      reply.append(buffer, static_cast<std::size_t>(got));
      if (const auto end = reply.find('\0'); end != std::string::npos) return reply.substr(0, end);
    }
    if (reply.empty()) return std::unexpected(Unavailable("clamd closed without a reply"));
    return reply;
  }

 private:
  int fd_ = -1;
};

std::string ChunkLength(std::size_t length) {
  const std::uint32_t network = htonl(static_cast<std::uint32_t>(length));
  return std::string(reinterpret_cast<const char*>(&network), sizeof(network));
}

}  // namespace

Result<ScanVerdict> ClamdScanner::Scan(const std::function<std::string_view()>& next) const {
  Connection connection;
  if (auto opened = connection.Open(socket_path_, timeout_); !opened) return std::unexpected(opened.error());
  bool writing = connection.Write(std::string_view("zINSTREAM\0", 10));
  for (std::string_view bytes = next(); writing && !bytes.empty(); bytes = next()) {
    while (writing && !bytes.empty()) {
      const std::string_view chunk = bytes.substr(0, kChunkBytes);
      writing = connection.Write(ChunkLength(chunk.size())) && connection.Write(chunk);
      bytes.remove_prefix(chunk.size());
    }
  }
  if (writing) writing = connection.Write(ChunkLength(0));
  // Read the reply whether or not every byte went: a refusal says why.
  auto reply = connection.Reply();
  if (!reply) return std::unexpected(reply.error());
  if (*reply == "stream: OK") {
    if (!writing) return std::unexpected(Unavailable("clamd stopped reading before the end"));
    return ScanVerdict{};
  }
  constexpr std::string_view kPrefix = "stream: ";
  constexpr std::string_view kFound = " FOUND";
  if (reply->starts_with(kPrefix) && reply->ends_with(kFound) && reply->size() > kPrefix.size() + kFound.size()) {
    return ScanVerdict{true, reply->substr(kPrefix.size(), reply->size() - kPrefix.size() - kFound.size())};
  }
  return std::unexpected(Unavailable("clamd answered: " + *reply));
}

Result<ScanVerdict> ClamdScanner::Scan(std::string_view bytes) const {
  bool given = false;
  return Scan([&]() -> std::string_view {
    if (given) return {};
    given = true;
    return bytes;
  });
}

Result<void> ClamdScanner::Ping() const {
  Connection connection;
  if (auto opened = connection.Open(socket_path_, timeout_); !opened) return std::unexpected(opened.error());
  if (!connection.Write(std::string_view("zPING\0", 6))) return std::unexpected(Unavailable("cannot send PING"));
  auto reply = connection.Reply();
  if (!reply) return std::unexpected(reply.error());
  if (*reply != "PONG") return std::unexpected(Unavailable("clamd answered PING with: " + *reply));
  return {};
}

}  // namespace ombudsflow::service
