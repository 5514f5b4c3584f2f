#pragma once

// The list endpoints' URL query parameters, read into the store's filters,
// and the opaque page tokens that continue a list.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/store/list_query.h"

namespace ombudsflow::api {

/// URL query parameters, percent-decoded; a key may repeat.
using QueryParams = std::multimap<std::string, std::string, std::less<>>;

/// Builds a query from URL query parameters (already percent-decoded).
/// Accepts state, department, overdue (true or false), page_size (capped at
/// kMaxPageSize) and page_token; anything else, or a malformed value, is kInvalidArgument with a
/// field violation naming the parameter. `now` is left for the service.
[[nodiscard]] Result<ComplaintQuery> ParseComplaintQuery(const QueryParams& params);

/// Builds a notice query from URL parameters: state (pending or all),
/// department, page_size, page_token. kInvalidArgument names a bad one.
[[nodiscard]] Result<NoticeQuery> ParseNoticeQuery(const QueryParams& params);

/// Builds a publication query from URL parameters: state (published or
/// awaiting_approval), target (website or discrimination_page), page_size,
/// page_token.
[[nodiscard]] Result<PublicationQuery> ParsePublicationQuery(const QueryParams& params);

/// The opaque page_token that continues after `cursor`.
[[nodiscard]] std::string EncodePageToken(const PageCursor& cursor);

/// A listed page as the API answers it, with the page_token that continues it.
template <class Page>
[[nodiscard]] Page WithPageToken(Listed<Page> listed) {
  if (listed.next) listed.page.set_next_page_token(EncodePageToken(*listed.next));
  return std::move(listed.page);
}

}  // namespace ombudsflow::api
