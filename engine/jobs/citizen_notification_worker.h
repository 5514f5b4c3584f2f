#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/jobs/periodic_job.h"
#include "engine/service/mailer.h"
#include "engine/store/citizen_notification_store.h"

namespace ombudsflow::jobs {

/// Sends the e-mails that tell a citizen something waits on Min sag: a
/// message from the office, or the new link they asked for. Each says who
/// wrote and gives a fresh link, nothing more: no case number, no name, no
/// word of the case (as Danish authorities write about anything
/// sensitive). Retried with the webhooks' backoff; given up when the case
/// has no address any more.
class CitizenNotificationWorker {
 public:
  struct Options {
    std::chrono::milliseconds interval{std::chrono::seconds(2)};
    int batch_size = 20;
    std::chrono::milliseconds lease{std::chrono::minutes(2)};
    // How long a link lasts, as the e-mail says.
    int link_days = 30;
  };
  /// The URL of a new link to Min sag for the case.
  using LinkMaker = std::function<Result<std::string>(const std::string& complaint_id)>;

  CitizenNotificationWorker(store::CitizenNotificationStore& store, service::Mailer& mailer, LinkMaker links,
                            std::string office_name, const Clock& clock, Options options);

  /// One claim-send-record round; how many were attempted.
  [[nodiscard]] Result<int> RunOnce();

  void Start() { job_.Start(); }
  void Stop() { job_.Stop(); }

 private:
  store::CitizenNotificationStore& store_;
  service::Mailer& mailer_;
  LinkMaker links_;
  std::string office_name_;
  const Clock& clock_;
  Options options_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

/// The e-mail's subject and text for `kind` ("message", "new_link"), in
/// Danish with English below, naming only the office and the link.
[[nodiscard]] service::MailMessage CitizenNotificationMail(std::string_view kind, const std::string& office_name,
                                                           const std::string& link, int link_days);

}  // namespace ombudsflow::jobs
