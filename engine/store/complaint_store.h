#pragma once

#include <functional>
#include <map>

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/rules/intake.h"
#include "engine/core/workflow/effect.h"
#include "engine/core/workflow/audit_chain.h"
#include "engine/store/database.h"
#include "engine/store/list_query.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::store {

struct ComplaintPage {
  std::vector<v1::Complaint> complaints;
  std::optional<PageCursor> next;  // set when more complaints follow
};

/// A complaint stored under an Idempotency-Key, with the fingerprint of the
/// request that created it.
struct IdempotentComplaint {
  v1::Complaint complaint;
  std::string request_fingerprint;
};

/// A case's audit events and what they must end at.
struct StoredChain {
  std::vector<AuditEvent> events;
  ChainAnchor anchor;
};

/// Complaints and their audit events in PostgreSQL. Every method is one round
/// trip; errors come back as values (see Database::Run).
class ComplaintStore {
 public:
  struct Options {
    // Case numbers count per calendar year in the office's time zone.
    std::string office_time_zone = "Europe/Copenhagen";
  };

  ComplaintStore(Database& database, Options options);

  /// Stores the complaint with its next case number and its first audit event,
  /// atomically, and returns it as the API shows it. Fails with
  /// kInvalidArgument (field "department") for an unknown department, and
  /// kAlreadyExists when the caller already used the idempotency key.
  [[nodiscard]] Result<v1::Complaint> Insert(const NewComplaint& complaint);

  /// Renders the acknowledgement of a complaint once its case number is
  /// known (it says the number).
  using Acknowledgement = std::function<Result<Letter>(const v1::Complaint&)>;
  /// Insert, with the acknowledgement `acknowledge` renders stored as the
  /// case's first letter and journalled, in the same transaction.
  [[nodiscard]] Result<v1::Complaint> Insert(const NewComplaint& complaint, const Acknowledgement& acknowledge);

  /// kNotFound when there is no complaint with this id.
  [[nodiscard]] Result<v1::Complaint> Find(const std::string& id);

  /// The id of the case numbered `case_number` (exactly), if any.
  [[nodiscard]] Result<std::optional<std::string>> IdOfCaseNumber(const std::string& case_number);

  /// The complaint `owner` (IdempotencyOwner) created with
  /// `idempotency_key`, if any.
  [[nodiscard]] Result<std::optional<IdempotentComplaint>> FindByIdempotencyKey(
      const std::string& owner, const std::string& idempotency_key);

  [[nodiscard]] Result<ComplaintPage> List(const ComplaintQuery& query);

  /// How many cases not in `finished` states each (workflow, version) has.
  [[nodiscard]] Result<std::map<std::pair<std::string, std::uint32_t>, long long>> RunningByVersion(
      const std::vector<std::string>& finished);

  /// How many complaints `query` matches, whatever its page.
  [[nodiscard]] Result<long long> Count(const ComplaintQuery& query);
  /// How many each query matches, in one statement (a page of queues).
  [[nodiscard]] Result<std::vector<long long>> Counts(const std::vector<ComplaintQuery>& queries);

  /// The case's audit events in order of seq, with the anchor its row
  /// keeps (version and chain head), read in one snapshot so that a change
  /// in between cannot look like tampering. kNotFound for no such case.
  [[nodiscard]] Result<StoredChain> Chain(const std::string& complaint_id);

  /// Up to `limit` case ids greater than `after` (empty: from the first),
  /// in order, for walking every case.
  [[nodiscard]] Result<std::vector<std::string>> CaseIds(const std::string& after, int limit);

 private:
  Database& database_;
  Options options_;
};

}  // namespace ombudsflow::store
