#include "tests/support/child_process.h"

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

extern char** environ;

namespace ombudsflow::testing {

ListeningChild StartListeningChild(std::vector<std::string> args, const std::string& output_path,
                                   const std::string& hint, int seconds) {
  const int out = open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (out < 0) throw std::runtime_error("cannot write " + output_path);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  ListeningChild child;
  const int rc = posix_spawnp(&child.pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0] + " (" + hint + ")");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream file(output_path);
    std::stringstream text;
    text << file.rdbuf();
    const std::string output = text.str();
    if (auto at = output.find("listening "); at != std::string::npos && output.find('\n', at) != std::string::npos) {
      child.listening = output.substr(at + 10, output.find('\n', at) - at - 10);
      return child;
    }
    int status = 0;
    if (waitpid(child.pid, &status, WNOHANG) == child.pid) {
      throw std::runtime_error(args[0] + " exited (" + hint + "):\n" + output);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  StopChild(child.pid, SIGKILL);
  throw std::runtime_error(args[0] + " did not start within " + std::to_string(seconds) + " s (" + hint + ")");
}

void StopChild(pid_t pid, int signal) {
  if (pid <= 0) return;
  kill(pid, signal);
  int status = 0;
  waitpid(pid, &status, 0);
}

}  // namespace ombudsflow::testing
