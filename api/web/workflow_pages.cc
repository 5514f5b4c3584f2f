// The workflow definitions: each version drawn (Graphviz, server-side),
// its states and transitions in words, and how many running cases each
// version has.
#include <charconv>

#include "api/web/web_routes.h"

namespace ombudsflow::api::web {
namespace {

std::string VersionHref(const std::string& name, std::uint32_t version) {
  return "/workflows/" + UrlEscaped(name) + "/versions/" + std::to_string(version);
}

std::string Joined(const google::protobuf::RepeatedPtrField<std::string>& items, const std::string& separator,
                   const std::function<std::string(const std::string&)>& label) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : separator) + label(item);
  return joined;
}

}  // namespace

void AddWorkflowPages(HttpApi& api, const Workplace& workplace, const WebServices& services,
                      const WorkflowDiagrams& diagrams) {
  api.Add(http::verb::get, "/workflows", Page([&workplace, services](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            auto running = services.complaints.RunningByVersion(FinishedStates(services.workflows));
            if (!running) return std::unexpected(ToProblem(running.error()));
            Data rows{Data::type::list};
            for (const v1::WorkflowDefinition* definition : services.workflows.All()) {
              Data row{Data::type::object};
              row.set("href", VersionHref(definition->name(), definition->version()));
              row.set("name", definition->name());
              row.set("label", workplace.WorkflowLabel(language, definition->name()));
              row.set("version", std::to_string(definition->version()));
              SetText(row, "description", workplace.WorkflowDescription(language, definition->name()));
              row.set("newest", services.workflows.Newest(definition->name()) == definition);
              auto count = running->find({definition->name(), definition->version()});
              row.set("running", std::to_string(count == running->end() ? 0 : count->second));
              rows.push_back(row);
            }
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/workflows");
            data.set("workflows", rows);
            return workplace.Render(context, http::status::ok, "workflows", std::move(data),
                                    workplace.Text(language, "workflows_title"));
          }));

  api.Add(http::verb::get, "/workflows/{name}/versions/{version}",
          Page([&workplace, services, &diagrams](const RequestContext& context) -> HandlerResult {
            const Language language = workplace.LanguageOf(context.request);
            const std::string& name = context.path.at("name");
            const std::string& version_text = context.path.at("version");
            std::uint32_t version = 0;
            auto [end, error] = std::from_chars(version_text.data(), version_text.data() + version_text.size(), version);
            const v1::WorkflowDefinition* definition =
                error == std::errc() && end == version_text.data() + version_text.size()
                    ? services.workflows.Find(name, version)
                    : nullptr;
            if (definition == nullptr) {
              return std::unexpected(MakeProblem(http::status::not_found, ErrorCode::kNotFound,
                                                 "no workflow " + name + " version " + version_text));
            }
            const auto role_label = [&](const std::string& role) { return workplace.Text(language, "role_" + role); };
            const auto state_label = [&](const std::string& state) { return workplace.StateLabel(language, name, state); };
            Data data = workplace.PageData(context.request, context.actor, context.session_id, "/workflows");
            data.set("name", name);
            data.set("label", workplace.WorkflowLabel(language, name));
            data.set("version", std::to_string(version));
            SetText(data, "description", workplace.WorkflowDescription(language, name));
            if (const std::string* svg = diagrams.Svg(*definition, language)) data.set("diagram", *svg);
            Data states{Data::type::list};
            for (const auto& state : definition->state()) {
              Data entry{Data::type::object};
              entry.set("label", state_label(state.name()));
              SetText(entry, "description", workplace.StateDescription(language, name, state.name()));
              entry.set("terminal", state.terminal());
              if (state.has_deadline()) {
                const auto& deadline = state.deadline();
                entry.set("deadline", deadline.has_working_days()
                                          ? std::to_string(deadline.working_days()) + " " + workplace.Text(language, "working_days")
                                      : deadline.has_calendar_months()
                                          ? std::to_string(deadline.calendar_months()) + " " + workplace.Text(language, "calendar_months")
                                          : std::to_string(deadline.calendar_days()) + " " + workplace.Text(language, "calendar_days"));
              }
              states.push_back(entry);
            }
            data.set("states", states);
            Data transitions{Data::type::list};
            for (const auto& transition : definition->transition()) {
              Data entry{Data::type::object};
              entry.set("label", workplace.TransitionLabel(language, name, transition.name()));
              SetText(entry, "description", workplace.TransitionDescription(language, name, transition.name()));
              entry.set("from", Joined(transition.from(), ", ", state_label));
              entry.set("to", state_label(transition.to()));
              SetText(entry, "roles", transition.timer() ? workplace.Text(language, "workflow_timer")
                                                         : Joined(transition.roles(), ", ", role_label));
              // What the step asks for, by the labels people see on its form.
              std::string inputs;
              for (const auto& field : transition.input_field()) {
                const std::string& label = language == Language::kDanish ? field.label().da() : field.label().en();
                inputs += (inputs.empty() ? "" : ", ") + (label.empty() ? field.name() : label);
              }
              SetText(entry, "inputs", inputs);
              transitions.push_back(entry);
            }
            data.set("transitions", transitions);
            return workplace.Render(context, http::status::ok, "workflow", std::move(data),
                                    workplace.WorkflowLabel(language, name) + ", " +
                                        workplace.Text(language, "workflow_version_lower") + " " + version_text);
          }));
}

}  // namespace ombudsflow::api::web
