#include "engine/service/notice_service.h"

#include "engine/core/codec/request_limits.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/policy/view.h"
#include "engine/store/list_query.h"

namespace ombudsflow::service {

Result<Listed<v1::ListNoticesResponse>> NoticeService::List(const Actor& actor, NoticeQuery query) {
  auto scope = NoticeScope(actor, query.department);
  if (!scope) return std::unexpected(scope.error());
  query.department = *scope;
  auto page = notices_.List(query);
  if (!page) return std::unexpected(page.error());
  Listed<v1::ListNoticesResponse> listed{{}, page->next};
  for (auto& notice : page->notices) *listed.page.add_notices() = std::move(notice);
  listed.page = SeenBy(&actor, std::move(listed.page));
  return listed;
}

Result<v1::Notice> NoticeService::Get(const Actor& actor, const std::string& id) {
  auto scope = NoticeScope(actor, "");
  if (!scope) return std::unexpected(scope.error());
  auto notice = notices_.Find(id, *scope);
  if (!notice) return std::unexpected(notice.error());
  return SeenBy(&actor, std::move(*notice));
}

Result<v1::Notice> NoticeService::Acknowledge(const Actor& actor, const std::string& id,
                                              const v1::AcknowledgeNoticeRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  const bool blank = request.comment().find_first_not_of(" \t\r\n") == std::string::npos;
  auto acknowledged = notices_.Acknowledge(id, actor.department, actor.Id(),
                                           blank ? std::string() : request.comment(), clock_.Now());
  if (!acknowledged) return std::unexpected(acknowledged.error());
  return SeenBy(&actor, std::move(*acknowledged));
}

}  // namespace ombudsflow::service
