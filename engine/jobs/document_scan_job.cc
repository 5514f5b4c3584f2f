#include "engine/jobs/document_scan_job.h"

namespace ombudsflow::jobs {
namespace {

constexpr std::size_t kBatch = 16;

}  // namespace

DocumentScanJob::DocumentScanJob(service::CaseDocumentService& documents, std::chrono::milliseconds interval)
    : documents_(documents), job_("document scans", interval, [this]() -> Result<bool> {
        auto decided = documents_.ScanPending(kBatch);
        if (!decided) return std::unexpected(decided.error());
        return *decided == kBatch;  // a full batch: more may wait
      }) {}

}  // namespace ombudsflow::jobs
