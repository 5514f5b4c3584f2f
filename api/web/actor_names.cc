// The people behind the actor ids the audit records, for pages that name
// who did what.
#include "api/web/web_routes.h"
#include "engine/core/rules/intake.h"

namespace ombudsflow::api::web {

std::map<std::string, std::string> NamesByActor(const std::vector<store::UserRecord>& users) {
  std::map<std::string, std::string> names;
  for (const auto& user : users) names["user:" + user.id] = user.display_name;
  return names;
}

Result<std::map<std::string, std::string>> NamesByActor(service::UserService& users) {
  // Unread names are the page's failure: "unknown" beside every entry
  // would say something untrue about who acted.
  auto listed = users.List();
  if (!listed) return std::unexpected(listed.error());
  return NamesByActor(*listed);
}

std::string NameOf(const std::map<std::string, std::string>& names, const std::string& actor_id,
                   const Workplace& workplace, Language language) {
  const auto found = names.find(actor_id);
  if (found != names.end()) return found->second;
  if (actor_id == "system:" + std::string(kCitizenActorName)) return workplace.Text(language, "actor_citizen");
  return workplace.Text(language, "actor_unknown");
}

}  // namespace ombudsflow::api::web
