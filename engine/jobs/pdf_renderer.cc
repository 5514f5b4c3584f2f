#include "engine/jobs/pdf_renderer.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace ombudsflow::jobs {
namespace {

namespace fs = std::filesystem;

// Below the server's requests, above nothing else the office runs.
constexpr int kRenderNiceness = 10;

Error Unavailable(const std::string& message) { return MakeError(ErrorCode::kUnavailable, message); }

// A folder only this process's user reads, removed with its files.
class PrivateFolder {
 public:
  PrivateFolder() {
    std::string pattern = (fs::temp_directory_path() / "ombudsflow-pdf-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~PrivateFolder() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  PrivateFolder(const PrivateFolder&) = delete;
  PrivateFolder& operator=(const PrivateFolder&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

Result<std::string> WeasyPrintRenderer::Render(const std::string& html) {
  PrivateFolder folder;
  if (folder.path().empty()) return std::unexpected(Unavailable("cannot make a temporary folder for the PDF"));
  const fs::path input = folder.path() / "letter.html";
  const fs::path output = folder.path() / "letter.pdf";
  const fs::path log = folder.path() / "weasyprint.log";
  {
    std::ofstream out(input, std::ios::binary);
    out << html;
    if (!out) return std::unexpected(Unavailable("cannot write the letter for WeasyPrint"));
  }
  // The letter's document links nothing: no base URL, no network.
  std::vector<std::string> args = {program_, "--quiet", "--pdf-variant", "pdf/ua-1", "--base-url", folder.path().string(),
                                   input.string(), output.string()};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t child = 0;
  const int spawned = posix_spawnp(&child, program_.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return std::unexpected(Unavailable("cannot run " + program_ + ": " + std::strerror(spawned)));
  // A letter waits; a request does not. One WeasyPrint run costs about
  // 0.75 s of CPU (a Python start and its library lookups), a transition
  // about 2 ms: at the same priority, a backlog of letters took 13 % of the
  // machine from the requests (perf under bench/transitions.sh). Niced, it
  // takes what the requests leave, and its children (the lookups' gcc and
  // ld) inherit that. Best effort: a renderer that cannot be niced still
  // renders.
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(child), kRenderNiceness);
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0) return std::unexpected(Unavailable("lost the WeasyPrint process"));
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      return std::unexpected(Unavailable("WeasyPrint took longer than " + std::to_string(timeout_.count()) + " s"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string why = ReadFile(log);
    if (why.size() > 500) why.resize(500);
    return std::unexpected(Unavailable("WeasyPrint failed: " + why));
  }
  std::string pdf = ReadFile(output);
  if (!pdf.starts_with("%PDF-")) return std::unexpected(Unavailable("WeasyPrint wrote no PDF"));
  return pdf;
}

}  // namespace ombudsflow::jobs
