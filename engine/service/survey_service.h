#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/service/mailer.h"
#include "engine/service/workflow_labels.h"
#include "engine/store/survey_store.h"

namespace ombudsflow::service {

/// The states a case's satisfaction survey follows: every terminal state of
/// every case workflow ("workflow/state"), but those whose label says the
/// citizen's matter goes on elsewhere (no_survey).
[[nodiscard]] std::vector<std::string> SurveyedEndings(const WorkflowCatalog& catalog, const WorkflowLabels& labels);

/// The answers as the form posts them: "1".."5", or "" for "don't know".
struct PostedAnswers {
  std::string understood;
  std::string respected;
  std::string speed;
  std::string overall;
};

/// The user-satisfaction survey (seed 000, principle 2). After a case
/// closes, the citizen who gave an e-mail gets a link; their answers are
/// kept by workflow, outcome and month only, and the annual report shows
/// groups of at least five (engine/core/reports/satisfaction.h).
class SurveyService {
 public:
  struct Options {
    std::string public_url;
    std::string office_name;
    std::chrono::hours link_valid{24 * 30};
    int most_attempts = 5;
  };

  SurveyService(store::SurveyStore& store, std::vector<std::string> endings, const Clock& clock, Mailer* mailer,
                Options options)
      : store_(store), endings_(std::move(endings)), clock_(clock), mailer_(mailer), options_(std::move(options)) {}

  void SetPublicUrl(std::string url) { options_.public_url = std::move(url); }

  /// One round of the survey's job: queues the cases closed since, mails
  /// the queued links, lets old links expire; how many were mailed.
  [[nodiscard]] Result<int> InviteRound(int limit);

  /// Whether the link may be answered now.
  [[nodiscard]] Result<bool> Open(const std::string& token);
  /// kInvalidArgument with field violations for an answer that is not one
  /// of the scale's, or when nothing is answered; false when the link is
  /// used, declined or expired.
  [[nodiscard]] Result<bool> Answer(const std::string& token, const PostedAnswers& answers);
  /// False when the link is used, declined or expired.
  [[nodiscard]] Result<bool> Decline(const std::string& token);

  /// The invitation's mail, in the case's language.
  [[nodiscard]] MailMessage InvitationMail(const std::string& language, const std::string& link) const;

 private:
  store::SurveyStore& store_;
  std::vector<std::string> endings_;
  const Clock& clock_;
  Mailer* mailer_;
  Options options_;
};

}  // namespace ombudsflow::service
