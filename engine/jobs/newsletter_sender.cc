#include "engine/jobs/newsletter_sender.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "engine/core/letters/bounce.h"
#include "engine/core/webhooks/delivery_schedule.h"
#include "engine/jobs/smtp_session.h"

namespace ombudsflow::jobs {

NewsletterSender::NewsletterSender(store::NewsletterStore& store, const NewsletterTemplates& templates,
                                   ContentOf content, UnsubscribeUrl unsubscribe_url, SmtpChannel::Options smtp,
                                   const Clock& clock, IdGenerator& ids, Options options)
    : store_(store),
      templates_(templates),
      content_(std::move(content)),
      unsubscribe_url_(std::move(unsubscribe_url)),
      smtp_(std::move(smtp)),
      clock_(clock),
      ids_(ids),
      options_(options),
      job_("newsletter sender", options.interval, [this]() -> Result<bool> {
        auto attempted = RunOnce();
        if (!attempted) return std::unexpected(attempted.error());
        return *attempted >= options_.batch_size;
      }) {}

Result<int> NewsletterSender::RunOnce() {
  if (auto expired = store_.ExpirePending(clock_.Now()); !expired) return std::unexpected(expired.error());
  const std::string claim = ids_.NewId();
  const Timestamp now = clock_.Now();
  auto claimed = store_.Claim(claim, now, now + options_.lease, options_.batch_size);
  if (!claimed) return std::unexpected(claimed.error());
  if (claimed->empty()) return 0;

  SmtpSession session(smtp_);
  std::map<std::string, NewsletterContent> contents;  // by issue
  const auto spacing = options_.per_second > 0
                           ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double>(1.0 / options_.per_second))
                           : std::chrono::steady_clock::duration::zero();
  auto next_send = std::chrono::steady_clock::now();
  for (const store::ClaimedDelivery& delivery : *claimed) {
    if (delivery.email.empty()) continue;  // its subscriber left as it was claimed
    auto content = contents.find(delivery.issue_id);
    if (content == contents.end()) {
      auto issue = store_.Issue(delivery.issue_id);
      if (!issue) return std::unexpected(issue.error());
      auto made = content_(*issue);
      if (!made) return std::unexpected(made.error());
      content = contents.emplace(delivery.issue_id, std::move(*made)).first;
    }
    std::this_thread::sleep_until(next_send);
    next_send = std::max(next_send + spacing, std::chrono::steady_clock::now());

    // A subscriber leaves in one click; a list member is on a list the
    // office keeps, and the mail says which.
    const bool subscriber = !delivery.subscriber_id.empty();
    const std::string unsubscribe = subscriber ? unsubscribe_url_(delivery.unsubscribe_token) : std::string();
    const NewsletterMail mail = templates_.Render(content->second, unsubscribe, delivery.list_name);
    const std::string domain = smtp_.from.substr(smtp_.from.find('@') + 1);
    BulkMessage message{
        .to = delivery.email,
        .subject = mail.subject,
        .text = mail.text,
        .html = mail.html,
        // The same for every attempt at this recipient: a message sent
        // again after a crash is the same message, and a mailbox keeps one.
        .message_id = ProductMessageId({delivery.issue_id, delivery.id, delivery.message_token}),
        .headers = {"Auto-Submitted: auto-generated"}};
    if (subscriber) {
      message.headers.insert(message.headers.end(),
                             {"List-Unsubscribe: <" + unsubscribe + ">",
                              "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                              "List-Id: <nyhedsbrev." + domain + ">", "Precedence: bulk"});
    }
    bool store_failed = false;
    const BulkOutcome outcome = session.Send(message, clock_.Now(), [&]() {
      // The lease is renewed for the server's answer to the end.
      auto marked = store_.MarkEnding(delivery, claim, clock_.Now() + options_.lease);
      if (!marked) {
        store_failed = true;
        spdlog::warn("newsletter delivery: cannot mark its end, the message is aborted: {}", marked.error().message);
        return false;
      }
      return *marked;
    });
    if (store_failed) continue;  // still "sending": claimed again when its lease runs out
    Result<void> recorded;
    const Timestamp at = clock_.Now();
    if (outcome.accepted) {
      auto sent = store_.MarkSent(delivery, claim, at);
      if (!sent) return std::unexpected(sent.error());  // still "ending": sent again under its Message-ID
      if (!*sent) {
        spdlog::warn("newsletter delivery: confirmed by the server, but its row is gone or claimed again (the "
                     "recipient left, or a slow answer outlasted the lease)");
      }
      continue;
    }
    if (outcome.recipient_refused) {
      // The address is refused for good: a hard bounce leaves the list.
      spdlog::info("newsletter delivery: hard bounce ({}), the address leaves the list", outcome.smtp_code);
      recorded = store_.Bounce(delivery, claim, at);
    } else if (delivery.attempts >= options_.max_attempts || (outcome.reached_end && outcome.smtp_code >= 500)) {
      spdlog::warn("newsletter delivery: given up after {} attempt(s): {}", delivery.attempts, outcome.error);
      recorded = store_.Fail(delivery, claim, outcome.error, outcome.reached_end);
    } else {
      // Also when the connection was lost after the end: the server may
      // have the message, and the same Message-ID makes a second one the
      // same message to the reader's mailbox.
      recorded = store_.Retry(delivery, claim, at + RetryDelay(delivery.attempts, 0.5), outcome.error,
                              outcome.reached_end);
    }
    if (!recorded) return std::unexpected(recorded.error());
  }
  return static_cast<int>(claimed->size());
}

}  // namespace ombudsflow::jobs
