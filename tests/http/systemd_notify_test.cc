// Under systemd (deploy/systemd/ombudsflow.service, Type=notify) the server
// says READY=1 once it answers, and STOPPING=1 when SIGTERM starts its
// drain. systemd's side of the protocol is a datagram socket named in
// NOTIFY_SOCKET: this test is that socket.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tests/support/http_client.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;

// A bound datagram socket in a folder of its own, as systemd makes one.
class NotifySocket {
 public:
  NotifySocket() {
    char folder[] = "/tmp/ombudsflow-notify-XXXXXX";
    if (::mkdtemp(folder) == nullptr) throw std::runtime_error("mkdtemp");
    folder_ = folder;
    path_ = folder_ + "/notify";
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
      throw std::runtime_error("cannot bind " + path_);
    }
  }
  ~NotifySocket() {
    ::close(fd_);
    ::unlink(path_.c_str());
    ::rmdir(folder_.c_str());
  }
  [[nodiscard]] const std::string& path() const { return path_; }

  // The next message, or "" when none comes within `wait`.
  std::string Next(std::chrono::milliseconds wait) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(wait.count())) != 1) return {};
    char buffer[4096];
    const ssize_t got = ::recv(fd_, buffer, sizeof(buffer), 0);
    return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : std::string();
  }

 private:
  std::string folder_, path_;
  int fd_ = -1;
};

TEST(SystemdNotifyTest, ReadyOnceItAnswersAndStoppingWhenTheDrainBegins) {
  auto database = TestDatabase::Migrated();
  NotifySocket notify;
  ::setenv("NOTIFY_SOCKET", notify.path().c_str(), 1);
  auto server = ServerProcess::Start(database->server_conninfo());
  ::unsetenv("NOTIFY_SOCKET");

  const std::string ready = notify.Next(std::chrono::seconds(20));
  EXPECT_THAT(ready, HasSubstr("READY=1")) << server->Log();
  EXPECT_EQ(SendHttp(server->port(), http::verb::get, "/healthz").result_int(), 200);
  EXPECT_EQ(notify.Next(std::chrono::milliseconds(200)), "") << "one READY, nothing more while it serves";

  const int status = server->Stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << server->Log();
  EXPECT_THAT(notify.Next(std::chrono::seconds(5)), HasSubstr("STOPPING=1"));
}

}  // namespace
}  // namespace ombudsflow::testing
