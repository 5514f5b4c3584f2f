#include "engine/store/publication_store.h"

#include <google/protobuf/util/time_util.h>

#include "engine/store/complaint_rows.h"

namespace ombudsflow::store {
namespace {

using google::protobuf::util::TimeUtil;

v1::Publication::State ParseState(const std::string& state) {
  if (state == "awaiting_approval") return v1::Publication::AWAITING_APPROVAL;
  if (state == "published") return v1::Publication::PUBLISHED;
  if (state == "withdrawn") return v1::Publication::WITHDRAWN;
  return v1::Publication::STATE_UNSPECIFIED;
}

}  // namespace

Result<PublicationPage> PublicationStore::List(const PublicationQuery& query) {
  return database_.Run("list publications", [&](soci::session& session) -> Result<PublicationPage> {
    // Both lists page on (time, id): published newest first, the queue oldest first.
    const std::string state = query.awaiting_approval ? "awaiting_approval" : "published";
    const std::string time = query.awaiting_approval ? "drafted_at" : "published_at";
    const std::string order = query.awaiting_approval ? "ASC" : "DESC";
    const std::string after = query.awaiting_approval ? ">" : "<";
    const int has_cursor = query.after ? 1 : 0;
    const long long after_micros = query.after ? ToUnixMicros(query.after->created_at) : 0;
    const std::string after_id = query.after ? query.after->id : "00000000-0000-0000-0000-000000000000";
    const int limit = query.page_size + 1;
    Rows rows(session, "SELECT id::text, case_number, coalesce(department, ''), title, body,"
                            " array_to_string(targets, ','), state,"
                            " (extract(epoch FROM drafted_at) * 1000000)::bigint,"
                            " coalesce((extract(epoch FROM published_at) * 1000000)::bigint, -1),"
                            " complaint_id::text,"
                            " (extract(epoch FROM " + time + ") * 1000000)::bigint"
                            " FROM publications WHERE state = :state"
                            "  AND (:target::text = '' OR :target_b = ANY (targets))"
                            "  AND (:has_cursor::integer = 0 OR (" + time + ", id) " + after + " (" +
                                OF_MICROS_TO_TIMESTAMPTZ(":after_micros") + ", :after_id::uuid))"
                            " ORDER BY " + time + " " + order + ", id " + order + " LIMIT :limit::integer",
         soci::use(state, "state"), soci::use(query.target, "target"), soci::use(query.target, "target_b"),
         soci::use(has_cursor, "has_cursor"), soci::use(after_micros, "after_micros"),
         soci::use(after_id, "after_id"), soci::use(limit, "limit"));
    PublicationPage page;
    std::vector<long long> times;
    for (const auto& row : rows) {
      v1::Publication& publication = page.publications.emplace_back();
      publication.set_id(row.get<std::string>(0));
      publication.set_case_number(row.get<std::string>(1));
      publication.set_department(row.get<std::string>(2));
      publication.set_title(row.get<std::string>(3));
      publication.set_text(row.get<std::string>(4));
      const std::string targets = row.get<std::string>(5);
      for (std::size_t start = 0; start < targets.size();) {
        const auto comma = targets.find(',', start);
        publication.add_targets(targets.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      publication.set_state(ParseState(row.get<std::string>(6)));
      *publication.mutable_draft_time() = TimeUtil::MicrosecondsToTimestamp(row.get<long long>(7));
      if (const long long published = row.get<long long>(8); published >= 0) {
        *publication.mutable_publish_time() = TimeUtil::MicrosecondsToTimestamp(published);
      }
      // The public list names the case, not the internal id.
      if (query.awaiting_approval) publication.set_complaint_id(row.get<std::string>(9));
      times.push_back(row.get<long long>(10));
    }
    if (page.publications.size() > static_cast<std::size_t>(query.page_size)) {
      page.publications.pop_back();
      page.next = PageCursor{FromUnixMicros(times[page.publications.size() - 1]), page.publications.back().id()};
    }
    return page;
  });
}

}  // namespace ombudsflow::store
