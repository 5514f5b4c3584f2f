#include "api/handlers/workflow_handlers.h"

#include <charconv>
#include <map>
#include <memory>

#include "api/constant_reply.h"
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

// The catalog is fixed while the server runs: its list, and each
// definition, are encoded once per audience and format.
std::shared_ptr<const ConstantReply> ListReply(const WorkflowCatalog& workflows) {
  auto response = std::make_unique<v1::ListWorkflowsResponse>();
  for (const auto* definition : workflows.All()) {
    auto* summary = response->add_workflows();
    summary->set_name(definition->name());
    summary->set_version(definition->version());
    summary->set_description(definition->description());
    summary->set_newest(workflows.Newest(definition->name()) == definition);
  }
  return std::make_shared<const ConstantReply>(std::move(response));
}

using DefinitionReplies = std::map<const v1::WorkflowDefinition*, std::unique_ptr<const ConstantReply>>;

std::shared_ptr<const DefinitionReplies> EachDefinitionReply(const WorkflowCatalog& workflows) {
  auto replies = std::make_shared<DefinitionReplies>();
  for (const auto* definition : workflows.All()) {
    replies->emplace(definition,
                     std::make_unique<const ConstantReply>(std::make_unique<v1::WorkflowDefinition>(*definition)));
  }
  return replies;
}

}  // namespace

void AddWorkflowRoutes(HttpApi& api, const WorkflowCatalog& workflows) {
  api.Add(http::verb::get, "/v1/workflows",
          {.handle = [list = ListReply(workflows)](const RequestContext& context) -> HandlerResult {
             return list->Reply(context, http::status::ok);
           },
           .from_memory = true});

  api.Add(http::verb::get, "/v1/workflows/{name}/versions/{version}",
          {.handle = [&workflows, replies = EachDefinitionReply(workflows)](
                         const RequestContext& context) -> HandlerResult {
             auto definition = FindDefinition(workflows, context);
             if (!definition) return std::unexpected(definition.error());
             return replies->at(*definition)->Reply(context, http::status::ok);
           },
           .from_memory = true});

  api.Add(http::verb::get, "/v1/workflows/{name}/versions/{version}/diagram",
          {.handle = [&workflows](const RequestContext& context) -> HandlerResult {
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
          }, .from_memory = true});
}

}  // namespace ombudsflow::api
