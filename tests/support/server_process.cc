#include "tests/support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace ombudsflow::testing {
namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return argv;
}

// Spawns the binary with stdout and stderr going to `out_fd` and `err_fd`.
pid_t Spawn(std::vector<std::string> args, int out_fd, int err_fd, const char* stdin_path = "/dev/null") {
  args.insert(args.begin(), OmbudsflowBinary());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdin_path, O_RDONLY, 0);
  pid_t pid = -1;
  auto argv = Argv(args);
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

std::string ReadAll(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  return text;
}

}  // namespace

std::string OmbudsflowBinary() {
  // OMBUDSFLOW_TEST_BINARY runs the tests against another build, e.g. an
  // earlier release, to see a new test fail before its fix.
  if (const char* other = std::getenv("OMBUDSFLOW_TEST_BINARY"); other != nullptr && *other != '\0') return other;
  return OMBUDSFLOW_BINARY;
}

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::string& conninfo,
                                                    const std::vector<std::string>& extra_args) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {"serve", "--db", conninfo, "--listen", "127.0.0.1:0",
                                   "--db-pool", "4"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  // Tests send far faster than any person: no rate limit, unless a test
  // sets its own.
  if (std::find(extra_args.begin(), extra_args.end(), "--rate-limit-per-minute") == extra_args.end()) {
    args.insert(args.end(), {"--rate-limit-per-minute", "0"});
  }
  if (std::find(extra_args.begin(), extra_args.end(), "--anonymous-rate-limit-per-minute") == extra_args.end()) {
    args.insert(args.end(), {"--anonymous-rate-limit-per-minute", "0"});
  }
  std::unique_ptr<ServerProcess> server(new ServerProcess());
  server->pid_ = Spawn(args, pipe_fds[1], pipe_fds[1]);
  close(pipe_fds[1]);
  server->reader_ = std::thread([raw = server.get(), fd = pipe_fds[0]] { raw->DrainOutput(fd); });

  static const std::regex kListening(R"(listening on 127\.0\.0\.1:(\d+))");
  std::unique_lock lock(server->mutex_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::smatch match;
  while (!std::regex_search(server->log_, match, kListening)) {
    if (server->output_closed_ ||
        server->changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      const std::string log = server->log_;
      lock.unlock();
      throw std::runtime_error("the server did not start listening:\n" + log);
    }
  }
  server->port_ = static_cast<unsigned short>(std::stoi(match[1]));
  return server;
}

void ServerProcess::DrainOutput(int fd) {
  char buffer[4096];
  for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
    std::lock_guard lock(mutex_);
    log_.append(buffer, n);
    changed_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mutex_);
  output_closed_ = true;
  changed_.notify_all();
}

int ServerProcess::Stop(int signal) {
  if (pid_ < 0) return 0;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return status;
}

ServerProcess::~ServerProcess() { Stop(SIGTERM); }

std::string ServerProcess::Log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

CommandResult RunOmbudsflow(const std::vector<std::string>& args, const std::string& input) {
  // Files rather than pipes: nothing to drain while waiting.
  char out_path[] = "/tmp/ombudsflow-out-XXXXXX";
  char err_path[] = "/tmp/ombudsflow-err-XXXXXX";
  char in_path[] = "/tmp/ombudsflow-in-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  const int in_fd = mkstemp(in_path);
  if (write(in_fd, input.data(), input.size()) != static_cast<ssize_t>(input.size())) {
    throw std::runtime_error("cannot write the command's input");
  }
  close(in_fd);
  const pid_t pid = Spawn(args, out_fd, err_fd, in_path);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  lseek(out_fd, 0, SEEK_SET);
  lseek(err_fd, 0, SEEK_SET);
  result.out = ReadAll(out_fd);
  result.err = ReadAll(err_fd);
  close(out_fd);
  close(err_fd);
  unlink(out_path);
  unlink(err_path);
  unlink(in_path);
  return result;
}

}  // namespace ombudsflow::testing
