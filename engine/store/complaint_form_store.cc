#include "engine/store/complaint_form_store.h"

#include "engine/core/codec/proto_json.h"
#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<std::optional<ComplaintFormDraft>> ComplaintFormStore::Find(const std::string& key_hash, Timestamp now) {
  return database_.Run("find complaint form", [&](soci::session& session) -> Result<std::optional<ComplaintFormDraft>> {
    const long long at = ToUnixMicros(now);
    std::string answers, case_id;
    long long started = 0;
    std::string complaint_id, case_number, reply_by;
    session << "SELECT case_id::text, answers::text,"
               " (extract(epoch FROM started_at) * 1000000)::bigint,"
               " coalesce(complaint_id::text, ''), coalesce(case_number, ''), coalesce(reply_by::text, '')"
               " FROM complaint_form_drafts WHERE key_hash = :key AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now"),
        soci::use(key_hash, "key"), soci::use(at, "now"), soci::into(case_id), soci::into(answers),
        soci::into(started), soci::into(complaint_id), soci::into(case_number),
        soci::into(reply_by);
    if (!session.got_data()) return std::optional<ComplaintFormDraft>();
    ComplaintFormDraft draft{.key_hash = key_hash,
                             .case_id = std::move(case_id),
                             .answers = {},
                             .started_at = FromUnixMicros(started),
                             .complaint_id = std::move(complaint_id),
                             .case_number = std::move(case_number),
                             .reply_by = std::move(reply_by)};
    if (!FromJson(answers, draft.answers).ok()) throw std::runtime_error("a complaint form's stored answers do not read");
    return std::optional<ComplaintFormDraft>(std::move(draft));
  });
}

Result<void> ComplaintFormStore::Save(const std::string& old_key_hash, const std::string& new_key_hash,
                                      const v1::ComplaintFormAnswers& answers, Timestamp now, Timestamp expires_at,
                                      long long max_drafts) {
  return database_.Run("save complaint form", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(expires_at);
    const std::string json = ToJson(answers, false);
    // The draft moves to its new token; none under the old one (a first
    // page, or one expired and purged) starts under the new.
    int sent = 0, kept = 0;
    session << "WITH moved AS ("
               "  UPDATE complaint_form_drafts AS d SET key_hash = :new1, answers = :answers1::jsonb,"
               "    updated_at = " OF_MICROS_TO_TIMESTAMPTZ(":now1") ", expires_at = " OF_MICROS_TO_TIMESTAMPTZ(":expires1") ","
               // An expired draft not yet purged starts again.
               "    started_at = CASE WHEN d.expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now2") " THEN "
               OF_MICROS_TO_TIMESTAMPTZ(":now3") " ELSE d.started_at END"
               "  WHERE d.key_hash = :old1 AND d.complaint_id IS NULL RETURNING 1),"
               " started AS ("
               "  INSERT INTO complaint_form_drafts (key_hash, answers, started_at, updated_at, expires_at)"
               "  SELECT :new2, :answers2::jsonb, " OF_MICROS_TO_TIMESTAMPTZ(":now4") ", "
               OF_MICROS_TO_TIMESTAMPTZ(":now5") ", " OF_MICROS_TO_TIMESTAMPTZ(":expires2")
               "  WHERE NOT EXISTS (SELECT 1 FROM moved)"
               "    AND NOT EXISTS (SELECT 1 FROM complaint_form_drafts WHERE key_hash = :old2 AND complaint_id IS NOT NULL)"
               // A flood of new drafts stops at the cap, not at the disk's end.
               "    AND (SELECT count(*) FROM complaint_form_drafts) < :max_drafts"
               "  RETURNING 1)"
               " SELECT (SELECT count(*)::integer FROM complaint_form_drafts"
               "  WHERE key_hash = :old3 AND complaint_id IS NOT NULL),"
               " (SELECT count(*)::integer FROM moved) + (SELECT count(*)::integer FROM started)",
        soci::use(new_key_hash, "new1"), soci::use(json, "answers1"), soci::use(at, "now1"),
        soci::use(expires, "expires1"), soci::use(at, "now2"), soci::use(at, "now3"), soci::use(old_key_hash, "old1"),
        soci::use(new_key_hash, "new2"), soci::use(json, "answers2"), soci::use(at, "now4"), soci::use(at, "now5"),
        soci::use(expires, "expires2"), soci::use(old_key_hash, "old2"), soci::use(max_drafts, "max_drafts"),
        soci::use(old_key_hash, "old3"), soci::into(sent), soci::into(kept);
    if (sent > 0) return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "this complaint form has been sent"));
    if (kept == 0) return std::unexpected(MakeError(ErrorCode::kResourceExhausted, "too many complaint forms are under way"));
    return {};
  });
}

