#include "engine/workflow_catalog.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <regex>
#include <set>

namespace ombudsflow {
namespace {

using google::protobuf::TextFormat;

class ProblemList {
 public:
  explicit ProblemList(std::string file_name) : file_name_(std::move(file_name)) {}

  // `line` is zero-based, as protobuf's parser reports it.
  void Add(int line, const std::string& problem) {
    lines_.push_back(file_name_ + ":" + std::to_string(line + 1) + ": " + problem);
  }
  [[nodiscard]] bool empty() const { return lines_.empty(); }
  [[nodiscard]] const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::string file_name_;
  std::vector<std::string> lines_;
};

class CollectParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  explicit CollectParseErrors(ProblemList& problems) : problems_(problems) {}
  void AddError(int line, google::protobuf::io::ColumnNumber, const std::string& message) override {
    problems_.Add(line, message);
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber, const std::string& message) override {
    problems_.Add(line, "warning: " + message);
  }

 private:
  ProblemList& problems_;
};

// Where a field of a parsed message was written, for error messages.
class Locations {
 public:
  explicit Locations(const TextFormat::ParseInfoTree& tree) : tree_(tree) {}

  int Line(const google::protobuf::Message& message, std::string_view field,
           int index = -1) const {
    const auto* descriptor = message.GetDescriptor()->FindFieldByName(std::string(field));
    return descriptor ? tree_.GetLocation(descriptor, index).line : 0;
  }
  int StateLine(const v1::WorkflowDefinition& definition, int state_index,
                std::string_view field) const {
    const auto* state_field = definition.GetDescriptor()->FindFieldByName("state");
    const auto* nested = tree_.GetTreeForNested(state_field, state_index);
    if (nested == nullptr) return Line(definition, "state", state_index);
    const auto* descriptor = v1::State::descriptor()->FindFieldByName(std::string(field));
    const int line = nested->GetLocation(descriptor, -1).line;
    return line >= 0 ? line : Line(definition, "state", state_index);
  }

 private:
  const TextFormat::ParseInfoTree& tree_;
};

bool IsIdentifier(const std::string& name) {
  static const std::regex kShape("[a-z][a-z0-9_]*");
  return std::regex_match(name, kShape);
}

void CheckDefinition(const v1::WorkflowDefinition& definition, const Locations& where,
                     ProblemList& problems) {
  if (!IsIdentifier(definition.name())) {
    problems.Add(where.Line(definition, "name"),
                 "workflow name '" + definition.name() +
                     "' must be lower-case letters, digits and underscores");
  }
  if (definition.version() == 0) {
    problems.Add(where.Line(definition, "version"), "version must be 1 or higher");
  }
  if (definition.state_size() == 0) {
    problems.Add(0, "the workflow defines no state");
  }
  std::set<std::string> names;
  for (int i = 0; i < definition.state_size(); ++i) {
    const v1::State& state = definition.state(i);
    if (!IsIdentifier(state.name())) {
      problems.Add(where.StateLine(definition, i, "name"),
                   "state name '" + state.name() +
                       "' must be lower-case letters, digits and underscores");
    } else if (!names.insert(state.name()).second) {
      problems.Add(where.StateLine(definition, i, "name"),
                   "state '" + state.name() + "' is defined twice");
    }
  }
  if (definition.initial_state().empty()) {
    problems.Add(0, "initial_state is missing");
  } else if (!names.contains(definition.initial_state())) {
    problems.Add(where.Line(definition, "initial_state"),
                 "initial_state '" + definition.initial_state() + "' is not a defined state");
  }
}

Error ProblemsError(const std::vector<std::string>& lines) {
  std::string message;
  for (const auto& line : lines) {
    if (!message.empty()) message += '\n';
    message += line;
  }
  return InvalidArgument(message);
}

}  // namespace

Result<v1::WorkflowDefinition> ParseWorkflowDefinition(const WorkflowSource& source) {
  ProblemList problems(source.file_name);
  CollectParseErrors collector(problems);
  TextFormat::ParseInfoTree tree;
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  parser.WriteLocationsTo(&tree);
  v1::WorkflowDefinition definition;
  if (!parser.ParseFromString(source.text, &definition)) {
    if (problems.empty()) problems.Add(0, "not a valid workflow definition");
    return std::unexpected(ProblemsError(problems.lines()));
  }
  CheckDefinition(definition, Locations(tree), problems);
  if (!problems.empty()) return std::unexpected(ProblemsError(problems.lines()));
  return definition;
}

Result<WorkflowCatalog> WorkflowCatalog::Build(const std::vector<WorkflowSource>& sources) {
  WorkflowCatalog catalog;
  std::vector<std::string> problems;
  std::map<std::pair<std::string, std::uint32_t>, std::string> seen_in;
  for (const auto& source : sources) {
    auto definition = ParseWorkflowDefinition(source);
    if (!definition) {
      problems.push_back(definition.error().message);
      continue;
    }
    auto key = std::make_pair(definition->name(), definition->version());
    if (auto [it, inserted] = seen_in.emplace(key, source.file_name); !inserted) {
      problems.push_back(source.file_name + ":1: workflow '" + key.first + "' version " +
                         std::to_string(key.second) + " is already defined in " + it->second);
      continue;
    }
    catalog.definitions_.emplace(std::move(key), std::move(*definition));
  }
  if (!problems.empty()) return std::unexpected(ProblemsError(problems));
  return catalog;
}

const v1::WorkflowDefinition* WorkflowCatalog::Newest(std::string_view name) const {
  const v1::WorkflowDefinition* newest = nullptr;
  for (const auto& [key, definition] : definitions_) {
    if (key.first == name) newest = &definition;  // the map orders versions ascending
  }
  return newest;
}

const v1::WorkflowDefinition* WorkflowCatalog::Find(std::string_view name,
                                                    std::uint32_t version) const {
  auto it = definitions_.find(std::make_pair(std::string(name), version));
  return it == definitions_.end() ? nullptr : &it->second;
}

}  // namespace ombudsflow
