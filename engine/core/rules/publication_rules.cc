// The rules that make publication impossible to get wrong: the department
// has received the report and had its notice period, the ombudsman (or a
// deputy under an active delegation) approves, never the one who drafted,
// no personal data goes out without the citizen's consent, and nothing is
// approved while a publication hold is in force.

#include <algorithm>
#include <sstream>

#include "engine/core/base/iso_date.h"
#include "engine/core/rules/consent.h"
#include "engine/core/rules/disclosure.h"
#include "engine/core/rules/personal_data.h"
#include "engine/core/rules/receipt.h"
#include "engine/core/rules/standard_rules.h"
#include "engine/core/workflow/transition.h"

namespace ombudsflow {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// Where record_actor keeps everyone it recorded in a fact: `<fact>_all`.
constexpr const char* kEveryRecordedActor = "_all";

std::string FactString(const v1::Complaint& complaint, const std::string& name) {
  const Value* value = FindFact(complaint, name);
  return value != nullptr && value->kind_case() == Value::kStringValue ? value->string_value() : "";
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream list(text);
  for (std::string item; std::getline(list, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// Whether `notice` is a `kind` notice carrying the draft as it stands: a
// notice of an earlier revision does not count, since the department must
// have received the text that is published.
bool OfCurrentDraft(const NoticeReceipt& notice, const std::string& kind, const v1::Complaint& complaint) {
  return notice.notice == kind && notice.publication_revision == CurrentPublicationRevision(complaint);
}

// The publication as it stands, for the publications list.
PublicationChange Publication(const v1::Complaint& complaint, PublicationChange::Stage stage,
                              std::vector<std::string> targets) {
  return PublicationChange{.stage = stage,
                           .title = FactString(complaint, "publication_title"),
                           .text = FactString(complaint, "publication_text"),
                           .targets = std::move(targets)};
}

std::vector<std::string> TargetsOf(const RuleContext& context, const v1::Complaint& after) {
  auto targets = SplitList(context.args.at("targets"));
  // Discrimination cases also go on the discrimination page.
  const Value* discrimination = FindFact(after, "concerns_discrimination");
  if (discrimination != nullptr && discrimination->bool_value() &&
      std::find(targets.begin(), targets.end(), "discrimination_page") == targets.end()) {
    targets.push_back("discrimination_page");
  }
  return targets;
}

void AddReceiptGuards(RuleRegistry& registry) {
  // Before anything is published the department must have received the
  // report: delivered to its webhook (2xx) or acknowledged. No role overrides.
  registry.AddGuard("notice_received", GuardSpec{
      [](const RuleContext& context, const CaseNotices& notices) -> Refusal {
        return RefusesUnreceived(context.args.at("notice"), notices, context.before);
      },
      {"notice"}, {}, {}, "the department received the `notice` notice (delivered or acknowledged)"});

  // The department's notice period: not before the date its notice named.
  registry.AddGuard("publication_date_reached", GuardSpec{
      [](const RuleContext& context, const CaseNotices& notices) -> Refusal {
        return RefusesBeforeNoticePeriod(context.args.at("notice"), notices, context.before, context.engine.today);
      },
      {"notice"}, {}, {}, "the publication date of the latest `notice` notice has come"});
}

// Everyone record_actor recorded in `fact`: each revision's writer, not
// only the latest, so a one-character revision cannot launder a draft.
std::vector<std::string> RecordedActors(const v1::Complaint& complaint, const std::string& fact) {
  std::vector<std::string> actors;
  if (const Value* all = FindFact(complaint, fact + kEveryRecordedActor);
      all != nullptr && all->kind_case() == Value::kListValue) {
    for (const Value& actor : all->list_value().values()) actors.push_back(actor.string_value());
  }
  // Cases recorded before the list existed hold the latest alone.
  if (std::string latest = FactString(complaint, fact);
      !latest.empty() && std::find(actors.begin(), actors.end(), latest) == actors.end()) {
    actors.push_back(std::move(latest));
  }
  return actors;
}

bool Contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

void AddApprovalGuards(RuleRegistry& registry, const std::shared_ptr<const PublicContacts>& known) {
  // Four eyes: nobody recorded in `fact` (e.g. anyone who wrote any revision
  // of the draft) may act, whether they come back with the same token or
  // another of theirs.
  registry.AddGuard("not_recorded_actor", GuardSpec{
      [](const RuleContext& context) -> std::optional<std::string> {
        const std::string& fact = context.args.at("fact");
        // The actors' ids ("user:<id>"); cases drafted before people existed
        // recorded a token name, so the token is compared too.
        const std::vector<std::string> recorded = RecordedActors(context.before, fact);
        const std::string token = FactString(context.before, fact + "_token");
        if (recorded.empty() && token.empty()) return "'" + fact + "' is not recorded";
        if (Contains(recorded, context.actor.Id()) || (!token.empty() && token == context.actor.token_id)) {
          return "the person recorded as '" + fact + "' may not also do this (four eyes)";
        }
        return std::nullopt;
      },
      {"fact"}, {}, {}, "the actor is nobody ever recorded in `fact`"});

  // The ombudsman approves; a deputy only while a delegation names them.
  registry.AddGuard("approver_authorised", GuardSpec{
      [](const RuleContext& context, const OfficeState& office) -> Refusal {
        return office.RefusesOmbudsmansAuthority(context.actor, context.engine.now);
      },
      {}, {}, {}, "the actor is the ombudsman, or a deputy with an active delegation somebody else granted"});

  registry.AddGuard("no_publication_hold", GuardSpec{
      [](const RuleContext&, const OfficeState& office) -> Refusal {
        if (!office.publication_hold) return std::nullopt;
        return "publication is on hold: " + *office.publication_hold;
      },
      {}, {}, {}, "no publication hold (crisis management) is in force"});

  GuardSpec cleared{
      [known](const RuleContext& context) -> std::optional<std::string> {
        const std::string& fact = context.args.at("fact");
        const std::string text = FactString(context.after, fact);
        std::string found;
        std::size_t count = 0;
        std::string own;  // what a consent the actor recorded covers
        for (const auto& hit : FindPersonalData(text, context.after.complainant(), known.get())) {
          const v1::ConsentDeclaration* consent = CoveringConsent(hit, context.after);
          if (MayDisclose(hit, consent, Recipient::kPublic, context.after.complainant())) {
            // Four eyes on the consents too: whoever recorded the consent
            // the text relies on does not also approve it.
            if (consent->recorded_by() == context.actor.Id() && own.empty()) own = DescribeHit(hit);
            continue;
          }
          // A refusal listing thousands of places helps nobody.
          if (++count <= 20) found += (found.empty() ? "" : "; ") + DescribeHit(hit);
        }
        if (count == 0 && !own.empty()) {
          return "'" + fact + "' relies on a consent the same person recorded (" + own +
                 "): someone else must do this (four eyes)";
        }
        if (count == 0) return std::nullopt;
        if (count > 20) found += "; and " + std::to_string(count - 20) + " more";
        return "'" + fact + "' contains personal data no confirmed consent covers (a CPR number is never published): " +
               found;
      },
      {"fact"}, {}, {},
      "the text in `fact` has no personal data beyond what the citizen consented to and the ombudsman "
      "confirmed, and no CPR number"};
  cleared.explain = [known](const RuleContext& context, v1::AvailableTransition& available) {
    const std::string& fact = context.args.at("fact");
    const auto blocks = [&](const PersonalDataHit& hit, const v1::ConsentDeclaration* consent) {
      return !MayDisclose(hit, consent, Recipient::kPublic, context.after.complainant());
    };
    AddPersonalDataFindings(fact, FactString(context.after, fact), context.after, blocks,
                            *available.mutable_personal_data(), known.get());
  };
  registry.AddGuard("personal_data_cleared", std::move(cleared));
}

void AddPublicationActions(RuleRegistry& registry) {
  registry.AddAction("record_actor", ActionSpec{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>&)
          -> std::expected<void, Error> {
        const std::string& fact = context.args.at("fact");
        std::vector<std::string> everyone = RecordedActors(context.before, fact);
        if (!Contains(everyone, context.actor.Id())) everyone.push_back(context.actor.Id());
        auto& facts = *after.mutable_facts()->mutable_fields();
        facts[fact].set_string_value(context.actor.Id());
        facts[fact + "_token"].set_string_value(context.actor.token_id);
        auto& list = *facts[fact + kEveryRecordedActor].mutable_list_value();
        list.Clear();
        for (const std::string& actor : everyone) list.add_values()->set_string_value(actor);
        return {};
      },
      {"fact"}, {},
      "records who fires the transition in `fact`, and adds them to everyone who ever did (`fact`_all), for "
      "four-eyes guards"});

  registry.AddAction("stage_publication", ActionSpec{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        // Each draft and each revision of it is numbered; notices carry it.
        (*after.mutable_facts()->mutable_fields())["publication_revision"].set_number_value(
            CurrentPublicationRevision(context.before) + 1);
        effects.push_back(
            Publication(after, PublicationChange::Stage::kAwaitingApproval, TargetsOf(context, after)));
        return {};
      },
      {"targets"}, {},
      "records the drafted publication (publication_title, publication_text) as awaiting the "
      "ombudsman's approval, for `targets` (and the discrimination page when "
      "concerns_discrimination), as the draft's next revision (publication_revision)"});

  ActionSpec publish{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        effects.push_back(Publication(after, PublicationChange::Stage::kPublished, TargetsOf(context, after)));
        return {};
      },
      {"targets"}, {}, "publishes the approved text on `targets`"};
  // Nothing is published unless all of these hold (DESIGN.md, "Rules that
  // must never be skipped"); a definition cannot leave one out.
  publish.requires_guards = {
      {"approver_authorised", {}},
      {"no_publication_hold", {}},
      {"notice_received", {{"notice", "pre_publication"}}},
      {"publication_date_reached", {{"notice", "pre_publication"}}},
      {"not_recorded_actor", {{"fact", "drafted_by"}}},
      {"personal_data_cleared", {{"fact", "publication_title"}}},
      {"personal_data_cleared", {{"fact", "publication_text"}}},
  };
  registry.AddAction("publish", std::move(publish));

  registry.AddAction("cancel_publication", ActionSpec{
      [](const RuleContext&, v1::Complaint& after, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        effects.push_back(Publication(after, PublicationChange::Stage::kWithdrawn, {}));
        return {};
      },
      {}, {}, "withdraws a publication that was awaiting approval"});
}

}  // namespace

