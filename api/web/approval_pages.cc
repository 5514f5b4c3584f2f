// The ombudsman's (and a deputy's) publication approval: the draft with
// each personal-data hit marked in place and the consent that covers it,
// the department's receipt of the pre-publication notice and the
// publication date, and approving or asking for a revision. Whether
// approval is possible now is the engine's answer (its guards), shown
// with the reason when it is not.
#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

using google::protobuf::util::TimeUtil;


}  // namespace

namespace {
HandlerResult ApprovalPage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                           http::status status, const std::string& comment, const Error* error);
}  // namespace

void AddApprovalPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/cases/{id}/approval",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return ApprovalPage(workplace, services, context, http::status::ok, {}, nullptr);
          }));

  // "Bed om en rettelse": the draft goes back to whoever wrote it last,
  // with what to correct; the case is theirs again.
  api.Add(http::verb::post, "/cases/{id}/approval/return",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string comment = form->Get("comment");
            const std::string version = form->Get("expected_version");
            auto returned = services.assignments.ReturnForCorrection(
                *context.actor, context.path.at("id"), form->Get("drafter_id"), comment,
                static_cast<std::uint32_t>(std::strtoul(version.c_str(), nullptr, 10)));
            if (returned) return SeeOther(context.request, "/cases/" + UrlEscaped(returned->id()) + "?returned=1");
            if (returned.error().code == ErrorCode::kInvalidArgument || returned.error().code == ErrorCode::kAborted) {
              return ApprovalPage(workplace, services, context, HttpStatusFor(returned.error().code), comment,
                                  &returned.error());
            }
            return std::unexpected(ToProblem(returned.error()));
          }));
}

namespace {

HandlerResult ApprovalPage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                           http::status status, const std::string& comment, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  const std::string& id = context.path.at("id");
  auto complaint = services.complaints.Get(*context.actor, id);
  if (!complaint) return std::unexpected(ToProblem(complaint.error()));
  auto transitions = services.transitions.List(*context.actor, id);
  if (!transitions) return std::unexpected(ToProblem(transitions.error()));
  const v1::AvailableTransition* approve = nullptr;
  const v1::AvailableTransition* revise = nullptr;
  for (const auto& transition : transitions->transitions()) {
    if (transition.meaning() == v1::STEP_APPROVE_PUBLICATION) approve = &transition;
    if (transition.meaning() == v1::STEP_REVISE_PUBLICATION) revise = &transition;
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
  data.set("draft_title", MarkedText(FactText(*complaint, "publication_title"), "publication_title",
                           approve->personal_data()));
  data.set("draft_text", MarkedText(FactText(*complaint, "publication_text"), "publication_text",
                          approve->personal_data()));

  // Four eyes, said before anyone tries: who wrote any revision.
  std::string written_by;
  const auto named = NamesByActor(services.users);
  if (!named) return std::unexpected(ToProblem(named.error()));
  const auto& names = *named;
  if (const auto* writers = FindFact(*complaint, "drafted_by_all");
      writers != nullptr && writers->kind_case() == google::protobuf::Value::kListValue) {
    for (const auto& writer : writers->list_value().values()) {
      written_by += (written_by.empty() ? "" : ", ") + NameOf(names, writer.string_value(), workplace, language);
    }
    // The last to write it is the one it goes back to.
    if (const auto& all = writers->list_value().values(); !all.empty()) {
      const std::string& last = all.rbegin()->string_value();
      if (last.starts_with("user:")) {
        data.set("drafter_id", last.substr(5));
        data.set("drafter_name", NameOf(names, last, workplace, language));
      }
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

  data.set("approve_action", href + "/transitions/" + UrlEscaped(approve->name()));
  data.set("expected_version", std::to_string(complaint->version()));
  data.set("can_approve", approve->allowed());
  if (!approve->allowed()) {
    const std::string key = "refusal_" + approve->refused_by();
    SetText(data, "refusal",
            language == Language::kDanish && workplace.HasText(key) ? workplace.Text(language, key)
                                                                     : approve->refusal());
  }
  if (revise != nullptr && revise->allowed()) data.set("revise_href", href + "/transitions/" + UrlEscaped(revise->name()));
  data.set("typed_comment", comment);
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, language, *error,
                                   {{"comment", {"return-comment", "approval_return_comment", "2000"}}}, data));
  }
  return workplace.Render(context, status, "approval", std::move(data),
                          workplace.Text(language, "approval_title") + " – " + complaint->case_number());
}

}  // namespace
}  // namespace ombudsflow::api::web
