#pragma once

#include <sys/types.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ombudsflow::testing {

/// The real `ombudsflow serve` in a child process on a free loopback port,
/// for tests that need the whole server: sockets, restarts, SIGKILL.
class ServerProcess {
 public:
  /// Starts the server and waits until it listens. Throws when it exits or
  /// does not listen within 20 s, with its log in the message.
  [[nodiscard]] static std::unique_ptr<ServerProcess> Start(
      const std::string& conninfo, const std::vector<std::string>& extra_args = {});

  /// Sends SIGTERM and waits, unless the process is already gone.
  ~ServerProcess();

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] pid_t pid() const { return pid_; }

  /// Sends `signal` and waits for the process to end; returns its wait status.
  int Stop(int signal);

  /// Everything the server logged so far.
  [[nodiscard]] std::string Log() const;

 private:
  ServerProcess() = default;
  void DrainOutput(int fd);

  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string log_;
  bool output_closed_ = false;
};

/// Path of the ombudsflow binary under test: the one built with the tests,
/// or OMBUDSFLOW_TEST_BINARY when set.
[[nodiscard]] std::string OmbudsflowBinary();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the ombudsflow binary with `args` to completion, `input` on its stdin.
[[nodiscard]] CommandResult RunOmbudsflow(const std::vector<std::string>& args, const std::string& input = {});

}  // namespace ombudsflow::testing
