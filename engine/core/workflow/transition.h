#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/audit_event.h"
#include "engine/core/workflow/report_tallies.h"
#include "engine/core/workflow/rule_registry.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// A case as the store read it, with the definition it is pinned to, and
/// what its guards read beyond it when the store read that too (GuardReads):
/// a guard whose state is absent refuses.
struct CaseView {
  const v1::Complaint& complaint;
  const v1::WorkflowDefinition& workflow;
  std::string last_event_hash;  // continues the audit chain
  std::optional<CaseNotices> notices = {};
  std::optional<OfficeState> office = {};
  std::optional<CaseFile> case_file = {};
  // A communication product's cases (ChecksItems).
  std::optional<ReleaseItems> items = {};
};

/// What an evaluation depends on besides the case: rules, calendar, time.
struct EngineContext {
  const RuleRegistry& rules;
  const HolidayCalendar& calendar;
  Timestamp now;
  Date today;  // the office's local date at `now`
  // Calendar days a department has between a pre-publication notice and
  // the earliest publication.
  int notice_period_days = 0;
  // The office's calendar dates of instants, for the working days the
  // reports count (report_tallies.h) and the deadlines that run on or count
  // from a lapsed one (Deadline.keeps_running, from_lapsed_deadline);
  // without it they count none, and those deadlines count from today.
  const Clock* clock = nullptr;
};

/// Everything a taken transition changes, computed before anything is
/// written: the store applies it whole or not at all.
struct TransitionOutcome {
  // The transition taken; empty for an event that is none (a parked timer,
  // a workflow migration).
  std::string transition;
  v1::Complaint after;  // new state, version + 1, facts, points
  AuditEvent event;
  std::vector<Effect> effects;
  // The new state's deadline (a local date; due at its end) and what fires then.
  std::optional<Date> due_date;
  std::string timeout_transition;
  // The state did not change (a consent, say): its deadline stays as it is.
  bool keep_deadline = false;
  // What the event adds to the reports; its payload carries them too.
  std::vector<Tally> tallies;
};

/// Evaluates `request` by `actor` on the case. Refusals, each changing nothing:
///   kNotFound            no such transition in the case's workflow version
///   kPermissionDenied    the actor's role may not fire it (or a timer transition)
///   kInvalidArgument     no expected version, or missing/unknown input fields
///   kAborted             the expected version is not the case's version
///   kFailedPrecondition  not from this state, or a guard refused (refused_by set)
[[nodiscard]] Result<TransitionOutcome> EvaluateTransition(const CaseView& view,
                                                           const EngineContext& context,
                                                           const Actor& actor,
                                                           const v1::TransitionRequest& request);

/// Fires the current state's on_timeout transition, as the engine.
/// kFailedPrecondition when the state has no deadline or a guard refuses.
[[nodiscard]] Result<TransitionOutcome> EvaluateTimeout(const CaseView& view,
                                                        const EngineContext& context);

/// Parks a timer that cannot fire (its transition refused, or its
/// definition is not loaded): the case stays in its state, one version on,
/// without a deadline, so it no longer comes due before the others; the
/// event "timer_parked" and an office alert say why, for a person to act.
/// Never fails.
[[nodiscard]] TransitionOutcome ParkTimer(const v1::Complaint& complaint, const std::string& last_event_hash,
                                          const EngineContext& context, const std::string& reason);

/// The transitions leaving the case's state that people fire, each marked
/// allowed or not for `actor`, with the reason. Guards that read the
/// transition's own input are left to the request.
[[nodiscard]] v1::ListTransitionsResponse ListTransitions(const CaseView& view,
                                                          const EngineContext& context,
                                                          const Actor& actor);

/// The personal data that the steps after a transition would find in the
/// facts `fields`, the ones a person just wrote: every step reachable from
/// `after`'s state explains itself on `after` (ActionSpec and GuardSpec
/// `explain`), whoever may take it. A draft is checked as it is written,
/// before the department or the approver sees it. One finding per place,
/// blocking when any step would be blocked by it.
[[nodiscard]] std::vector<v1::PersonalDataFinding> FindingsAhead(const v1::Complaint& after,
                                                                 const v1::WorkflowDefinition& workflow,
                                                                 const EngineContext& context, const Actor& actor,
                                                                 const std::set<std::string>& fields);

/// What the steps after `request` would find in the texts it gives
/// (FindingsAhead): EvaluateTransition's refusals of the transition, the
/// role, the version and the state, but none about the input, so a draft
/// half written is checked too. Nothing but the texts is evaluated.
[[nodiscard]] Result<std::vector<v1::PersonalDataFinding>> ScanRequest(const CaseView& view,
                                                                       const EngineContext& context,
                                                                       const Actor& actor,
                                                                       const v1::TransitionRequest& request);

/// The text inputs of `transition` that a step after it scans for personal
/// data: the steps ahead are asked (FindingsAhead) about a text any scan
/// finds, a CPR number, in each. Those are the texts to check as they are
/// written.
[[nodiscard]] std::set<std::string> InputsCheckedAhead(const v1::WorkflowDefinition& workflow,
                                                       const EngineContext& context,
                                                       const v1::Transition& transition);

/// What the guards of `transition` (or, when empty, of those leaving
/// `state`) read besides the case itself, by the types their checks take:
/// each is worth a query only then.
struct ReadsBeyondCase {
  bool office = false;   // ChecksOffice: the publication hold and delegations
  bool notices = false;  // ChecksNotices: the case's notices and their receipt
  bool case_file = false;  // ChecksCaseFile: the documents the case's journal numbers
  bool items = false;      // ChecksItems: a product's cases, their notices and receipt
};
[[nodiscard]] ReadsBeyondCase GuardReads(const v1::WorkflowDefinition& workflow, const RuleRegistry& rules,
                                         const std::string& state, const std::string& transition);

/// The actor name the engine records for transitions it fires itself.
inline constexpr std::string_view kTimerActor = "timer";

}  // namespace ombudsflow
