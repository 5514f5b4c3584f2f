#pragma once

#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// Links to Min sag and the browser sessions opened with them
/// (sql/0039_min_sag.sql). Both are named by the SHA-256 (hex) of their
/// token; no token is stored.
class CitizenLinkStore {
 public:
  explicit CitizenLinkStore(Database& database) : database_(database) {}

  /// Keeps a link to case `complaint_id` until `expires_at`.
  [[nodiscard]] Result<void> Mint(const std::string& link_hash, const std::string& complaint_id, Timestamp now,
                                  Timestamp expires_at);

  /// Opens a session `session_hash` with the link `link_hash`, lasting
  /// until `session_expires` or the link's end, whichever is first: the
  /// case it opens. nullopt when the link is unknown, expired or revoked,
  /// alike.
  [[nodiscard]] Result<std::optional<std::string>> Open(const std::string& link_hash, const std::string& session_hash,
                                                        Timestamp now, Timestamp session_expires);

  /// The case session `session_hash` opens at `now`, its life moved on to
  /// `session_expires` (never past its link's); nullopt when it has
  /// ended, or its link has expired or been revoked.
  [[nodiscard]] Result<std::optional<std::string>> Resume(const std::string& session_hash, Timestamp now,
                                                          Timestamp session_expires);

  /// Ends one session (the citizen signs out).
  [[nodiscard]] Result<void> End(const std::string& session_hash);

  /// Revokes every link to the case, and so its sessions; how many.
  [[nodiscard]] Result<int> RevokeCase(const std::string& complaint_id, Timestamp now);

  /// How many links to the case still open it at `now`.
  [[nodiscard]] Result<int> LiveLinks(const std::string& complaint_id, Timestamp now);

  /// Deletes up to `limit` links (with their sessions) and sessions ended
  /// by `now`; how many rows.
  [[nodiscard]] Result<int> PurgeExpired(Timestamp now, int limit);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