std::uint32_t CurrentPublicationRevision(const v1::Complaint& complaint) {
  const Value* revision = FindFact(complaint, "publication_revision");
  return revision != nullptr && revision->kind_case() == Value::kNumberValue
             ? static_cast<std::uint32_t>(revision->number_value())
             : 0;
}

Refusal RefusesUnreceived(const std::string& kind, const CaseNotices& notices, const v1::Complaint& complaint) {
  bool sent = false;
  bool earlier = false;
  for (const auto& notice : notices) {
    if (notice.notice != kind) continue;
    if (!OfCurrentDraft(notice, kind, complaint)) {
      earlier = true;
      continue;
    }
    sent = true;
    if (notice.delivered || notice.acknowledged) return std::nullopt;
  }
  if (sent) return "the department has not yet received the " + kind + " notice";
  if (earlier) {
    return "the draft was revised after the " + kind +
           " notice: the department must receive the text that is published, so send a new notice";
  }
  return "no " + kind + " notice has been sent to the department";
}

Refusal RefusesBeforeNoticePeriod(const std::string& kind, const CaseNotices& notices, const v1::Complaint& complaint,
                                  Date today) {
  std::optional<Date> earliest;
  for (const auto& notice : notices) {
    if (OfCurrentDraft(notice, kind, complaint) && notice.publication_date) earliest = notice.publication_date;
  }
  if (!earliest) return "no " + kind + " notice with a publication date has been sent";
  if (today < *earliest) {
    return "the department's notice period runs until " + FormatIsoDate(*earliest) +
           ": nothing may be published before then";
  }
  return std::nullopt;
}

void AddPublicationRules(RuleRegistry& registry, std::shared_ptr<const PublicContacts> known) {
  AddReceiptGuards(registry);
  AddApprovalGuards(registry, known);
  AddPublicationActions(registry);
}

}  // namespace ombudsflow
