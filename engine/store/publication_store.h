#pragma once

#include <optional>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/store/database.h"
#include "engine/store/list_query.h"
#include "ombudsflow/v1/publication.pb.h"

namespace ombudsflow::store {

struct PublicationPage {
  std::vector<v1::Publication> publications;
  std::optional<PageCursor> next;
};

/// Publications, written by transitions (TransitionStore); this reads them.
class PublicationStore {
 public:
  explicit PublicationStore(Database& database) : database_(database) {}

  /// Published ones newest first, or those awaiting approval oldest first.
  [[nodiscard]] Result<PublicationPage> List(const PublicationQuery& query);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
