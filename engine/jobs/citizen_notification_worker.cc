#include "engine/jobs/citizen_notification_worker.h"

#include <spdlog/spdlog.h>

#include "engine/core/webhooks/delivery_schedule.h"

namespace ombudsflow::jobs {

service::MailMessage CitizenNotificationMail(std::string_view kind, const std::string& office_name,
                                             const std::string& link, int link_days) {
  service::MailMessage mail;
  if (kind == "new_link") {
    mail.subject = "Dit link til Min sag hos " + office_name;
    mail.text = "Du har bedt om et nyt link til Min sag hos " + office_name + ".\n\n" + "Åbn din sag her:\n" + link +
                "\n\nLinket virker i " + std::to_string(link_days) + " dage. Har du ikke bedt om det, kan du se bort fra denne e-mail.\n\n"
                "---\n\nYou asked for a new link to your case with " + office_name + ". Open your case here:\n" +
                link + "\n";
  } else {
    mail.subject = "Du har fået en ny besked fra " + office_name;
    mail.text = "Du har fået en ny besked fra " + office_name + ".\n\n" + "Læs den på Min sag:\n" + link +
                "\n\n---\n\nYou have a new message from " + office_name + ". Read it here:\n" + link + "\n";
  }
  return mail;
}

CitizenNotificationWorker::CitizenNotificationWorker(store::CitizenNotificationStore& store, service::Mailer& mailer,
                                                     LinkMaker links, std::string office_name, const Clock& clock,
                                                     Options options)
    : store_(store),
      mailer_(mailer),
      links_(std::move(links)),
      office_name_(std::move(office_name)),
      clock_(clock),
      options_(options),
      job_("citizen notifications", options_.interval, [this]() -> Result<bool> {
        auto done = RunOnce();
        if (!done) return std::unexpected(done.error());
        return *done == options_.batch_size;
      }) {}

Result<int> CitizenNotificationWorker::RunOnce() {
  auto due = store_.ClaimDue(clock_.Now(), options_.batch_size, options_.lease);
  if (!due) return std::unexpected(due.error());
  for (const store::DueCitizenNotification& notification : *due) {
    Result<void> sent;
    if (notification.email.empty()) {
      // Pseudonymised, or never given: nobody to tell.
      sent = std::unexpected(MakeError(ErrorCode::kInvalidArgument, "the case has no e-mail address"));
    } else {
      auto link = links_(notification.complaint_id);
      if (!link) {
        sent = std::unexpected(link.error());
      } else {
        service::MailMessage mail = CitizenNotificationMail(notification.kind, office_name_, *link, options_.link_days);
        mail.to = notification.email;
        mail.id = "min-sag-" + std::to_string(notification.id);
        sent = mailer_.Send(mail, clock_.Now());
      }
    }
    const Timestamp now = clock_.Now();
    Result<void> recorded;
    if (sent) {
      recorded = store_.RecordSent(notification.id, now);
    } else if (notification.attempt >= kMaxDeliveryAttempts || sent.error().code == ErrorCode::kInvalidArgument) {
      spdlog::warn("citizen notification {}: given up: {}", notification.id, sent.error().message);
      recorded = store_.RecordFailure(notification.id, sent.error().message, std::nullopt);
    } else {
      recorded = store_.RecordFailure(notification.id, sent.error().message,
                                      now + RetryDelay(notification.attempt, 0.5));
    }
    if (!recorded) return std::unexpected(recorded.error());
  }
  return static_cast<int>(due->size());
}

}  // namespace ombudsflow::jobs
