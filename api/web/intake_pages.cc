// Registering a complaint: the intake form.
#include <openssl/rand.h>

#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/base/hex.h"

namespace ombudsflow::api::web {
namespace {

constexpr std::pair<v1::Channel, std::string_view> kChannels[] = {
    {v1::LETTER, "channel_letter"},   {v1::EMAIL, "channel_email"},         {v1::WEB_FORM, "channel_web_form"},
    {v1::PHONE, "channel_phone"},     {v1::IN_PERSON, "channel_in_person"},
};

// A fresh key per rendering of the form: posting the same form twice (a
// double click, a resend after a timeout) registers one complaint.
std::string NewIdempotencyKey() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for the intake form");
  return "web-" + HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

v1::CreateComplaintRequest FromForm(const Form& form) {
  v1::CreateComplaintRequest request;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  if (v1::Channel_Parse(form.Get("channel"), &channel) && channel != v1::OWN_INITIATIVE) request.set_channel(channel);
  v1::Complainant& complainant = *request.mutable_complainant();
  complainant.set_name(form.Get("complainant.name"));
  complainant.set_email(form.Get("complainant.email"));
  complainant.set_phone(form.Get("complainant.phone"));
  complainant.set_postal_address(form.Get("complainant.postal_address"));
  complainant.set_language(form.Get("complainant.language"));
  complainant.set_needs_interpreter(form.Get("complainant.needs_interpreter") == "true");
  complainant.set_easy_read(form.Get("complainant.easy_read") == "true");
  complainant.set_large_print(form.Get("complainant.large_print") == "true");
  // The general flag the API keeps, for clients that know no more.
  complainant.set_needs_accessible_format(complainant.easy_read() || complainant.large_print());
  complainant.set_interpreter_language(form.Get("complainant.interpreter_language"));
  complainant.set_needs_assistance(form.Get("complainant.needs_assistance") == "true");
  request.set_department(form.Get("department"));
  request.set_subject(form.Get("subject"));
  request.set_description(form.Get("description"));
  return request;
}

Result<Response> IntakePage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                            http::status status, const v1::CreateComplaintRequest& values, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/intake");
  data.set("idempotency_key", NewIdempotencyKey());
  Data channels{Data::type::list};
  for (const auto& [channel, key] : kChannels) {
    Data option{Data::type::object};
    option.set("value", v1::Channel_Name(channel));
    option.set("label", workplace.Text(language, key));
    option.set("id", "channel-" + v1::Channel_Name(channel));
    option.set("checked", values.channel() == channel);
    channels.push_back(option);
  }
  data.set("channels", channels);
  auto departments = DepartmentOptions(services.office, values.department());
  if (!departments) return std::unexpected(departments.error());
  data.set("departments", *departments);
  const v1::Complainant& complainant = values.complainant();
  data.set("name", complainant.name());
  data.set("email", complainant.email());
  data.set("phone", complainant.phone());
  data.set("postal_address", complainant.postal_address());
  data.set("language", complainant.language().empty() ? std::string("da") : complainant.language());
  data.set("needs_interpreter", complainant.needs_interpreter());
  data.set("easy_read", complainant.easy_read());
  data.set("large_print", complainant.large_print());
  data.set("interpreter_language", complainant.interpreter_language());
  data.set("needs_assistance", complainant.needs_assistance());
  data.set("subject", values.subject());
  data.set("description", values.description());
  if (error != nullptr) {
    static const std::map<std::string, FormField, std::less<>> kFields = {
        {"channel", {"channel-" + v1::Channel_Name(kChannels[0].first), "intake_channel", "", true}},
        {"complainant", {"complainant-email", "intake_complainant"}},
        {"complainant.name", {"complainant-name", "intake_name", MaxLength<v1::CreateComplaintRequest>("complainant.name")}},
        {"complainant.email", {"complainant-email", "email", MaxLength<v1::CreateComplaintRequest>("complainant.email")}},
        {"complainant.phone", {"complainant-phone", "intake_phone", MaxLength<v1::CreateComplaintRequest>("complainant.phone")}},
        {"complainant.postal_address", {"complainant-postal_address", "intake_address", MaxLength<v1::CreateComplaintRequest>("complainant.postal_address")}},
        {"complainant.language",
         {"complainant-language", "intake_language", MaxLength<v1::CreateComplaintRequest>("complainant.language")}},
        {"complainant.interpreter_language",
         {"complainant-interpreter_language", "intake_interpreter_language",
          MaxLength<v1::CreateComplaintRequest>("complainant.interpreter_language")}},
        {"department", {"department", "intake_department", "", true}},
        {"subject", {"subject", "intake_subject", MaxLength<v1::CreateComplaintRequest>("subject")}},
        {"description", {"description", "intake_description", MaxLength<v1::CreateComplaintRequest>("description")}},
    };
    data.set("errors", FieldErrors(workplace, language, *error, kFields, data));
  }
  return workplace.Render(context, status, "intake", std::move(data), workplace.Text(language, "intake_title"));
}

}  // namespace

void AddIntakePages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/intake", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(IntakePage(workplace, services, context, http::status::ok, {}, nullptr));
          }));

  api.Add(http::verb::post, "/intake", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const v1::CreateComplaintRequest request = FromForm(*form);
            auto registered = services.complaints.Register(*context.actor, request, form->Get("idempotency_key"));
            if (registered) return SeeOther(context.request, "/cases/" + UrlEscaped(registered->complaint.id()));
            if (registered.error().code != ErrorCode::kInvalidArgument) {
              return std::unexpected(ToProblem(registered.error()));
            }
            return PageOrProblem(IntakePage(workplace, services, context, http::status::bad_request, request,
                                   &registered.error()));
          }));
}

}  // namespace ombudsflow::api::web
