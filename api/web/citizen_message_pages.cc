// The case page's conversation with the citizen on Min sag: the messages
// both ways, a form to write, and the citizen's links (how many open the
// case, and revoking them all).
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/service/citizen_tokens.h"

namespace ombudsflow::api::web {
namespace {

const std::map<std::string, FormField, std::less<>>& MessageFields() {
  static const std::map<std::string, FormField, std::less<>> kFields = {
      {"text", {"citizen-message-text", "citizen_message_text",
                std::to_string(service::CaseDocumentService::kMaxMessageCharacters)}}};
  return kFields;
}

}  // namespace

Result<Data> CitizenConversation(const Workplace& workplace, Language language, const WebServices& services,
                                 const Actor& actor, const v1::Complaint& complaint, const std::string& typed,
                                 const Error* error, Data& page) {
  Data section{Data::type::object};
  if (services.min_sag == nullptr || !IsOfficeStaff(actor.role)) return section;
  auto messages = services.min_sag->Conversation(actor, complaint.id());
  if (!messages) return std::unexpected(messages.error());
  auto links = services.min_sag->LiveLinks(actor, complaint.id());
  if (!links) return std::unexpected(links.error());
  Data rows{Data::type::list};
  for (const service::CitizenMessage& message : *messages) {
    Data row{Data::type::object};
    row.set("from_citizen", message.from_citizen);
    row.set("who", workplace.Text(language, message.from_citizen ? "citizen_message_from" : "citizen_message_to"));
    row.set("at", workplace.DateTime(language, message.at));
    row.set("text", message.text);
    rows.push_back(row);
  }
  section.set("messages", rows);
  section.set("has_messages", !messages->empty());
  // A whistleblower reads the messages when they sign in: no e-mail, and
  // no links to count or revoke.
  bool is_report = false;
  if (services.whistleblower != nullptr) {
    auto state = services.whistleblower->IdentityState(actor, complaint.id());
    if (!state) return std::unexpected(state.error());
    is_report = state->is_report;
  }
  section.set("reporter", is_report);
  section.set("has_email", !complaint.complainant().email().empty() || is_report);
  section.set("links", std::to_string(*links));
  section.set("has_links", *links > 0);
  const std::string base = "/cases/" + UrlEscaped(complaint.id());
  section.set("action", base + "/citizen-messages");
  section.set("revoke_action", base + "/citizen-links/revoke");
  // A key per form shown: posted twice, one message.
  section.set("key", service::NewCitizenToken());
  section.set("text", typed);
  section.set("text_max", std::to_string(service::CaseDocumentService::kMaxMessageCharacters));
  section.set("open", error != nullptr);
  if (error != nullptr) page.set("errors", FieldErrors(workplace, language, *error, MessageFields(), section));
  return section;
}

void AddCitizenMessagePages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  if (services.min_sag == nullptr) return;
  api.Add(http::verb::post, "/cases/{id}/citizen-messages",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string& complaint_id = context.path.at("id");
            const std::string key = form->Get("message_key");
            auto kept = services.case_documents.KeepMessage(*context.actor, complaint_id, form->Get("text"),
                                                            key);
            if (kept) {
              return SeeOther(context.request, "/cases/" + UrlEscaped(complaint_id) + "?message=sent#citizen-messages");
            }
            const Error& error = kept.error();
            if (error.field_violations.empty()) return std::unexpected(ToProblem(error));
            const http::status status = error.code == ErrorCode::kFailedPrecondition
                                            ? http::status::unprocessable_entity
                                            : http::status::bad_request;
            const std::string typed = form->Get("text");
            auto complaint = services.complaints.Get(*context.actor, complaint_id);
            if (!complaint) return std::unexpected(ToProblem(complaint.error()));
            std::optional<Error> failed;
            auto page = CasePage(workplace, services, context, status, [&](Language language, Data& data) {
              auto conversation =
                  CitizenConversation(workplace, language, services, *context.actor, *complaint, typed, &error, data);
              if (!conversation) {
                failed = conversation.error();
                return;
              }
              data.set("conversation", *conversation);
            });
            if (failed) return std::unexpected(ToProblem(*failed));
            return page;
          }));
  api.Add(http::verb::post, "/cases/{id}/citizen-links/revoke",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string& complaint_id = context.path.at("id");
            auto revoked = services.min_sag->Revoke(*context.actor, complaint_id);
            if (!revoked) return std::unexpected(ToProblem(revoked.error()));
            return SeeOther(context.request, "/cases/" + UrlEscaped(complaint_id) + "?links=revoked#citizen-messages");
          }));
}

}  // namespace ombudsflow::api::web
