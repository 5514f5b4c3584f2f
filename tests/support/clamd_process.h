#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace ombudsflow::testing {

/// The EICAR anti-virus test file: harmless, and every scanner's test.
inline constexpr std::string_view kEicar =
    R"(X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*)";

/// A real ClamAV daemon (Debian's clamav-daemon) in a child process, on a
/// local socket in a folder of its own, with a signature database written
/// here that knows the EICAR test file and nothing else: no network, no
/// freshclam.
class ClamdProcess {
 public:
  /// Starts it and waits until it answers PING; throws with its log otherwise.
  [[nodiscard]] static std::unique_ptr<ClamdProcess> Start();
  ~ClamdProcess();

  [[nodiscard]] std::string socket_path() const { return (folder_ / "clamd.sock").string(); }

  /// Stops it (SIGTERM): its socket is gone until Restart.
  void Stop();
  /// Starts it again on the same socket and waits until it answers.
  void Restart();

 private:
  ClamdProcess() = default;
  void Spawn();
  pid_t pid_ = -1;
  std::filesystem::path folder_;
};

}  // namespace ombudsflow::testing
