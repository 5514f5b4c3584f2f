// The ombudsman's (and a deputy's) publication approval: the draft with
// each personal-data hit marked in place and the consent that covers it,
// the department's receipt of the pre-publication notice and the
// publication date, and approving or asking for a revision. Whether
// approval is possible now is the engine's answer (its guards), shown
// with the reason when it is not.
#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

using google::protobuf::util::TimeUtil;

constexpr std::string_view kApprove = "approve_publication";
constexpr std::string_view kRevise = "revise_publication";

// `text` cut into plain and marked pieces at the findings for `field`,
// each piece escaped by the template like any other value.
Data Marked(const std::string& text, const std::string& field,
            const google::protobuf::RepeatedPtrField<v1::PersonalDataFinding>& findings) {
  std::vector<const v1::PersonalDataFinding*> here;
  for (const auto& finding : findings) {
    if (finding.field() == field && finding.length() > 0 && finding.offset() + finding.length() <= text.size()) {
      here.push_back(&finding);
    }
  }
  std::sort(here.begin(), here.end(), [](auto* a, auto* b) { return a->offset() < b->offset(); });
  Data pieces{Data::type::list};
  std::size_t at = 0;
  const auto piece = [&](std::size_t from, std::size_t to, const v1::PersonalDataFinding* finding) {
    if (to <= from) return;
    Data entry{Data::type::object};
    entry.set("text", text.substr(from, to - from));
    if (finding != nullptr) {
      entry.set("mark", true);
      entry.set("blocks", finding->blocks());
    }
    pieces.push_back(entry);
  };
  for (const auto* finding : here) {
    if (finding->offset() < at) continue;  // overlapping: the first wins
    piece(at, finding->offset(), nullptr);
    piece(finding->offset(), finding->offset() + finding->length(), finding);
    at = finding->offset() + finding->length();
  }
  piece(at, text.size(), nullptr);
  return pieces;
}

}  // namespace

void AddApprovalPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/cases/{id}/approval",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            const std::string& id = context.path.at("id");
            auto complaint = services.complaints.Get(*context.actor, id);
            if (!complaint) return std::unexpected(ToProblem(complaint.error()));
            auto transitions = services.transitions.List(*context.actor, id);
            if (!transitions) return std::unexpected(ToProblem(transitions.error()));
            const v1::AvailableTransition* approve = nullptr;
            const v1::AvailableTransition* revise = nullptr;
            for (const auto& transition : transitions->transitions()) {
              if (transition.name() == kApprove) approve = &transition;
              if (transition.name() == kRevise) revise = &transition;
            }
            if (approve == nullptr) {
              return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound,
                                                 "this case has no publication awaiting approval"));
            }
            const std::string href = "/cases/" + UrlEscaped(complaint->id());
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/cases");
            data.set("case_href", href);
            data.set("case_number", complaint->case_number());
            data.set("subject", complaint->subject());
            data.set("draft_title", Marked(FactText(*complaint, "publication_title"), "publication_title",
                                     approve->personal_data()));
            data.set("draft_text", Marked(FactText(*complaint, "publication_text"), "publication_text",
                                    approve->personal_data()));

            // Four eyes, said before anyone tries: who wrote any revision.
            std::string written_by;
            const auto names = NamesByActor(services.users);
            if (const auto* writers = FindFact(*complaint, "drafted_by_all");
                writers != nullptr && writers->kind_case() == google::protobuf::Value::kListValue) {
              for (const auto& writer : writers->list_value().values()) {
                written_by += (written_by.empty() ? "" : ", ") + NameOf(names, writer.string_value(), workplace, language);
              }
            }
            data.set("written_by", written_by);

            Data findings{Data::type::list};
            for (const auto& finding : approve->personal_data()) {
              Data entry{Data::type::object};
              entry.set("kind", workplace.Text(language, "personal_" + finding.kind()));
              entry.set("text", finding.text());
              entry.set("where", workplace.Text(language, finding.field() == "publication_title" ? "approval_in_title"
                                                                                                 : "approval_in_text"));
              entry.set("blocks", finding.blocks());
              for (const auto& consent : complaint->consents()) {
                if (consent.id() == finding.covered_by()) {
                  entry.set("consent", consent.kind() + ": " + consent.value() + " (" + consent.evidence() + ")");
                }
              }
              findings.push_back(entry);
            }
            data.set("has_findings", !findings.is_empty_list());
            data.set("findings", findings);

            auto receipts = NoticeReceipts(workplace, language, services.notices, *context.actor, complaint->id(),
                                           "pre_publication");
            if (!receipts) return std::unexpected(ToProblem(receipts.error()));
            data.set("has_notices", !receipts->is_empty_list());
            data.set("notices", *receipts);

            data.set("approve_action", href + "/transitions/" + std::string(kApprove));
            data.set("expected_version", std::to_string(complaint->version()));
            data.set("can_approve", approve->allowed());
            if (!approve->allowed()) {
              const std::string key = "refusal_" + approve->refused_by();
              SetText(data, "refusal",
                      language == Language::kDanish && workplace.HasText(key) ? workplace.Text(language, key)
                                                                               : approve->refusal());
            }
            if (revise != nullptr && revise->allowed()) data.set("revise_href", href + "/transitions/" + std::string(kRevise));
            return workplace.Render(context, http::status::ok, "approval", std::move(data),
                                    workplace.Text(language, "approval_title") + " – " + complaint->case_number());
          }));
}

}  // namespace ombudsflow::api::web
