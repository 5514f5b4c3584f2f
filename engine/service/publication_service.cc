#include "engine/service/publication_service.h"

#include "engine/core/policy/view.h"

namespace ombudsflow::service {

Result<Listed<v1::ListPublicationsResponse>> PublicationService::List(const Actor* reader,
                                                                      const PublicationQuery& query) {
  auto page = store_.List(query);
  if (!page) return std::unexpected(page.error());
  Listed<v1::ListPublicationsResponse> listed{{}, page->next};
  for (auto& publication : page->publications) *listed.page.add_publications() = std::move(publication);
  listed.page = SeenBy(reader, std::move(listed.page));
  return listed;
}

}  // namespace ombudsflow::service
