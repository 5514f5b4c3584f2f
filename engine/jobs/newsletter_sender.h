#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/letters/newsletter_mail.h"
#include "engine/jobs/letter_channels.h"
#include "engine/jobs/periodic_job.h"
#include "engine/store/newsletter_store.h"

namespace ombudsflow::jobs {

/// Sends released newsletter issues, one delivery row per recipient
/// (sql/0045_newsletter.sql), over SMTP at a configurable rate. A row is
/// marked "ending" under its claim in the moment before its message's end
/// goes to the server (SmtpSession), and "sent" when the server confirms
/// it. A crash before the mark leaves a message the server discards; a
/// crash after it leaves the one row in flight to be sent again under the
/// same Message-ID, which the reader's mailbox keeps once; nobody is
/// skipped (docs/communication.md, "Sending"). A recipient refused by the
/// server for good (5xx to the address) leaves the list; other failures
/// are retried with backoff, then given up.
class NewsletterSender {
 public:
  struct Options {
    std::chrono::milliseconds interval{std::chrono::seconds(2)};
    int batch_size = 50;
    // How long a claim lasts; a claim taken over aborts its message.
    std::chrono::milliseconds lease{std::chrono::seconds(60)};
    // Messages a second from this server; 0 for as fast as the server takes them.
    double per_second = 10;
    int max_attempts = 8;
  };
  /// The issue's content for its e-mail (heading, items, date, web link).
  using ContentOf = std::function<Result<NewsletterContent>(const store::StoredIssue&)>;
  using UnsubscribeUrl = std::function<std::string(const std::string& token)>;

  NewsletterSender(store::NewsletterStore& store, const NewsletterTemplates& templates, ContentOf content,
                   UnsubscribeUrl unsubscribe_url, SmtpChannel::Options smtp, const Clock& clock, IdGenerator& ids,
                   Options options);

  /// One claim-send-record round; how many were attempted.
  [[nodiscard]] Result<int> RunOnce();

  void Start() { job_.Start(); }
  void Wake() { job_.Wake(); }
  void Stop() { job_.Stop(); }

 private:
  store::NewsletterStore& store_;
  const NewsletterTemplates& templates_;
  ContentOf content_;
  UnsubscribeUrl unsubscribe_url_;
  SmtpChannel::Options smtp_;
  const Clock& clock_;
  IdGenerator& ids_;
  Options options_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
