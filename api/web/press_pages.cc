// The press log in the workplace (seed 004, "Pressen"): who asked about
// what, and the answer. Anyone of the office records a question; the
// ombudsman answers, or in their absence the chief consultant under the
// ombudsman's delegation; an answer about a citizen's matter needs the
// citizen's confirmed press consent on the case (seed 000).
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/service/press_service.h"

namespace ombudsflow::api::web {
namespace {

// The page, with a refused form's values and errors: the question form's,
// or the answer form's of inquiry `answering`.
Result<Response> PressPage(const Workplace& workplace, service::PressService& press, service::UserService& users,
                           const RequestContext& context, http::status status, const service::PressQuestion& question,
                           const std::string& answering, const std::string& answer, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto listed = press.List(*context.actor);
  if (!listed) return std::unexpected(listed.error());
  auto names = NamesByActor(users);
  if (!names) return std::unexpected(names.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/press");
  data.set("medium", question.medium);
  data.set("journalist", question.journalist);
  data.set("topic", question.topic);
  data.set("case_number", question.case_number);
  Data answer_errors{Data::type::object};
  if (error != nullptr && !answering.empty()) {
    // One answer form among many: its own field names its message.
    std::string message;
    for (const FieldViolation& violation : error->field_violations) {
      const std::string key = "press_error_" + violation.field + "_" + violation.reason;
      message = workplace.HasText(key) ? workplace.Text(language, key) : workplace.Text(language, "press_error_answer");
    }
    if (error->refused_by == "press_authority") message = workplace.Text(language, "press_error_authority");
    if (message.empty()) message = workplace.Text(language, "press_error_answer");
    Data summary{Data::type::list};
    Data entry{Data::type::object};
    entry.set("id", "answer-" + answering);
    entry.set("message", message);
    summary.push_back(entry);
    data.set("errors", summary);
    answer_errors.set(answering, message);
  } else if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, language, *error,
                                   {{"medium", {"medium", "press_medium", "200"}},
                                    {"journalist", {"journalist", "press_journalist", "200"}},
                                    {"topic", {"topic", "press_topic", "2000"}},
                                    {"case_number", {"case_number", "press_case_number", "40"}}},
                                   data));
  }
  Data rows{Data::type::list};
  for (const auto& inquiry : *listed) {
    Data row{Data::type::object};
    row.set("id", inquiry.id);
    row.set("asked", workplace.DateTime(language, inquiry.asked_at));
    row.set("medium", inquiry.medium);
    row.set("journalist", inquiry.journalist);
    row.set("topic", inquiry.topic);
    // Mustache shows an empty text's section: the flag says whether there is a case.
    row.set("has_case", inquiry.complaint_id.has_value());
    if (inquiry.complaint_id) {
      row.set("case_number", inquiry.case_number);
      row.set("case_href", "/cases/" + UrlEscaped(*inquiry.complaint_id));
    }
    row.set("recorded_by", NameOf(*names, inquiry.recorded_by, workplace, language));
    if (inquiry.answered_by) {
      row.set("answered", true);
      row.set("answered_by", NameOf(*names, *inquiry.answered_by, workplace, language));
      row.set("answered_at", workplace.DateTime(language, *inquiry.answered_at));
      row.set("answer", inquiry.answer);
      row.set("with_consent", !inquiry.consent_id.empty());
    } else {
      row.set("action", "/press/" + UrlEscaped(inquiry.id) + "/answer");
      row.set("draft", inquiry.id == answering ? answer : std::string());
      if (inquiry.id == answering && error != nullptr) {
        if (const Data* message = answer_errors.get(inquiry.id); message != nullptr) row.set("answer_error", *message);
      }
    }
    rows.push_back(row);
  }
  data.set("inquiries", rows);
  data.set("no_inquiries", rows.is_empty_list());
  return workplace.Render(context, status, "press", std::move(data), workplace.Text(language, "press_title"));
}

}  // namespace

void AddPressPages(HttpApi& api, const Workplace& workplace, service::PressService& press,
                   service::UserService& users) {
  api.Add(http::verb::get, "/press", Page([&](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(PressPage(workplace, press, users, context, http::status::ok, {}, {}, {}, nullptr));
          }));
  api.Add(http::verb::post, "/press", Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const service::PressQuestion question{.medium = form->Get("medium"),
                                                  .journalist = form->Get("journalist"),
                                                  .topic = form->Get("topic"),
                                                  .case_number = form->Get("case_number")};
            auto recorded = press.Record(*context.actor, question);
            if (recorded) return SeeOther(context.request, "/press#henvendelser");
            if (recorded.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(recorded.error()));
            return PageOrProblem(PressPage(workplace, press, users, context, http::status::bad_request, question, {}, {},
                                           &recorded.error()));
          }));
  api.Add(http::verb::post, "/press/{id}/answer", Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string& id = context.path.at("id");
            const std::string answer = form->Get("answer");
            auto answered = press.Answer(*context.actor, id, answer);
            if (answered) return SeeOther(context.request, "/press#henvendelser");
            const ErrorCode code = answered.error().code;
            if (code == ErrorCode::kNotFound) return std::unexpected(ToProblem(answered.error()));
            const http::status status = code == ErrorCode::kInvalidArgument ? http::status::bad_request
                                        : code == ErrorCode::kPermissionDenied ? http::status::forbidden
                                                                               : http::status::unprocessable_entity;
            return PageOrProblem(
                PressPage(workplace, press, users, context, status, {}, id, answer, &answered.error()));
          }));
}

}  // namespace ombudsflow::api::web
