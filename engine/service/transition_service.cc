#include "engine/service/transition_service.h"

#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "engine/core/base/text.h"
#include "engine/core/codec/proto_json.h"
#include "engine/core/codec/request_limits.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/policy/view.h"
#include "engine/core/workflow/audit_chain.h"
#include "engine/core/workflow/meanings.h"
#include "engine/core/workflow/transition.h"
#include "engine/core/workflow/workflow_lookup.h"

namespace ombudsflow::service {

TransitionService::TransitionService(store::TransitionStore& cases,
                                     store::ComplaintStore& complaints,
                                     const WorkflowCatalog& workflows, const RuleRegistry& rules,
                                     const HolidayCalendar& calendar, const Clock& clock,
                                     TransitionOptions options)
    : options_(options),
      cases_(cases),
      complaints_(complaints),
      workflows_(workflows),
      rules_(rules),
      calendar_(calendar),
      clock_(clock) {
  for (const v1::WorkflowDefinition* definition : workflows_.All()) {
    for (const v1::Transition& transition : definition->transition()) known_transitions_.insert(transition.name());
  }
}

namespace {

// A step as the definition `complaint` is pinned to states it; `step` is
// null when that definition is not loaded or has no such step.
struct DefinedStep {
  const v1::WorkflowDefinition* definition = nullptr;
  const v1::Transition* step = nullptr;
};
DefinedStep StepOn(const WorkflowCatalog& workflows, const v1::Complaint& complaint, std::string_view transition) {
  const v1::WorkflowDefinition* definition = workflows.Find(complaint.workflow(), complaint.workflow_version());
  return {definition, definition == nullptr ? nullptr : FindTransition(*definition, transition)};
}

}  // namespace

std::string_view TransitionService::MeaningOf(const v1::Complaint& after, std::string_view transition) const {
  const v1::Transition* step = StepOn(workflows_, after, transition).step;
  if (step == nullptr || step->meaning() == v1::STEP_MEANING_UNSPECIFIED) return {};
  return v1::StepMeaning_Name(step->meaning());
}

EngineContext TransitionService::Context() const {
  const Timestamp now = clock_.Now();
  return EngineContext{rules_, calendar_, now, clock_.LocalDate(now), options_.notice_period_days, &clock_};
}

Result<const v1::WorkflowDefinition*> TransitionService::DefinitionOf(
    const v1::Complaint& complaint) const {
  const auto* definition = workflows_.Find(complaint.workflow(), complaint.workflow_version());
  if (definition == nullptr) {
    // A case pinned to a version no longer loaded: an operator error to fix
    // by loading it again or migrating the case.
    return std::unexpected(Internal("workflow " + complaint.workflow() + " v" +
                                    std::to_string(complaint.workflow_version()) + " is not loaded"));
  }
  return definition;
}

Result<TransitionService::ActorCase> TransitionService::LoadFor(const Actor& actor,
                                                                const std::string& id,
                                                                std::uint32_t version, Timestamp now,
                                                                const std::string& transition) {
  // A department is authorised first, in the same single step for a case
  // of another department as for one that does not exist: neither the
  // answer nor its timing tells them apart, and the case cache (which would
  // answer a guessed version faster) is reached only after.
  if (actor.role == Role::kDepartment) {
    auto department = cases_.DepartmentOf(id);
    if (!department) return std::unexpected(department.error());
    if (auto allowed = AuthorizeCaseAccess(actor, id, *department); !allowed) {
      return std::unexpected(allowed.error());
    }
  }
  CaseCache* cache = options_.case_cache;
  ActorCase loaded{version == 0 || cache == nullptr ? nullptr : cache->Find(id, version), nullptr, {}, {}};
  const bool from_memory = loaded.current != nullptr;
  if (!from_memory) {
    auto stored = cases_.Load(id);
    if (!stored) return std::unexpected(stored.error());
    loaded.notices = std::move(stored->notices);
    loaded.current = std::make_shared<const CaseAtVersion>(
        CaseAtVersion{std::move(stored->complaint), std::move(stored->last_event_hash)});
    if (cache != nullptr) cache->Remember(loaded.current);
  }
  const v1::Complaint& complaint = loaded.current->complaint;
  if (auto allowed = AuthorizeCaseAccess(actor, id, complaint.department()); !allowed) {
    return std::unexpected(allowed.error());
  }
  auto definition = DefinitionOf(complaint);
  if (!definition) return std::unexpected(definition.error());
  loaded.definition = *definition;
  // Notices change without a new case version (delivery, acknowledgement),
  // so they are never taken from memory; most transitions do not read them.
  const ReadsBeyondCase reads = GuardReads(**definition, rules_, complaint.state(), transition);
  if (!reads.notices) loaded.notices.reset();
  if (reads.notices && from_memory) {
    auto notices = cases_.Notices(id);
    if (!notices) return std::unexpected(notices.error());
    loaded.notices = std::move(*notices);
  }
  if (reads.office) {
    auto office = cases_.Office(now);
    if (!office) return std::unexpected(office.error());
    loaded.office = std::move(*office);
  }
  // Documents come and are scanned without a new case version: never from memory.
  if (reads.case_file) {
    auto file = cases_.CaseFileOf(id);
    if (!file) return std::unexpected(file.error());
    loaded.case_file = std::move(*file);
  }
  return loaded;
}

Result<v1::ListTransitionsResponse> TransitionService::List(const Actor& actor,
                                                            const std::string& id) {
  const EngineContext context = Context();
  auto loaded = LoadFor(actor, id, 0, context.now, "");
  if (!loaded) return std::unexpected(loaded.error());
  return SeenBy(&actor, ListTransitions(loaded->View(), context, actor));
}

Result<TransitionOutcome> TransitionService::Evaluate(const Actor& actor, const std::string& id,
                                                      const v1::TransitionRequest& request) {
  const EngineContext context = Context();
  auto loaded = LoadFor(actor, id, request.expected_version(), context.now, request.name());
  if (!loaded) return std::unexpected(loaded.error());
  auto outcome = EvaluateTransition(loaded->View(), context, actor, request);
  if (!outcome) return std::unexpected(outcome.error());
  if (auto rendered = RenderLetters(*outcome, actor.name, context); !rendered) {
    return std::unexpected(rendered.error());
  }
  return outcome;
}

Result<v1::Complaint> TransitionService::Fire(const Actor& actor, const std::string& id,
                                              v1::TransitionRequest request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  const std::string_view name =
      known_transitions_.contains(request.name()) ? std::string_view(request.name()) : std::string_view("other");
  const auto refused = [&](const Error& error) {
    if (!options_.tally) return;
    const std::string code = AsciiLowercase(ErrorCodeName(error.code));
    options_.tally({"", name, error.refused_by.empty() ? std::string_view(code) : std::string_view(error.refused_by)});
  };
  auto outcome = Evaluate(actor, id, request);
  if (!outcome) {
    refused(outcome.error());
    return std::unexpected(outcome.error());
  }
  auto applied = cases_.Apply(*outcome);
  if (!applied) {
    refused(applied.error());
    return std::unexpected(applied.error());
  }
  if (options_.tally) {
    options_.tally({outcome->after.workflow(), name, "", MeaningOf(outcome->after, outcome->transition)});
  }
  if (notices_written_ && applied->deliveries_queued > 0) notices_written_();
  if (options_.case_cache == nullptr) return SeenBy(&actor, std::move(applied->complaint));
  auto current = std::make_shared<const CaseAtVersion>(
      CaseAtVersion{std::move(applied->complaint), std::move(outcome->event.hash)});
  options_.case_cache->Remember(current);
  return SeenBy(&actor, current->complaint);
}

Result<void> TransitionService::Check(const Actor& actor, const std::string& id,
                                     const v1::TransitionRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  auto outcome = Evaluate(actor, id, request);
  if (!outcome) return std::unexpected(outcome.error());
  return {};
}

Result<std::vector<Letter>> TransitionService::PreviewLetters(const Actor& actor, const std::string& id,
                                                              const v1::TransitionRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  auto outcome = Evaluate(actor, id, request);
  if (!outcome) return std::unexpected(outcome.error());
  std::vector<Letter> letters;
  for (Effect& effect : outcome->effects) {
    if (auto* letter = std::get_if<Letter>(&effect)) letters.push_back(std::move(*letter));
  }
  return letters;
}

Result<std::vector<v1::PersonalDataFinding>> TransitionService::ScanAhead(const Actor& actor, const std::string& id,
                                                                          const v1::TransitionRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  const EngineContext context = Context();
  auto loaded = LoadFor(actor, id, request.expected_version(), context.now, request.name());
  if (!loaded) return std::unexpected(loaded.error());
  return ScanRequest(loaded->View(), context, actor, request);
}

Result<std::string> TransitionService::StepFor(const Actor& actor, const std::string& id,
                                                   v1::StepMeaning meaning) {
  auto loaded = LoadFor(actor, id, 0, clock_.Now(), "");
  if (!loaded) return std::unexpected(loaded.error());
  const v1::Transition* step = StepWithMeaning(*loaded->definition, meaning);
  if (step == nullptr) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "workflow " + loaded->definition->name() +
                                                                         " has no step that means " +
                                                                         v1::StepMeaning_Name(meaning)));
  }
  return step->name();
}

