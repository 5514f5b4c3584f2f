#include "api/web/web_routes.h"

#include <algorithm>
#include <map>

#include "ombudsflow/v1/field_options.pb.h"

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

Data FieldErrors(const Workplace& workplace, Language language, const Error& error,
                 const std::map<std::string, FormField, std::less<>>& fields, Data& page) {
  Data list{Data::type::list};
  for (const FieldViolation& violation : error.field_violations) {
    Data entry{Data::type::object};
    const auto field = fields.find(violation.field);
    if (field == fields.end()) {
      entry.set("message", language == Language::kEnglish ? violation.description
                                                           : workplace.Text(language, "error_form_refused"));
      list.push_back(entry);
      continue;
    }
    FieldViolation worded = violation;
    if (field->second.chosen && worded.reason == "required") worded.reason = "required_choice";
    const std::string message = workplace.ViolationText(language, worded,
                                                        workplace.Text(language, field->second.label_key),
                                                        field->second.max);
    entry.set("id", field->second.control_id);
    entry.set("message", message);
    list.push_back(entry);
    std::string key = violation.field;
    for (char& c : key) {
      if (c == '.' || c == '-') c = '_';
    }
    page.set(key + "_error", message);
  }
  if (error.field_violations.empty()) {
    // A refusal in the person's words: the guard's, a conflict's, or (in
    // a language the service does not speak) a plain one, never its English.
    Data entry{Data::type::object};
    const std::string refusal_key = "refusal_" + error.refused_by;
    entry.set("message", !error.refused_by.empty() && workplace.HasText(refusal_key)
                             ? workplace.Text(language, refusal_key)
                         : error.code == ErrorCode::kAborted ? workplace.Text(language, "conflict_text")
                         : language == Language::kEnglish    ? error.message
                                                             : workplace.Text(language, "error_form_refused"));
    list.push_back(entry);
  }
  return list;
}

Data MarkedText(const std::string& text, const std::string& field,
            const google::protobuf::RepeatedPtrField<v1::PersonalDataFinding>& findings) {
  std::vector<const v1::PersonalDataFinding*> here;
  for (const auto& finding : findings) {
    if (finding.field() == field && finding.length() > 0 && finding.offset() + finding.length() <= text.size()) {
      here.push_back(&finding);
    }
  }
  std::sort(here.begin(), here.end(), [](auto* a, auto* b) { return a->offset() < b->offset(); });
  Data pieces{Data::type::list};
  std::size_t at = 0;
  const auto piece = [&](std::size_t from, std::size_t to, const v1::PersonalDataFinding* finding) {
    if (to <= from) return;
    Data entry{Data::type::object};
    entry.set("text", text.substr(from, to - from));
    if (finding != nullptr) {
      entry.set("mark", true);
      entry.set("blocks", finding->blocks());
    }
    pieces.push_back(entry);
  };
  for (const auto* finding : here) {
    if (finding->offset() < at) continue;  // overlapping: the first wins
    piece(at, finding->offset(), nullptr);
    piece(finding->offset(), finding->offset() + finding->length(), finding);
    at = finding->offset() + finding->length();
  }
  piece(at, text.size(), nullptr);
  return pieces;
}

