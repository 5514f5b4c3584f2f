#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

namespace ombudsflow::testing {

/// The test identity provider (tests/oidc/provider.mjs: npm oidc-provider)
/// in a child node process on a free loopback port.
class OidcProvider {
 public:
  /// Starts it and waits until it serves. Throws with its output when it
  /// does not (node or `npm ci` in tests/oidc missing, say).
  [[nodiscard]] static std::unique_ptr<OidcProvider> Start();
  ~OidcProvider();

  [[nodiscard]] const std::string& issuer() const { return issuer_; }
  [[nodiscard]] unsigned short port() const { return port_; }
  static constexpr const char* kClientId = "ombudsflow";
  static constexpr const char* kClientSecret = "ombudsflow-test-secret";

  /// Registers a person with the provider.
  void AddAccount(const std::string& sub, const std::string& email, const std::string& name);
  /// The next sign-in at the provider is `sub`'s.
  void NextLogin(const std::string& sub);
  /// The next ID token the provider issues is altered (see provider.mjs).
  void Mischief(const std::string& mode);

  /// The browser's part at the provider: from `location` (its authorization
  /// URL), follows its redirects with a cookie jar of its own until one
  /// leads to `client_port`; that one's target ("/callback?code=..&state=..").
  /// Empty, with a test failure, when the provider stops elsewhere.
  [[nodiscard]] std::string FollowToClient(std::string location, unsigned short client_port) const;

 private:
  OidcProvider() = default;
  void Control(const std::string& path, const std::string& json);

  pid_t pid_ = -1;
  std::string issuer_;
  unsigned short port_ = 0;
  std::string output_path_;
};

}  // namespace ombudsflow::testing
