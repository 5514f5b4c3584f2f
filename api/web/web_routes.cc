#include "api/web/web_routes.h"

namespace ombudsflow::api::web {

Data ErrorSummary(const Error& error) {
  Data list{Data::type::list};
  for (const FieldViolation& violation : error.field_violations) {
    Data entry{Data::type::object};
    std::string id = violation.field;
    for (char& c : id) {
      if (c == '.' || c == '[' || c == ']') c = '-';
    }
    SetText(entry, "id", id);
    entry.set("message", violation.description);
    list.push_back(entry);
  }
  if (error.field_violations.empty()) {
    Data entry{Data::type::object};
    entry.set("message", error.message);
    list.push_back(entry);
  }
  return list;
}

void AddWebRoutes(HttpApi& api, const Workplace& workplace, WebServices services) {
  api.RenderPageErrorsWith([&workplace](const Request& request, const Problem& problem, const Actor* actor,
                                        std::string_view session_id) {
    return workplace.Error(request, problem, actor, session_id);
  });
  api.Add(http::verb::get, "/static/{version}/{file...}", Page([&workplace](const RequestContext& context) {
            return HandlerResult(
                workplace.assets().Serve(context.request, context.path.at("version"), context.path.at("file")));
          }));
  AddSignInPages(api, workplace, services.sessions);
  AddQueuePages(api, workplace, services);
  AddIntakePages(api, workplace, services);
  AddCasePages(api, workplace, services);
  AddDepartmentPages(api, workplace, services);
  AddApprovalPages(api, workplace, services);
}

}  // namespace ombudsflow::api::web
