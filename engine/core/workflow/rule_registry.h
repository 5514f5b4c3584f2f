#pragma once

#include <google/protobuf/struct.pb.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/effect.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow {

using CallArgs = google::protobuf::Map<std::string, std::string>;

/// A notice sent to a department about this case, and whether it got there.
struct NoticeReceipt {
  std::string notice;  // "hearing", "pre_publication", ...
  bool delivered = false;     // the department's webhook answered 2xx
  bool acknowledged = false;  // the department acknowledged it
  std::optional<Date> publication_date = {};  // pre-publication notices: not before
  // Pre-publication notices: the revision of the draft they carried (0 for
  // none, as before revisions existed).
  std::uint32_t publication_revision = 0;
};

/// One entry of the case's file as its journal numbers it: what a guard on
/// a document the input names (a DOCUMENT input) reads.
struct CaseFileEntry {
  std::int32_t number = 0;    // the document number (aktnummer)
  std::string kind;           // the journal's: "complaint", "letter", "document", ...
  std::string direction;      // "in", "out", "internal"
  std::string counterpart;    // "citizen", a department's code, "office", "public"
  // An uploaded document ("document"): its scan and who may see it; empty
  // for the journal's other entries, whose bytes are the office's own.
  std::string scan_state = {};  // "pending", "clean"
  std::string audience = {};    // "office", "department", "citizen"
  bool erased = false;          // its bytes erased with the case's personal data
  std::string title = {};       // an uploaded document's, as kept
  std::string file_name = {};
};

/// The case's file, in document-number order.
using CaseFile = std::vector<CaseFileEntry>;

/// The ombudsman's delegation of approval to a deputy, for a period.
struct Delegation {
  std::string deputy;  // the deputy's user id
  Timestamp starts_at;
  Timestamp ends_at;
  std::string granted_by = {};  // who granted it, as Actor::Id()
};

/// The notices sent to departments about a case, with their receipt.
using CaseNotices = std::vector<NoticeReceipt>;

/// A case a communication product (a newsletter issue, a KlarRet edition,
/// a press release) writes about: the case as it stands, its notices, and
/// the revision of its publication the product carries, when it carries the
/// case's published text.
struct ReleaseItem {
  v1::Complaint complaint;
  CaseNotices notices;
  std::optional<std::uint32_t> carried_revision = {};
};

/// Every case a product writes about.
using ReleaseItems = std::vector<ReleaseItem>;

/// What holds across the whole office when a rule runs.
struct OfficeState {
  std::optional<std::string> publication_hold;  // its reason, while one is active
  std::vector<Delegation> delegations;          // neither revoked nor ended

  /// Whether `actor` is a deputy acting under a delegation in force at `now`
  /// that somebody else granted: nobody delegates to themselves.
  [[nodiscard]] bool Delegates(const Actor& actor, Timestamp now) const;

  /// The one check of the ombudsman's authority (approving a publication,
  /// confirming a consent): nullopt for the ombudsman, or a deputy under a
  /// delegation in force at `now`; otherwise why not.
  [[nodiscard]] std::optional<std::string> RefusesOmbudsmansAuthority(const Actor& actor, Timestamp now) const;
};

struct EngineContext;

/// What guards and actions see: the case before the transition, the case as
/// it will be (inputs recorded, earlier actions applied) and who acts. State
/// beyond the case reaches only the guards whose check takes it (GuardCheck).
struct RuleContext {
  const v1::Complaint& before;
  const v1::Complaint& after;
  const google::protobuf::Struct& input;
  const Actor& actor;
  const CallArgs& args;
  const EngineContext& engine;  // now, today, calendar, the notice period
};

/// A guard's verdict: nullopt when it holds, otherwise why not, in words a
/// caseworker understands.
using Refusal = std::optional<std::string>;

/// A guard's check, by what it reads besides the case. The type is the
/// declaration: the engine reads the case's notices or the office's state
/// only for a transition with a guard whose check takes them, and hands them
/// over; a check whose state was not read refuses, it never passes. The
/// case's file is read the same way, for a guard on a document it names.
using ChecksCase = std::function<Refusal(const RuleContext&)>;
using ChecksNotices = std::function<Refusal(const RuleContext&, const CaseNotices&)>;
using ChecksOffice = std::function<Refusal(const RuleContext&, const OfficeState&)>;
using ChecksCaseFile = std::function<Refusal(const RuleContext&, const CaseFile&)>;
// A product's guard over the cases it writes about (release_rules.cc).
using ChecksItems = std::function<Refusal(const RuleContext&, const ReleaseItems&)>;
using GuardCheck = std::variant<ChecksCase, ChecksNotices, ChecksOffice, ChecksCaseFile, ChecksItems>;

/// What the engine proposes as a transition's input; people decide.
struct Suggestion {
  google::protobuf::Struct input;
  std::string why;
};

/// A named predicate.
struct GuardSpec {
  GuardCheck check;
  std::vector<std::string> required_args;
  // The facts it reads, by name or by the name of the argument holding the
  // name. Listing transitions defers a guard whose facts the transition's
  // own input supplies.
  std::vector<std::string> reads;
  std::vector<std::string> reads_from_args;
  std::string description;
  // Whether its verdict depends on nothing but the one input it reads (a
  // yes-or-no fact guard): then the listing may say which answer passes
  // (AvailableTransition.deciding_inputs) without telling what the case holds.
  bool decides_on_input_alone = false;
  // Optional: input the engine suggests for transitions with this guard.
  std::function<std::optional<Suggestion>(const RuleContext&)> suggest = {};
  // Optional: what a person should see before firing (personal data found).
  std::function<void(const RuleContext&, v1::AvailableTransition&)> explain = {};
  // Optional: why the action would refuse on the case as it stands, whatever
  // the input (a CPR number in what it would send). The listing of
  // transitions states it as the refusal, refused by the action's name, so
  // `allowed` means the transition would go through.
  std::function<Refusal(const RuleContext&)> refuses = {};
};

/// A guard an action cannot run without, with the arguments it must have:
/// a rule the office's statute demands, so no definition may drop it.
struct RequiredGuard {
  std::string name;
  std::map<std::string, std::string> args;
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
  // Optional: what a person should see before firing (personal data found).
  std::function<void(const RuleContext&, v1::AvailableTransition&)> explain = {};
  // Optional: why the action would refuse on the case as it stands, whatever
  // the input (a CPR number in what it would send). The listing of
  // transitions states it as the refusal, refused by the action's name, so
  // `allowed` means the transition would go through.
  std::function<Refusal(const RuleContext&)> refuses = {};
  // Guards every transition that runs this action must have; a definition
  // without one of them is refused at load, naming its file and line.
  std::vector<RequiredGuard> requires_guards = {};
};

/// The guards and actions definitions may name. Built once at start-up,
/// read-only afterwards.
class RuleRegistry {
 public:
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
