// A token as the token lists show it: the person's own (/me/tokens) and
// the administrator's (/admin/tokens).
#include "api/web/web_routes.h"

namespace ombudsflow::api::web {

Data TokenRow(const Workplace& workplace, Language language, const store::TokenRecord& token, Timestamp now,
              const std::string& revoke_action) {
  Data row{Data::type::object};
  row.set("name", token.name);
  row.set("role", workplace.Text(language, "role_" + std::string(RoleName(token.role))));
  SetText(row, "department", token.department);
  row.set("created", workplace.Date(language, token.created_at));
  row.set("expires", workplace.Date(language, token.expires_at));
  const bool valid = !token.revoked_at && token.expires_at > now;
  row.set("state", workplace.Text(language, token.revoked_at      ? "tokens_revoked"
                                            : token.expires_at <= now ? "tokens_expired"
                                                                      : "tokens_valid"));
  row.set("can_revoke", valid);
  row.set("revoke_action", revoke_action);
  return row;
}

}  // namespace ombudsflow::api::web
