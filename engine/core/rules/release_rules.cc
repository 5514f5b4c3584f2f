// The rules of the office's communication products: a newsletter issue (and
// later a KlarRet edition, a press release, a mailing to a distribution
// list) is approved and released only when every case it writes about has
// had its department receive the text that goes out, and never during a
// publication hold. The actions that approve and release demand these
// guards (ActionSpec::requires_guards), so no definition may drop them:
// the same mechanism that guards publication on the website.

#include <string>

#include "engine/core/rules/receipt.h"
#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/transition.h"

namespace ombudsflow {
namespace {

// The notice a case's department must have received before a product
// writes about it: the one that carries the report or statement.
constexpr const char* kPrePublication = "pre_publication";

// A refusal listing hundreds of cases helps nobody.
constexpr int kMostNamed = 10;

// Why `item` may not go out yet, or nullopt.
Refusal RefusesItem(const ReleaseItem& item, const std::string& kind, Date today) {
  switch (ProblemOf(item, kind, today)) {
    case ItemProblem::kNone: return std::nullopt;
    case ItemProblem::kTextOutdated:
      return "the text it carries is revision " + std::to_string(item.carried_revision.value_or(0)) +
             " of the case's publication, which is now revision " +
             std::to_string(CurrentPublicationRevision(item.complaint)) + ": take the case's text in again";
    case ItemProblem::kNoNotice:
    case ItemProblem::kRevisedAfterNotice:
    case ItemProblem::kNotReceived:
      return RefusesUnreceived(kind, item.notices, item.complaint);
    case ItemProblem::kNoticePeriodRunning:
      return RefusesBeforeNoticePeriod(kind, item.notices, item.complaint, today);
  }
  return "unknown problem";
}

}  // namespace

ItemProblem ProblemOf(const ReleaseItem& item, const std::string& kind, Date today) {
  const std::uint32_t current = CurrentPublicationRevision(item.complaint);
  if (item.carried_revision && *item.carried_revision != current) return ItemProblem::kTextOutdated;
  bool sent = false;
  bool earlier = false;
  bool received = false;
  for (const NoticeReceipt& notice : item.notices) {
    if (notice.notice != kind) continue;
    if (notice.publication_revision != current) {
      earlier = true;
      continue;
    }
    sent = true;
    received = received || notice.delivered || notice.acknowledged;
  }
  if (!sent) return earlier ? ItemProblem::kRevisedAfterNotice : ItemProblem::kNoNotice;
  if (!received) return ItemProblem::kNotReceived;
  if (RefusesBeforeNoticePeriod(kind, item.notices, item.complaint, today)) return ItemProblem::kNoticePeriodRunning;
  return ItemProblem::kNone;
}

void AddReleaseRules(RuleRegistry& registry) {
  registry.AddGuard("items_received", GuardSpec{
      [](const RuleContext& context, const ReleaseItems& items) -> Refusal {
        const std::string& kind = context.args.at("notice");
        std::string refusals;
        int count = 0;
        for (const ReleaseItem& item : items) {
          Refusal refused = RefusesItem(item, kind, context.engine.today);
          if (!refused) continue;
          if (++count <= kMostNamed) {
            refusals += (refusals.empty() ? "" : "; ") + ("case " + item.complaint.case_number() + ": " + *refused);
          }
        }
        if (count == 0) return std::nullopt;
        if (count > kMostNamed) refusals += "; and " + std::to_string(count - kMostNamed) + " more";
        return refusals;
      },
      {"notice"}, {}, {},
      "every case it writes about has had its department receive the `notice` notice of the text as it stands, "
      "and the notice period is over"});

  ActionSpec approve{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>&) -> std::expected<void, Error> {
        auto& facts = *after.mutable_facts()->mutable_fields();
        facts["approved_by"].set_string_value(context.actor.Id());
        return {};
      },
      {}, {}, "approves the product for release, recording who approved it (approved_by)"};
  approve.requires_guards = {
      {"approver_authorised", {}},
      {"no_publication_hold", {}},
      {"items_received", {{"notice", kPrePublication}}},
      {"not_recorded_actor", {{"fact", "composed_by"}}},
      {"personal_data_cleared", {{"fact", "issue_text"}}},
  };
  registry.AddAction("approve_release", std::move(approve));

  ActionSpec release{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>&) -> std::expected<void, Error> {
        auto& facts = *after.mutable_facts()->mutable_fields();
        facts["released_by"].set_string_value(context.actor.Id());
        return {};
      },
      {}, {}, "releases the approved product to its readers (released_by)"};
  // Checked again at release: a hold set, or a case's text revised, after
  // the approval stops it.
  release.requires_guards = {
      {"no_publication_hold", {}},
      {"items_received", {{"notice", kPrePublication}}},
  };
  registry.AddAction("release", std::move(release));
}

}  // namespace ombudsflow
