#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/jobs/letter_channels.h"
#include "engine/jobs/periodic_job.h"
#include "engine/jobs/pdf_renderer.h"
#include "engine/store/letter_store.h"

namespace ombudsflow::jobs {

/// Sends the letters transitions store: renders each one's PDF (never on a
/// request thread) and records its hash, then hands it to its channel
/// (e-mail, print). A failure is retried with the webhooks' backoff, and
/// the last failed attempt is a dead letter the office is alerted to.
/// Letters of a channel this server has not configured wait.
class LetterWorker {
 public:
  struct Options {
    std::chrono::milliseconds interval{1000};
    int batch_size = 8;
    // Longer than rendering and sending one batch may take.
    std::chrono::milliseconds lease{std::chrono::minutes(5)};
  };
  using Jitter = std::function<double()>;
  /// The URL of a new link to Min sag for the case, for a letter's e-mail.
  using LinkMaker = std::function<Result<std::string>(const std::string& complaint_id)>;

  LetterWorker(store::LetterStore& store, PdfRenderer& renderer, std::map<std::string, LetterChannel*> channels,
               const Clock& clock, Options options, Jitter jitter = {});

  /// E-mailed letters point to Min sag with a link of their own.
  void LinkToMinSag(LinkMaker links) { links_ = std::move(links); }

  /// One claim-render-send-record round; how many letters were attempted.
  [[nodiscard]] Result<int> RunOnce();

  void Start() { job_.Start(); }
  void Stop() { job_.Stop(); }

 private:
  // Makes the PDF of letters that leave with a department's notice.
  [[nodiscard]] Result<int> ArchiveNoticeLetters();


  store::LetterStore& store_;
  PdfRenderer& renderer_;
  std::map<std::string, LetterChannel*> channels_;
  const Clock& clock_;
  Options options_;
  Jitter jitter_;
  LinkMaker links_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
