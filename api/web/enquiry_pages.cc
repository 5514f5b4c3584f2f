// Social-media enquiries (seed 004, "Facebook"): the register, a form that
// records one without personal data, and the guidance to post back. Never
// a case: no case number, no workflow, no journal.
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/rules/enquiry.h"

namespace ombudsflow::api::web {
namespace {

constexpr std::string_view kVariants[] = {"da", "en", "da-easy"};

Data Options(const Workplace& workplace, Language language, std::string_view field, std::string_view prefix,
             const auto& values, std::string_view chosen) {
  Data options{Data::type::list};
  for (std::string_view value : values) {
    Data option{Data::type::object};
    option.set("value", std::string(value));
    option.set("label", workplace.Text(language, std::string(prefix) + std::string(value)));
    option.set("id", std::string(field) + "-" + std::string(value));
    option.set("checked", value == chosen);
    options.push_back(option);
  }
  return options;
}

std::string Label(const Workplace& workplace, Language language, const std::string& key, const std::string& fallback) {
  return workplace.HasText(key) ? workplace.Text(language, key) : fallback;
}

Result<Response> EnquiriesPage(const Workplace& workplace, const WebServices& services,
                               const RequestContext& context, http::status status,
                               const v1::RecordEnquiryRequest& values, const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto listed = services.enquiries.List(*context.actor);
  if (!listed) return std::unexpected(listed.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/enquiries");
  data.set("platforms", Options(workplace, language, "platform", "enquiry_platform_", kEnquiryPlatforms,
                                values.platform()));
  data.set("variants", Options(workplace, language, "variant", "enquiry_variant_", kVariants,
                               values.variant().empty() ? std::string_view("da") : std::string_view(values.variant())));
  data.set("topic", values.topic());
  Data rows{Data::type::list};
  for (const v1::Enquiry& enquiry : listed->enquiries()) {
    Data row{Data::type::object};
    row.set("href", "/enquiries/" + UrlEscaped(enquiry.id()));
    row.set("topic", enquiry.topic());
    row.set("platform", Label(workplace, language, "enquiry_platform_" + enquiry.platform(), enquiry.platform()));
    row.set("variant", Label(workplace, language, "enquiry_variant_" + enquiry.variant(), enquiry.variant()));
    row.set("created", workplace.DateTime(language, FromProto(enquiry.create_time())));
    row.set("recorded_by", enquiry.recorded_by());
    rows.push_back(row);
  }
  data.set("enquiries", rows);
  data.set("no_enquiries", rows.is_empty_list());
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(context.request), *error,
                                   {{"topic", {"topic", "enquiries_topic", "", true}}}, data));
  }
  return workplace.Render(context, status, "enquiries", std::move(data), workplace.Text(language, "enquiries_title"));
}

Result<Response> EnquiryPage(const Workplace& workplace, const WebServices& services, const RequestContext& context) {
  const Language language = workplace.LanguageOf(context.request);
  auto enquiry = services.enquiries.Find(*context.actor, context.path.at("id"));
  if (!enquiry) return std::unexpected(enquiry.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/enquiries");
  data.set("topic", enquiry->topic());
  data.set("platform", Label(workplace, language, "enquiry_platform_" + enquiry->platform(), enquiry->platform()));
  data.set("variant", Label(workplace, language, "enquiry_variant_" + enquiry->variant(), enquiry->variant()));
  data.set("answer_lang", enquiry->variant() == "en" ? "en" : "da");
  data.set("created", workplace.DateTime(language, FromProto(enquiry->create_time())));
  data.set("recorded_by", enquiry->recorded_by());
  data.set("guidance_subject", enquiry->guidance_subject());
  // Rendered from the office's template, every value escaped there.
  data.set("guidance_html", enquiry->guidance_html());
  return workplace.Render(context, http::status::ok, "enquiry", std::move(data),
                          workplace.Text(language, "enquiry_title"));
}

}  // namespace

void AddEnquiryPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/enquiries", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(EnquiriesPage(workplace, services, context, http::status::ok, {}, nullptr));
          }));

  api.Add(http::verb::post, "/enquiries", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::RecordEnquiryRequest request;
            request.set_platform(form->Get("platform"));
            request.set_topic(form->Get("topic"));
            request.set_variant(form->Get("variant"));
            auto recorded = services.enquiries.Record(*context.actor, request);
            if (recorded) return SeeOther(context.request, "/enquiries/" + UrlEscaped(recorded->id()));
            if (recorded.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(recorded.error()));
            return PageOrProblem(EnquiriesPage(workplace, services, context, http::status::bad_request, request,
                                               &recorded.error()));
          }));

  api.Add(http::verb::get, "/enquiries/{id}", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(EnquiryPage(workplace, services, context));
          }));
}

}  // namespace ombudsflow::api::web
