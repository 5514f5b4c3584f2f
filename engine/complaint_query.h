#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/error.h"
#include "engine/time.h"

namespace ombudsflow {

/// URL query parameters, percent-decoded; a key may repeat.
using QueryParams = std::multimap<std::string, std::string, std::less<>>;

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

/// Where the previous page ended. Pages are ordered newest first by
/// (created_at, id), so a cursor stays valid while new complaints arrive.
struct PageCursor {
  Timestamp created_at;
  std::string id;
};

/// A validated filter for listing complaints.
struct ComplaintQuery {
  std::string state;       // empty: any
  std::string department;  // empty: any
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after;
  // Only cases whose deadline has passed by `now` (set by the caller's clock).
  bool overdue = false;
  Timestamp now;
};

/// Builds a query from URL query parameters (already percent-decoded).
/// Accepts state, department, overdue (true or false), page_size (capped at
/// kMaxPageSize) and page_token; anything else, or a malformed value, is kInvalidArgument with a
/// field violation naming the parameter.
[[nodiscard]] Result<ComplaintQuery> ParseComplaintQuery(
    const QueryParams& params);

/// A validated filter for listing notices.
struct NoticeQuery {
  std::string department;  // empty: every department (office staff only)
  bool pending_only = false;
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after;
};

/// Builds a notice query from URL parameters: state (pending or all),
/// department, page_size, page_token. kInvalidArgument names a bad one.
[[nodiscard]] Result<NoticeQuery> ParseNoticeQuery(
    const QueryParams& params);

/// A validated filter for listing publications.
struct PublicationQuery {
  bool awaiting_approval = false;  // the ombudsman's queue instead of the public list
  std::string target;              // empty: every target
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after;
};

/// Builds a publication query from URL parameters: state (published or
/// awaiting_approval), target (website or discrimination_page), page_size,
/// page_token.
[[nodiscard]] Result<PublicationQuery> ParsePublicationQuery(const QueryParams& params);

/// Reads page_size or page_token into `page_size`/`after`. Returns false when
/// `key` is neither; problems go to `violations`.
bool ReadPageParam(const std::string& key, const std::string& value, int& page_size,
                   std::optional<PageCursor>& after, std::vector<FieldViolation>& violations);

/// The opaque page_token that continues after `cursor`.
[[nodiscard]] std::string EncodePageToken(const PageCursor& cursor);

/// Whether `text` is a UUID in its canonical textual form.
[[nodiscard]] bool IsUuid(std::string_view text);

}  // namespace ombudsflow