Response LetterDocument(const Workplace& workplace, const Request& request, const std::string& html) {
  Response response = HtmlResponse(request, http::status::ok, html);
  // A letter rendered under an older layout shows unstyled here; its PDF
  // is as it was sent.
  const std::string& styles = workplace.options().letter_style_src;
  response.set("Content-Security-Policy",
               "default-src 'none'; style-src " + (styles.empty() ? std::string("'none'") : styles) +
                   "; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
  response.set(http::field::x_frame_options, "SAMEORIGIN");
  return response;
}

Response LetterPdfResponse(const Request& request, std::string pdf, const std::string& filename) {
  Response response{http::status::ok, request.version()};
  response.set(http::field::content_type, "application/pdf");
  response.set(http::field::content_disposition, "inline; filename=\"" + filename + ".pdf\"");
  response.set(http::field::cache_control, "private, no-store");
  response.keep_alive(request.keep_alive());
  response.body() = std::move(pdf);
  response.prepare_payload();
  return response;
}

std::string FactText(const v1::Complaint& complaint, const std::string& name) {
  const auto fact = complaint.facts().fields().find(name);
  return fact == complaint.facts().fields().end() ? std::string() : fact->second.string_value();
}

Result<Data> DepartmentOptions(service::OfficeService& office, std::string_view selected) {
  auto departments = office.Departments();
  if (!departments) return std::unexpected(departments.error());
  Data options{Data::type::list};
  for (const auto& department : *departments) {
    Data option{Data::type::object};
    option.set("value", department.code);
    option.set("label", department.code + " – " + department.name);
    option.set("selected", department.code == selected);
    options.push_back(option);
  }
  return options;
}

Data RoleOptions(const Workplace& workplace, Language language, std::string_view selected) {
  Data options{Data::type::list};
  for (Role role : {Role::kCaseworker, Role::kOmbudsman, Role::kDeputy, Role::kDepartment, Role::kAdministrator}) {
    const std::string name(RoleName(role));
    Data option{Data::type::object};
    option.set("value", name);
    option.set("label", workplace.Text(language, "role_" + name));
    option.set("selected", name == selected);
    options.push_back(option);
  }
  return options;
}

bool MayOpen(const Actor& actor, std::string_view pattern) {
  const RoutePolicy* policy = FindRoutePolicy(http::verb::get, pattern);
  if (policy == nullptr) return false;
  return policy->access != Access::kRoles || PolicyAllows(*policy, actor.role);
}

bool MayPost(const Actor& actor, std::string_view pattern) {
  const RoutePolicy* policy = FindRoutePolicy(http::verb::post, pattern);
  if (policy == nullptr) return false;
  return policy->access != Access::kRoles || PolicyAllows(*policy, actor.role);
}

std::string MaxLengthOf(const google::protobuf::Descriptor& message, std::string_view path) {
  const google::protobuf::Descriptor* within = &message;
  for (std::size_t start = 0;;) {
    const std::size_t dot = path.find('.', start);
    const google::protobuf::FieldDescriptor* field =
        within->FindFieldByName(std::string(path.substr(start, dot == std::string_view::npos ? dot : dot - start)));
    if (field == nullptr) return {};
    if (dot == std::string_view::npos) {
      const std::uint32_t most = field->options().GetExtension(v1::max_length);
      return most == 0 ? std::string() : std::to_string(most);
    }
    within = field->message_type();
    if (within == nullptr) return {};
    start = dot + 1;
  }
}

// States that end a case in every workflow that has them.
std::vector<std::string> FinishedStates(const WorkflowCatalog& workflows) {
  std::map<std::string, bool> terminal;  // name: terminal wherever it appears
  for (const v1::WorkflowDefinition* definition : workflows.All()) {
    for (const auto& state : definition->state()) {
      auto [at, inserted] = terminal.emplace(state.name(), state.terminal());
      if (!inserted) at->second = at->second && state.terminal();
    }
  }
  std::vector<std::string> finished;
  for (const auto& [name, is_terminal] : terminal) {
    if (is_terminal) finished.push_back(name);
  }
  return finished;
}

void AddWebRoutes(HttpApi& api, const Workplace& workplace, WebServices services, const WorkflowDiagrams& diagrams) {
  api.RenderPageErrorsWith([&workplace](const Request& request, const Problem& problem, const Actor* actor,
                                        std::string_view session_id) {
    return workplace.Error(request, problem, actor, session_id);
  });
  api.Add(http::verb::get, "/static/{version}/{file...}", MemoryPage([&workplace](const RequestContext& context) {
            return HandlerResult(
                workplace.assets().Serve(context.request, context.path.at("version"), context.path.at("file")));
          }));
  // Browsers ask for it at the root whatever the page links (bookmarks,
  // tabs, a PDF viewer); it never changes its address, so it is cached
  // briefly, as an older version's file is.
  api.Add(http::verb::get, "/favicon.ico", MemoryPage([&workplace](const RequestContext& context) {
            return HandlerResult(workplace.assets().Serve(context.request, {}, "favicon.ico"));
          }));
  AddSignInPages(api, workplace, services.sessions);
  AddQueuePages(api, workplace, services);
  AddIntakePages(api, workplace, services);
  AddCasePages(api, workplace, services);
  AddCaseDocumentPages(api, workplace, services);
  AddCitizenMessagePages(api, workplace, services);
  AddReporterIdentityPages(api, workplace, services);
  AddDepartmentPages(api, workplace, services);
  AddApprovalPages(api, workplace, services);
  AddPublicationPages(api, workplace, services.publications);
  AddAdminPages(api, workplace, services);
  AddTokenPages(api, workplace, services);
  AddOwnTokenPages(api, workplace, services);
  AddSetPasswordPages(api, workplace, services.users);
  AddWebhookPages(api, workplace, services);
  AddOfficePages(api, workplace, services);
  AddEnquiryPages(api, workplace, services);
  AddReportPages(api, workplace, services);
  AddWorkflowPages(api, workplace, services, diagrams);
}

}  // namespace ombudsflow::api::web
