#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "engine/core/base/calendar.h"
#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/core/workflow/rule_registry.h"
#include "engine/core/workflow/step_outline.h"
#include "engine/core/workflow/workflow_catalog.h"
#include "engine/core/workflow/workflow_migration.h"
#include "engine/service/case_cache.h"
#include "engine/service/letter_service.h"
#include "engine/store/complaint_store.h"
#include "engine/store/transition_store.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// Deployment settings of the engine.
/// One transition fired (by a person or a timer), or one refused, as the
/// metrics count it.
/// Every label is bounded: `transition` is a name some loaded definition
/// has ("other" for any other name a client sent), `refused_by` a guard's
/// name or the refusal's code in lower case, `meaning` a StepMeaning's
/// name. A dashboard that sums by meaning keeps its figures when a
/// definition renames a step.
struct TransitionTally {
  std::string_view workflow;    // the case's workflow when fired; "" when refused
  std::string_view transition;
  std::string_view refused_by;  // "" when fired
  std::string_view meaning = {};  // what the fired step means in the case's definition; "" when nothing singled out
};

struct TransitionOptions {
  // Calendar days between a pre-publication notice and the earliest
  // publication it allows.
  int notice_period_days = 0;
  // Cases kept in memory at their newest version (null: none), so a
  // transition naming the version it saw skips reading the case.
  CaseCache* case_cache = nullptr;
  // Renders the letters transitions queue (null: a transition that queues
  // one is refused, as no letter goes out unrendered).
  const LetterService* letters = nullptr;
  // Told of every transition a person fires or is refused, and of every
  // timer's transition once committed (empty: nobody).
  std::function<void(const TransitionTally&)> tally = {};
};

/// Moving cases through their workflows: what may be fired, firing it, the
/// history, and the timers. The rules are the core's; this joins them to the
/// store.
class TransitionService {
 public:
  TransitionService(store::TransitionStore& cases, store::ComplaintStore& complaints,
                    const WorkflowCatalog& workflows, const RuleRegistry& rules,
                    const HolidayCalendar& calendar, const Clock& clock, TransitionOptions options = {});

  [[nodiscard]] Result<v1::ListTransitionsResponse> List(const Actor& actor, const std::string& id);

  /// Fires `request` on case `id`, which must carry the case version the
  /// caller saw (the HTTP layer fills it from If-Match). The answer is the
  /// case as the caller may see it.
  [[nodiscard]] Result<v1::Complaint> Fire(const Actor& actor, const std::string& id,
                                           v1::TransitionRequest request);

  /// Whether `request` would be taken now: Fire's refusals, nothing written.
  [[nodiscard]] Result<void> Check(const Actor& actor, const std::string& id,
                                   const v1::TransitionRequest& request);

  /// The letters `request` would send, rendered, nothing written; Fire's
  /// refusals otherwise.
  [[nodiscard]] Result<std::vector<Letter>> PreviewLetters(const Actor& actor, const std::string& id,
                                                           const v1::TransitionRequest& request);

  /// The personal data the steps after `request` would find in the texts
  /// it gives (ScanRequest): a draft checked as it is written, complete or
  /// not, nothing written. Fire's refusals of who, when and which version.
  [[nodiscard]] Result<std::vector<v1::PersonalDataFinding>> ScanAhead(const Actor& actor, const std::string& id,
                                                                       const v1::TransitionRequest& request);

  /// What taking `transition` on `complaint` would do and who may take it,
  /// for `actor` (OutlineStep): the letters, the citizen's needs, four eyes,
  /// what its notice carries and the texts checked as they are written.
  /// Empty for a transition the case's definition does not have.
  [[nodiscard]] StepOutline Outline(const Actor& actor, const v1::Complaint& complaint,
                                    const std::string& transition) const;

  /// `transition` as `complaint`'s definition states it, refused by
  /// "moved_on" with `refusal`: its form shown again, with what was typed,
  /// once the case has moved on. nullopt when the definition has no such
  /// step that a person takes.
  [[nodiscard]] std::optional<v1::AvailableTransition> AsDefined(const v1::Complaint& complaint,
                                                                 const std::string& transition,
                                                                 std::string refusal) const;

  /// The name of the step that means `meaning` in case `id`'s definition,
  /// wherever the case stands: callers ask by meaning, never by name.
  /// kFailedPrecondition when the definition has no such step.
  [[nodiscard]] Result<std::string> StepFor(const Actor& actor, const std::string& id, v1::StepMeaning meaning);

  /// The case's audit events, with the hash chain verified.
  [[nodiscard]] Result<v1::ListEventsResponse> Events(const Actor& actor, const std::string& id);

  /// Called after a transition that queued webhook deliveries of notices
  /// commits, so they start at once instead of at the next poll.
  void OnNoticesWritten(std::function<void()> listener) { notices_written_ = std::move(listener); }

  /// Fires the timers due now, up to `limit`; returns how many fired.
  [[nodiscard]] Result<int> FireDueTimers(int limit);

  /// Moves every running case of `workflow` from version `from` to `to`,
  /// mapping states by `explicit_map` or by name; all or nothing, each move
  /// an audit event. Returns how many cases moved.
  [[nodiscard]] Result<int> MigrateWorkflow(const std::string& workflow, std::uint32_t from,
                                            std::uint32_t to, const std::string& explicit_map,
                                            const Actor& actor);

 private:
  // What `request` would do now, its letters rendered: Fire's refusals.
  [[nodiscard]] Result<TransitionOutcome> Evaluate(const Actor& actor, const std::string& id,
                                                   const v1::TransitionRequest& request);

  // Renders the outcome's letters (LetterService), if it queues any.
  [[nodiscard]] Result<void> RenderLetters(TransitionOutcome& outcome, const std::string& signer,
                                           const EngineContext& context) const;

  // A case the actor may act on, with the definition it is pinned to.
  struct ActorCase {
    std::shared_ptr<const CaseAtVersion> current;
    const v1::WorkflowDefinition* definition;
    std::optional<CaseNotices> notices;
    std::optional<OfficeState> office;
    std::optional<CaseFile> case_file = {};
    CaseView View() const {
      return CaseView{current->complaint, *definition, current->last_event_hash, notices, office, case_file};
    }
  };

  // The case and its definition, from memory when it holds `version` (0:
  // the caller named none); also what the guards of `transition` (or of
  // those leaving the state, when empty) read beyond the case.
  Result<ActorCase> LoadFor(const Actor& actor, const std::string& id, std::uint32_t version,
                            Timestamp now, const std::string& transition);
  Result<const v1::WorkflowDefinition*> DefinitionOf(const v1::Complaint& complaint) const;
  EngineContext Context() const;
  // What `transition` means in the definition `after` is on, as the
  // metrics label it: the StepMeaning's name, "" when it means nothing
  // singled out.
  std::string_view MeaningOf(const v1::Complaint& after, std::string_view transition) const;

  TransitionOptions options_;
  store::TransitionStore& cases_;
  store::ComplaintStore& complaints_;
  const WorkflowCatalog& workflows_;
  const RuleRegistry& rules_;
  const HolidayCalendar& calendar_;
  const Clock& clock_;
  std::function<void()> notices_written_;
  std::set<std::string, std::less<>> known_transitions_;  // every definition's, for TransitionTally
};

}  // namespace ombudsflow::service
