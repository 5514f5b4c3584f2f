#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

namespace ombudsflow::testing {

/// A real SMTP server (tests/support/smtp_receiver.py, Debian's
/// python3-aiosmtpd) in a child process on a free loopback port. Each
/// message it receives is kept in folder(): N.eml, N.json (a summary) and
/// its attachments as N-<filename>.
class SmtpReceiver {
 public:
  /// Starts it and waits until it serves; throws with its output otherwise.
  [[nodiscard]] static std::unique_ptr<SmtpReceiver> Start();
  ~SmtpReceiver();

  [[nodiscard]] unsigned short port() const { return port_; }
  [[nodiscard]] std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] const std::filesystem::path& folder() const { return folder_; }
  /// The Maildir its later bounces are delivered to (tmp/, new/, cur/).
  [[nodiscard]] std::filesystem::path bounce_maildir() const { return folder_ / "bounces"; }

 private:
  SmtpReceiver() = default;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::filesystem::path folder_;
};

}  // namespace ombudsflow::testing
