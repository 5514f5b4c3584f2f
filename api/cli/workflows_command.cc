#include <iostream>

#include "api/cli/cli_common.h"
#include "engine/service/workflow_files.h"

namespace ombudsflow::cli {

int RunWorkflows(const std::vector<std::string>& args) {
  po::options_description options("workflows check options");
  options.add_options()
      ("help,h", "show this help")
      ("action", po::value<std::string>()->required(), "check")
      ("dir", po::value<std::string>()->required(), "folder of *.textproto definitions");
  po::positional_options_description positional;
  positional.add("action", 1).add("dir", 1);
  po::variables_map values;
  if (auto done = ParseArgs(args, options, &positional, "usage: ombudsflow workflows check DIR",
                            values)) {
    return *done;
  }
  if (values["action"].as<std::string>() != "check") {
    PrintError("unknown workflows action '" + values["action"].as<std::string>() +
               "': use 'check'");
    return kExitUsage;
  }
  const RuleRegistry rules = RuleRegistry::Standard();
  auto catalog = service::LoadWorkflowDirectory(values["dir"].as<std::string>(), rules);
  if (!catalog) {
    std::cerr << catalog.error().message << std::endl;
    return kExitFailure;
  }
  std::cout << catalog->size() << " workflow definition(s) valid" << std::endl;
  return kExitOk;
}

}  // namespace ombudsflow::cli
