#include "engine/service/publication_service.h"

namespace ombudsflow::service {

Result<Listed<v1::ListPublicationsResponse>> PublicationService::List(const Actor* actor,
                                                                      const PublicationQuery& query) {
  if (query.awaiting_approval) {
    if (actor == nullptr) {
      return std::unexpected(MakeError(ErrorCode::kUnauthenticated,
                                       "the publications awaiting approval need the ombudsman's token"));
    }
    if (actor->role != Role::kOmbudsman && actor->role != Role::kDeputy) {
      return std::unexpected(PermissionDenied("only the ombudsman and deputy see publications awaiting approval"));
    }
  }
  auto page = store_.List(query);
  if (!page) return std::unexpected(page.error());
  Listed<v1::ListPublicationsResponse> listed{{}, page->next};
  for (auto& publication : page->publications) *listed.page.add_publications() = std::move(publication);
  return listed;
}

}  // namespace ombudsflow::service