std::optional<v1::AvailableTransition> TransitionService::AsDefined(const v1::Complaint& complaint,
                                                                   const std::string& transition,
                                                                   std::string refusal) const {
  const v1::Transition* step = StepOn(workflows_, complaint, transition).step;
  if (step == nullptr || step->timer()) return std::nullopt;
  v1::AvailableTransition available;
  available.set_name(step->name());
  available.set_description(step->description());
  available.set_to(step->to());
  available.set_allowed(false);
  // Refused by no guard and no role: the case moved on.
  available.set_refused_by("moved_on");
  available.set_refusal(std::move(refusal));
  *available.mutable_input_fields() = step->input_field();
  available.set_meaning(step->meaning());
  return available;
}

StepOutline TransitionService::Outline(const Actor& actor, const v1::Complaint& complaint,
                                       const std::string& transition) const {
  const DefinedStep defined = StepOn(workflows_, complaint, transition);
  if (defined.step == nullptr) return {};
  return OutlineStep(*defined.definition, Context(), *defined.step, actor.role);
}

Result<void> TransitionService::RenderLetters(TransitionOutcome& outcome, const std::string& signer,
                                              const EngineContext& context) const {
  const bool queues_letters = std::any_of(outcome.effects.begin(), outcome.effects.end(),
                                          [](const Effect& effect) { return std::holds_alternative<Letter>(effect); });
  if (!queues_letters) return {};
  if (options_.letters == nullptr) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition,
                                     "this transition sends a letter, and this server has no letter templates"));
  }
  return options_.letters->RenderInto(outcome, signer, context.today);
}

