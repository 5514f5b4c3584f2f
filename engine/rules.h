#pragma once

#include <google/protobuf/struct.pb.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/error.h"
#include "engine/role.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

using CallArgs = google::protobuf::Map<std::string, std::string>;

/// Something a transition asks the outside world to do, written to the
/// outbox in the same transaction as the case change.
struct Effect {
  std::string kind;          // "letter", "department_notice", "office_alert"
  std::string payload_json;  // a JSON object
};

/// A notice sent to a department about this case, and whether it got there.
struct NoticeReceipt {
  std::string notice;  // "hearing", "pre_publication", ...
  bool delivered = false;     // the department's webhook answered 2xx
  bool acknowledged = false;  // the department acknowledged it
};

/// What guards and actions see: the case before the transition, the case as
/// it will be (inputs recorded, earlier actions applied), who acts, and the
/// notices sent about the case.
struct RuleContext {
  const v1::Complaint& before;
  const v1::Complaint& after;
  const google::protobuf::Struct& input;
  const Actor& actor;
  const CallArgs& args;
  const std::vector<NoticeReceipt>& notices;
};

/// A named predicate. Returns nullopt when it holds, otherwise why not, in
/// words a caseworker understands.
struct GuardSpec {
  std::function<std::optional<std::string>(const RuleContext&)> check;
  std::vector<std::string> required_args;
  // The facts it reads, by name or by the name of the argument holding the
  // name. Listing transitions defers a guard whose facts the transition's
  // own input supplies.
  std::vector<std::string> reads;
  std::vector<std::string> reads_from_args;
  std::string description;
};

/// A named effect: changes the case being built and may queue effects.
struct ActionSpec {
  std::function<std::expected<void, Error>(const RuleContext&, v1::Complaint& after,
                                           std::vector<Effect>& effects)>
      apply;
  std::vector<std::string> required_args;
  // Input fields it takes over; they are not also recorded as plain facts.
  std::vector<std::string> consumes;
  std::string description;
};

/// The guards and actions definitions may name. Built once at start-up,
/// read-only afterwards.
class RuleRegistry {
 public:
  /// Every guard and action ombudsflow ships.
  [[nodiscard]] static RuleRegistry Standard();

  void AddGuard(std::string name, GuardSpec spec) { guards_.emplace(std::move(name), std::move(spec)); }
  void AddAction(std::string name, ActionSpec spec) { actions_.emplace(std::move(name), std::move(spec)); }

  [[nodiscard]] const GuardSpec* FindGuard(std::string_view name) const;
  [[nodiscard]] const ActionSpec* FindAction(std::string_view name) const;

 private:
  std::map<std::string, GuardSpec, std::less<>> guards_;
  std::map<std::string, ActionSpec, std::less<>> actions_;
};

/// The fact `name` of a case, or nullptr when unset (or null).
[[nodiscard]] const google::protobuf::Value* FindFact(const v1::Complaint& complaint,
                                                      std::string_view name);

}  // namespace ombudsflow
