// The office's shared state (office staff): the open alerts, which anyone
// on staff resolves; the publication hold and the delegations of approval
// to a deputy, which everyone on staff sees and only the ombudsman changes
// (the route policy says so, and the service checks it again).
#include <google/protobuf/util/time_util.h>

#include <set>

#include "api/web/form.h"
#include "api/web/web_routes.h"
#include "engine/core/base/iso_date.h"

namespace ombudsflow::api::web {
namespace {

using google::protobuf::util::TimeUtil;

// What the delegation form was posted with, to show again when refused.
struct DelegationForm {
  std::string deputy;
  std::string from;
  std::string to;
  std::string reason;
};

Result<Data> AlertRows(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                       Language language) {
  auto alerts = services.alerts.Open(*context.actor);
  if (!alerts) return std::unexpected(alerts.error());
  Data rows{Data::type::list};
  for (const auto& alert : alerts->alerts()) {
    Data row{Data::type::object};
    row.set("case_number", alert.case_number());
    row.set("case_href", "/cases/" + UrlEscaped(alert.complaint_id()));
    const std::string key = "alert_" + alert.about();
    row.set("about", workplace.HasText(key) ? workplace.Text(language, key) : alert.about());
    const std::string role_key = "role_" + alert.role();
    row.set("for", workplace.HasText(role_key) ? workplace.Text(language, role_key) : alert.role());
    row.set("created", workplace.DateTime(language, FromProto(alert.create_time())));
    row.set("resolve_action", "/office/alerts/" + UrlEscaped(alert.id()) + "/resolve");
    rows.push_back(row);
  }
  return rows;
}

Result<Response> OfficePage(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                            http::status status, const DelegationForm& delegation, const std::string& hold_reason,
                            const Error* error) {
  const Language language = workplace.LanguageOf(context.request);
  auto users = services.users.List();
  if (!users) return std::unexpected(users.error());
  const auto names = NamesByActor(*users);
  auto alerts = AlertRows(workplace, services, context, language);
  if (!alerts) return std::unexpected(alerts.error());
  auto hold = services.office.Hold(*context.actor);
  if (!hold) return std::unexpected(hold.error());
  auto delegations = services.office.Delegations(*context.actor);
  if (!delegations) return std::unexpected(delegations.error());

  const bool ombudsman = context.actor->role == Role::kOmbudsman;
  Data data = workplace.PageData(context.request, context.actor, context.session_id, "/office");
  data.set("alerts", *alerts);
  data.set("no_alerts", alerts->is_empty_list());
  data.set("may_decide", ombudsman);
  data.set("hold_active", hold->active());
  if (hold->active()) {
    data.set("hold_reason", hold->reason());
    data.set("hold_set_by", NameOf(names, hold->set_by(), workplace, language));
    data.set("hold_set_time", workplace.DateTime(language, FromProto(hold->set_time())));
  }
  data.set("hold_form_reason", hold_reason);

  Data rows{Data::type::list};
  for (const auto& each : delegations->delegations()) {
    Data row{Data::type::object};
    row.set("deputy", NameOf(names, "user:" + each.deputy(), workplace, language));
    row.set("from", workplace.DateTime(language, FromProto(each.start_time())));
    row.set("to", workplace.DateTime(language, FromProto(each.end_time())));
    row.set("reason", each.reason());
    row.set("granted_by", NameOf(names, each.granted_by(), workplace, language));
    row.set("state", workplace.Text(language, each.active()              ? "office_delegation_active"
                                              : each.has_revoke_time() ? "office_delegation_revoked"
                                                                       : "office_delegation_inactive"));
    row.set("can_revoke", ombudsman && !each.has_revoke_time() &&
                              FromProto(each.end_time()) > services.clock.Now());
    row.set("revoke_action", "/office/delegations/" + UrlEscaped(each.id()) + "/revoke");
    rows.push_back(row);
  }
  data.set("delegations", rows);
  data.set("no_delegations", rows.is_empty_list());
  Data deputies{Data::type::list};
  for (const auto& user : *users) {
    if (user.role != Role::kDeputy || !user.active) continue;
    Data option{Data::type::object};
    option.set("value", user.id);
    option.set("label", user.display_name);
    option.set("selected", user.id == delegation.deputy);
    deputies.push_back(option);
  }
  data.set("deputies", deputies);
  data.set("delegation_from", delegation.from);
  data.set("delegation_to", delegation.to);
  data.set("delegation_reason", delegation.reason);
  // Who reads whistleblowers' identities: the ombudsman (or a deputy)
  // designates them.
  if (services.whistleblower != nullptr) {
    auto designees = services.whistleblower->Designees(*context.actor);
    if (!designees) return std::unexpected(designees.error());
    const bool may_designate = IsOmbudsmanOrDeputy(context.actor->role);
    Data designated{Data::type::list};
    std::set<std::string> chosen;
    for (const auto& designee : *designees) {
      chosen.insert(designee.user_id);
      Data row{Data::type::object};
      row.set("name", designee.display_name);
      row.set("by", NameOf(names, designee.designated_by, workplace, language));
      row.set("since", workplace.DateTime(language, designee.designated_at));
      row.set("may_remove", may_designate);
      row.set("remove_action", "/office/whistleblower-designees/" + UrlEscaped(designee.user_id) + "/remove");
      designated.push_back(row);
    }
    Data candidates{Data::type::list};
    for (const auto& user : *users) {
      if (!IsOfficeStaff(user.role) || !user.active || chosen.contains(user.id)) continue;
      Data option{Data::type::object};
      option.set("value", user.id);
      option.set("label", user.display_name);
      candidates.push_back(option);
    }
    Data section{Data::type::object};
    section.set("designees", designated);
    section.set("none", designated.is_empty_list());
    section.set("may_designate", may_designate && !candidates.is_empty_list());
    section.set("candidates", candidates);
    data.set("whistleblower", section);
  }
  if (error != nullptr) {
    data.set("errors", FieldErrors(workplace, workplace.LanguageOf(context.request), *error,
                                   {{"deputy", {"deputy", "office_deputy", "", true}},
                                    {"reason", {"reason", "office_reason", MaxLength<v1::SetPublicationHoldRequest>("reason")}},
                                    {"delegation.reason",
                                     {"delegation-reason", "office_reason", MaxLength<v1::CreateDelegationRequest>("reason")}},
                                    {"from", {"from", "office_from"}},
                                    {"to", {"to", "office_to"}}}, data));
  }
  return workplace.Render(context, status, "office", std::move(data), workplace.Text(language, "office_title"));
}

// A refused form comes back with what was typed and why; anything else
// is the error page's.
HandlerResult Refused(const Workplace& workplace, const WebServices& services, const RequestContext& context,
                      const Error& error, const DelegationForm& delegation, const std::string& hold_reason) {
  if (error.code != ErrorCode::kInvalidArgument && error.code != ErrorCode::kFailedPrecondition) {
    return std::unexpected(ToProblem(error));
  }
  return PageOrProblem(OfficePage(workplace, services, context, http::status::bad_request, delegation, hold_reason,
                                  &error));
}

// The form's dates as the period the service takes: from the start of the
// first day to the end of the last, in the office's time zone.
Result<v1::CreateDelegationRequest> ToRequest(const Workplace& workplace, Language language,
                                              const DelegationForm& form) {
  v1::CreateDelegationRequest request;
  request.set_deputy(form.deputy);
  request.set_reason(form.reason);
  std::vector<FieldViolation> violations;
  const std::string invalid = workplace.Text(language, "office_date_invalid");
  if (const auto from = workplace.StartOfDay(form.from)) {
    *request.mutable_start_time() = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(*from));
  } else {
    violations.push_back({"from", invalid, "invalid_date"});
  }
  const auto to = ParseIsoDate(form.to);
  const auto after = to ? workplace.StartOfDay(FormatIsoDate(*to + std::chrono::days(1))) : std::nullopt;
  if (after) {
    *request.mutable_end_time() = TimeUtil::MicrosecondsToTimestamp(ToUnixMicros(*after));
  } else {
    violations.push_back({"to", invalid, "invalid_date"});
  }
  if (!violations.empty()) return std::unexpected(InvalidArgument("the period is invalid", std::move(violations)));
  return request;
}

// The service names the period's fields as the API does.
Error ForForm(Error error) {
  for (FieldViolation& violation : error.field_violations) {
    if (violation.field == "start_time") violation.field = "from";
    if (violation.field == "end_time") violation.field = "to";
    if (violation.field == "reason") violation.field = "delegation.reason";  // the hold's form has a reason too
  }
  return error;
}

}  // namespace

