#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// The reporter's identity, when they gave it.
struct WhistleblowerIdentity {
  std::string name;
  std::string contact;  // may be empty
};

/// A sign-in's place, taken before its password is checked.
struct WhistleblowerAttempt {
  std::string complaint_id;
  std::string password_hash;  // empty when no place was taken: locked
  std::optional<Timestamp> locked_until;  // set when locked
};

/// Someone the ombudsman designated to read reporters' identities.
struct WhistleblowerDesignee {
  std::string user_id;
  std::string display_name;
  std::string designated_by;
  Timestamp designated_at{};
};

/// The whistleblower scheme's own rows (sql/0040_whistleblower.sql): each
/// report's receipt code (by its SHA-256) and password (Argon2id), the
/// reporter's identity kept apart from the case, and who may read it.
class WhistleblowerStore {
 public:
  explicit WhistleblowerStore(Database& database) : database_(database) {}

  /// Keeps report `complaint_id`'s way back in and, when given, its
  /// reporter's identity, once: kept before, it stays as it was.
  [[nodiscard]] Result<void> Keep(const std::string& complaint_id, const std::string& code_hash,
                                  const std::string& password_hash, const std::optional<WhistleblowerIdentity>& identity,
                                  Timestamp now);

  /// Takes a sign-in's place for the report whose code hashes to
  /// `code_hash` before its password is checked, under the row's lock: the
  /// `max_failures`th place since the last right password locks the report:
  /// for `lockout` the first time, twice as long each time after (at most
  /// `longest`), until a right password. nullopt for no such report;
  /// locked_until set (and no hash) when it is locked now.
  [[nodiscard]] Result<std::optional<WhistleblowerAttempt>> TakeAttempt(const std::string& code_hash, Timestamp now,
                                                                        int max_failures, std::chrono::seconds lockout,
                                                                        std::chrono::seconds longest);
  /// A right password: the count starts again, and any lock it set ends.
  [[nodiscard]] Result<void> RecordSuccess(const std::string& complaint_id);

  // Whether a case is a report: TransitionStore::ReadBySignIn.
  /// Whether its reporter gave their identity (not what it is).
  [[nodiscard]] Result<bool> HasIdentity(const std::string& complaint_id);
  [[nodiscard]] Result<std::optional<WhistleblowerIdentity>> Identity(const std::string& complaint_id);

  [[nodiscard]] Result<bool> IsDesignated(const std::string& user_id);
  [[nodiscard]] Result<void> Designate(const std::string& user_id, const std::string& by, Timestamp now);
  /// Ends the designation (its row stays, with who ended it and when).
  [[nodiscard]] Result<void> Undesignate(const std::string& user_id, const std::string& by, Timestamp now);
  [[nodiscard]] Result<std::vector<WhistleblowerDesignee>> Designees();

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
