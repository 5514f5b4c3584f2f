#include "engine/jobs/tally_compactor.h"

namespace ombudsflow::jobs {

TallyCompactor::TallyCompactor(store::ReportStore& reports, std::chrono::milliseconds interval)
    : reports_(reports), job_("report tallies", interval, [this]() -> Result<bool> {
        // A failed round (the database away) leaves the deltas where they
        // are: reports still count them, and the next round moves them.
        auto moved = reports_.Compact();
        if (!moved) return std::unexpected(moved.error());
        return false;
      }) {}

}  // namespace ombudsflow::jobs
