#include "engine/store/tally_sql.h"

namespace ombudsflow::store {

std::string TallyDeltasInsert(std::string_view from, std::string_view day, std::string_view workflow,
                              std::string_view department, std::string_view payload_parameter) {
  return "INSERT INTO report_tally_deltas (day, workflow, department, measure, key, value, n)"
         " SELECT " + std::string(day) + ", " + std::string(workflow) + ", coalesce(" + std::string(department) +
         ", ''), x.t->>0, x.t->>1, (x.t->>2)::integer, (x.t->>3)::bigint"
         " FROM " + std::string(from) + ", json_array_elements(:" + std::string(payload_parameter) +
         "::json->'tallies') AS x(t)";
}

}  // namespace ombudsflow::store
