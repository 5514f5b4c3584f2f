#pragma once

#include <functional>
#include <optional>
#include <vector>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/workflow/transition.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::store {

/// A case as read for a transition: the complaint and its audit chain head.
struct StoredCase {
  v1::Complaint complaint;
  std::string last_event_hash;
  CaseNotices notices;               // sent about this case, with receipt
  std::optional<OfficeState> office;  // read by the batch jobs only; see Office()
};

/// A transition as written: the case as it is now, and how many webhook
/// deliveries its notices queued.
struct AppliedTransition {
  v1::Complaint complaint;
  int deliveries_queued = 0;
};

/// Reads cases and writes transition outcomes. A write is one statement:
/// the case update (checked against the version read), its audit event and
/// its outbox rows commit together or not at all.
class TransitionStore {
 public:
  TransitionStore(Database& database, std::string office_time_zone);

  /// kNotFound when there is no such case.
  /// The case with its notices (office state left empty).
  [[nodiscard]] Result<StoredCase> Load(const std::string& id);

  /// The department a case concerns, and nothing else: one small query that
  /// costs the same for a case that exists and one that does not, so that
  /// authorising a department before anything else reveals nothing by
  /// timing. kNotFound (as for a missing case) when there is none.
  [[nodiscard]] Result<std::string> DepartmentOf(const std::string& id);
  /// The case's complainant's e-mail address ("" for none).
  [[nodiscard]] Result<std::string> ComplainantEmailOf(const std::string& id);
  /// Whether the case's citizen reads it by signing in (a whistleblower's
  /// report, with its receipt code and password) rather than by e-mail.
  [[nodiscard]] Result<bool> ReadBySignIn(const std::string& id);

  /// The case's notices with their receipt, for a case read from memory.
  [[nodiscard]] Result<std::vector<NoticeReceipt>> Notices(const std::string& id);

  /// The case's file as its journal numbers it, for transitions whose
  /// guards read a document the input names.
  [[nodiscard]] Result<CaseFile> CaseFileOf(const std::string& id);

  /// The publication hold and the delegations not yet ended at `now`, for
  /// transitions whose guards read them.
  [[nodiscard]] Result<OfficeState> Office(Timestamp now);

  /// Writes `outcome` if the case is still at the version it was computed
  /// from; kAborted when someone else changed it first.
  [[nodiscard]] Result<AppliedTransition> Apply(const TransitionOutcome& outcome);

  /// Computes the timeout outcome of one due case (the engine, passed in).
  using TimeoutDecider = std::function<Result<TransitionOutcome>(const StoredCase&)>;

  /// Claims up to `limit` cases whose deadline passed by `now` with
  /// FOR UPDATE SKIP LOCKED, so servers sharing the database never fire the
  /// same timer twice, and writes each outcome `decide` returns, in one
  /// transaction. Returns how many timers fired; after the commit, `written`
  /// (if set) is told of each outcome that was written.
  [[nodiscard]] Result<int> FireDue(Timestamp now, int limit, const TimeoutDecider& decide,
                                    const std::function<void(const TransitionOutcome&)>& written = {});

  /// Says what becomes of one case in a migration: an outcome, nothing
  /// (the case stays, e.g. it is finished), or an error that stops it all.
  using MigrationDecider =
      std::function<Result<std::optional<TransitionOutcome>>(const StoredCase&)>;

  /// Locks every case on `workflow` version `from_version` and writes what
  /// `decide` says, all in one transaction: every case moves or none does.
  /// Returns how many moved.
  [[nodiscard]] Result<int> MigrateAll(const std::string& workflow, std::uint32_t from_version,
                                       Timestamp now, const MigrationDecider& decide);

 private:
  Database& database_;
  std::string office_time_zone_;
};

}  // namespace ombudsflow::store
