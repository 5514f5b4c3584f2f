#pragma once

#include <chrono>
#include <filesystem>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/jobs/periodic_job.h"
#include "engine/store/newsletter_store.h"

namespace ombudsflow::jobs {

/// Reads the bounces that come back after the mail server took a product's
/// message (issue 30): delivery status notifications (RFC 3464), which the
/// office's mail server delivers to the sender address's Maildir
/// (`--bounce-maildir`). Each new mail is read once: a report on one of our
/// deliveries (its Message-ID names it) is heeded (a hard bounce takes the
/// address off the list, a soft one sends again), and the mail is moved to
/// cur/ marked seen; any other mail (an auto-reply, a person writing back)
/// is moved to cur/ unseen, for the office to read in its mail program.
/// Nothing is deleted.
class BounceReader {
 public:
  struct Options {
    std::filesystem::path maildir;
    std::chrono::milliseconds interval{std::chrono::seconds(60)};
    int max_attempts = 8;
    // A mail bigger than this is not a report of ours; it is left for people.
    std::size_t largest_mail = 1 << 20;
  };

  BounceReader(store::NewsletterStore& store, const Clock& clock, Options options);

  /// Reads every mail in new/ once.
  [[nodiscard]] Result<void> RunOnce();

  void Start() { job_.Start(); }
  void Stop() { job_.Stop(); }

 private:
  store::NewsletterStore& store_;
  const Clock& clock_;
  Options options_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
