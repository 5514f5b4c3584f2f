#include "engine/core/codec/request_limits.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>
#include <unicode/utf8.h>

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/text.h"
#include "ombudsflow/v1/field_options.pb.h"

namespace ombudsflow {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsValidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t at = 0; at < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, at, length, c);
    if (c < 0) return false;
  }
  return true;
}

class LimitCheck {
 public:
  void Message(const google::protobuf::Message& message, const std::string& path, int depth) {
    if (depth > kMaxRequestDepth) return Add(path, "is nested deeper than " + std::to_string(kMaxRequestDepth) + " levels");
    if (const auto* timestamp = dynamic_cast<const google::protobuf::Timestamp*>(&message)) {
      return Timestamp(*timestamp, path);
    }
    if (const auto* structure = dynamic_cast<const google::protobuf::Struct*>(&message)) {
      return Struct(*structure, path, depth);
    }
    if (const auto* value = dynamic_cast<const google::protobuf::Value*>(&message)) {
      return Value(*value, path, depth);
    }
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string field_path = path.empty() ? field->name() : path + "." + field->name();
      const int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
      for (int i = 0; i < count; ++i) {
        const std::string item = field->is_repeated() ? field_path + "[" + std::to_string(i) + "]" : field_path;
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
          std::string scratch;
          const std::string& text = field->is_repeated()
                                        ? reflection.GetRepeatedStringReference(message, field, i, &scratch)
                                        : reflection.GetStringReference(message, field, &scratch);
          const std::uint32_t declared = field->options().GetExtension(v1::max_length);
          if (field->type() == FieldDescriptor::TYPE_STRING) {
            Text(text, item, declared == 0 ? kDefaultMaxTextLength : declared);
          }
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
          Enum(*field->enum_type(), field->is_repeated() ? reflection.GetRepeatedEnumValue(message, field, i)
                                                          : reflection.GetEnumValue(message, field),
               item);
        } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          Message(field->is_repeated() ? reflection.GetRepeatedMessage(message, field, i)
                                       : reflection.GetMessage(message, field),
                  item, depth + 1);
        }
      }
    }
  }

  [[nodiscard]] Result<void> Outcome() && {
    if (violations_.empty()) return {};
    return std::unexpected(InvalidArgument("the request breaks a limit on its fields", std::move(violations_)));
  }

 private:
  // `reason` words it on a page (messages' "violation_<reason>").
  void Add(const std::string& field, std::string description, std::string reason = "invalid") {
    // One hostile request could name thousands; the first few say enough.
    if (violations_.size() < 20) violations_.push_back({field, std::move(description), std::move(reason)});
  }

  void Text(const std::string& text, const std::string& path, std::size_t max_length) {
    if (!IsValidUtf8(text)) return Add(path, "is not valid UTF-8");
    if (text.find('\0') != std::string::npos) return Add(path, "must not contain NUL characters");
    if (Utf8Length(text) > max_length) {
      Add(path, "is longer than " + std::to_string(max_length) + " characters", "too_long");
    }
  }

  // proto3 keeps a number its enum does not define (binary, or a JSON
  // number) as that number; stored, it would break a database constraint.
  void Enum(const google::protobuf::EnumDescriptor& type, int number, const std::string& path) {
    if (type.FindValueByNumber(number) != nullptr) return;
    std::string names;
    for (int i = 0; i < type.value_count(); ++i) {
      if (type.value(i)->number() == 0) continue;  // the unset value is no answer
      names += (names.empty() ? "" : ", ") + type.value(i)->name();
    }
    Add(path, std::to_string(number) + " is not a " + type.name() + (names.empty() ? "" : " (" + names + ")"),
        "invalid_enum");
  }

  void Timestamp(const google::protobuf::Timestamp& timestamp, const std::string& path) {
    using google::protobuf::util::TimeUtil;
    if (timestamp.seconds() < TimeUtil::kTimestampMinSeconds || timestamp.seconds() > TimeUtil::kTimestampMaxSeconds ||
        timestamp.nanos() < 0 || timestamp.nanos() > 999'999'999) {
      Add(path, "must be a time between 0001-01-01 and 9999-12-31");
    }
  }

  void Struct(const google::protobuf::Struct& structure, const std::string& path, int depth) {
    for (const auto& [key, value] : structure.fields()) {
      const std::string key_path = path + "." + key.substr(0, kMaxInputKeyLength);
      if (Utf8Length(key) > kMaxInputKeyLength || key.find('\0') != std::string::npos || !IsValidUtf8(key)) {
        Add(key_path, "is not a field name (at most " + std::to_string(kMaxInputKeyLength) + " characters, no NUL)");
        continue;
      }
      Value(value, key_path, depth + 1);
    }
  }

  void Value(const google::protobuf::Value& value, const std::string& path, int depth) {
    if (depth > kMaxRequestDepth) return Add(path, "is nested deeper than " + std::to_string(kMaxRequestDepth) + " levels");
    switch (value.kind_case()) {
      case google::protobuf::Value::kStringValue:
        return Text(value.string_value(), path, kMaxInputTextLength);
      case google::protobuf::Value::kStructValue:
        return Struct(value.struct_value(), path, depth + 1);
      case google::protobuf::Value::kListValue: {
        int index = 0;
        for (const auto& item : value.list_value().values()) {
          Value(item, path + "[" + std::to_string(index++) + "]", depth + 1);
        }
        return;
      }
      default:
        return;
    }
  }

  std::vector<FieldViolation> violations_;
};

}  // namespace

Result<void> CheckRequestLimits(const google::protobuf::Message& request) {
  LimitCheck check;
  check.Message(request, "", 0);
  return std::move(check).Outcome();
}

}  // namespace ombudsflow
