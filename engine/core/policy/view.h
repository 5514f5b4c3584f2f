#pragma once

#include <google/protobuf/message.h>

#include <memory>

#include "engine/core/policy/role.h"

namespace ombudsflow {

/// Who a response is for. Each sees what the ones before it see.
enum class Audience { kPublic = 1, kDepartment = 2, kOffice = 3 };

/// A caller without a token is the public; a department token a department;
/// every office role (administrators included) the office.
[[nodiscard]] Audience AudienceOf(const Actor* actor);

/// Whether `audience` may see `field`: its `(ombudsflow.v1.visible_to)`
/// option names this audience or a narrower one. A field with no option is
/// seen by nobody (views are allow-lists).
[[nodiscard]] bool IsVisibleTo(const google::protobuf::FieldDescriptor& field, Audience audience);

/// Reduces `message`, in place, to what `audience` may see: fields it may
/// not see are cleared, at every depth, and for anyone outside the office
/// every CPR number in any text that remains is masked (010190-xxxx),
/// whatever got past the guards. Map entries and well-known types
/// (Struct, Timestamp, ...) take the visibility of the field holding them.
void RestrictToAudience(google::protobuf::Message& message, Audience audience);

/// `message` as `audience` may see it: `message` itself when nothing in its
/// type is hidden from `audience` (the common case for office staff, at no
/// cost), otherwise a restricted copy kept in `storage`.
[[nodiscard]] const google::protobuf::Message& ViewFor(const google::protobuf::Message& message,
                                                       Audience audience,
                                                       std::unique_ptr<google::protobuf::Message>& storage);

/// `message` as `reader` may see it (AudienceOf; null: the public): what a
/// service answers anyone outside the office with, so that no page and no
/// client has to remember to reduce it.
template <class T>
[[nodiscard]] T SeenBy(const Actor* reader, T message) {
  if (const Audience audience = AudienceOf(reader); audience != Audience::kOffice) {
    RestrictToAudience(message, audience);
  }
  return message;
}

}  // namespace ombudsflow
