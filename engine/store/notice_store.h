#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"
#include "engine/store/list_query.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::store {

struct NoticePage {
  std::vector<v1::Notice> notices;
  std::optional<PageCursor> next;
};

/// Notices to departments. Transitions write them (TransitionStore); this
/// reads and acknowledges them.
class NoticeStore {
 public:
  explicit NoticeStore(Database& database) : database_(database) {}

  /// Newest first; `query.department` empty means every department.
  [[nodiscard]] Result<NoticePage> List(const NoticeQuery& query);

  /// The notice, if it exists and (when `department` is set) is that
  /// department's; otherwise kNotFound, the same either way.
  [[nodiscard]] Result<v1::Notice> Find(const std::string& id, const std::string& department);

  /// Records the first acknowledgement of `department`'s notice `id`, with
  /// its `comment` (empty for none); a repeated one changes nothing. Returns
  /// the notice; kNotFound as Find.
  [[nodiscard]] Result<v1::Notice> Acknowledge(const std::string& id, const std::string& department,
                                               const std::string& acknowledged_by, const std::string& comment,
                                               Timestamp now);

 private:
  Database& database_;
};

/// The refusal for a notice that does not exist, or is another department's.
[[nodiscard]] Error NoSuchNotice(const std::string& id);

}  // namespace ombudsflow::store
