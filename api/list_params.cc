#include "api/list_params.h"

#include <charconv>
#include <vector>

#include "engine/core/base/text.h"
#include "engine/core/base/uuid.h"

namespace ombudsflow::api {
namespace {

std::optional<long long> ParseInteger(std::string_view text) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return value;
}

// "micros.id", and ".rank" for a search's pages.
std::optional<PageCursor> DecodePageToken(std::string_view token) {
  const auto dot = token.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto micros = ParseInteger(token.substr(0, dot));
  std::string_view id = token.substr(dot + 1);
  std::optional<double> rank;
  if (const auto rank_dot = id.find('.'); rank_dot != std::string_view::npos) {
    const std::string_view text = id.substr(rank_dot + 1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    // ts_rank is never negative, nor above a few units.
    if (ec != std::errc{} || end != text.data() + text.size() || !(value >= 0 && value < 1e6)) return std::nullopt;
    rank = value;
    id = id.substr(0, rank_dot);
  }
  // A cursor is a time the server wrote: years 1970 to 9999.
  constexpr long long kLastMicros = 253'402'300'799'999'999;
  if (!micros || *micros < 0 || *micros > kLastMicros || !IsUuid(id)) return std::nullopt;
  return PageCursor{FromUnixMicros(*micros), std::string(id), rank};
}

bool IsStateName(const std::string& name) { return IsIdentifier(name); }

// Calls `read(key, value)` for each parameter given once; a repeated one is a
// violation (the multimap keeps equal keys together).
template <class Read>
void ForEachParam(const QueryParams& params, std::vector<FieldViolation>& violations, Read&& read) {
  std::string previous_key;
  for (const auto& [key, value] : params) {
    if (key == previous_key) {
      violations.push_back({key, "is given more than once"});
      continue;
    }
    previous_key = key;
    read(key, value);
  }
}

// Checks shared by both list queries.
void ReadDepartment(const std::string& key, const std::string& value, std::string& department,
                    std::vector<FieldViolation>& violations) {
  if (value.empty() || value.size() > 16) violations.push_back({key, "is not a department code"});
  department = value;
}

// Reads page_size or page_token into `page_size`/`after`. Returns false when
// `key` is neither; problems go to `violations`.
bool ReadPageParam(const std::string& key, const std::string& value, int& page_size,
                   std::optional<PageCursor>& after, std::vector<FieldViolation>& violations) {
  if (key == "page_size") {
    auto size = ParseInteger(value);
    if (!size || *size < 1) {
      violations.push_back({key, "must be a whole number from 1 to " + std::to_string(kMaxPageSize)});
    } else {
      page_size = static_cast<int>(std::min<long long>(*size, kMaxPageSize));
    }
    return true;
  }
  if (key == "page_token") {
    if (!value.empty()) {
      after = DecodePageToken(value);
      if (!after) violations.push_back({key, "is not a page token this server issued"});
    }
    return true;
  }
  return false;
}

}  // namespace

Result<ComplaintQuery> ParseComplaintQuery(
    const QueryParams& params) {
  ComplaintQuery query;
  std::vector<FieldViolation> violations;
  ForEachParam(params, violations, [&](const std::string& key, const std::string& value) {
    if (key == "state") {
      if (!IsStateName(value)) violations.push_back({key, "is not a state name"});
      query.state = value;
    } else if (key == "department") {
      ReadDepartment(key, value, query.department, violations);
    } else if (key == "overdue") {
      if (value != "true" && value != "false") violations.push_back({key, "must be true or false"});
      query.overdue = value == "true";
    } else if (key == "q") {
      if (value.size() > kMaxSearchTextBytes) {
        violations.push_back({key, "is longer than " + std::to_string(kMaxSearchTextBytes) + " bytes"});
      } else if (!IsOneLineOfText(value)) {
        violations.push_back({key, "must be one line of UTF-8 text"});
      }
      query.text = value;
    } else if (!ReadPageParam(key, value, query.page_size, query.after, violations)) {
      violations.push_back({key, "is not a known parameter (state, department, overdue, q, "
                                 "page_size, page_token)"});
    }
  });
  // A search's pages continue by rank, a list's by time: a token from
  // one does not continue the other.
  if (query.after && query.after->rank.has_value() != !query.text.empty()) {
    violations.push_back({"page_token", "belongs to a different query"});
  }
  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the list query is invalid", std::move(violations)));
  }
  return query;
}


Result<NoticeQuery> ParseNoticeQuery(const QueryParams& params) {
  NoticeQuery query;
  std::vector<FieldViolation> violations;
  ForEachParam(params, violations, [&](const std::string& key, const std::string& value) {
    if (key == "state") {
      if (value != "pending" && value != "all") violations.push_back({key, "must be pending or all"});
      query.pending_only = value == "pending";
    } else if (key == "department") {
      ReadDepartment(key, value, query.department, violations);
    } else if (!ReadPageParam(key, value, query.page_size, query.after, violations)) {
      violations.push_back({key, "is not a known parameter (state, department, page_size, page_token)"});
    }
  });
  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the notice query is invalid", std::move(violations)));
  }
  return query;
}

Result<PublicationQuery> ParsePublicationQuery(const QueryParams& params) {
  PublicationQuery query;
  std::vector<FieldViolation> violations;
  ForEachParam(params, violations, [&](const std::string& key, const std::string& value) {
    if (key == "state") {
      if (value != "published" && value != "awaiting_approval") {
        violations.push_back({key, "must be published or awaiting_approval"});
      }
      query.awaiting_approval = value == "awaiting_approval";
    } else if (key == "target") {
      if (value != "website" && value != "discrimination_page") {
        violations.push_back({key, "must be website or discrimination_page"});
      }
      query.target = value;
    } else if (!ReadPageParam(key, value, query.page_size, query.after, violations)) {
      violations.push_back({key, "is not a known parameter (state, target, page_size, page_token)"});
    }
  });
  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the publication query is invalid", std::move(violations)));
  }
  return query;
}

std::string EncodePageToken(const PageCursor& cursor) {
  std::string token = std::to_string(ToUnixMicros(cursor.created_at)) + "." + cursor.id;
  if (cursor.rank) {
    // The shortest text that reads back as the same double.
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *cursor.rank);
    token += "." + std::string(buffer, end);
  }
  return token;
}

}  // namespace ombudsflow::api