void AddOfficePages(HttpApi& api, const Workplace& workplace, const WebServices& services) {
  api.Add(http::verb::get, "/office", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            return PageOrProblem(OfficePage(workplace, services, context, http::status::ok, {}, "", nullptr));
          }));

  api.Add(http::verb::post, "/office/alerts/{id}/resolve",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto resolved = services.alerts.Resolve(*context.actor, context.path.at("id"));
            if (!resolved) return std::unexpected(ToProblem(resolved.error()));
            return SeeOther(context.request, "/office#alerts-heading");
          }));

  api.Add(http::verb::post, "/office/hold", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::SetPublicationHoldRequest request;
            request.set_reason(form->Get("reason"));
            auto set = services.office.SetHold(*context.actor, request);
            if (set) return SeeOther(context.request, "/office#hold-heading");
            return Refused(workplace, services, context, set.error(), {}, request.reason());
          }));

  api.Add(http::verb::post, "/office/hold/lift",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            v1::LiftPublicationHoldRequest request;
            request.set_reason(form->Get("reason"));
            auto lifted = services.office.LiftHold(*context.actor, request);
            if (lifted) return SeeOther(context.request, "/office#hold-heading");
            return Refused(workplace, services, context, lifted.error(), {}, request.reason());
          }));

  api.Add(http::verb::post, "/office/delegations",
          Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            const DelegationForm values{.deputy = form->Get("deputy"),
                                        .from = form->Get("from"),
                                        .to = form->Get("to"),
                                        .reason = form->Get("reason")};
            auto request = ToRequest(workplace, workplace.LanguageOf(context.request), values);
            if (!request) return Refused(workplace, services, context, request.error(), values, "");
            auto granted = services.office.Delegate(*context.actor, *request);
            if (granted) return SeeOther(context.request, "/office#delegations-heading");
            return Refused(workplace, services, context, ForForm(granted.error()), values, "");
          }));

  api.Add(http::verb::post, "/office/whistleblower-designees",
          Page([services](const RequestContext& context) -> HandlerResult {
            if (services.whistleblower == nullptr) return std::unexpected(ToProblem(NotFound("no whistleblower channel")));
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto done = services.whistleblower->Designate(*context.actor, form->Get("user"));
            if (!done) return std::unexpected(ToProblem(done.error()));
            return SeeOther(context.request, "/office#whistleblower-heading");
          }));
  api.Add(http::verb::post, "/office/whistleblower-designees/{id}/remove",
          Page([services](const RequestContext& context) -> HandlerResult {
            if (services.whistleblower == nullptr) return std::unexpected(ToProblem(NotFound("no whistleblower channel")));
            auto form = Form::Read(context.request);
            if (!form) return std::unexpected(form.error());
            auto done = services.whistleblower->Undesignate(*context.actor, context.path.at("id"));
            if (!done) return std::unexpected(ToProblem(done.error()));
            return SeeOther(context.request, "/office#whistleblower-heading");
          }));

  api.Add(http::verb::post, "/office/delegations/{id}/revoke",
          Page([services](const RequestContext& context) -> HandlerResult {
            auto revoked = services.office.RevokeDelegation(*context.actor, context.path.at("id"));
            if (!revoked) return std::unexpected(ToProblem(revoked.error()));
            return SeeOther(context.request, "/office#delegations-heading");
          }));
}

}  // namespace ombudsflow::api::web
