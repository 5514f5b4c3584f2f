// A whistleblower's identity on the case page: whether the reporter gave
// one, and for the people the ombudsman designated a button that shows
// it, the showing an event of the case written first. Never shown on a
// GET: a page that held it would sit in the browser's history and cache.
#include "api/web/form.h"
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {

Result<Data> ReporterIdentitySection(const WebServices& services, const Actor& actor, const v1::Complaint& complaint) {
  Data section{Data::type::object};
  if (services.whistleblower == nullptr || !IsOfficeStaff(actor.role)) return section;
  auto state = services.whistleblower->IdentityState(actor, complaint.id());
  if (!state) return std::unexpected(state.error());
  if (!state->is_report) return section;
  section.set("is_report", true);
  section.set("has_identity", state->has_identity);
  section.set("may_reveal", state->may_reveal);
  section.set("action", "/cases/" + UrlEscaped(complaint.id()) + "/reporter-identity");
  return section;
}

void AddReporterIdentityPages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  if (services.whistleblower == nullptr) return;
  api.Add(http::verb::post, "/cases/{id}/reporter-identity",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string& complaint_id = context.path.at("id");
            auto identity = services.whistleblower->Reveal(*context.actor, complaint_id);
            if (!identity) return std::unexpected(ToProblem(identity.error()));
            auto page = CasePage(workplace, services, context, http::status::ok, [&](Language, Data& data) {
              Data shown{Data::type::object};
              shown.set("is_report", true);
              shown.set("has_identity", true);
              shown.set("revealed", true);
              SetText(shown, "name", identity->name);
              SetText(shown, "contact", identity->contact);
              data.set("reporter_identity", shown);
            });
            if (!page) return page;
            page->set(http::field::cache_control, "no-store");
            return page;
          }));
}

}  // namespace ombudsflow::api::web
