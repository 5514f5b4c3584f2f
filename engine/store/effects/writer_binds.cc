#include "engine/store/effects/writer_binds.h"

namespace ombudsflow::store {

std::vector<const EffectWriter*> WritersWithRows(const EffectRows& rows) {
  std::vector<const EffectWriter*> writers;
  for (const EffectWriter* writer : EffectWriters()) {
    if (rows.Has(writer->Name())) writers.push_back(writer);
  }
  return writers;
}

std::string WritersKey(const std::vector<const EffectWriter*>& writers) {
  std::string key;
  for (const EffectWriter* writer : writers) key += "_" + std::string(writer->Name());
  return key;
}

std::string WritersSql(const std::vector<const EffectWriter*>& writers) {
  std::string sql;
  for (const EffectWriter* writer : writers) sql += writer->Sql();
  return sql;
}

std::string WritersCounted(const std::vector<const EffectWriter*>& writers) {
  for (const EffectWriter* writer : writers) {
    if (!writer->Counted().empty()) return std::string(writer->Counted());
  }
  return "0";
}

void WriterBinds::Exchange(soci::statement& statement, const std::vector<const EffectWriter*>& writers) {
  writers_ = writers;
  for (const EffectWriter* writer : writers) {
    std::string& json = rows_json_[std::string(writer->Name())];
    for (const WriterParameter& parameter : writer->Parameters()) {
      switch (parameter.bound) {
        case Bound::kRows: statement.exchange(soci::use(json, parameter.name)); break;
        case Bound::kAt: statement.exchange(soci::use(at_, parameter.name)); break;
        case Bound::kActor: statement.exchange(soci::use(actor_, parameter.name)); break;
      }
    }
  }
}

void WriterBinds::Set(const EffectRows& rows, long long at_micros, const std::string& actor) {
  for (const EffectWriter* writer : writers_) {
    rows_json_.find(writer->Name())->second = RowsJson(rows.Get(writer->Name()));
  }
  at_ = at_micros;
  actor_ = actor;
}

}  // namespace ombudsflow::store
