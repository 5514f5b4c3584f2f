#include "api/handlers/workflow_handlers.h"

#include <charconv>

#include "engine/core/workflow/diagram.h"

namespace ombudsflow::api {
namespace {

std::expected<const v1::WorkflowDefinition*, Problem> FindDefinition(const WorkflowCatalog& workflows,
                                                                     const RequestContext& context) {
  const std::string& name = context.path.at("name");
  const std::string& text = context.path.at("version");
  std::uint32_t version = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  const auto* definition = ec == std::errc{} && end == text.data() + text.size()
                               ? workflows.Find(name, version)
                               : nullptr;
  if (definition == nullptr) {
    return std::unexpected(ToProblem(NotFound("no workflow " + name + " version " + text)));
  }
  return definition;
}

}  // namespace

void AddWorkflowRoutes(HttpApi& api, const WorkflowCatalog& workflows) {
  api.Add(http::verb::get, "/v1/workflows", {[&workflows](const RequestContext& context) -> HandlerResult {
    v1::ListWorkflowsResponse response;
    for (const auto* definition : workflows.All()) {
      auto* summary = response.add_workflows();
      summary->set_name(definition->name());
      summary->set_version(definition->version());
      summary->set_description(definition->description());
      summary->set_newest(workflows.Newest(definition->name()) == definition);
    }
    return context.Reply(http::status::ok, response);
  }});

  api.Add(http::verb::get, "/v1/workflows/{name}/versions/{version}",
          {[&workflows](const RequestContext& context) -> HandlerResult {
            auto definition = FindDefinition(workflows, context);
            if (!definition) return std::unexpected(definition.error());
            return context.Reply(http::status::ok, **definition);
          }});

  api.Add(http::verb::get, "/v1/workflows/{name}/versions/{version}/diagram",
          {[&workflows](const RequestContext& context) -> HandlerResult {
            auto definition = FindDefinition(workflows, context);
            if (!definition) return std::unexpected(definition.error());
            auto format = context.query.find("format");
            const std::string wanted = format == context.query.end() ? "mermaid" : format->second;
            v1::Diagram diagram;
            diagram.set_format(wanted);
            if (wanted == "mermaid") {
              diagram.set_source(MermaidDiagram(**definition));
            } else if (wanted == "dot") {
              diagram.set_source(DotDiagram(**definition));
            } else {
              return std::unexpected(ToProblem(InvalidArgument(
                  "unknown diagram format", {{"format", "must be mermaid or dot"}})));
            }
            return context.Reply(http::status::ok, diagram);
          }});
}

}  // namespace ombudsflow::api
