#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"

namespace ombudsflow::store {

/// A citizen to invite: their case's e-mail and language.
struct DueInvitation {
  std::string complaint_id;
  std::string email;
  std::string language;
  int attempts = 0;
};

/// One citizen's answers, each 1 to 5 or nullopt for "don't know".
struct SurveyAnswers {
  std::optional<int> understood;
  std::optional<int> respected;
  std::optional<int> speed;
  std::optional<int> overall;
};

/// What became of an answer.
enum class SurveyOutcome {
  kRecorded,
  kNoSuchLink,  // used, declined, expired, or never made
};

/// The satisfaction survey's tables (sql/0048_satisfaction_survey.sql):
/// invitations per case, answers without the case.
class SurveyStore {
 public:
  explicit SurveyStore(Database& database) : database_(database) {}

  /// Queues an invitation for every case with a citizen's e-mail that
  /// entered one of `endings` ("workflow/state") since the survey began,
  /// valid until `expires_at`; how many.
  [[nodiscard]] Result<int> QueueClosed(const std::vector<std::string>& endings, Timestamp now, Timestamp expires_at);
  /// Queued invitations, oldest first.
  [[nodiscard]] Result<std::vector<DueInvitation>> Due(int limit, int most_attempts);
  /// The invitation is mailed with the link whose token hashes to
  /// `token_hash`; kept before the mail goes, so no one gets two.
  [[nodiscard]] Result<void> MarkMailed(const std::string& complaint_id, const std::string& token_hash, Timestamp now);
  /// The mail was not taken: queued again, or failed for good.
  [[nodiscard]] Result<void> MailFailed(const std::string& complaint_id, const std::string& error, bool give_up);
  /// Links past their time lead nowhere; how many.
  [[nodiscard]] Result<int> Expire(Timestamp now);

  /// Whether the link whose token hashes to `token_hash` may still be answered.
  [[nodiscard]] Result<bool> Open(const std::string& token_hash, Timestamp now);
  /// Records the answers under the case's workflow, outcome and month, and
  /// closes the link, in one transaction.
  [[nodiscard]] Result<SurveyOutcome> Answer(const std::string& token_hash, const SurveyAnswers& answers,
                                             const std::string& month, Timestamp now);
  /// Closes the link without an answer.
  [[nodiscard]] Result<SurveyOutcome> Decline(const std::string& token_hash, Timestamp now);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
