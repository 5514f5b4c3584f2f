#pragma once

#include <google/protobuf/struct.pb.h>

#include <functional>
#include <optional>
#include <string>

#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {

/// What is wrong with an input declaration (name, type, choices, lengths,
/// labels and help in both languages); nullopt when nothing is. `required`
/// is the loader's to set, never a declaration's.
[[nodiscard]] std::optional<std::string> DeclarationProblem(const v1::InputField& field);

/// Why `value` is not of `field`'s type ("must be true or false (BOOL)"),
/// or nullopt when it is. Pure shape: whether the complaint points named
/// exist on the case is for the rules to say.
[[nodiscard]] std::optional<std::string> TypeMismatch(const v1::InputField& field,
                                                      const google::protobuf::Value& value);

}  // namespace ombudsflow
