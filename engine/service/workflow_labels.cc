#include "engine/service/workflow_labels.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/core/citizens/citizen_stage.h"

namespace ombudsflow::service {
namespace {

const std::set<std::string, std::less<>> kQueues = {"department", "decision", "approval"};

// A label in both languages, and its description (optional) in both too.
bool Complete(const v1::NamedLabel& label) {
  const bool described = label.has_description();
  return !label.label().da().empty() && !label.label().en().empty() &&
         (!described || (!label.description().da().empty() && !label.description().en().empty()));
}

}  // namespace

Result<WorkflowLabels> WorkflowLabels::Load(const std::filesystem::path& dir, const WorkflowCatalog& catalog) {
  WorkflowLabels labels;
  std::string problems;
  std::set<std::string> read;
  for (const v1::WorkflowDefinition* definition : catalog.All()) {
    const std::string& workflow = definition->name();
    const std::string file = workflow + "/" + kLabelsFile;
    if (read.insert(workflow).second) {
      std::ifstream in(dir / file);
      std::stringstream text;
      text << in.rdbuf();
      v1::WorkflowLabels parsed;
      if (!in || !google::protobuf::TextFormat::ParseFromString(text.str(), &parsed)) {
        problems += "\n" + file + ": missing or not a WorkflowLabels text proto";
        continue;
      }
      for (const auto& state : parsed.state()) {
        if (!state.queue().empty() && !kQueues.contains(state.queue())) {
          problems += "\n" + file + ": state " + state.name() + " names an unknown queue \"" + state.queue() + "\"";
        }
        // A product (a newsletter issue) has no citizen to show a stage to.
        if (definition->subject() == v1::SUBJECT_CASE && !IsCitizenStage(state.citizen_stage())) {
          problems += "\n" + file + ": state " + state.name() + " needs a citizen_stage, one of " + CitizenStageNames();
        }
        labels.states_[{workflow, state.name()}] = state;
      }
      for (const auto& transition : parsed.transition()) labels.transitions_[{workflow, transition.name()}] = transition;
    }
    for (const auto& state : definition->state()) {
      const v1::NamedLabel* label = labels.State(workflow, state.name());
      if (label == nullptr || !Complete(*label)) {
        problems += "\n" + file + ": state " + state.name() + " (version " + std::to_string(definition->version()) +
                    ") needs a Danish and an English label (and description, when it has one)";
      }
    }
    for (const auto& transition : definition->transition()) {
      const v1::NamedLabel* label = labels.Transition(workflow, transition.name());
      if (label == nullptr || !Complete(*label)) {
        problems += "\n" + file + ": transition " + transition.name() + " (version " +
                    std::to_string(definition->version()) + ") needs a Danish and an English label (and description, when it has one)";
      }
    }
  }
  if (!problems.empty()) return std::unexpected(InvalidArgument("workflow labels:" + problems));
  return labels;
}

const v1::NamedLabel* WorkflowLabels::State(std::string_view workflow, std::string_view state) const {
  auto found = states_.find(Key{std::string(workflow), std::string(state)});
  return found == states_.end() ? nullptr : &found->second;
}

std::string_view WorkflowLabels::CitizenStage(std::string_view workflow, std::string_view state) const {
  const v1::NamedLabel* label = State(workflow, state);
  return label == nullptr ? std::string_view() : std::string_view(label->citizen_stage());
}

const v1::NamedLabel* WorkflowLabels::Transition(std::string_view workflow, std::string_view transition) const {
  auto found = transitions_.find(Key{std::string(workflow), std::string(transition)});
  return found == transitions_.end() ? nullptr : &found->second;
}

std::vector<std::string> WorkflowLabels::StatesInQueue(std::string_view queue) const {
  std::set<std::string> states;
  for (const auto& [key, label] : states_) {
    if (label.queue() == queue) states.insert(key.second);
  }
  return {states.begin(), states.end()};
}

}  // namespace ombudsflow::service
