#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/workflow/audit_chain.h"
#include "engine/store/complaint_store.h"

namespace ombudsflow::service {

/// A case's audit chain, verified.
struct ChainReport {
  std::string complaint_id;
  std::size_t events = 0;
  std::optional<ChainBreak> broken;  // none: the chain holds
};

/// Verifies stored audit chains against their cases' anchors, for
/// `ombudsflow audit verify`.
class AuditVerification {
 public:
  explicit AuditVerification(store::ComplaintStore& complaints) : complaints_(complaints) {}

  /// The chain of case `id`; kNotFound for no such case.
  [[nodiscard]] Result<ChainReport> Verify(const std::string& id);

  /// Every case's chain in order of id, each report handed to `on_case`;
  /// returns how many cases were verified.
  [[nodiscard]] Result<std::size_t> VerifyAll(const std::function<void(const ChainReport&)>& on_case);

 private:
  store::ComplaintStore& complaints_;
};

}  // namespace ombudsflow::service
