#include "engine/service/publication_service.h"

namespace ombudsflow::service {

Result<v1::ListPublicationsResponse> PublicationService::List(const Actor* actor, const QueryParams& params) {
  auto query = ParsePublicationQuery(params);
  if (!query) return std::unexpected(query.error());
  if (query->awaiting_approval) {
    if (actor == nullptr) {
      return std::unexpected(MakeError(ErrorCode::kUnauthenticated,
                                       "the publications awaiting approval need the ombudsman's token"));
    }
    if (actor->role != Role::kOmbudsman && actor->role != Role::kDeputy) {
      return std::unexpected(PermissionDenied("only the ombudsman and deputy see publications awaiting approval"));
    }
  }
  auto page = store_.List(*query);
  if (!page) return std::unexpected(page.error());
  v1::ListPublicationsResponse response;
  for (auto& publication : page->publications) *response.add_publications() = std::move(publication);
  if (page->next) response.set_next_page_token(EncodePageToken(*page->next));
  return response;
}

}  // namespace ombudsflow::service
