#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// Whose cases are whose as MitID says, and the browsers signed in with it
/// at Min sag (sql/0042_citizen_mitid.sql). A person is known here only by
/// a hash of the broker's issuer and pseudonymous subject.
class CitizenIdentityStore {
 public:
  explicit CitizenIdentityStore(Database& database) : database_(database) {}

  /// Records that the case is the person's; a case recorded before keeps
  /// its first person.
  [[nodiscard]] Result<void> Link(const std::string& complaint_id, const std::string& subject_hash, Timestamp now);

  /// The person's cases, newest first, at most `limit`.
  [[nodiscard]] Result<std::vector<std::string>> CasesOf(const std::string& subject_hash, int limit);

  /// Whether the case is the person's.
  [[nodiscard]] Result<bool> Owns(const std::string& subject_hash, const std::string& complaint_id);

  /// A browser signed in until `expires_at`; drops the sessions already
  /// ended.
  [[nodiscard]] Result<void> BeginSession(const std::string& token_hash, const std::string& subject_hash,
                                          Timestamp now, Timestamp expires_at);
  /// The person a session's browser is signed in as, unless it has ended.
  [[nodiscard]] Result<std::optional<std::string>> SessionSubject(const std::string& token_hash, Timestamp now);
  [[nodiscard]] Result<void> EndSession(const std::string& token_hash);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
