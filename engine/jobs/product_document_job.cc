#include "engine/jobs/product_document_job.h"

#include <spdlog/spdlog.h>

namespace ombudsflow::jobs {

Result<int> ProductDocumentJob::RunOnce() {
  auto pending = store_.PendingDocuments(4);
  if (!pending) return std::unexpected(pending.error());
  int rendered = 0;
  for (const store::PendingDocument& document : *pending) {
    auto pdf = renderer_.Render(document.html);
    if (!pdf) {
      spdlog::warn("product document {}: rendering failed (attempt {}): {}", document.issue_id, document.attempts + 1,
                   pdf.error().message);
      if (auto failed = store_.DocumentFailed(document.issue_id, pdf.error().message); !failed) {
        return std::unexpected(failed.error());
      }
      continue;
    }
    if (auto saved = store_.SaveDocumentPdf(document.issue_id, *pdf, clock_.Now()); !saved) {
      return std::unexpected(saved.error());
    }
    ++rendered;
  }
  return rendered;
}

}  // namespace ombudsflow::jobs
