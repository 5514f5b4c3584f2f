#pragma once

// What the store's lists can be asked for: validated filters and the place
// a page ends. The API parses them from URLs (api/list_params.h).

#include <optional>
#include <string>
#include <vector>

#include "engine/core/base/time.h"

namespace ombudsflow {

inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

/// Where the previous page ended. Pages are ordered newest first by
/// (created_at, id), so a cursor stays valid while new complaints arrive.
struct PageCursor {
  Timestamp created_at;
  std::string id;
  // A search's pages are ordered by rank first: the last row's rank.
  std::optional<double> rank = {};
};

/// One page of a list, and where the next page begins (none: the last).
template <class Page>
struct Listed {
  Page page;
  std::optional<PageCursor> next;
};

/// A validated filter for listing complaints.
struct ComplaintQuery {
  std::string state = {};       // empty: any
  // Any of these states (a queue spanning several), besides `state`.
  std::vector<std::string> states = {};
  // None of these (finished cases, for queues of work still to do).
  std::vector<std::string> excluded_states = {};
  std::string assignee_id = {};  // a user's cases; empty: anyone's
  bool unassigned = false;       // only cases nobody has
  std::string department = {};  // empty: any
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after = {};
  // Only cases whose deadline has passed by `now` (set by the caller's clock).
  bool overdue = false;
  Timestamp now = {};
  // A list's columns only (for a queue): no description, facts, points or
  // consents, which can be long and cost their reading.
  bool summaries_only = false;
  // Full-text search, in Danish: only cases whose words match, best first
  // (PostgreSQL's websearch syntax: words, "a phrase", or, -not). Empty:
  // no search.
  std::string text = {};
  // Whether the search reads the words only the office may read (the
  // description, the complainant's name, the department's answer); the
  // service sets it from the caller's role.
  bool search_office_words = false;
};

/// The longest search text: a few words, not a document.
inline constexpr std::size_t kMaxSearchTextBytes = 200;

/// A validated filter for listing notices.
struct NoticeQuery {
  std::string department = {};  // empty: every department (office staff only)
  std::string complaint_id = {};  // empty: every case's (a well-formed id: the caller checks)
  bool pending_only = false;
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after = {};
};

/// A validated filter for listing publications.
struct PublicationQuery {
  bool awaiting_approval = false;  // the ombudsman's queue instead of the public list
  std::string target = {};         // empty: every target
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after = {};
};

}  // namespace ombudsflow
