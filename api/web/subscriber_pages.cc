// The newsletter's subscribers in the workplace (issue 30): their numbers
// for the office's staff and the administrator; the ombudsman's
// permissions to look an address up; and, for the person who holds one,
// the lookup and the removal. The addresses are never listed, and nothing
// puts one in a URL: lookups and removals are posted.
#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/base/text.h"
#include "engine/service/subscriber_access_service.h"

namespace ombudsflow::api::web {
namespace {

constexpr const char* kSubscribersPath = "/newsletters/subscribers";

// What a posted form brought to the page: the lookup's answer, or a
// refused form with its error.
struct Posted {
  const Form* form = nullptr;
  const Error* error = nullptr;
  const std::optional<store::SubscriberRecord>* found = nullptr;  // set after a lookup
  std::string looked_up = {};
};

const std::map<std::string, FormField, std::less<>> kGrantFields{
    {"user", {"user", "subscribers_grant_person", "", true}},
    {"purpose", {"purpose", "subscribers_grant_purpose", "500"}},
    {"days", {"days-1", "subscribers_grant_days", "", true}}};
const std::map<std::string, FormField, std::less<>> kLookupFields{{"email", {"email", "subscribers_email", "254"}}};

Data GrantForm(const Workplace& workplace, Language language, const std::vector<store::Grantee>& grantees,
               const Posted& posted) {
  Data form{Data::type::object};
  const bool granting = posted.form != nullptr && posted.form->Has("purpose");
  const std::string chosen_user = granting ? posted.form->Get("user") : std::string();
  const std::string chosen_days = granting ? posted.form->Get("days") : std::string("30");
  Data people{Data::type::list};
  for (const store::Grantee& grantee : grantees) {
    Data person{Data::type::object};
    person.set("id", grantee.user_id);
    person.set("name", grantee.name + " (" + workplace.Text(language, "role_" + grantee.role) + ")");
    person.set("chosen", grantee.user_id == chosen_user);
    people.push_back(person);
  }
  form.set("people", people);
  Data durations{Data::type::list};
  for (const char* days : {"1", "7", "30", "90"}) {
    Data duration{Data::type::object};
    duration.set("days", std::string(days));
    duration.set("label", workplace.Text(language, std::string("subscribers_days_") + days));
    duration.set("chosen", chosen_days == days);
    durations.push_back(duration);
  }
  form.set("durations", durations);
  form.set("purpose", granting ? posted.form->Get("purpose") : std::string());
  return form;
}

Result<Response> SubscribersPage(const Workplace& workplace, service::SubscriberAccessService& access,
                                 const RequestContext& context, http::status status, const Posted& posted) {
  const Language language = workplace.LanguageOf(context.request);
  const Actor& actor = *context.actor;
  auto counts = access.Counts(actor);
  if (!counts) return std::unexpected(counts.error());
  Data data = workplace.PageData(context.request, context.actor, context.session_id, kSubscribersPath);
  data.set("counts", SubscriberCountsData(workplace, language, *counts));
  data.set("staff", IsOfficeStaff(actor.role));
  if (context.query.contains("fjernet")) data.set("removed", true);

  if (actor.role == Role::kOmbudsman) {
    auto grants = access.Grants(actor);
    if (!grants) return std::unexpected(grants.error());
    auto grantees = access.Grantees(actor);
    if (!grantees) return std::unexpected(grantees.error());
    Data rows{Data::type::list};
    for (const store::AccessGrant& grant : *grants) {
      Data row{Data::type::object};
      row.set("name", grant.user_name);
      row.set("purpose", grant.purpose);
      row.set("ends", workplace.DateTime(language, grant.ends_at));
      row.set("uses", std::to_string(grant.uses));
      row.set("granted_by", grant.granted_by_name);
      row.set("revoke", std::string(kSubscribersPath) + "/grants/" + UrlEscaped(grant.id) + "/revoke");
      rows.push_back(row);
    }
    Data grant_form = GrantForm(workplace, language, *grantees, posted);
    grant_form.set("grants", rows);
    grant_form.set("no_grants", rows.is_empty_list());
    data.set("grant_form", grant_form);
  }

  auto own = access.OwnGrant(actor);
  if (!own) return std::unexpected(own.error());
  if (*own) {
    Data grant{Data::type::object};
    grant.set("ends", workplace.DateTime(language, (*own)->ends_at));
    grant.set("purpose", (*own)->purpose);
    grant.set("email", posted.form != nullptr && posted.form->Has("email") ? posted.form->Get("email") : std::string());
    if (posted.found != nullptr) {
      Data answer{Data::type::object};
      answer.set("email", posted.looked_up);
      if (*posted.found) {
        const store::SubscriberRecord& record = **posted.found;
        Data found{Data::type::object};
        found.set("state", workplace.Text(language, "subscribers_state_" + record.state));
        found.set("signed_up", workplace.DateTime(language, record.signed_up_at));
        if (record.confirmed_at) found.set("confirmed", workplace.DateTime(language, *record.confirmed_at));
        found.set("consent_text", record.consent_text);
        found.set("consent_language", workplace.Text(language, "subscribers_language_" + record.consent_language));
        answer.set("found", found);
      } else {
        answer.set("not_found", true);
      }
      grant.set("answer", answer);
    }
    data.set("own_grant", grant);
  }
  if (posted.error != nullptr) {
    const bool granting = posted.form != nullptr && posted.form->Has("purpose");
    data.set("errors", FieldErrors(workplace, language, *posted.error, granting ? kGrantFields : kLookupFields, data));
  }
  return workplace.Render(context, status, "subscribers", std::move(data), workplace.Text(language, "subscribers_title"));
}

// A refused form is the page again with its errors; anything else is a problem.
HandlerResult Refused(const Workplace& workplace, service::SubscriberAccessService& access,
                      const RequestContext& context, const Form& form, const Error& error) {
  if (error.code != ErrorCode::kInvalidArgument) return std::unexpected(ToProblem(error));
  return PageOrProblem(SubscribersPage(workplace, access, context, http::status::bad_request,
                                       Posted{.form = &form, .error = &error}));
}

}  // namespace

Data SubscriberCountsData(const Workplace& workplace, Language language, const store::SubscriberCounts& counts) {
  Data data{Data::type::object};
  data.set("confirmed", std::to_string(counts.confirmed));
  data.set("pending", std::to_string(counts.pending));
  Data events{Data::type::list};
  for (const char* event : {"signed_up", "confirmed", "unsubscribed", "bounced", "expired"}) {
    Data row{Data::type::object};
    row.set("label", workplace.Text(language, std::string("newsletter_event_") + event));
    const auto found = counts.events.find(event);
    row.set("count", std::to_string(found == counts.events.end() ? 0 : found->second));
    events.push_back(row);
  }
  data.set("events", events);
  return data;
}

void AddSubscriberPages(HttpApi& api, const Workplace& workplace, service::SubscriberAccessService& access) {
  const std::string path = kSubscribersPath;  // copied into each handler, which outlives this call
  api.Add(http::verb::get, path, Page([&workplace, &access, path](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(SubscribersPage(workplace, access, context, http::status::ok, {}));
          }));
  api.Add(http::verb::post, path + "/lookup", Page([&workplace, &access, path](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto found = access.LookUp(*context.actor, form->Get("email"));
            if (!found) return Refused(workplace, access, context, *form, found.error());
            return PageOrProblem(SubscribersPage(
                workplace, access, context, http::status::ok,
                Posted{.form = &*form, .found = &*found, .looked_up = AsciiLowercase(Trimmed(form->Get("email")))}));
          }));
  api.Add(http::verb::post, path + "/remove", Page([&workplace, &access, path](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto removed = access.Remove(*context.actor, form->Get("email"));
            if (!removed) return Refused(workplace, access, context, *form, removed.error());
            return SeeOther(context.request, path + "?fjernet=1");
          }));
  api.Add(http::verb::post, path + "/grants", Page([&workplace, &access, path](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto granted = access.Grant(*context.actor, form->Get("user"), form->Get("purpose"), form->Get("days"));
            if (!granted) return Refused(workplace, access, context, *form, granted.error());
            return SeeOther(context.request, path + "#adgang");
          }));
  api.Add(http::verb::post, path + "/grants/{id}/revoke", Page([&workplace, &access, path](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto revoked = access.Revoke(*context.actor, context.path.at("id"));
            if (!revoked) return std::unexpected(ToProblem(revoked.error()));
            return SeeOther(context.request, path + "#adgang");
          }));
}

}  // namespace ombudsflow::api::web
