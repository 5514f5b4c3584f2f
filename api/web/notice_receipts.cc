// A case's notices to its department as the office follows them: what was
// sent when, whether a webhook delivered it, whether the department has
// acknowledged it, and for a pre-publication notice the publication date.
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {

Result<Data> NoticeReceipts(const Workplace& workplace, Language language, service::NoticeService& notices,
                            const Actor& actor, const std::string& complaint_id, std::string_view only_kind) {
  NoticeQuery query;
  query.complaint_id = complaint_id;
  query.page_size = kMaxPageSize;
  auto listed = notices.List(actor, query);
  if (!listed) return std::unexpected(listed.error());
  Data receipts{Data::type::list};
  for (const v1::Notice& notice : listed->page.notices()) {
    if (!only_kind.empty() && notice.notice() != only_kind) continue;
    Data entry{Data::type::object};
    const std::string kind_key = "notice_" + notice.notice();
    entry.set("kind", workplace.HasText(kind_key) ? workplace.Text(language, kind_key) : notice.notice());
    entry.set("department", notice.department());
    entry.set("sent", workplace.DateTime(language, FromProto(notice.create_time())));
    SetText(entry, "delivered",
            notice.has_deliver_time() ? workplace.DateTime(language, FromProto(notice.deliver_time())) : "");
    SetText(entry, "acknowledged",
            notice.has_acknowledge_time() ? workplace.DateTime(language, FromProto(notice.acknowledge_time())) : "");
    const auto& payload = notice.payload().fields();
    const auto date = payload.find("publicationDate");
    SetText(entry, "publication_date",
            date != payload.end() ? workplace.IsoDate(language, date->second.string_value()) : "");
    const auto revision = payload.find("publicationRevision");
    SetText(entry, "revision", revision != payload.end() ? revision->second.string_value() : "");
    SetText(entry, "comment", notice.comment());
    receipts.push_back(entry);
  }
  return receipts;
}

}  // namespace ombudsflow::api::web
