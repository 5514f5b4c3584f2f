#include "engine/service/oidc_service.h"

namespace ombudsflow::service {
namespace {

constexpr std::string_view kPurpose = "staff";
constexpr std::string_view kPurposes[] = {kPurpose};

}  // namespace

OidcService::OidcService(OidcSettings settings, store::OidcStore& logins, store::UserStore& users,
                         SessionService& sessions, const Clock& clock)
    : client_(std::move(settings), logins, clock), users_(users), sessions_(sessions) {}

Result<OidcService::Redirect> OidcService::Begin() { return client_.Begin(kPurpose, ""); }

Result<StartedSession> OidcService::Complete(const std::string& code, const std::string& state,
                                             const std::string& browser_binding) {
  auto signed_in = client_.Complete(kPurposes, code, state, browser_binding);
  if (!signed_in) return std::unexpected(signed_in.error());
  const IdTokenIdentity& identity = signed_in->identity;
  auto user = users_.MatchOidc(identity.subject, identity.email, identity.email_verified);
  if (!user) return std::unexpected(user.error());
  if (!*user) {
    return std::unexpected(PermissionDenied("you have no account in ombudsflow: an administrator creates accounts"));
  }
  return sessions_.Begin(**user);
}

}  // namespace ombudsflow::service
