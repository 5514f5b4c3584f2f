#pragma once

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/store/list_query.h"
#include "engine/store/publication_store.h"
#include "ombudsflow/v1/publication.pb.h"

namespace ombudsflow::service {

/// What the office publishes, and the queue awaiting approval (which only
/// the ombudsman and deputy may ask for: api/route_policy.cc).
class PublicationService {
 public:
  explicit PublicationService(store::PublicationStore& store) : store_(store) {}

  /// A page of what `query` asks for, as `reader` may see it (null: the
  /// public, who see titles, texts, departments and dates, never a case's id).
  [[nodiscard]] Result<Listed<v1::ListPublicationsResponse>> List(const Actor* reader, const PublicationQuery& query);

 private:
  store::PublicationStore& store_;
};

}  // namespace ombudsflow::service
