#include "tests/support/oidc_provider.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <stdexcept>

#include "tests/support/child_process.h"
#include "tests/support/http_client.h"

namespace ombudsflow::testing {

std::unique_ptr<OidcProvider> OidcProvider::Start() {
  std::unique_ptr<OidcProvider> provider(new OidcProvider());
  char path[] = "/tmp/ombudsflow-oidc-XXXXXX";
  const int out = mkstemp(path);
  if (out >= 0) close(out);
  provider->output_path_ = path;
  const ListeningChild child =
      StartListeningChild({"node", std::string(OMBUDSFLOW_OIDC_DIR) + "/provider.mjs"}, provider->output_path_,
                          "run `npm ci` in tests/oidc; deploy/test.sh does");
  provider->pid_ = child.pid;
  provider->issuer_ = child.listening;
  provider->port_ = static_cast<unsigned short>(std::stoi(provider->issuer_.substr(provider->issuer_.rfind(':') + 1)));
  return provider;
}

OidcProvider::~OidcProvider() {
  StopChild(pid_, SIGTERM);
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
