#pragma once

#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"

namespace ombudsflow::service {

/// A plain-text e-mail to one person, such as their set-password link.
struct MailMessage {
  std::string to;       // checked by IsMailboxAddress before it is sent
  std::string subject;  // one line
  std::string text;
  std::string id;       // unique; the left part of its Message-ID
};

/// Sends e-mail now, on the caller's thread: for messages a person is
/// waiting for and that must not be kept, such as a one-time link, whose
/// secret is never stored. kUnavailable when the mail server would not take
/// it; the caller says so and offers to send again.
class Mailer {
 public:
  virtual ~Mailer() = default;
  [[nodiscard]] virtual Result<void> Send(const MailMessage& message, Timestamp now) = 0;
};

}  // namespace ombudsflow::service
