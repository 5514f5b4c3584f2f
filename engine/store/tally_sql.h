#pragma once

// The one insert of a change's report tallies (report_tallies.h), shared by
// the intake and the transitions. Appended, never upserted: the compactor
// sums them (sql/0026_report_tally_deltas.sql), so no two writers wait for
// each other.

#include <string>
#include <string_view>

namespace ombudsflow::store {

/// INSERT INTO report_tally_deltas from the tallies in the JSON parameter
/// `payload_parameter` (the event's payload, whose "tallies" are
/// [measure, key, value, n]), for each row of `from` (which must name the
/// case once), on the office day `day`, under `workflow` and `department`
/// (SQL expressions over `from`).
[[nodiscard]] std::string TallyDeltasInsert(std::string_view from, std::string_view day, std::string_view workflow,
                                            std::string_view department, std::string_view payload_parameter);

}  // namespace ombudsflow::store
