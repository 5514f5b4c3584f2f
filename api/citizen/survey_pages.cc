// The satisfaction survey's public door (seed 000, principle 2): the link
// from the mail after a case closed opens four questions; the answers are
// kept without the case. The token in the address is the whole authority:
// it answers once, or declines, and says nothing of the case.
#include "api/citizen/citizen_door.h"
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/service/survey_service.h"

#include <array>

namespace ombudsflow::api::citizen {
namespace {

constexpr std::string_view kPath = "/tilfredshed";
// The questions, in the order asked: each a field of the form and a text
// "sv_q_<field>" in the citizens' messages.
constexpr std::array<const char*, 4> kQuestions = {"understood", "respected", "speed", "overall"};

class SurveyPages {
 public:
  SurveyPages(const CitizenDoor& door, service::SurveyService& survey) : door_(door), survey_(survey) {}

  HandlerResult Form(const RequestContext& context) const {
    const std::string language = door_.LanguageOf(context);
    auto open = survey_.Open(context.path.at("token"));
    if (!open) return Said(context, http::status::service_unavailable, language, "failure_heading", "sv_failure_text");
    if (!*open) return Said(context, http::status::ok, language, "sv_closed_heading", "sv_closed_text");
    return FormPage(context, language, http::status::ok, nullptr, {});
  }

  HandlerResult Answer(const RequestContext& context) const {
    const std::string language = door_.LanguageOf(context);
    auto fields = web::Form::Read(context.request);
    if (!fields) return Said(context, fields.error().status, language, "bad_form_heading", "bad_form_text");
    const std::string& token = context.path.at("token");
    if (fields->Get("decline") == "yes") {
      auto declined = survey_.Decline(token);
      if (!declined) return Said(context, http::status::service_unavailable, language, "failure_heading", "sv_failure_text");
      if (!*declined) return Said(context, http::status::ok, language, "sv_closed_heading", "sv_closed_text");
      return Said(context, http::status::ok, language, "sv_declined_heading", "sv_declined_text");
    }
    const service::PostedAnswers posted{fields->Get("understood"), fields->Get("respected"), fields->Get("speed"),
                                        fields->Get("overall")};
    auto answered = survey_.Answer(token, posted);
    if (!answered && answered.error().code == ErrorCode::kInvalidArgument) {
      Errors errors;
      for (const FieldViolation& violation : answered.error().field_violations) {
        errors.emplace_back(violation.field, texts().Text(language, violation.reason == "required_choice"
                                                                        ? "sv_error_nothing"
                                                                        : "sv_error_scale"));
      }
      return FormPage(context, language, http::status::bad_request, &*fields, errors);
    }
    if (!answered) return Said(context, http::status::service_unavailable, language, "failure_heading", "sv_failure_text");
    if (!*answered) return Said(context, http::status::ok, language, "sv_closed_heading", "sv_closed_text");
    return Said(context, http::status::ok, language, "sv_thanks_heading", "sv_thanks_text");
  }

 private:
  using Errors = std::vector<std::pair<std::string, std::string>>;
  const CitizenTexts& texts() const { return door_.texts(); }

  Response Said(const RequestContext& context, http::status status, std::string_view language,
                std::string_view heading_key, std::string_view text_key) const {
    return Private(door_.Message(context, status, language, heading_key, text_key));
  }

  Response FormPage(const RequestContext& context, std::string_view language, http::status status,
                    const web::Form* posted, const Errors& errors) const {
    const std::string path = std::string(kPath) + "/" + web::UrlEscaped(context.path.at("token"));
    Data data = door_.PageData(path, language);
    data.set("privacy", texts().Text(language, "sv_privacy"));
    data.set("action", path);
    Data questions{Data::type::list};
    for (const char* field : kQuestions) {
      Data question{Data::type::object};
      question.set("field", field);
      question.set("text", texts().Text(language, std::string("sv_q_") + field));
      const std::string given = posted != nullptr ? posted->Get(field) : std::string();
      Data options{Data::type::list};
      for (const char* value : {"5", "4", "3", "2", "1", ""}) {
        Data option{Data::type::object};
        option.set("id", std::string(field) + "-" + (*value == '\0' ? "unknown" : value));
        option.set("value", value);
        option.set("label", texts().Text(language, std::string("sv_scale_") + (*value == '\0' ? "unknown" : value)));
        option.set("checked", posted != nullptr && posted->Has(field) && given == value);
        options.push_back(option);
      }
      question.set("options", options);
      for (const auto& [at, message] : errors) {
        if (at == field) question.set("error", message);
      }
      questions.push_back(question);
    }
    data.set("questions", questions);
    SetFieldErrors(data, errors);
    return Private(door_.Render(context, status, "survey", std::move(data), texts().Text(language, "sv_title")));
  }

  const CitizenDoor& door_;
  service::SurveyService& survey_;
};

}  // namespace

void AddSurveyPages(HttpApi& api, const CitizenDoor& door, service::SurveyService& survey) {
  auto pages = std::make_shared<SurveyPages>(door, survey);
  api.Add(http::verb::get, std::string(kPath) + "/{token}",
          Endpoint{[pages](const RequestContext& context) { return pages->Form(context); }, /*page=*/true});
  api.Add(http::verb::post, std::string(kPath) + "/{token}",
          Endpoint{[pages](const RequestContext& context) { return pages->Answer(context); }, /*page=*/true});
}

}  // namespace ombudsflow::api::citizen