Result<v1::ListEventsResponse> TransitionService::Events(const Actor& actor, const std::string& id) {
  auto chain = complaints_.Chain(id);
  if (!chain) return std::unexpected(chain.error());
  v1::ListEventsResponse response;
  std::optional<ChainBreak> broken = FirstBrokenLink(chain->events, chain->anchor);
  for (const auto& event : chain->events) {
    auto* out = response.add_events();
    out->set_seq(event.seq);
    *out->mutable_time() =
        google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(event.occurred_at));
    out->set_actor_role(event.actor_role);
    out->set_actor_name(event.actor);
    out->set_kind(event.kind);
    // The engine writes JSON objects only: anything else was put there.
    if (!FromJson(event.payload_json, *out->mutable_payload()).ok() && !broken) {
      broken = ChainBreak{event.seq, "event " + std::to_string(event.seq) + "'s payload is not a JSON object"};
    }
    // The free texts kept aside are shown in place; erased ones say so.
    auto& fields = *out->mutable_payload()->mutable_fields();
    if (event.details_json) {
      google::protobuf::Struct details;
      if (FromJson(*event.details_json, details).ok()) {
        for (auto& [name, value] : *details.mutable_fields()) fields[name] = std::move(value);
      } else if (!broken) {
        // Kept aside by the engine as a JSON object: what is there now was
        // not written by it, and the record says so rather than showing less.
        broken = ChainBreak{event.seq, "event " + std::to_string(event.seq) + "'s free texts are not a JSON object"};
      }
    } else if (fields.contains("detailsDigest")) {
      fields["detailsErased"].set_bool_value(true);
    }
    out->set_hash(event.hash);
  }
  response.set_chain_valid(!broken);
  if (broken) {
    response.set_first_broken_seq(broken->seq);
    response.set_broken_link(broken->reason);
  }
  return response;
}

