#pragma once

// What the case-changing statements need of the effect writers: which of
// them have rows, their SQL in order, and their parameters bound.

#include <soci/soci.h>

#include <map>
#include <string>
#include <vector>

#include "engine/store/effects/effect_writer.h"

namespace ombudsflow::store {

/// The writers with rows in `rows`, in EffectWriters()' order.
[[nodiscard]] std::vector<const EffectWriter*> WritersWithRows(const EffectRows& rows);

/// Their names joined: what tells one prepared statement from another.
[[nodiscard]] std::string WritersKey(const std::vector<const EffectWriter*>& writers);

/// Their CTEs, in order, to append after the statement's event `e`.
[[nodiscard]] std::string WritersSql(const std::vector<const EffectWriter*>& writers);

/// What the statement returns about their writes: the first writer's
/// Counted(), or "0".
[[nodiscard]] std::string WritersCounted(const std::vector<const EffectWriter*>& writers);

/// The writers' parameters, bound once to values that live as long as the
/// statement and are set before each run.
class WriterBinds {
 public:
  /// Binds every parameter of `writers` on `statement` (before prepare).
  void Exchange(soci::statement& statement, const std::vector<const EffectWriter*>& writers);
  /// The values for the next run: each writer's rows, the change's time
  /// and who made it.
  void Set(const EffectRows& rows, long long at_micros, const std::string& actor);

 private:
  std::vector<const EffectWriter*> writers_;
  std::map<std::string, std::string, std::less<>> rows_json_;  // by writer; nodes never move
  long long at_ = 0;
  std::string actor_;
};

}  // namespace ombudsflow::store
