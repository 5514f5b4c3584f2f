#include "tests/support/smtp_receiver.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

extern char** environ;

namespace ombudsflow::testing {

std::unique_ptr<SmtpReceiver> SmtpReceiver::Start() {
  std::unique_ptr<SmtpReceiver> receiver(new SmtpReceiver());
  char folder[] = "/tmp/ombudsflow-smtp-XXXXXX";
  if (mkdtemp(folder) == nullptr) throw std::runtime_error("cannot make the SMTP receiver's folder");
  receiver->folder_ = folder;
  receiver->output_path_ = receiver->folder_ / "receiver.log";
  const int out = open(receiver->output_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // Debian's python3, which has python3-aiosmtpd (a python3 earlier on PATH may not).
  std::vector<std::string> args = {"/usr/bin/python3", std::string(OMBUDSFLOW_TEST_SUPPORT_DIR) + "/smtp_receiver.py",
                                   receiver->folder_.string()};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const int rc = posix_spawn(&receiver->pid_, "/usr/bin/python3", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out);
  if (rc != 0) throw std::runtime_error("cannot start python3 for the SMTP receiver");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream file(receiver->output_path_);
    std::stringstream text;
    text << file.rdbuf();
    const std::string output = text.str();
    if (auto at = output.find("listening "); at != std::string::npos && output.find('\n', at) != std::string::npos) {
      receiver->port_ = static_cast<unsigned short>(std::stoi(output.substr(at + 10)));
      return receiver;
    }
    int status = 0;
    if (waitpid(receiver->pid_, &status, WNOHANG) == receiver->pid_) {
      receiver->pid_ = -1;
      throw std::runtime_error("the SMTP receiver exited (is python3-aiosmtpd installed? deploy/test.sh installs it):\n" +
                               output);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the SMTP receiver did not start within 20 s");
}

SmtpReceiver::~SmtpReceiver() {
  if (pid_ > 0) {
    kill(pid_, SIGINT);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

}  // namespace ombudsflow::testing
