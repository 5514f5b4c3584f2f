#include "engine/service/letter_service.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "engine/core/workflow/referral_registry.h"

namespace ombudsflow::service {
namespace {

namespace fs = std::filesystem;

Error Invalid(const std::string& message) { return MakeError(ErrorCode::kInvalidArgument, message); }

// A file of at most 1 MiB: templates are short.
std::optional<std::string> ReadSmallFile(const fs::path& path) {
  std::error_code error;
  if (fs::file_size(path, error) > (1u << 20) || error) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<LetterOffice> ParseOffice(const std::string& text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::unexpected(Invalid("letters/office.json: not a JSON object"));
  LetterOffice office;
  const std::pair<const char*, std::string*> fields[] = {{"name", &office.name},   {"address", &office.address},
                                                         {"phone", &office.phone}, {"email", &office.email},
                                                         {"web", &office.web}};
  for (const auto& [name, target] : fields) {
    const auto it = json.find(name);
    if (it == json.end() || !it->is_string() || it->get<std::string>().empty()) {
      return std::unexpected(Invalid(std::string("letters/office.json: '") + name + "' must be a non-empty text"));
    }
    *target = it->get<std::string>();
  }
  for (const auto& [key, unused] : json.items()) {
    if (key != "name" && key != "address" && key != "phone" && key != "email" && key != "web") {
      return std::unexpected(Invalid("letters/office.json: unknown field '" + key + "'"));
    }
  }
  return office;
}

// Every fact a case can hold: the transitions' inputs and what actions record.
std::vector<std::string> FactNames(const WorkflowCatalog& workflows) {
  std::set<std::string> names;
  for (const v1::WorkflowDefinition* definition : workflows.All()) {
    for (const auto& transition : definition->transition()) {
      for (const auto& field : transition.input_field()) names.insert(field.name());
      for (const auto& action : transition.action()) {
        if (auto it = action.arg().find("fact"); it != action.arg().end()) names.insert(it->second);
      }
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace

Result<LetterTemplates> LoadLetterDirectory(const fs::path& dir, const WorkflowCatalog& workflows) {
  std::map<std::string, std::string> files;
  std::optional<LetterOffice> office;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(dir, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (!it->is_regular_file()) continue;
    const std::string relative = fs::relative(it->path(), dir).generic_string();
    if (relative == "README.md") continue;
    auto text = ReadSmallFile(it->path());
    if (!text) return std::unexpected(Invalid("letters/" + relative + ": cannot be read (or over 1 MiB)"));
    if (relative == kLetterOfficeFile) {
      auto parsed = ParseOffice(*text);
      if (!parsed) return std::unexpected(parsed.error());
      office = std::move(*parsed);
    } else {
      files.emplace(relative, std::move(*text));
    }
  }
  if (error) return std::unexpected(Invalid("letters: cannot read " + dir.string() + ": " + error.message()));
  if (!office) return std::unexpected(Invalid("letters/office.json: missing (the office's letterhead)"));
  auto catalog = LetterCatalog::Load(files, LetterSpecimen(FactNames(workflows)));
  if (!catalog) return std::unexpected(Invalid("letters/" + catalog.error()));
  // Every letter a workflow queues exists for its recipient.
  for (const v1::WorkflowDefinition* definition : workflows.All()) {
    for (const auto& transition : definition->transition()) {
      for (const auto& action : transition.action()) {
        if (action.name() != "queue_letter") continue;
        const std::string purpose = action.arg().at("template");
        const auto recipient = action.arg().find("recipient");
        const bool to_department = recipient != action.arg().end() && recipient->second == "department";
        if (recipient != action.arg().end() && !to_department && recipient->second != "citizen") {
          return std::unexpected(Invalid("workflow " + definition->name() + " v" +
                                         std::to_string(definition->version()) + ", transition '" +
                                         transition.name() + "': recipient must be citizen or department"));
        }
        const std::string_view variant = to_department ? kDepartmentVariant : kCitizenVariants[0];
        if (!catalog->Has(purpose, variant)) {
          return std::unexpected(Invalid("letters/" + std::string(variant) + "/" + purpose +
                                         ".mustache: missing (workflow " + definition->name() + " v" +
                                         std::to_string(definition->version()) + ", transition '" +
                                         transition.name() + "' queues it)"));
        }
      }
    }
  }
  return LetterTemplates{std::move(*catalog), std::move(*office)};
}

LetterService::LetterService(LetterTemplates templates, const HolidayCalendar& calendar,
                             DepartmentNames department_names, const v1::ReferralRegistry& referrals)
    : templates_(std::move(templates)),
      calendar_(calendar),
      department_names_(std::move(department_names)),
      referrals_(referrals) {}

Result<void> LetterService::RenderInto(TransitionOutcome& outcome, const std::string& signer, Date today) const {
  for (Effect& effect : outcome.effects) {
    auto* letter = std::get_if<Letter>(&effect);
    if (letter == nullptr) continue;
    if (auto rendered = Render(outcome.after, *letter, signer, today, outcome.due_date); !rendered) return rendered;
  }
  return {};
}

const v1::ReferralBody* LetterService::ReferredBody(const v1::Complaint& complaint) const {
  const google::protobuf::Value* chosen = FindFact(complaint, "referred_to");
  return chosen == nullptr ? nullptr : FindReferralBody(referrals_, chosen->string_value());
}

Result<void> LetterService::Render(const v1::Complaint& complaint, Letter& letter, const std::string& signer,
                                   Date today, std::optional<Date> deadline,
                                   std::optional<std::string> department_name) const {
  if (!department_name) {
    auto looked_up = department_names_(complaint.department());
    if (!looked_up) return std::unexpected(looked_up.error());
    department_name = std::move(*looked_up);
  }
  const bool to_department = letter.recipient == "department";
  const LetterAudience audience = to_department ? DepartmentAudience() : CitizenAudience(complaint.complainant());
  LetterContext context{complaint,
                        audience,
                        templates_.office,
                        *department_name,
                        today,
                        deadline,
                        calendar_.AddWorkingDays(today, kReplyWorkingDays),
                        signer.empty() ? templates_.office.name : signer,
                        ReferredBody(complaint),
                        letter.enclosures};
  auto rendered = templates_.catalog.Render(letter.template_name, audience.variant, LetterData(context));
  if (!rendered) return std::unexpected(rendered.error());
  letter.variant = audience.variant;
  letter.interpreter_note = audience.interpreter_note;
  letter.channel = to_department                            ? "department_notice"
                   : !complaint.complainant().email().empty() ? "email"
                                                              : "print";
  letter.subject = std::move(rendered->subject);
  letter.html = std::move(rendered->html);
  letter.body = std::move(rendered->body);
  return {};
}

Result<RenderedLetter> LetterService::RenderWithoutCase(std::string_view purpose, std::string_view variant,
                                                       Date today) const {
  const v1::Complaint none;
  const LetterAudience audience{std::string(variant), variant == "en" ? "en" : "da", false, false};
  LetterContext context{none,  audience, templates_.office, "", today, std::nullopt,
                        calendar_.AddWorkingDays(today, kReplyWorkingDays), templates_.office.name};
  return templates_.catalog.RenderBody(purpose, variant, LetterData(context));
}

}  // namespace ombudsflow::service