Result<int> TransitionService::FireDueTimers(int limit) {
  const EngineContext context = Context();
  auto fired = cases_.FireDue(context.now, limit, [&](const store::StoredCase& stored) -> Result<TransitionOutcome> {
    // A timer that cannot fire is parked, not left due: otherwise it comes
    // first in every round, and enough of them starve every other timer.
    auto definition = DefinitionOf(stored.complaint);
    if (!definition) {
      return ParkTimer(stored.complaint, stored.last_event_hash, context, definition.error().message);
    }
    auto outcome = EvaluateTimeout(
        CaseView{stored.complaint, **definition, stored.last_event_hash, stored.notices, stored.office},
        context);
    if (!outcome) return ParkTimer(stored.complaint, stored.last_event_hash, context, outcome.error().message);
    // Signed by the office: nobody fired it.
    if (auto rendered = RenderLetters(*outcome, "", context); !rendered) {
      return ParkTimer(stored.complaint, stored.last_event_hash, context, rendered.error().message);
    }
    return outcome;
  }, [&](const TransitionOutcome& written) {
    // Parked timers are events, not transitions.
    if (options_.tally && !written.transition.empty()) {
      options_.tally({written.after.workflow(), written.transition, "", MeaningOf(written.after, written.transition)});
    }
  });
  // Reminders to departments are notices too.
  if (fired && *fired > 0 && notices_written_) notices_written_();
  return fired;
}

Result<int> TransitionService::MigrateWorkflow(const std::string& workflow, std::uint32_t from,
                                               std::uint32_t to, const std::string& explicit_map,
                                               const Actor& actor) {
  const auto* from_definition = workflows_.Find(workflow, from);
  const auto* to_definition = workflows_.Find(workflow, to);
  if (from_definition == nullptr || to_definition == nullptr) {
    return std::unexpected(NotFound("workflow '" + workflow + "' needs versions " +
                                    std::to_string(from) + " and " + std::to_string(to) +
                                    " in the workflows folder"));
  }
  auto map = ParseStateMap(explicit_map);
  if (!map) return std::unexpected(map.error());
  auto plan = PlanWorkflowMigration(*from_definition, *to_definition, *map);
  if (!plan) return std::unexpected(plan.error());
  const EngineContext context = Context();
  return cases_.MigrateAll(
      workflow, from, context.now,
      [&](const store::StoredCase& stored) -> Result<std::optional<TransitionOutcome>> {
        if (!plan->contains(stored.complaint.state())) return std::nullopt;  // finished
        auto outcome = MigrateCase(
            CaseView{stored.complaint, *from_definition, stored.last_event_hash, stored.notices,
                     stored.office},
                                   *to_definition, *plan, context, actor);
        if (!outcome) return std::unexpected(outcome.error());
        return std::optional<TransitionOutcome>(std::move(*outcome));
      });
}

}  // namespace ombudsflow::service
