#include "engine/core/rules/case_file_rules.h"

#include <cmath>

#include "engine/core/documents/case_document_rules.h"

namespace ombudsflow {
namespace {

using google::protobuf::Value;

// The fact's document number, or 0 when it holds none.
std::int32_t DocumentNumber(const v1::Complaint& complaint, const std::string& fact) {
  const Value* value = FindFact(complaint, fact);
  if (value == nullptr || value->kind_case() != Value::kNumberValue) return 0;
  const double number = value->number_value();
  if (number < 1 || number > 2147483647.0 || std::floor(number) != number) return 0;
  return static_cast<std::int32_t>(number);
}

const CaseFileEntry* Find(const CaseFile& file, std::int32_t number) {
  for (const CaseFileEntry& entry : file) {
    if (entry.number == number) return &entry;
  }
  return nullptr;
}

std::string Arg(const CallArgs& args, const char* name) {
  const auto found = args.find(name);
  return found == args.end() ? std::string() : found->second;
}

Refusal DocumentOnCase(const RuleContext& context, const CaseFile& file) {
  const std::string& fact = context.args.at("fact");
  const std::int32_t number = DocumentNumber(context.after, fact);
  if (number == 0) return "'" + fact + "' names no document of the case";
  const CaseFileEntry* entry = Find(file, number);
  const std::string which = "document " + std::to_string(number);
  if (entry == nullptr) return "the case has no " + which;
  if (entry->kind != "document") return which + " is not an uploaded document; upload it first";
  if (entry->erased) return which + " was erased with the case's personal data";
  if (entry->scan_state == "infected") return which + " is quarantined: a virus was found in it";
  if (const std::string direction = Arg(context.args, "direction"); !direction.empty() && entry->direction != direction) {
    return which + " did not come in to the office";
  }
  if (const std::string from = Arg(context.args, "from"); !from.empty()) {
    // The department's own upload names it by its code; the office gives
    // the code as the sender of one that came by post.
    const std::string expected = from == "department" ? context.after.department() : from;
    if (expected.empty() || entry->counterpart != expected) {
      return which + " is not from the " + from + (from == "department" ? " (its sender must be " + expected + ")" : "");
    }
  }
  if (Arg(context.args, "clean") == "true" && entry->scan_state != "clean") {
    return which + " has not yet been scanned for viruses; try again in a moment";
  }
  // To be shared, its name must not name the complainant: the department
  // reads a shared document's title and file name.
  if (Arg(context.args, "shareable") == "true" &&
      (ComplainantNamedIn(entry->title, context.after.complainant()) ||
       ComplainantNamedIn(entry->file_name, context.after.complainant()))) {
    return which + "'s title or file name names the complainant, and the department would read it: add it "
                   "again under a name without their personal data";
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<std::int32_t>> EnclosuresOf(const CallArgs& args, const v1::Complaint& after) {
  const std::string fact = Arg(args, "enclose");
  if (fact.empty()) return std::vector<std::int32_t>{};
  const std::int32_t number = DocumentNumber(after, fact);
  if (number == 0) {
    return std::unexpected(InvalidArgument("the transition's input is invalid",
                                           {{"input." + fact, "must be a document number of the case"}}));
  }
  return std::vector<std::int32_t>{number};
}

void AddCaseFileRules(RuleRegistry& registry) {
  GuardSpec on_case;
  on_case.check = ChecksCaseFile(DocumentOnCase);
  on_case.required_args = {"fact"};
  on_case.reads_from_args = {"fact"};
  on_case.description =
      "the fact `fact` is the number of an uploaded document of the case that came in (`direction`), from "
      "the department or the citizen (`from`), scanned clean when `clean` is \"true\", and named without the "
      "complainant's personal data when `shareable` is \"true\"";
  registry.AddGuard("document_on_case", std::move(on_case));

  registry.AddAction("share_document", ActionSpec{
      [](const RuleContext& context, v1::Complaint& after, std::vector<Effect>& effects)
          -> std::expected<void, Error> {
        const std::string& fact = context.args.at("fact");
        const std::string& audience = context.args.at("audience");
        if (audience != "department" && audience != "citizen") {
          return std::unexpected(MakeError(ErrorCode::kInternal, "share_document: audience must be department or citizen"));
        }
        const std::int32_t number = DocumentNumber(after, fact);
        if (number == 0) {
          return std::unexpected(InvalidArgument("the transition's input is invalid",
                                                 {{"input." + fact, "must be a document number of the case"}}));
        }
        effects.push_back(DocumentShared{.number = number, .audience = audience});
        return {};
      },
      {"fact", "audience"}, {},
      "shares the case's document numbered by `fact` with `audience` (department, or citizen and department)",
      {},
      {},
      // Whatever a definition says, nothing is shared under a name that
      // names the complainant.
      {RequiredGuard{"document_on_case", {{"shareable", "true"}}}}});
}

}  // namespace ombudsflow
