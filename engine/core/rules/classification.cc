#include "engine/core/rules/classification.h"

#include "engine/core/rules/case_change.h"
#include "engine/core/workflow/report_tallies.h"

namespace ombudsflow {
namespace {

const v1::KleEntry* FindIn(const google::protobuf::RepeatedPtrField<v1::KleEntry>& entries, std::string_view number) {
  for (const v1::KleEntry& entry : entries) {
    if (entry.number() == number) return &entry;
  }
  return nullptr;
}

}  // namespace

const v1::KleEntry* FindKleSubject(const v1::KleVocabulary& kle, std::string_view number) {
  return FindIn(kle.subject(), number);
}

const v1::KleEntry* FindKleMainGroup(const v1::KleVocabulary& kle, std::string_view number) {
  return FindIn(kle.main_group(), number);
}

std::string KleMainGroupOf(std::string_view subject) { return std::string(subject.substr(0, 2)); }

std::string JournalNumber(const v1::KleVocabulary& kle, std::string_view subject) {
  return std::string(subject) + "-" + kle.complaint_facet().number();
}

Result<TransitionOutcome> ClassifyCase(const CaseView& view, const EngineContext& context, const Actor& actor,
                                       const v1::KleVocabulary& kle, const v1::ClassifyComplaintRequest& request) {
  if (!IsOfficeStaff(actor.role)) {
    return std::unexpected(PermissionDenied("only office staff journalise cases"));
  }
  const std::string& subject = request.kle_number();
  if (FindKleSubject(kle, subject) == nullptr) {
    return std::unexpected(InvalidArgument(
        "'" + subject + "' is not a KLE subject the office journalises under (workflows/kle.textproto)",
        {{"kle_number", "is not one of the office's KLE subjects", "invalid_kle"}}));
  }
  const google::protobuf::Value* recorded = FindFact(view.complaint, kKleNumberFact);
  const std::string previous = recorded == nullptr ? std::string() : recorded->string_value();
  if (previous == subject) {
    return std::unexpected(MakeError(ErrorCode::kFailedPrecondition, "the case is journalised under " + subject + " already"));
  }
  if (auto checked = CheckVersion(view.complaint, request.expected_version()); !checked) {
    return std::unexpected(checked.error());
  }
  v1::Complaint after = view.complaint;
  auto& facts = *after.mutable_facts()->mutable_fields();
  facts[std::string(kKleNumberFact)].set_string_value(subject);
  facts[std::string(kJournalNumberFact)].set_string_value(JournalNumber(kle, subject));
  // Counted under its main group when it enters it: a new subject in the
  // same main group counts nothing new (tallies only ever add).
  std::vector<Tally> tallies;
  if (previous.empty() || KleMainGroupOf(previous) != KleMainGroupOf(subject)) {
    tallies.push_back({"kle_main_group", KleMainGroupOf(subject), 0, 1});
  }
  google::protobuf::Struct payload;
  auto& fields = *payload.mutable_fields();
  fields["kle_number"].set_string_value(subject);
  fields["previous"].set_string_value(previous);
  fields["tallies"] = TalliesValue(tallies);
  TransitionOutcome outcome = Changed(view, context, actor, std::move(after), "classified", payload);
  outcome.tallies = std::move(tallies);
  return outcome;
}

}  // namespace ombudsflow
