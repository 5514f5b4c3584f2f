#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ombudsflow::testing {

/// Starts `args` (args[0] is the program, an absolute path or one found on
/// PATH) with stdout and stderr to `output_path`, and waits until it prints
/// "listening <what follows>" on a line of its own. Returns the child's pid
/// and what followed "listening ". Throws with the output when it exits
/// first or is silent for `seconds`; `hint` says what to install or run.
struct ListeningChild {
  pid_t pid = -1;
  std::string listening;
};
[[nodiscard]] ListeningChild StartListeningChild(std::vector<std::string> args, const std::string& output_path,
                                                 const std::string& hint, int seconds = 20);

/// Stops a child started so: `signal`, then waits for it.
void StopChild(pid_t pid, int signal);

}  // namespace ombudsflow::testing
