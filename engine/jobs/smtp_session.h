#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/base/time.h"
#include "engine/jobs/letter_channels.h"

namespace ombudsflow::jobs {

/// One message of a mailing to many (a newsletter issue to a subscriber).
struct BulkMessage {
  std::string to;
  std::string subject;  // one line
  std::string text;     // the plain-text alternative
  std::string html;     // the HTML alternative
  std::string message_id;  // unique; the left part of its Message-ID
  // Further header lines, such as "List-Unsubscribe: <...>".
  std::vector<std::string> headers = {};
};

/// How a message fared at the mail server.
struct BulkOutcome {
  bool accepted = false;   // the server took it (250 after its end)
  bool reached_end = false;  // before_end ran and allowed the end to be sent
  // The server refused the recipient for good (5xx to RCPT TO); a 5xx to
  // anything else (AUTH, MAIL FROM, the greeting) is about us, not them.
  bool recipient_refused = false;
  long smtp_code = 0;      // the server's last reply code, 0 when none came
  std::string error;       // why not, when not accepted
};

/// An SMTP connection (libcurl) kept open from one message to the next, for
/// a mailing: each message is multipart/alternative (text and HTML).
///
/// `before_end` runs when the whole message except its end has been handed
/// to libcurl; the end (the closing boundary and SMTP's final dot) follows
/// at once. A crash before it returns leaves the server a message without
/// its end, which it discards; returning false aborts the message the same
/// way. So a caller that records "the end is going" inside `before_end`
/// knows after a crash which one message the server may have kept: SMTP
/// cannot be asked afterwards, so that one is sent again under the same
/// Message-ID.
class SmtpSession {
 public:
  explicit SmtpSession(SmtpChannel::Options options);
  ~SmtpSession();
  SmtpSession(const SmtpSession&) = delete;
  SmtpSession& operator=(const SmtpSession&) = delete;

  [[nodiscard]] BulkOutcome Send(const BulkMessage& message, Timestamp now, const std::function<bool()>& before_end);

  /// Hands every command and reply of the dialogue (not the message's
  /// bytes) to `trace`, for a log at debug level or a test.
  void Trace(std::function<void(std::string_view)> trace) { trace_ = std::move(trace); }

 private:
  SmtpChannel::Options options_;
  std::function<void(std::string_view)> trace_;
  void* curl_ = nullptr;  // CURL*, kept for its connection
};

}  // namespace ombudsflow::jobs
