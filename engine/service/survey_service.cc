#include "engine/service/survey_service.h"

#include <spdlog/spdlog.h>

#include "engine/core/base/hex.h"
#include "engine/core/base/iso_date.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::service {
namespace {

// "1".."5" as a number, "" as no answer; nullopt inside for anything else.
std::optional<std::optional<int>> ScaleAnswer(const std::string& given) {
  if (given.empty()) return std::optional<int>();
  if (given.size() == 1 && given[0] >= '1' && given[0] <= '5') return std::optional<int>(given[0] - '0');
  return std::nullopt;
}

}  // namespace

std::vector<std::string> SurveyedEndings(const WorkflowCatalog& catalog, const WorkflowLabels& labels) {
  std::vector<std::string> endings;
  for (const v1::WorkflowDefinition* definition : catalog.All()) {
    if (definition->subject() != v1::SUBJECT_CASE) continue;
    for (const v1::State& state : definition->state()) {
      if (!state.terminal()) continue;
      const v1::NamedLabel* label = labels.State(definition->name(), state.name());
      if (label != nullptr && label->no_survey()) continue;
      const std::string ending = definition->name() + "/" + state.name();
      if (std::find(endings.begin(), endings.end(), ending) == endings.end()) endings.push_back(ending);
    }
  }
  return endings;
}

Result<int> SurveyService::InviteRound(int limit) {
  const Timestamp now = clock_.Now();
  if (auto expired = store_.Expire(now); !expired) return std::unexpected(expired.error());
  if (auto queued = store_.QueueClosed(endings_, now, now + options_.link_valid); !queued) {
    return std::unexpected(queued.error());
  }
  if (mailer_ == nullptr) return 0;
  auto due = store_.Due(limit, options_.most_attempts);
  if (!due) return std::unexpected(due.error());
  int mailed = 0;
  for (const store::DueInvitation& invitation : *due) {
    const std::string token = NewCitizenToken();
    // Kept before it goes: a crash after leaves one mail, never two.
    if (auto marked = store_.MarkMailed(invitation.complaint_id, Sha256Hex(token), clock_.Now()); !marked) {
      return std::unexpected(marked.error());
    }
    MailMessage mail = InvitationMail(invitation.language, options_.public_url + "/tilfredshed/" + token);
    mail.to = invitation.email;
    mail.id = "tilfredshed-" + invitation.complaint_id;
    if (auto sent = mailer_->Send(mail, clock_.Now()); !sent) {
      spdlog::warn("survey invitation not taken by the mail server: {}", sent.error().message);
      const bool give_up = invitation.attempts + 1 >= options_.most_attempts;
      if (auto failed = store_.MailFailed(invitation.complaint_id, sent.error().message, give_up); !failed) {
        return std::unexpected(failed.error());
      }
      continue;
    }
    ++mailed;
  }
  return mailed;
}

Result<bool> SurveyService::Open(const std::string& token) {
  if (!IsCitizenToken(token)) return false;
  return store_.Open(Sha256Hex(token), clock_.Now());
}

Result<bool> SurveyService::Answer(const std::string& token, const PostedAnswers& posted) {
  std::vector<FieldViolation> violations;
  store::SurveyAnswers answers;
  const auto take = [&](const char* field, const std::string& given, std::optional<int>& into) {
    auto answer = ScaleAnswer(given);
    if (!answer) {
      violations.push_back({field, "is not one of the scale's answers", "invalid_enum"});
      return;
    }
    into = *answer;
  };
  take("understood", posted.understood, answers.understood);
  take("respected", posted.respected, answers.respected);
  take("speed", posted.speed, answers.speed);
  take("overall", posted.overall, answers.overall);
  if (violations.empty() && !answers.understood && !answers.respected && !answers.speed && !answers.overall) {
    violations.push_back({"understood", "answer at least one question", "required_choice"});
  }
  if (!violations.empty()) {
    Error error = MakeError(ErrorCode::kInvalidArgument, "the answers cannot be kept");
    error.field_violations = std::move(violations);
    return std::unexpected(std::move(error));
  }
  if (!IsCitizenToken(token)) return false;
  const Timestamp now = clock_.Now();
  const std::string month = FormatIsoDate(clock_.LocalDate(now)).substr(0, 8) + "01";
  auto recorded = store_.Answer(Sha256Hex(token), answers, month, now);
  if (!recorded) return std::unexpected(recorded.error());
  return *recorded == store::SurveyOutcome::kRecorded;
}

Result<bool> SurveyService::Decline(const std::string& token) {
  if (!IsCitizenToken(token)) return false;
  auto declined = store_.Decline(Sha256Hex(token), clock_.Now());
  if (!declined) return std::unexpected(declined.error());
  return *declined == store::SurveyOutcome::kRecorded;
}

MailMessage SurveyService::InvitationMail(const std::string& language, const std::string& link) const {
  MailMessage mail;
  const std::string& office = options_.office_name;
  if (language == "en") {
    mail.subject = "How did " + office + " treat you? Four questions";
    mail.text = "Your case with " + office + " is finished. We would like to know how we treated you.\n\n"
                "Four questions, about a minute:\n" + link +
                "\n\nYour answers are anonymous: they are counted with others' and never shown with your case. "
                "You do not have to answer, and you will not hear from us about it again. The link works for 30 days.\n";
  } else {
    mail.subject = "Hvordan oplevede du " + office + "? Fire spørgsmål";
    mail.text = "Din sag hos " + office + " er afsluttet. Vi vil gerne vide, hvordan du oplevede os.\n\n"
                "Fire spørgsmål, cirka et minut:\n" + link +
                "\n\nDine svar er anonyme: de tælles sammen med andres og vises aldrig ved din sag. "
                "Du behøver ikke svare, og vi skriver ikke til dig om det igen. Linket virker i 30 dage.\n";
  }
  return mail;
}

}  // namespace ombudsflow::service
