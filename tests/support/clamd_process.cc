#include "tests/support/clamd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/service/clamd_scanner.h"
#include "tests/support/file_contents.h"

extern char** environ;

namespace ombudsflow::testing {
namespace {

// EICAR as a ClamAV extended signature: its bytes in hex, anywhere in a file.
std::string EicarSignature() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (const unsigned char c : kEicar) {
    hex += kHex[c >> 4];
    hex += kHex[c & 0xf];
  }
  return "Eicar-Test-Signature:0:*:" + hex + "\n";
}

}  // namespace

std::unique_ptr<ClamdProcess> ClamdProcess::Start() {
  std::unique_ptr<ClamdProcess> clamd(new ClamdProcess());
  char folder[] = "/tmp/ombudsflow-clamd-XXXXXX";
  if (mkdtemp(folder) == nullptr) throw std::runtime_error("cannot make clamd's folder");
  clamd->folder_ = folder;
  std::filesystem::create_directories(clamd->folder_ / "db");
  std::filesystem::create_directories(clamd->folder_ / "tmp");
  std::ofstream(clamd->folder_ / "db" / "eicar.ndb") << EicarSignature();
  // No User line: run as whoever runs the tests. AlertExceedsMax: a file
  // beyond the limits is reported, never passed as clean.
  std::ofstream(clamd->folder_ / "clamd.conf") << "Foreground yes\n"
                                               << "LocalSocket " << clamd->socket_path() << "\n"
                                               << "DatabaseDirectory " << (clamd->folder_ / "db").string() << "\n"
                                               << "TemporaryDirectory " << (clamd->folder_ / "tmp").string() << "\n"
                                               << "StreamMaxLength 8M\n"
                                               << "MaxFileSize 8M\n"
                                               << "AlertExceedsMax yes\n"
                                               << "CommandReadTimeout 5\n";
  clamd->Spawn();
  return clamd;
}

void ClamdProcess::Spawn() {
  const std::string log = (folder_ / "clamd.log").string();
  const std::string config = "--config-file=" + (folder_ / "clamd.conf").string();
  std::vector<char*> argv = {const_cast<char*>("clamd"), const_cast<char*>(config.c_str()), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  // Debian puts clamd in /usr/sbin, which a test's PATH may lack.
  const int rc = posix_spawn(&pid_, "/usr/sbin/clamd", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start /usr/sbin/clamd: is clamav-daemon installed? deploy/test.sh installs it");
  const service::ClamdScanner scanner(socket_path(), std::chrono::seconds(2));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!scanner.Ping()) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("clamd exited: " + FileContents(log));
    }
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("clamd never answered: " + FileContents(log));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void ClamdProcess::Stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::error_code ignored;
  std::filesystem::remove(socket_path(), ignored);
}

void ClamdProcess::Restart() {
  Stop();
  Spawn();
}

ClamdProcess::~ClamdProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

}  // namespace ombudsflow::testing
