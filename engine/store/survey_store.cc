#include "engine/store/survey_store.h"

#include <soci/soci.h>

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

std::string Joined(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& value : values) joined += (joined.empty() ? "" : ",") + value;
  return joined;
}

}  // namespace

Result<int> SurveyStore::QueueClosed(const std::vector<std::string>& endings, Timestamp now, Timestamp expires_at) {
  return database_.Run("queue survey invitations", [&](soci::session& session) -> Result<int> {
    const std::string joined = Joined(endings);
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(expires_at);
    soci::statement queue =
        (session.prepare
             << "INSERT INTO survey_invitations (complaint_id, state, queued_at, expires_at)"
                " SELECT c.id, 'queued', " OF_MICROS_TO_TIMESTAMPTZ(":now") ", " OF_MICROS_TO_TIMESTAMPTZ(":expires")
                " FROM complaints c JOIN case_state s ON s.id = c.id"
                " WHERE c.complainant_email IS NOT NULL AND c.complainant_email <> '' AND c.pseudonymised_at IS NULL"
                " AND c.workflow || '/' || s.state = ANY (string_to_array(:endings, ','))"
                " AND s.state_entered_at >= (SELECT started_at FROM survey_settings)"
                " AND NOT EXISTS (SELECT 1 FROM survey_invitations i WHERE i.complaint_id = c.id)"
                " ON CONFLICT (complaint_id) DO NOTHING",
         soci::use(at, "now"), soci::use(expires, "expires"), soci::use(joined, "endings"));
    queue.execute(true);
    return static_cast<int>(queue.get_affected_rows());
  });
}

Result<std::vector<DueInvitation>> SurveyStore::Due(int limit, int most_attempts) {
  return database_.Run("due survey invitations", [&](soci::session& session) -> Result<std::vector<DueInvitation>> {
    std::vector<DueInvitation> due;
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT i.complaint_id::text, c.complainant_email, c.language, i.attempts"
                            " FROM survey_invitations i JOIN complaints c ON c.id = i.complaint_id"
                            " WHERE i.state = 'queued' AND i.attempts < :most ORDER BY i.queued_at LIMIT :limit",
         soci::use(most_attempts, "most"), soci::use(limit, "limit"));
    for (const soci::row& row : rows) {
      due.push_back({row.get<std::string>(0), row.get<std::string>(1), row.get<std::string>(2), row.get<int>(3)});
    }
    return due;
  });
}

Result<void> SurveyStore::MarkMailed(const std::string& complaint_id, const std::string& token_hash, Timestamp now) {
  return database_.Run("survey invitation mailed", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    session << "UPDATE survey_invitations SET state = 'mailed', token_hash = :hash, attempts = attempts + 1,"
               " mailed_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") " WHERE complaint_id = :id::uuid AND state = 'queued'",
        soci::use(token_hash, "hash"), soci::use(at, "now"), soci::use(complaint_id, "id");
    return {};
  });
}

Result<void> SurveyStore::MailFailed(const std::string& complaint_id, const std::string& error, bool give_up) {
  return database_.Run("survey invitation not mailed", [&](soci::session& session) -> Result<void> {
    const std::string state = give_up ? "failed" : "queued";
    session << "UPDATE survey_invitations SET state = :state, token_hash = NULL, last_error = left(:error, 500)"
               " WHERE complaint_id = :id::uuid AND state = 'mailed'",
        soci::use(state, "state"), soci::use(error, "error"), soci::use(complaint_id, "id");
    return {};
  });
}

Result<int> SurveyStore::Expire(Timestamp now) {
  return database_.Run("expire survey links", [&](soci::session& session) -> Result<int> {
    const long long at = ToUnixMicros(now);
    soci::statement expire =
        (session.prepare << "UPDATE survey_invitations SET state = 'expired', token_hash = NULL"
                            " WHERE state = 'mailed' AND expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now"),
         soci::use(at, "now"));
    expire.execute(true);
    return static_cast<int>(expire.get_affected_rows());
  });
}

Result<bool> SurveyStore::Open(const std::string& token_hash, Timestamp now) {
  return database_.Run("survey link", [&](soci::session& session) -> Result<bool> {
    const long long at = ToUnixMicros(now);
    int found = 0;
    session << "SELECT count(*) FROM survey_invitations WHERE token_hash = :hash AND state = 'mailed'"
               " AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now"),
        soci::use(token_hash, "hash"), soci::use(at, "now"), soci::into(found);
    return found > 0;
  });
}

Result<SurveyOutcome> SurveyStore::Answer(const std::string& token_hash, const SurveyAnswers& answers,
                                          const std::string& month, Timestamp now) {
  return database_.Run("survey answer", [&](soci::session& session) -> Result<SurveyOutcome> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    std::string workflow;
    std::string outcome;
    session << "SELECT c.workflow, s.state FROM survey_invitations i JOIN complaints c ON c.id = i.complaint_id"
               " JOIN case_state s ON s.id = i.complaint_id"
               " WHERE i.token_hash = :hash AND i.state = 'mailed' AND i.expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now")
               " FOR UPDATE OF i",
        soci::use(token_hash, "hash"), soci::use(at, "now"), soci::into(workflow), soci::into(outcome);
    if (!session.got_data()) return SurveyOutcome::kNoSuchLink;
    const auto value = [](const std::optional<int>& answer) { return answer.value_or(0); };
    const int understood = value(answers.understood), respected = value(answers.respected),
              speed = value(answers.speed), overall = value(answers.overall);
    session << "INSERT INTO survey_responses (workflow, outcome, month, understood, respected, speed, overall)"
               " VALUES (:workflow, :outcome, :month::date, nullif(:understood, 0), nullif(:respected, 0),"
               " nullif(:speed, 0), nullif(:overall, 0))",
        soci::use(workflow, "workflow"), soci::use(outcome, "outcome"), soci::use(month, "month"),
        soci::use(understood, "understood"), soci::use(respected, "respected"), soci::use(speed, "speed"),
        soci::use(overall, "overall");
    // Nothing stays to say which case answered.
    session << "UPDATE survey_invitations SET state = 'done', token_hash = NULL WHERE token_hash = :hash",
        soci::use(token_hash, "hash");
    transaction.commit();
    return SurveyOutcome::kRecorded;
  });
}

Result<SurveyOutcome> SurveyStore::Decline(const std::string& token_hash, Timestamp now) {
  return database_.Run("survey declined", [&](soci::session& session) -> Result<SurveyOutcome> {
    const long long at = ToUnixMicros(now);
    soci::statement decline =
        (session.prepare << "UPDATE survey_invitations SET state = 'done', token_hash = NULL"
                            " WHERE token_hash = :hash AND state = 'mailed' AND expires_at > "
                            OF_MICROS_TO_TIMESTAMPTZ(":now"),
         soci::use(token_hash, "hash"), soci::use(at, "now"));
    decline.execute(true);
    return decline.get_affected_rows() == 1 ? SurveyOutcome::kRecorded : SurveyOutcome::kNoSuchLink;
  });
}

}  // namespace ombudsflow::store
