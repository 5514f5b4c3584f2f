#include "engine/store/retention_store.h"

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {

Result<std::vector<std::string>> RetentionStore::Due(const std::vector<std::string>& states, Timestamp closed_before,
                                                     int limit) {
  return database_.Run("find cases to pseudonymise", [&](soci::session& session) -> Result<std::vector<std::string>> {
    std::vector<std::string> ids;
    const long long before = ToUnixMicros(closed_before);
    for (const std::string& state : states) {
      if (static_cast<int>(ids.size()) >= limit) break;
      const int left = limit - static_cast<int>(ids.size());
      Rows rows(session,
                "SELECT s.id::text FROM case_state s JOIN complaints c ON c.id = s.id"
                " WHERE s.state = :state AND c.pseudonymised_at IS NULL"
                " AND s.updated_at < " OF_MICROS_TO_TIMESTAMPTZ(":before")
                " ORDER BY s.updated_at LIMIT :limit",
                soci::use(state, "state"), soci::use(before, "before"), soci::use(left, "limit"));
      for (const soci::row& row : rows) ids.push_back(row.get<std::string>(0));
    }
    return ids;
  });
}

Result<void> RetentionStore::Scrub(const std::string& id, Timestamp now) {
  return database_.Run("pseudonymise a case", [&](soci::session& session) -> Result<void> {
    const long long at = ToUnixMicros(now);
    int scrubbed = 0;
    session << "WITH c AS ("
               "  UPDATE complaints SET"
               "    complainant_name = CASE WHEN complainant_name IS NULL THEN NULL ELSE '[pseudonymised]' END,"
               "    complainant_email = NULL, complainant_phone = NULL, complainant_address = NULL,"
               "    subject = '[removed]', description = '[removed]',"
               "    idempotency_key = NULL, idempotency_owner = NULL, request_fingerprint = NULL,"
               "    pseudonymised_at = " OF_MICROS_TO_TIMESTAMPTZ(":now") " WHERE id = :id1::uuid RETURNING id),"
               " d AS (DELETE FROM complaint_event_details WHERE complaint_id = :id2::uuid),"
               " l AS (UPDATE outbox SET payload = json_build_object('erased', true)"
               "   WHERE complaint_id = :id3::uuid AND kind = 'letter'),"
               " n AS (UPDATE notices SET payload = json_build_object('erased', true) WHERE complaint_id = :id4::uuid),"
               // Letters and the journal keep their hashes and lose their texts.
               " lt AS (UPDATE letters SET subject = '[removed]', html = '[removed]', pdf = NULL"
               "   WHERE complaint_id = :id6::uuid),"
               // An uploaded document's counterpart was typed by a person
               // (a citizen's name); the others are "citizen" or a code.
               " jn AS (UPDATE journal SET subject = '[removed]',"
               "   counterpart = CASE WHEN document_kind = 'document' THEN '[removed]' ELSE counterpart END"
               "   WHERE complaint_id = :id7::uuid),"
               // Documents keep their hashes and lose their bytes and names
               // (the chunks go with their contents).
               " dc AS (DELETE FROM document_contents WHERE id IN"
               "   (SELECT content_id FROM case_documents WHERE complaint_id = :id8::uuid)),"
               " dd AS (UPDATE case_documents SET content_id = NULL, title = '[removed]', file_name = '[removed]',"
               "   counterpart = '[removed]', idempotency_owner = NULL, idempotency_key = NULL, fingerprint = NULL"
               "   WHERE complaint_id = :id9::uuid),"
               // Min sag closes: its links (and their sessions) and the
               // e-mails still to send.
               " ml AS (DELETE FROM citizen_links WHERE complaint_id = :id10::uuid),"
               " mn AS (DELETE FROM citizen_notifications WHERE complaint_id = :id11::uuid),"
               // A whistleblower's way back in, and their identity with it.
               " wr AS (DELETE FROM whistleblower_reports WHERE complaint_id = :id12::uuid),"
               // Whose the case is, as MitID said.
               " mi AS (DELETE FROM citizen_identities WHERE complaint_id = :id13::uuid),"
               " p AS (UPDATE publications SET title = '[removed]', body = '[removed]'"
               "   WHERE complaint_id = :id5::uuid AND state <> 'published')"
               " SELECT count(*) FROM c",
        soci::use(at, "now"), soci::use(id, "id1"), soci::use(id, "id2"), soci::use(id, "id3"), soci::use(id, "id4"),
        soci::use(id, "id5"), soci::use(id, "id6"), soci::use(id, "id7"), soci::use(id, "id8"), soci::use(id, "id9"),
        soci::use(id, "id10"), soci::use(id, "id11"), soci::use(id, "id12"), soci::use(id, "id13"),
        soci::into(scrubbed);
    if (scrubbed == 0) return std::unexpected(NotFound("no complaint " + id));
    return {};
  });
}

}  // namespace ombudsflow::store
