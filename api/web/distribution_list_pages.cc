// The office's distribution lists in the workplace (seed 004): named lists
// of the people its products go to besides the subscribers, their members
// added and removed. Under "Formidling", beside the products.
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/service/distribution_list_service.h"

namespace ombudsflow::api::web {
namespace {

constexpr const char* kListsPath = "/newsletters/lists";

Result<Response> ListsPage(const Workplace& workplace, service::DistributionListService& lists,
                           const RequestContext& context, http::status status, const Form* posted,
                           const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto listed = lists.Lists(*context.actor);
  if (!listed) return std::unexpected(listed.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/newsletters");
  Data rows{Data::type::list};
  for (const auto& list : *listed) {
    Data row{Data::type::object};
    row.set("href", std::string(kListsPath) + "/" + UrlEscaped(list.id));
    row.set("name", list.name);
    if (!list.description.empty()) row.set("description", list.description);
    row.set("members", std::to_string(list.members));
    rows.push_back(row);
  }
  data.set("lists", rows);
  data.set("no_lists", rows.is_empty_list());
  data.set("name", posted != nullptr ? posted->Get("name") : std::string());
  data.set("description", posted != nullptr ? posted->Get("description") : std::string());
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, language, *error,
                                   {{"name", {"name", "lists_name", "120"}},
                                    {"description", {"description", "lists_description", "500"}}},
                                   data));
  }
  return workplace.Render(context, status, "lists", std::move(data), workplace.Text(language, "lists_title"));
}

Result<Response> ListPage(const Workplace& workplace, service::DistributionListService& lists,
                          const RequestContext& context, http::status status, const Form* posted,
                          const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto list = lists.List(*context.actor, context.path.at("id"));
  if (!list) return std::unexpected(list.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/newsletters");
  const std::string href = std::string(kListsPath) + "/" + UrlEscaped(list->id);
  data.set("href", href);
  data.set("list_name", list->name);
  if (!list->description.empty()) data.set("list_description", list->description);
  Data rows{Data::type::list};
  for (const auto& member : list->member_list) {
    Data row{Data::type::object};
    row.set("name", member.name);
    row.set("email", member.email);
    row.set("organisation", member.organisation);
    row.set("remove", href + "/members/" + UrlEscaped(member.id) + "/remove");
    rows.push_back(row);
  }
  data.set("members", rows);
  data.set("no_members", rows.is_empty_list());
  data.set("count", std::to_string(list->members));
  for (const char* field : {"member_name", "email", "organisation"}) {
    data.set(field, posted != nullptr ? posted->Get(field) : std::string());
  }
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, language, *error,
                                   {{"name", {"member_name", "lists_member_name", "200"}},
                                    {"email", {"email", "lists_email", "254"}},
                                    {"organisation", {"organisation", "lists_organisation", "200"}}},
                                   data));
  }
  return workplace.Render(context, status, "list", std::move(data), list->name);
}

}  // namespace

void AddDistributionListPages(HttpApi& api, const Workplace& workplace, service::DistributionListService& lists) {
  api.Add(http::verb::get, kListsPath, Page([&](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(ListsPage(workplace, lists, context, http::status::ok, nullptr, nullptr));
          }));
  api.Add(http::verb::post, kListsPath, Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto created = lists.Create(*context.actor, form->Get("name"), form->Get("description"));
            if (created) return SeeOther(context.request, std::string(kListsPath) + "/" + UrlEscaped(*created));
            if (created.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(created.error()));
            return PageOrProblem(
                ListsPage(workplace, lists, context, http::status::bad_request, &*form, &created.error()));
          }));
  api.Add(http::verb::get, std::string(kListsPath) + "/{id}", Page([&](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(ListPage(workplace, lists, context, http::status::ok, nullptr, nullptr));
          }));
  api.Add(http::verb::post, std::string(kListsPath) + "/{id}/members",
          Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const store::ListMember member{.id = {}, .name = form->Get("member_name"), .email = form->Get("email"),
                                           .organisation = form->Get("organisation")};
            const std::string& id = context.path.at("id");
            auto added = lists.AddMember(*context.actor, id, member);
            if (added) return SeeOther(context.request, std::string(kListsPath) + "/" + UrlEscaped(id) + "#medlemmer");
            if (added.error().code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(added.error()));
            return PageOrProblem(ListPage(workplace, lists, context, http::status::bad_request, &*form, &added.error()));
          }));
  api.Add(http::verb::post, std::string(kListsPath) + "/{id}/members/{member}/remove",
          Page([&](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const std::string& id = context.path.at("id");
            auto removed = lists.RemoveMember(*context.actor, id, context.path.at("member"));
            if (!removed) return std::unexpected(ToProblem(removed.error()));
            return SeeOther(context.request, std::string(kListsPath) + "/" + UrlEscaped(id) + "#medlemmer");
          }));
}

}  // namespace ombudsflow::api::web
