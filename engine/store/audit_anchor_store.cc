#include "engine/store/audit_anchor_store.h"

#include <algorithm>
#include <memory>

#include "engine/core/base/uuid.h"

namespace ombudsflow::store {
namespace {

std::uint64_t XidFromText(const std::string& text) { return text.empty() ? 0 : std::stoull(text); }

}  // namespace

Result<std::uint64_t> AuditAnchorStore::HeadsChangedSince(
    std::uint64_t since, int page_size, const std::function<Result<void>(std::vector<ChangedHead>&)>& page) {
  return database_.Run("read changed chain heads", [&](soci::session& session) -> Result<std::uint64_t> {
    soci::transaction snapshot(session);
    session << "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";
    // The first statement takes the snapshot every page below reads.
    std::string next;
    session << "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", soci::into(next);
    const std::string from = std::to_string(since);
    const int limit = std::max(1, page_size);
    std::string after = "00000000-0000-0000-0000-000000000000";
    std::vector<ChangedHead> heads;
    while (true) {
      heads.clear();
      // A full read walks the primary key; a delta reads the changed rows
      // by their stamp's index, and sorts those few.
      auto rows = since == 0
                      ? std::make_unique<Rows>(session,
                                               "SELECT id::text, version, last_event_hash,"
                                               " coalesce(head_changed_by::text, '') FROM case_state"
                                               " WHERE id > :after::uuid ORDER BY id LIMIT :limit",
                                               soci::use(after, "after"), soci::use(limit, "limit"))
                      : std::make_unique<Rows>(session,
                                               "SELECT id::text, version, last_event_hash, head_changed_by::text"
                                               " FROM case_state WHERE id > :after::uuid"
                                               " AND head_changed_by >= :from::xid8 ORDER BY id LIMIT :limit",
                                               soci::use(after, "after"), soci::use(from, "from"),
                                               soci::use(limit, "limit"));
      for (const soci::row& row : *rows) {
        heads.push_back({.head = {.complaint_id = row.get<std::string>(0),
                                  .seq = static_cast<std::uint32_t>(row.get<int>(1)),
                                  .hash = row.get<std::string>(2)},
                         .changed_by = XidFromText(row.get<std::string>(3))});
      }
      if (heads.empty()) break;
      after = heads.back().head.complaint_id;
      const bool last = heads.size() < static_cast<std::size_t>(limit);
      if (auto written = page(heads); !written) return std::unexpected(written.error());
      if (last) break;
    }
    snapshot.commit();
    return XidFromText(next);
  });
}

Result<std::vector<StoredHead>> AuditAnchorStore::Lookup(const std::vector<ChainHead>& anchored) {
  std::vector<StoredHead> stored(anchored.size());
  if (anchored.empty()) return stored;
  // Bound as two array literals; each element checked first, so neither
  // can carry anything but a UUID or a number.
  std::string ids = "{";
  std::string seqs = "{";
  for (const ChainHead& head : anchored) {
    if (!IsUuid(head.complaint_id)) return std::unexpected(InvalidArgument("not a case id: " + head.complaint_id));
    ids += (ids.size() > 1 ? "," : "") + head.complaint_id;
    seqs += (seqs.size() > 1 ? "," : "") + std::to_string(head.seq);
  }
  ids += "}";
  seqs += "}";
  return database_.Run("look up anchored heads", [&](soci::session& session) -> Result<std::vector<StoredHead>> {
    Rows rows(session,
              "SELECT a.n, s.version, e.hash"
              " FROM unnest(:ids::uuid[], :seqs::int[]) WITH ORDINALITY AS a(id, seq, n)"
              " LEFT JOIN case_state s ON s.id = a.id"
              " LEFT JOIN complaint_events e ON e.complaint_id = a.id AND e.seq = a.seq",
              soci::use(ids, "ids"), soci::use(seqs, "seqs"));
    for (const soci::row& row : rows) {
      StoredHead& head = stored.at(static_cast<std::size_t>(row.get<long long>(0) - 1));
      head.case_exists = row.get_indicator(1) != soci::i_null;
      if (head.case_exists) head.version = static_cast<std::uint32_t>(row.get<int>(1));
      if (row.get_indicator(2) != soci::i_null) head.event_hash = row.get<std::string>(2);
    }
    return stored;
  });
}

}  // namespace ombudsflow::store
