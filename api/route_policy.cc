#include "api/route_policy.h"

#include <algorithm>

namespace ombudsflow::api {
namespace {

using http::verb;

constexpr Role kCaseworker = Role::kCaseworker;
constexpr Role kOmbudsman = Role::kOmbudsman;
constexpr Role kDeputy = Role::kDeputy;
constexpr Role kDepartment = Role::kDepartment;
constexpr Role kAdministrator = Role::kAdministrator;

// Office staff read citizens' personal data; departments and
// administrators never do.
const std::vector<Role> kStaff = {kCaseworker, kOmbudsman, kDeputy};
// The subscribers' numbers are not personal data; their addresses take a grant.
const std::vector<Role> kStaffAndAdministrator = {kCaseworker, kOmbudsman, kDeputy, kAdministrator};
const std::vector<Role> kStaffAndDepartments = {kCaseworker, kOmbudsman, kDeputy, kDepartment};
const std::vector<Role> kEveryone = {kCaseworker, kOmbudsman, kDeputy, kDepartment, kAdministrator};

}  // namespace

const std::vector<RoutePolicy>& RoutePolicies() {
  static const std::vector<RoutePolicy> policies = {
      // Probes for load balancers and orchestrators.
      {verb::get, "/healthz", Access::kPublic, {}, {}, /*exempt_from_address_limit=*/true},
      {verb::get, "/readyz", Access::kPublic, {}, {}, /*exempt_from_address_limit=*/true},
      // Served only on the metrics listener (--metrics-listen), never the public one.
      {verb::get, "/metrics", Access::kPublic, {}, {}, /*exempt_from_address_limit=*/true},

      // Signing in and the session.
      {verb::post, "/v1/sessions", Access::kPublic, {}},
      {verb::get, "/v1/sessions/current", Access::kRoles, kEveryone},
      {verb::delete_, "/v1/sessions/current", Access::kRoles, kEveryone},
      {verb::get, "/v1/auth/oidc/login", Access::kPublic, {}},
      {verb::get, "/v1/auth/oidc/callback", Access::kPublic, {}},

      // Intake and cases: office staff. Departments reach their own cases'
      // transitions (which ones, the workflow's roles decide).
      {verb::post, "/v1/complaints", Access::kRoles, kStaff},
      {verb::post, "/v1/investigations", Access::kRoles, kStaff},
      {verb::post, "/v1/hotline-contacts", Access::kRoles, kStaff},
      {verb::post, "/v1/hotline-contacts/{id}:convert", Access::kRoles, kStaff},
      {verb::get, "/v1/complaints", Access::kRoles, kStaff},
      {verb::get, "/v1/complaints/{id}", Access::kRoles, kStaff},
      {verb::get, "/v1/complaints/{id}/events", Access::kRoles, kStaff},
      // Letters and the journal carry the citizen's personal data.
      {verb::get, "/v1/complaints/{id}/letters", Access::kRoles, kStaff},
      {verb::post, "/v1/complaints/{id}/letters:preview", Access::kRoles, kStaff},
      {verb::get, "/v1/complaints/{id}/journal", Access::kRoles, kStaff},
      // The case file's documents: a department only its own cases', and of
      // those only what is shared with it (CaseDocumentService decides).
      {verb::post, "/v1/complaints/{id}/documents", Access::kRoles, kStaffAndDepartments},
      // Notes (notatpligt) are the office's own.
      {verb::post, "/v1/complaints/{id}/notes", Access::kRoles, kStaff},
      {verb::post, "/v1/complaints/{id}/citizen-messages", Access::kRoles, kStaff},
      // A whistleblower's identity: office staff reach the route, and the
      // service lets only the people the ombudsman designated read it.
      {verb::post, "/v1/complaints/{id}/reporter-identity:reveal", Access::kRoles, kStaff},
      {verb::get, "/v1/whistleblower-designees", Access::kRoles, kStaff},
      {verb::put, "/v1/whistleblower-designees/{user_id}", Access::kRoles, {kOmbudsman, kDeputy}},
      {verb::delete_, "/v1/whistleblower-designees/{user_id}", Access::kRoles, {kOmbudsman, kDeputy}},
      {verb::post, "/v1/complaints/{id}/citizen-links:revoke", Access::kRoles, kStaff},
      {verb::get, "/v1/complaints/{id}/documents", Access::kRoles, kStaffAndDepartments},
      {verb::get, "/v1/complaints/{id}/documents/{document}", Access::kRoles, kStaffAndDepartments},
      {verb::get, "/v1/complaints/{id}/documents/{document}/content", Access::kRoles, kStaffAndDepartments},
      // Social-media enquiries: registered and answered by office staff.
      {verb::post, "/v1/enquiries", Access::kRoles, kStaff},
      {verb::get, "/v1/enquiries", Access::kRoles, kStaff},
      {verb::get, "/v1/enquiries/{id}", Access::kRoles, kStaff},
      // Reports: counts only, for the office that writes them.
      {verb::get, "/v1/reports/annual", Access::kRoles, kStaff},
      {verb::get, "/v1/reports/themes", Access::kRoles, kStaff},
      {verb::get, "/v1/complaints/{id}/transitions", Access::kRoles, kStaffAndDepartments},
      {verb::post, "/v1/complaints/{id}/transitions", Access::kRoles, kStaffAndDepartments},
      {verb::post, "/v1/complaints/{id}:assign", Access::kRoles, kStaff},
      {verb::post, "/v1/complaints/{id}:classify", Access::kRoles, kStaff},
      {verb::post, "/v1/complaints/{id}:return-for-correction", Access::kRoles, {kOmbudsman, kDeputy}},
      {verb::post, "/v1/complaints/{id}/consents", Access::kRoles, kStaff},
      {verb::post, "/v1/complaints/{id}/consents/{consent_id}:confirm", Access::kRoles, kStaff},
      {verb::post, "/v1/complaints/{id}/consents/{consent_id}:revoke", Access::kRoles, kStaff},

      // Notices: a department its own, the office all; only the receiving
      // department acknowledges.
      {verb::get, "/v1/notices", Access::kRoles, kStaffAndDepartments},
      {verb::get, "/v1/notices/{id}", Access::kRoles, kStaffAndDepartments},
      {verb::post, "/v1/notices/{id}:acknowledge", Access::kRoles, {kDepartment}},

      // The ombudsman's powers.
      {verb::post, "/v1/delegations", Access::kRoles, {kOmbudsman}},
      {verb::get, "/v1/delegations", Access::kRoles, kStaff},
      {verb::post, "/v1/delegations/{id}:revoke", Access::kRoles, {kOmbudsman}},
      {verb::get, "/v1/publication-hold", Access::kRoles, kStaff},
      {verb::post, "/v1/publication-hold", Access::kRoles, {kOmbudsman}},
      {verb::post, "/v1/publication-hold:lift", Access::kRoles, {kOmbudsman}},
      {verb::get, "/v1/alerts", Access::kRoles, kStaff},
      {verb::post, "/v1/alerts/{id}:resolve", Access::kRoles, kStaff},

      // What is published is public; the ombudsman and deputy also see
      // what awaits approval (?state=awaiting_approval).
      {verb::get, "/v1/publications", Access::kPublicOrSignedIn, kEveryone,
       {{"state", "awaiting_approval", {kOmbudsman, kDeputy}}}},

      // Departments' webhook endpoints and their secrets: administrators.
      {verb::post, "/v1/webhook-endpoints", Access::kRoles, {kAdministrator}},
      {verb::get, "/v1/webhook-endpoints", Access::kRoles, {kAdministrator}},
      {verb::post, "/v1/webhook-endpoints/{id}:disable", Access::kRoles, {kAdministrator}},
      {verb::get, "/v1/webhook-endpoints/{id}/deliveries", Access::kRoles, {kAdministrator}},

      // The workflow definitions: no personal data, for everyone who works
      // with cases.
      {verb::get, "/v1/workflows", Access::kRoles, kEveryone},
      {verb::get, "/v1/workflows/{name}/versions/{version}", Access::kRoles, kEveryone},
      {verb::get, "/v1/workflows/{name}/versions/{version}/diagram", Access::kRoles, kEveryone},

      // The web workplace (api/web). Its pages show what the API shows the
      // same roles; a page another role works on answers 404.
      {verb::get, "/static/{version}/{file...}", Access::kPublic, {}, {}, /*exempt_from_address_limit=*/true},
      {verb::get, "/favicon.ico", Access::kPublic, {}, {}, /*exempt_from_address_limit=*/true},
      {verb::get, "/sign-in", Access::kPublic, {}},
      {verb::post, "/sign-in", Access::kPublic, {}},  // tied to the browser by its own double-submit token
      {verb::post, "/sign-out", Access::kRoles, kEveryone},
      {verb::get, "/language", Access::kPublic, {}},
      // A person sets their own password with the one-time link their
      // account came with: the link's secret is the credential.
      {verb::get, "/set-password", Access::kPublic, {}},
      {verb::post, "/set-password", Access::kPublic, {}},
      // Each person's own API tokens, issued by themselves signed in (the
      // service refuses a caller using a token): nobody issues a person's.
      {verb::get, "/me/tokens", Access::kRoles, kEveryone},
      {verb::post, "/me/tokens", Access::kRoles, kEveryone},
      {verb::post, "/me/tokens/{id}/revoke", Access::kRoles, kEveryone},
      {verb::get, "/publications", Access::kPublic, {}},  // the published statements: no personal data
      // The citizens' own door (api/citizen): the public complaint form.
      // Its posts are tied to the browser by the form's own token, and
      // limited per address beyond the anonymous limit.
      {verb::get, "/klage", Access::kPublic, {}},
      {verb::get, "/en/complain", Access::kPublic, {}},
      // Signing in with MitID from the form (for the draft its cookie
      // names), at Min sag's door, the broker's callback (bound to the
      // browser that began it), and the person's cases (their cookie's).
      {verb::get, "/klage/mitid", Access::kPublic, {}},
      {verb::get, "/min-sag/mitid", Access::kPublic, {}},
      {verb::get, "/mitid/callback", Access::kPublic, {}},
      {verb::get, "/min-sag/mine-sager", Access::kPublic, {}},
      {verb::post, "/min-sag/mine-sager/log-ud", Access::kPublic, {}},
      {verb::post, "/min-sag/mine-sager/{case}", Access::kPublic, {}},
      // The documents step: a file added (spooled only for a draft's own
      // page) or removed, both tied to the draft by the form's token.
      {verb::post, "/klage/dokumenter/tilfoej", Access::kPublic, {}},
      {verb::post, "/klage/dokumenter/{file}/fjern", Access::kPublic, {}},
      {verb::get, "/klage/{step}", Access::kPublic, {}},
      {verb::post, "/klage/{step}", Access::kPublic, {}},
      // Min sag: public routes, each opening only the case its session
      // cookie (from a link in an e-mail) names; link tries and new-link
      // requests limited per address.
      {verb::get, "/min-sag", Access::kPublic, {}},
      {verb::get, "/min-sag/adgang/{token}", Access::kPublic, {}},
      {verb::post, "/min-sag/besked", Access::kPublic, {}},
      {verb::post, "/min-sag/nyt-link", Access::kPublic, {}},
      {verb::post, "/min-sag/dokumenter", Access::kPublic, {}},
      {verb::post, "/min-sag/log-ud", Access::kPublic, {}},
      {verb::get, "/min-sag/breve/{letter}", Access::kPublic, {}},
      {verb::get, "/min-sag/dokumenter/{document}", Access::kPublic, {}},
      // The discrimination hotline's door: the form, the receipt.
      {verb::get, "/diskrimination", Access::kPublic, {}},
      {verb::post, "/diskrimination", Access::kPublic, {}},
      {verb::get, "/diskrimination/kvittering", Access::kPublic, {}},
      // The whistleblower channel: the scheme, the report, its receipt,
      // and signing in with code and password (to Min sag's page).
      {verb::get, "/whistleblower", Access::kPublic, {}},
      {verb::get, "/whistleblower/indberet", Access::kPublic, {}},
      {verb::post, "/whistleblower/indberet", Access::kPublic, {}},
      {verb::get, "/whistleblower/kvittering", Access::kPublic, {}},
      {verb::post, "/whistleblower/log-ind", Access::kPublic, {}},
      // The newsletter's public door (sign-up, confirmation, one-click
      // unsubscribe from the mail, issues) and the feed: no personal data
      // out, each link's token its only authority.
      {verb::get, "/nyhedsbrev", Access::kPublic, {}},
      {verb::post, "/nyhedsbrev", Access::kPublic, {}},
      {verb::get, "/nyhedsbrev/tilmeldt", Access::kPublic, {}},
      {verb::get, "/nyhedsbrev/bekraeft/{token}", Access::kPublic, {}},
      {verb::post, "/nyhedsbrev/bekraeft/{token}", Access::kPublic, {}},
      {verb::get, "/nyhedsbrev/afmeld/{token}", Access::kPublic, {}},
      {verb::post, "/nyhedsbrev/afmeld/{token}", Access::kPublic, {}},
      {verb::get, "/nyhedsbrev/{number}", Access::kPublic, {}},
      // The other products, published: their pages and documents.
      {verb::get, "/presse/{number}", Access::kPublic, {}},
      {verb::get, "/klarret/{number}", Access::kPublic, {}},
      {verb::get, "/klarret/{number}/pdf", Access::kPublic, {}},
      {verb::get, "/beretning/{number}", Access::kPublic, {}},
      {verb::get, "/beretning/{number}/pdf", Access::kPublic, {}},
      {verb::get, "/feed.atom", Access::kPublic, {}},
      // The satisfaction survey: the link's token is the authority.
      {verb::get, "/tilfredshed/{token}", Access::kPublic, {}},
      {verb::post, "/tilfredshed/{token}", Access::kPublic, {}},
      // The newsletter in the workplace: staff compose; the workflow's
      // guards decide who approves and when anything is sent.
      // The distribution lists: staff keep them (the service lets an
      // administrator see counts through the API only).
      // The subscribers: numbers for staff and the administrator; the
      // ombudsman gives the permission to look an address up, which the
      // service checks person by person.
      {verb::get, "/newsletters/subscribers", Access::kRoles, kStaffAndAdministrator},
      {verb::post, "/newsletters/subscribers/lookup", Access::kRoles, kStaffAndAdministrator},
      {verb::post, "/newsletters/subscribers/remove", Access::kRoles, kStaffAndAdministrator},
      {verb::post, "/newsletters/subscribers/grants", Access::kRoles, {kOmbudsman}},
      {verb::post, "/newsletters/subscribers/grants/{id}/revoke", Access::kRoles, {kOmbudsman}},
      {verb::get, "/newsletters/lists", Access::kRoles, kStaff},
      {verb::post, "/newsletters/lists", Access::kRoles, kStaff},
      {verb::get, "/newsletters/lists/{id}", Access::kRoles, kStaff},
      {verb::post, "/newsletters/lists/{id}/members", Access::kRoles, kStaff},
      {verb::post, "/newsletters/lists/{id}/members/{member}/remove", Access::kRoles, kStaff},
      {verb::get, "/newsletters", Access::kRoles, kStaff},
      {verb::post, "/newsletters", Access::kRoles, kStaff},
      {verb::get, "/newsletters/{id}", Access::kRoles, kStaff},
      {verb::post, "/newsletters/{id}", Access::kRoles, kStaff},
      {verb::post, "/newsletters/{id}/steps/{transition}", Access::kRoles, kStaff},
      {verb::get, "/newsletters/{id}/email", Access::kRoles, kStaff},
      {verb::get, "/newsletters/{id}/web", Access::kRoles, kStaff},
      // The press log: the office's staff record; the service decides who answers.
      {verb::get, "/press", Access::kRoles, kStaff},
      {verb::post, "/press", Access::kRoles, kStaff},
      {verb::post, "/press/{id}/answer", Access::kRoles, kStaff},
      {verb::get, "/", Access::kRoles, kEveryone},  // the queues; others are sent to their own start
      {verb::get, "/intake", Access::kRoles, kStaff},
      {verb::post, "/intake", Access::kRoles, kStaff},
      {verb::get, "/cases/{id}", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/assign", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/classify", Access::kRoles, kStaff},
      {verb::get, "/cases/{id}/approval", Access::kRoles, {kOmbudsman, kDeputy}},
      {verb::post, "/cases/{id}/approval/return", Access::kRoles, {kOmbudsman, kDeputy}},
      {verb::get, "/cases/{id}/journal/pdf", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/documents", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/notes", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/citizen-messages", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/citizen-links/revoke", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/reporter-identity", Access::kRoles, kStaff},
      {verb::get, "/cases/{id}/documents/{document}", Access::kRoles, kStaff},
      {verb::get, "/cases/{id}/letters/{letter}", Access::kRoles, kStaff},
      {verb::get, "/cases/{id}/letters/{letter}/pdf", Access::kRoles, kStaff},
      {verb::get, "/cases/{id}/letters/{letter}/document", Access::kRoles, kStaff},
      {verb::get, "/cases/{id}/transitions/{name}", Access::kRoles, kStaff},
      {verb::post, "/cases/{id}/transitions/{name}", Access::kRoles, kStaff},
      {verb::get, "/workflows", Access::kRoles, {kCaseworker, kOmbudsman, kDeputy, kAdministrator}},
      {verb::get, "/workflows/{name}/versions/{version}", Access::kRoles,
       {kCaseworker, kOmbudsman, kDeputy, kAdministrator}},
      {verb::get, "/office", Access::kRoles, kStaff},
      {verb::get, "/enquiries", Access::kRoles, kStaff},
      {verb::post, "/enquiries", Access::kRoles, kStaff},
      {verb::get, "/enquiries/{id}", Access::kRoles, kStaff},
      {verb::get, "/reports", Access::kRoles, kStaff},
      {verb::get, "/reports/themes", Access::kRoles, kStaff},
      {verb::get, "/reports/annual.csv", Access::kRoles, kStaff},
      {verb::post, "/office/alerts/{id}/resolve", Access::kRoles, kStaff},
      {verb::post, "/office/hold", Access::kRoles, {kOmbudsman}},
      {verb::post, "/office/hold/lift", Access::kRoles, {kOmbudsman}},
      {verb::post, "/office/delegations", Access::kRoles, {kOmbudsman}},
      {verb::post, "/office/delegations/{id}/revoke", Access::kRoles, {kOmbudsman}},
      {verb::post, "/office/whistleblower-designees", Access::kRoles, {kOmbudsman, kDeputy}},
      {verb::post, "/office/whistleblower-designees/{id}/remove", Access::kRoles, {kOmbudsman, kDeputy}},
      {verb::get, "/admin", Access::kRoles, {kAdministrator}},
      {verb::post, "/admin/users", Access::kRoles, {kAdministrator}},
      {verb::post, "/admin/users/{id}/deactivate", Access::kRoles, {kAdministrator}},
      {verb::post, "/admin/users/{id}/password-link", Access::kRoles, {kAdministrator}},
      // Administrators issue tokens to systems only (a department's
      // integration), and revoke anyone's: no action of theirs yields a
      // person's credential.
      {verb::get, "/admin/tokens", Access::kRoles, {kAdministrator}},
      {verb::post, "/admin/tokens", Access::kRoles, {kAdministrator}},
      {verb::post, "/admin/tokens/{id}/revoke", Access::kRoles, {kAdministrator}},
      {verb::get, "/admin/webhooks", Access::kRoles, {kAdministrator}},
      {verb::post, "/admin/webhooks", Access::kRoles, {kAdministrator}},
      {verb::get, "/admin/webhooks/{id}", Access::kRoles, {kAdministrator}},
      {verb::post, "/admin/webhooks/{id}/disable", Access::kRoles, {kAdministrator}},
      {verb::get, "/department", Access::kRoles, {kDepartment}},
      {verb::get, "/department/notices/{id}", Access::kRoles, {kDepartment}},
      {verb::get, "/department/notices/{id}/letter", Access::kRoles, {kDepartment}},
      {verb::get, "/department/notices/{id}/letter/pdf", Access::kRoles, {kDepartment}},
      {verb::post, "/department/notices/{id}/acknowledge", Access::kRoles, {kDepartment}},
      {verb::post, "/department/notices/{id}/answer", Access::kRoles, {kDepartment}},
      {verb::post, "/department/notices/{id}/follow-up", Access::kRoles, {kDepartment}},
      {verb::post, "/department/notices/{id}/documents", Access::kRoles, {kDepartment}},
      {verb::get, "/department/notices/{id}/documents/{document}", Access::kRoles, {kDepartment}},
  };
  return policies;
}

const RoutePolicy* FindRoutePolicy(http::verb method, std::string_view pattern) {
  const auto& policies = RoutePolicies();
  auto found = std::find_if(policies.begin(), policies.end(), [&](const RoutePolicy& policy) {
    return policy.method == method && policy.pattern == pattern;
  });
  return found == policies.end() ? nullptr : &*found;
}

bool PolicyAllows(const RoutePolicy& policy, Role role) {
  return std::find(policy.roles.begin(), policy.roles.end(), role) != policy.roles.end();
}

}  // namespace ombudsflow::api
