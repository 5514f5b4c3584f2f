#include "tests/support/oidc_provider.h"

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

#include "tests/support/http_client.h"

extern char** environ;

namespace ombudsflow::testing {

std::unique_ptr<OidcProvider> OidcProvider::Start() {
  std::unique_ptr<OidcProvider> provider(new OidcProvider());
  char path[] = "/tmp/ombudsflow-oidc-XXXXXX";
  const int out = mkstemp(path);
  provider->output_path_ = path;
  const std::string script = std::string(OMBUDSFLOW_OIDC_DIR) + "/provider.mjs";
  std::vector<std::string> args = {"node", script};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const int rc = posix_spawnp(&provider->pid_, "node", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out);
  if (rc != 0) throw std::runtime_error("cannot start node for the test identity provider");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream file(provider->output_path_);
    std::stringstream text;
    text << file.rdbuf();
    const std::string output = text.str();
    if (auto at = output.find("listening "); at != std::string::npos && output.find('\n', at) != std::string::npos) {
      provider->issuer_ = output.substr(at + 10, output.find('\n', at) - at - 10);
      provider->port_ = static_cast<unsigned short>(std::stoi(provider->issuer_.substr(provider->issuer_.rfind(':') + 1)));
      return provider;
    }
    int status = 0;
    if (waitpid(provider->pid_, &status, WNOHANG) == provider->pid_) {
      provider->pid_ = -1;
      throw std::runtime_error("the test identity provider exited (run `npm ci` in tests/oidc; deploy/test.sh does):\n" +
                               output);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the test identity provider did not start within 20 s");
}

OidcProvider::~OidcProvider() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (!output_path_.empty()) unlink(output_path_.c_str());
}

void OidcProvider::Control(const std::string& path, const std::string& json) {
  auto answer = SendHttp(port_, http::verb::post, path, json, {{"Content-Type", "application/json"}});
  if (answer.result() != http::status::no_content) throw std::runtime_error(path + ": " + std::string(answer.body()));
}

void OidcProvider::AddAccount(const std::string& sub, const std::string& email, const std::string& name) {
  Control("/test/accounts", R"({"sub": ")" + sub + R"(", "email": ")" + email + R"(", "name": ")" + name + R"("})");
}

void OidcProvider::NextLogin(const std::string& sub) { Control("/test/login", R"({"sub": ")" + sub + R"("})"); }

void OidcProvider::Mischief(const std::string& mode) { Control("/test/mischief", R"({"mode": ")" + mode + R"("})"); }

}  // namespace ombudsflow::testing