Result<bool> ComplaintFormStore::MarkSent(const std::string& key_hash, const std::string& complaint_id,
                                          const std::string& case_number, const std::string& reply_by) {
  return database_.Run("mark complaint form sent", [&](soci::session& session) -> Result<bool> {
    int marked = 0;
    session << "WITH marked AS (UPDATE complaint_form_drafts SET answers = '{}', complaint_id = :complaint::uuid,"
               " updated_at = now(),"
               " case_number = :number, reply_by = nullif(:reply_by, '')::date"
               " WHERE key_hash = :key AND complaint_id IS NULL RETURNING 1)"
               " SELECT count(*)::integer FROM marked",
        soci::use(complaint_id, "complaint"), soci::use(case_number, "number"), soci::use(reply_by, "reply_by"),
        soci::use(key_hash, "key"), soci::into(marked);
    return marked > 0;
  });
}

Result<bool> ComplaintFormStore::Change(const std::string& old_key_hash, const std::string& new_key_hash,
                                        const std::function<void(v1::ComplaintFormAnswers&)>& change, Timestamp now,
                                        Timestamp expires_at) {
  return database_.Run("change complaint form", [&](soci::session& session) -> Result<bool> {
    soci::transaction transaction(session);
    const long long at = ToUnixMicros(now);
    const long long expires = ToUnixMicros(expires_at);
    std::string stored;
    session << "SELECT answers::text FROM complaint_form_drafts WHERE key_hash = :key AND complaint_id IS NULL"
               " AND expires_at > " OF_MICROS_TO_TIMESTAMPTZ(":now") " FOR UPDATE",
        soci::use(old_key_hash, "key"), soci::use(at, "now"), soci::into(stored);
    if (!session.got_data()) return false;
    v1::ComplaintFormAnswers answers;
    if (!FromJson(stored, answers).ok()) throw std::runtime_error("a complaint form's stored answers do not read");
    change(answers);
    const std::string json = ToJson(answers, false);
    session << "UPDATE complaint_form_drafts SET key_hash = :new, answers = :answers::jsonb,"
               " updated_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") ", expires_at = " OF_MICROS_TO_TIMESTAMPTZ(":expires")
               " WHERE key_hash = :old",
        soci::use(new_key_hash, "new"), soci::use(json, "answers"), soci::use(at, "now"),
        soci::use(expires, "expires"), soci::use(old_key_hash, "old");
    transaction.commit();
    return true;
  });
}

Result<long long> ComplaintFormStore::SentTo(const std::string& email, Timestamp since) {
  return database_.Run("count complaint forms sent", [&](soci::session& session) -> Result<long long> {
    const long long at = ToUnixMicros(since);
    long long sent = 0;
    session << "SELECT count(*) FROM complaint_form_drafts d JOIN complaints c ON c.id = d.complaint_id"
               " WHERE lower(c.complainant_email) = lower(:email) AND d.updated_at > " OF_MICROS_TO_TIMESTAMPTZ(":since"),
        soci::use(email, "email"), soci::use(at, "since"), soci::into(sent);
    return sent;
  });
}

Result<void> ComplaintFormStore::DeleteUnsent(const std::string& key_hash) {
  return database_.Run("delete complaint form", [&](soci::session& session) -> Result<void> {
    // A draft with files keeps them until they are removed (their bytes
    // with them): it is deleted then, never around them.
    session << "DELETE FROM complaint_form_drafts d WHERE key_hash = :key AND complaint_id IS NULL"
               " AND NOT EXISTS (SELECT 1 FROM complaint_form_files f WHERE f.draft_case_id = d.case_id)",
        soci::use(key_hash, "key");
    return {};
  });
}

Result<int> ComplaintFormStore::PurgeExpired(Timestamp now, int limit) {
  return database_.Run("purge complaint forms", [&](soci::session& session) -> Result<int> {
    const long long at = ToUnixMicros(now);
    int purged = 0;
    // Rows another server is purging are skipped, not waited for.
    session << "WITH gone AS (DELETE FROM complaint_form_drafts WHERE key_hash IN ("
               "  SELECT key_hash FROM complaint_form_drafts d WHERE expires_at <= " OF_MICROS_TO_TIMESTAMPTZ(":now")
               // Its files go first, with their bytes (ComplaintFormFileStore).
               "    AND NOT EXISTS (SELECT 1 FROM complaint_form_files f WHERE f.draft_case_id = d.case_id)"
               "  ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING 1)"
               " SELECT count(*)::integer FROM gone",
        soci::use(at, "now"), soci::use(limit, "limit"), soci::into(purged);
    return purged;
  });
}

}  // namespace ombudsflow::store
