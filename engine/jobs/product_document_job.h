#pragma once

#include <chrono>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/jobs/pdf_renderer.h"
#include "engine/jobs/periodic_job.h"
#include "engine/store/newsletter_store.h"

namespace ombudsflow::jobs {

/// Renders each released product's document (a KlarRet edition, the annual
/// report) as PDF/UA with the letters' renderer, and keeps it for the public
/// site. A failed rendering is tried again at the next round, at most eight
/// times, and its error kept.
class ProductDocumentJob {
 public:
  ProductDocumentJob(store::NewsletterStore& store, PdfRenderer& renderer, const Clock& clock,
                     std::chrono::milliseconds interval)
      : store_(store), renderer_(renderer), clock_(clock), job_("product documents", interval, [this]() -> Result<bool> {
          auto rendered = RunOnce();
          if (!rendered) return std::unexpected(rendered.error());
          return false;
        }) {}

  /// Renders what waits; how many were rendered.
  [[nodiscard]] Result<int> RunOnce();

  void Start() { job_.Start(); }
  void Wake() { job_.Wake(); }
  void Stop() { job_.Stop(); }

 private:
  store::NewsletterStore& store_;
  PdfRenderer& renderer_;
  const Clock& clock_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
