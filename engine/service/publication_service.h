#pragma once

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/store/list_query.h"
#include "engine/store/publication_store.h"
#include "ombudsflow/v1/publication.pb.h"

namespace ombudsflow::service {

/// What the office publishes: public to anyone; the queue awaiting approval
/// only to the ombudsman and deputy.
class PublicationService {
 public:
  explicit PublicationService(store::PublicationStore& store) : store_(store) {}

  /// `actor` is null for an anonymous caller.
  [[nodiscard]] Result<Listed<v1::ListPublicationsResponse>> List(const Actor* actor,
                                                                  const PublicationQuery& query);

 private:
  store::PublicationStore& store_;
};

}  // namespace ombudsflow::service
