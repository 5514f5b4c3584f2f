#include "tests/support/oidc_provider.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <map>
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

std::string OidcProvider::FollowToClient(std::string location, unsigned short client_port) const {
  std::map<std::string, std::string> cookies;
  for (int hop = 0; hop < 10; ++hop) {
    // "http://127.0.0.1:PORT/path?query", or a path at the provider.
    unsigned short port = port_;
    std::string target = location;
    if (location.starts_with("http://")) {
      const std::size_t host_end = location.find('/', 7);
      const std::string authority = location.substr(7, host_end - 7);
      const std::size_t colon = authority.rfind(':');
      port = static_cast<unsigned short>(colon == std::string::npos ? 80 : std::stoi(authority.substr(colon + 1)));
      target = host_end == std::string::npos ? "/" : location.substr(host_end);
    }
    if (port == client_port) return target;
    std::string cookie_header;
    for (const auto& [name, value] : cookies) cookie_header += (cookie_header.empty() ? "" : "; ") + name + "=" + value;
    auto answer = SendHttp(port, http::verb::get, target, {},
                           cookie_header.empty() ? std::map<std::string, std::string>{}
                                                 : std::map<std::string, std::string>{{"Cookie", cookie_header}});
    for (const auto& field : answer) {
      if (field.name() != http::field::set_cookie) continue;
      const std::string set(field.value());
      const std::string pair = set.substr(0, set.find(';'));
      cookies[pair.substr(0, pair.find('='))] = pair.substr(pair.find('=') + 1);
    }
    const auto code = static_cast<int>(answer.result_int());
    if (code < 300 || code > 399) {
      ADD_FAILURE() << "the provider answered " << code << ": " << answer.body();
      return {};
    }
    location = std::string(answer[http::field::location]);
  }
  ADD_FAILURE() << "too many redirects";
  return {};
}

void OidcProvider::Mischief(const std::string& mode) { Control("/test/mischief", R"({"mode": ")" + mode + R"("})"); }

}  // namespace ombudsflow::testing
