#pragma once

// How complaint rows map to the API's Complaint message; shared by the stores.

#include <soci/soci.h>

#include <cstddef>

#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::store {

/// The SELECT list RowToComplaint reads, in order, from kComplaintTables.
extern const char* const kComplaintColumns;
/// kComplaintColumns for a list: an empty description, and NULL for the
/// facts, points and consents, which RowToComplaint leaves empty.
extern const char* const kComplaintSummaryColumns;
/// The intake (alias c) joined to the state transitions change (alias s).
extern const char* const kComplaintTables;
/// How many columns kComplaintColumns has; further columns follow it.
inline constexpr std::size_t kComplaintColumnCount = 29;
/// Column index of last_event_hash within kComplaintColumns.
inline constexpr std::size_t kLastEventHashColumn = 21;

/// Reads a row selected with kComplaintColumns. Throws std::runtime_error
/// for unreadable stored JSON (Database::Run turns it into kInternal).
[[nodiscard]] v1::Complaint RowToComplaint(const soci::row& row);

}  // namespace ombudsflow::store

// A timestamptz column as microseconds since the Unix epoch, as
// FromUnixMicros reads it.
#define OF_MICROS_OF(column) "(extract(epoch FROM " column ") * 1000000)::bigint"

// Microseconds since the Unix epoch, to timestamptz without float rounding.
#define OF_MICROS_TO_TIMESTAMPTZ(param) \
  "(timestamptz 'epoch' + " param "::bigint * interval '1 microsecond')"
