#pragma once

#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/service/complaint_service.h"
#include "engine/store/notice_store.h"

namespace ombudsflow::service {

/// Notices as departments and the office see them. A department sees and
/// acknowledges only its own; another's answers like one that does not exist.
class NoticeService {
 public:
  NoticeService(store::NoticeStore& notices, const Clock& clock) : notices_(notices), clock_(clock) {}

  /// A page of notices; a department's own only, whatever the query names.
  [[nodiscard]] Result<Listed<v1::ListNoticesResponse>> List(const Actor& actor, NoticeQuery query);
  [[nodiscard]] Result<v1::Notice> Get(const Actor& actor, const std::string& id);
  /// Only the receiving department acknowledges, with an optional comment
  /// (kInvalidArgument beyond its limit; blank is none).
  [[nodiscard]] Result<v1::Notice> Acknowledge(const Actor& actor, const std::string& id,
                                               const v1::AcknowledgeNoticeRequest& request = {});

 private:
  store::NoticeStore& notices_;
  const Clock& clock_;
};

}  // namespace ombudsflow::service
