#include "engine/service/audit_verification.h"

namespace ombudsflow::service {

Result<ChainReport> AuditVerification::Verify(const std::string& id) {
  auto chain = complaints_.Chain(id);
  if (!chain) return std::unexpected(chain.error());
  return ChainReport{id, chain->events.size(), FirstBrokenLink(chain->events, chain->anchor)};
}

Result<std::size_t> AuditVerification::VerifyAll(const std::function<void(const ChainReport&)>& on_case) {
  constexpr int kBatch = 500;
  std::size_t verified = 0;
  std::string after;
  while (true) {
    auto ids = complaints_.CaseIds(after, kBatch);
    if (!ids) return std::unexpected(ids.error());
    for (const auto& id : *ids) {
      auto report = Verify(id);
      if (!report) return std::unexpected(report.error());
      on_case(*report);
      ++verified;
    }
    if (ids->size() < static_cast<std::size_t>(kBatch)) return verified;
    after = ids->back();
  }
}

}  // namespace ombudsflow::service
