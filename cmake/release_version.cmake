# Writes OUT, a header naming the release this build is: git's description
# of the source tree (a tag such as v0.2.0, or v0.2.0-3-gabc1234-dirty
# between releases), or "unknown" for a tree without git (a tarball).
# Run at every build; the file is rewritten only when the name changed, so
# a build that changed nothing rebuilds nothing.
execute_process(COMMAND git -C "${SOURCE}" describe --tags --always --dirty --match "v*"
                OUTPUT_VARIABLE release OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR release STREQUAL "")
  set(release "unknown")
endif()
file(CONFIGURE OUTPUT "${OUT}" CONTENT "#pragma once\n#define OMBUDSFLOW_RELEASE \"${release}\"\n" @ONLY)
