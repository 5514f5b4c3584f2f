#pragma once

#include <functional>
#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/citizens.pb.h"

namespace ombudsflow::store {

/// A public complaint form under way, or sent.
struct ComplaintFormDraft {
  std::string key_hash;  // SHA-256 (hex) of the token in the citizen's cookie
  std::string case_id;   // the id the case gets when it is sent
  v1::ComplaintFormAnswers answers;
  Timestamp started_at;
  // Once sent: the case it opened, and the day the office answers by
  // ("YYYY-MM-DD"); the answers are erased then.
  std::string complaint_id;
  std::string case_number;
  std::string reply_by;
};

/// The public complaint form's drafts (sql/0037_complaint_form.sql).
class ComplaintFormStore {
 public:
  explicit ComplaintFormStore(Database& database) : database_(database) {}

  /// The draft with `key_hash` if it has not expired at `now`.
  [[nodiscard]] Result<std::optional<ComplaintFormDraft>> Find(const std::string& key_hash, Timestamp now);

  /// Keeps `answers` until `expires_at` under `new_key_hash`, moving the
  /// draft from `old_key_hash` (a new one starts at `now`; an existing one
  /// keeps its start unless it had expired). A sent draft is not changed:
  /// kFailedPrecondition. A new draft while `max_drafts` are kept:
  /// kResourceExhausted.
  [[nodiscard]] Result<void> Save(const std::string& old_key_hash, const std::string& new_key_hash,
                                  const v1::ComplaintFormAnswers& answers, Timestamp now, Timestamp expires_at,
                                  long long max_drafts);

  /// Changes the answers of the live, unsent draft under `old_key_hash` with
  /// `change`, under its row lock, and moves it to `new_key_hash` until
  /// `expires_at`; false when there is no such draft (expired, sent, or
  /// moved on meanwhile): nothing is then written.
  [[nodiscard]] Result<bool> Change(const std::string& old_key_hash, const std::string& new_key_hash,
                                    const std::function<void(v1::ComplaintFormAnswers&)>& change, Timestamp now,
                                    Timestamp expires_at);

  /// How many complaints to `email` (any case) drafts sent since `since`.
  [[nodiscard]] Result<long long> SentTo(const std::string& email, Timestamp since);

  /// Records that the draft opened its case and erases its answers; false
  /// when it was sent already.
  [[nodiscard]] Result<bool> MarkSent(const std::string& key_hash, const std::string& complaint_id,
                                      const std::string& case_number, const std::string& reply_by);

  /// Deletes the draft unless it was sent (the citizen starts again).
  [[nodiscard]] Result<void> DeleteUnsent(const std::string& key_hash);

  /// Deletes up to `limit` drafts expired at `now`; how many it deleted.
  [[nodiscard]] Result<int> PurgeExpired(Timestamp now, int limit);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
