#pragma once

#include <chrono>

#include "engine/jobs/periodic_job.h"
#include "engine/service/case_document_service.h"

namespace ombudsflow::jobs {

/// Offers the documents that wait for their virus scan (kept while clamd
/// was away) to clamd again every `interval`, a batch at a time, until none
/// is left. Every server may run one: a scan is recorded only for a
/// document still pending.
class DocumentScanJob {
 public:
  DocumentScanJob(service::CaseDocumentService& documents, std::chrono::milliseconds interval);

  void Start() { job_.Start(); }
  void Stop() { job_.Stop(); }

 private:
  service::CaseDocumentService& documents_;
  PeriodicJob job_;  // last: stopped before what its rounds use goes
};

}  // namespace ombudsflow::jobs
