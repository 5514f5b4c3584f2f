#include "api/handlers/document_handlers.h"

#include "api/handlers/transition_handlers.h"

namespace ombudsflow::api {

void AddDocumentRoutes(HttpApi& api, service::DocumentService& documents, service::TransitionService& transitions) {
  api.Add(http::verb::get, "/v1/complaints/{id}/letters",
          {[&documents](const RequestContext& context) -> HandlerResult {
            auto letters = documents.Letters(*context.actor, context.path.at("id"));
            if (!letters) return std::unexpected(ToProblem(letters.error()));
            return context.Reply(http::status::ok, *letters);
          }});

  api.Add(http::verb::get, "/v1/complaints/{id}/journal",
          {[&documents](const RequestContext& context) -> HandlerResult {
            auto journal = documents.Journal(*context.actor, context.path.at("id"));
            if (!journal) return std::unexpected(ToProblem(journal.error()));
            return context.Reply(http::status::ok, *journal);
          }});

  api.Add(http::verb::post, "/v1/complaints/{id}/letters:preview",
          {[&transitions](const RequestContext& context) -> HandlerResult {
            auto request = VersionedBody<v1::TransitionRequest>(context);
            if (!request) return std::unexpected(request.error());
            auto letters = transitions.PreviewLetters(*context.actor, context.path.at("id"), *request);
            if (!letters) return std::unexpected(ToProblem(letters.error()));
            v1::PreviewLettersResponse response;
            for (const Letter& letter : *letters) {
              v1::Letter& out = *response.add_letters();
              out.set_template_(letter.template_name);
              out.set_variant(letter.variant);
              out.set_recipient(letter.recipient);
              out.set_channel(letter.channel);
              out.set_subject(letter.subject);
              out.set_html(letter.html);
              out.set_interpreter_note(letter.interpreter_note);
            }
            return context.Reply(http::status::ok, response);
          }});
}

}  // namespace ombudsflow::api
