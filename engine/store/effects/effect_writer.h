#pragma once

// How a case change's effects reach their tables. Each kind of row has one
// writer: it alone knows its rows' keys, the SQL that inserts them and the
// parameters that SQL takes. The transition statement and the intake both
// append the writers' SQL after their own event `e` (complaint_id, seq), in
// the same transaction as the case change.
//
// Adding an effect: its type in engine/core/workflow/effect.h, one writer
// file here, and its line in EffectWriters() (effect_writers.cc).

#include <google/protobuf/struct.pb.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/workflow/effect.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::store {

/// The rows a change's effects add, by writer.
class EffectRows {
 public:
  /// Writer `name`'s rows, made empty on first use.
  google::protobuf::ListValue& Of(std::string_view name);
  /// Writer `name`'s rows; empty when it has none.
  [[nodiscard]] const google::protobuf::ListValue& Get(std::string_view name) const;
  [[nodiscard]] bool Has(std::string_view name) const { return Get(name).values_size() > 0; }

 private:
  std::map<std::string, google::protobuf::ListValue, std::less<>> rows_;
};

/// What a writer's SQL parameter is bound to.
enum class Bound {
  kRows,   // its rows, as a JSON array
  kAt,     // the change's time, in microseconds since the epoch
  kActor,  // who made the change ("user:<id>", "system:<name>")
};

struct WriterParameter {
  std::string name;  // as the SQL names it, without the colon
  Bound bound;
};

class EffectWriter {
 public:
  virtual ~EffectWriter() = default;

  /// Unique; names its rows in EffectRows and the CTEs it writes.
  [[nodiscard]] virtual std::string_view Name() const = 0;

  /// Adds what `effect` puts in this writer's table, if anything, for the
  /// case as the change leaves it.
  virtual void Add(const v1::Complaint& after, const Effect& effect, EffectRows& rows) const = 0;

  /// The CTEs (", name AS (...)") that insert the rows, after `e`.
  [[nodiscard]] virtual std::string Sql() const = 0;

  /// The parameters Sql() names, each once.
  [[nodiscard]] virtual std::vector<WriterParameter> Parameters() const = 0;

  /// An integer expression the statement returns about what it wrote (the
  /// webhook deliveries queued), or empty.
  [[nodiscard]] virtual std::string_view Counted() const { return {}; }
};

/// Every writer, in the order their rows are written.
[[nodiscard]] const std::vector<const EffectWriter*>& EffectWriters();

/// The rows `effects` add for the case `after` (its new state).
[[nodiscard]] EffectRows RowsOf(const v1::Complaint& after, const std::vector<Effect>& effects);

/// The JSON text of one writer's rows, for binding to the statement.
[[nodiscard]] std::string RowsJson(const google::protobuf::ListValue& rows);

/// The one insert into the case's journal (offentlighedsloven § 15):
/// `select` yields complaint_id, event_seq, at, direction, counterpart,
/// document_kind, subject, sha256, letter_id.
[[nodiscard]] std::string JournalInsert(std::string_view select);

/// A new, empty row at the end of `rows`.
google::protobuf::Struct& NewRow(google::protobuf::ListValue& rows);

}  // namespace ombudsflow::store
