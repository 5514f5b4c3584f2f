#include "engine/core/policy/view.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>

#include <map>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "engine/core/base/uuid.h"
#include "engine/core/rules/disclosure.h"
#include "engine/core/rules/personal_data.h"
#include "ombudsflow/v1/field_options.pb.h"

namespace ombudsflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsWellKnown(const Descriptor& type) { return type.file()->package() == "google.protobuf"; }

// Texts inside a Struct, Value or ListValue, masked for outsiders.
void MaskValue(google::protobuf::Value& value);

void MaskStruct(google::protobuf::Struct& fields) {
  for (auto& [key, value] : *fields.mutable_fields()) MaskValue(value);
}

void MaskValue(google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue:
      // A payload's UUIDs (complaintId) are the server's, not personal data.
      if (!IsUuid(value.string_value())) value.set_string_value(WithNeverDisclosedMasked(value.string_value()));
      break;
    case google::protobuf::Value::kStructValue:
      MaskStruct(*value.mutable_struct_value());
      break;
    case google::protobuf::Value::kListValue:
      for (auto& item : *value.mutable_list_value()->mutable_values()) MaskValue(item);
      break;
    default:
      break;
  }
}

// The CPR numbers in a string field, single or repeated, masked.
void MaskTextField(Message& message, const FieldDescriptor& field) {
  const Reflection& reflection = *message.GetReflection();
  if (!field.is_repeated()) {
    reflection.SetString(&message, &field, WithNeverDisclosedMasked(reflection.GetString(message, &field)));
    return;
  }
  for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
    reflection.SetRepeatedString(&message, &field, i,
                                 WithNeverDisclosedMasked(reflection.GetRepeatedString(message, &field, i)));
  }
}

// Every string of `message` masked, fields not filtered (map entries and
// well-known types, whose visibility is the holding field's).
void MaskAllText(Message& message) {
  if (auto* structure = dynamic_cast<google::protobuf::Struct*>(&message)) return MaskStruct(*structure);
  if (auto* value = dynamic_cast<google::protobuf::Value*>(&message)) return MaskValue(*value);
  if (auto* list = dynamic_cast<google::protobuf::ListValue*>(&message)) {
    for (auto& item : *list->mutable_values()) MaskValue(item);
    return;
  }
  const Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      MaskTextField(message, *field);
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
          MaskAllText(*reflection.MutableRepeatedMessage(&message, field, i));
        }
      } else {
        MaskAllText(*reflection.MutableMessage(&message, field));
      }
    }
  }
}

// Whether some field of `type`, at any depth, is hidden from `audience`
// (or, for outsiders, holds text that must be masked). Computed once per
// type and audience.
bool NeedsRestriction(const Descriptor& type, Audience audience);

bool ComputeNeedsRestriction(const Descriptor& type, Audience audience, std::map<const Descriptor*, bool>& visiting) {
  if (auto it = visiting.find(&type); it != visiting.end()) return it->second;
  visiting[&type] = false;  // a recursive type is decided by its other fields
  bool needs = false;
  for (int i = 0; i < type.field_count() && !needs; ++i) {
    const FieldDescriptor& field = *type.field(i);
    if (!IsVisibleTo(field, audience)) {
      needs = true;
    } else if (audience != Audience::kOffice &&
               (field.cpp_type() == FieldDescriptor::CPPTYPE_STRING ||
                (field.message_type() != nullptr && (IsWellKnown(*field.message_type()) || field.is_map())))) {
      needs = true;  // outsiders' text is masked
    } else if (field.message_type() != nullptr && !field.is_map() && !IsWellKnown(*field.message_type())) {
      needs = ComputeNeedsRestriction(*field.message_type(), audience, visiting);
    }
  }
  visiting[&type] = needs;
  return needs;
}

bool NeedsRestriction(const Descriptor& type, Audience audience) {
  static std::shared_mutex mutex;
  static std::map<std::pair<const Descriptor*, Audience>, bool> cache;
  {
    std::shared_lock lock(mutex);
    if (auto it = cache.find({&type, audience}); it != cache.end()) return it->second;
  }
  std::map<const Descriptor*, bool> visiting;
  const bool needs = ComputeNeedsRestriction(type, audience, visiting);
  std::unique_lock lock(mutex);
  cache[{&type, audience}] = needs;
  return needs;
}

}  // namespace

Audience AudienceOf(const Actor* actor) {
  if (actor == nullptr) return Audience::kPublic;
  return actor->role == Role::kDepartment ? Audience::kDepartment : Audience::kOffice;
}

bool IsVisibleTo(const FieldDescriptor& field, Audience audience) {
  const v1::Audience widest = field.options().GetExtension(v1::visible_to);
  return widest != v1::AUDIENCE_UNSPECIFIED && static_cast<int>(widest) <= static_cast<int>(audience);
}

void RestrictToAudience(Message& message, Audience audience) {
  const Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  const bool outsider = audience != Audience::kOffice;
  for (const FieldDescriptor* field : fields) {
    if (!IsVisibleTo(*field, audience)) {
      reflection.ClearField(&message, field);
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      const bool leaf = field->is_map() || IsWellKnown(*field->message_type());
      const int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
      for (int i = 0; i < count; ++i) {
        Message& child = field->is_repeated() ? *reflection.MutableRepeatedMessage(&message, field, i)
                                              : *reflection.MutableMessage(&message, field);
        if (!leaf) {
          RestrictToAudience(child, audience);
        } else if (outsider) {
          MaskAllText(child);
        }
      }
    } else if (outsider && field->type() == FieldDescriptor::TYPE_STRING &&
               !field->options().GetExtension(v1::identifier)) {
      MaskTextField(message, *field);
    }
  }
}

const Message& ViewFor(const Message& message, Audience audience, std::unique_ptr<Message>& storage) {
  if (!NeedsRestriction(*message.GetDescriptor(), audience)) return message;
  storage.reset(message.New());
  storage->CopyFrom(message);
  RestrictToAudience(*storage, audience);
  return *storage;
}

}  // namespace ombudsflow
