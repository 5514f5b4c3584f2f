#include "engine/proto_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <limits>
#include <vector>

#include <nlohmann/json.hpp>

namespace ombudsflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using Json = nlohmann::json;

// Deeper documents go to protobuf's parser, which has its own limit.
constexpr int kMaxDepth = 64;

// Thrown (and caught in FromJson) wherever protobuf's parser should decide.
struct NotSure {};

// Refuses duplicate keys (which a JSON DOM folds into one) while nlohmann
// parses: protobuf decides what they mean.
class DuplicateKeyCheck {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        open_.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        open_.pop_back();
        break;
      case Json::parse_event_t::key: {
        auto& keys = open_.back();
        const auto& key = parsed.get_ref<const std::string&>();
        for (const auto& seen : keys) {
          if (seen == key) duplicate_ = true;
        }
        keys.push_back(key);
        break;
      }
      default:
        break;
    }
    return true;
  }
  [[nodiscard]] bool duplicate() const { return duplicate_; }

 private:
  std::vector<std::vector<std::string>> open_;
  bool duplicate_ = false;
};

template <class Integer>
Integer ToInteger(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(std::numeric_limits<Integer>::max())) throw NotSure{};
    return static_cast<Integer>(number);
  }
  if (value.is_number_integer()) {
    const auto number = value.get<std::int64_t>();
    if (number < static_cast<std::int64_t>(std::numeric_limits<Integer>::min()) ||
        (number > 0 && static_cast<std::uint64_t>(number) >
                           static_cast<std::uint64_t>(std::numeric_limits<Integer>::max()))) {
      throw NotSure{};
    }
    return static_cast<Integer>(number);
  }
  if (value.is_string()) {  // how 64-bit integers usually travel
    const auto& text = value.get_ref<const std::string&>();
    Integer number{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size()) throw NotSure{};
    return number;
  }
  throw NotSure{};  // fractions, exponents, booleans, ...
}

// nlohmann refuses numbers beyond a double's range, so every number is finite.
double ToDouble(const Json& value) {
  if (!value.is_number()) throw NotSure{};  // "NaN", "Infinity", "1.5" in quotes
  return value.get<double>();
}

class Reader {
 public:
  void ReadMessage(const Json& json, Message& message, int depth) {
    if (depth > kMaxDepth) throw NotSure{};
    const std::string& type = message.GetDescriptor()->full_name();
    if (type.rfind("google.protobuf.", 0) == 0) return ReadWellKnown(json, message, type, depth);
    if (!json.is_object()) throw NotSure{};
    const Descriptor& descriptor = *message.GetDescriptor();
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> seen;  // a field given by its name and its JSON name
    seen.reserve(json.size());
    for (const auto& [name, value] : json.items()) {
      const FieldDescriptor* field = FindField(descriptor, name);
      if (field == nullptr || value.is_null()) throw NotSure{};
      if (std::find(seen.begin(), seen.end(), field) != seen.end()) throw NotSure{};
      seen.push_back(field);
      if (const auto* oneof = field->containing_oneof();
          oneof != nullptr && reflection.GetOneofFieldDescriptor(message, oneof) != nullptr) {
        throw NotSure{};  // a second member of one oneof
      }
      if (field->is_map()) {
        ReadMap(value, message, *field, depth);
      } else if (field->is_repeated()) {
        if (!value.is_array()) throw NotSure{};
        for (const auto& element : value) AddElement(element, message, *field, depth);
      } else {
        SetField(value, message, *field, depth);
      }
    }
  }

 private:
  static const FieldDescriptor* FindField(const Descriptor& descriptor, const std::string& name) {
    for (int i = 0; i < descriptor.field_count(); ++i) {
      const FieldDescriptor* field = descriptor.field(i);
      if (field->json_name() == name || field->name() == name) return field;
    }
    return nullptr;
  }

  // Through the generated classes; a well-known type of another pool (a
  // DynamicMessage) is left to protobuf.
  template <class Generated>
  static Generated& As(Message& message) {
    auto* typed = dynamic_cast<Generated*>(&message);
    if (typed == nullptr) throw NotSure{};
    return *typed;
  }

  void ReadWellKnown(const Json& json, Message& message, const std::string& type, int depth) {
    if (type == "google.protobuf.Struct") {
      if (!json.is_object()) throw NotSure{};
      auto& fields = *As<google::protobuf::Struct>(message).mutable_fields();
      for (const auto& [key, value] : json.items()) ReadValue(value, fields[key], depth + 1);
    } else if (type == "google.protobuf.Value") {
      ReadValue(json, As<google::protobuf::Value>(message), depth);
    } else if (type == "google.protobuf.ListValue") {
      if (!json.is_array()) throw NotSure{};
      auto& list = As<google::protobuf::ListValue>(message);
      for (const auto& element : json) ReadValue(element, *list.add_values(), depth + 1);
    } else if (type == "google.protobuf.Timestamp") {
      if (!json.is_string()) throw NotSure{};
      if (!google::protobuf::util::TimeUtil::FromString(json.get_ref<const std::string&>(),
                                                        &As<google::protobuf::Timestamp>(message))) {
        throw NotSure{};
      }
    } else {
      throw NotSure{};  // Any, Duration, FieldMask, wrappers, Empty
    }
  }

  void ReadValue(const Json& json, google::protobuf::Value& value, int depth) {
    if (depth > kMaxDepth) throw NotSure{};
    switch (json.type()) {
      case Json::value_t::null:
        value.set_null_value(google::protobuf::NULL_VALUE);
        break;
      case Json::value_t::boolean:
        value.set_bool_value(json.get<bool>());
        break;
      case Json::value_t::number_integer:
      case Json::value_t::number_unsigned:
      case Json::value_t::number_float:
        value.set_number_value(json.get<double>());
        break;
      case Json::value_t::string:
        value.set_string_value(json.get_ref<const std::string&>());
        break;
      case Json::value_t::object:
        ReadWellKnown(json, *value.mutable_struct_value(), "google.protobuf.Struct", depth + 1);
        break;
      case Json::value_t::array:
        ReadWellKnown(json, *value.mutable_list_value(), "google.protobuf.ListValue", depth + 1);
        break;
      default:
        throw NotSure{};
    }
  }

  void ReadMap(const Json& json, Message& message, const FieldDescriptor& field, int depth) {
    if (!json.is_object()) throw NotSure{};
    const FieldDescriptor& key = *field.message_type()->map_key();
    const FieldDescriptor& mapped = *field.message_type()->map_value();
    if (key.cpp_type() != FieldDescriptor::CPPTYPE_STRING) throw NotSure{};
    const Reflection& reflection = *message.GetReflection();
    for (const auto& [name, value] : json.items()) {
      if (value.is_null()) throw NotSure{};
      Message& entry = *reflection.AddMessage(&message, &field);
      entry.GetReflection()->SetString(&entry, &key, name);
      SetField(value, entry, mapped, depth + 1);
    }
  }

  void SetField(const Json& value, Message& message, const FieldDescriptor& field, int depth) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return reflection.SetInt32(&message, &field, ToInteger<std::int32_t>(value));
      case FieldDescriptor::CPPTYPE_UINT32:
        return reflection.SetUInt32(&message, &field, ToInteger<std::uint32_t>(value));
      case FieldDescriptor::CPPTYPE_INT64:
        return reflection.SetInt64(&message, &field, ToInteger<std::int64_t>(value));
      case FieldDescriptor::CPPTYPE_UINT64:
        return reflection.SetUInt64(&message, &field, ToInteger<std::uint64_t>(value));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return reflection.SetDouble(&message, &field, ToDouble(value));
      case FieldDescriptor::CPPTYPE_FLOAT:
        throw NotSure{};  // no API message has a float
      case FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_boolean()) throw NotSure{};
        return reflection.SetBool(&message, &field, value.get<bool>());
      case FieldDescriptor::CPPTYPE_ENUM:
        return reflection.SetEnumValue(&message, &field, EnumNumber(value, field));
      case FieldDescriptor::CPPTYPE_STRING:
        if (!value.is_string() || field.type() == FieldDescriptor::TYPE_BYTES) throw NotSure{};
        return reflection.SetString(&message, &field, value.get<std::string>());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return ReadMessage(value, *reflection.MutableMessage(&message, &field), depth + 1);
    }
  }

  void AddElement(const Json& value, Message& message, const FieldDescriptor& field, int depth) {
    if (value.is_null()) throw NotSure{};
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return reflection.AddInt32(&message, &field, ToInteger<std::int32_t>(value));
      case FieldDescriptor::CPPTYPE_UINT32:
        return reflection.AddUInt32(&message, &field, ToInteger<std::uint32_t>(value));
      case FieldDescriptor::CPPTYPE_INT64:
        return reflection.AddInt64(&message, &field, ToInteger<std::int64_t>(value));
      case FieldDescriptor::CPPTYPE_UINT64:
        return reflection.AddUInt64(&message, &field, ToInteger<std::uint64_t>(value));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return reflection.AddDouble(&message, &field, ToDouble(value));
      case FieldDescriptor::CPPTYPE_FLOAT:
        throw NotSure{};
      case FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_boolean()) throw NotSure{};
        return reflection.AddBool(&message, &field, value.get<bool>());
      case FieldDescriptor::CPPTYPE_ENUM:
        return reflection.AddEnumValue(&message, &field, EnumNumber(value, field));
      case FieldDescriptor::CPPTYPE_STRING:
        if (!value.is_string() || field.type() == FieldDescriptor::TYPE_BYTES) throw NotSure{};
        return reflection.AddString(&message, &field, value.get<std::string>());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return ReadMessage(value, *reflection.AddMessage(&message, &field), depth + 1);
    }
  }

  static int EnumNumber(const Json& value, const FieldDescriptor& field) {
    if (!value.is_string() || field.enum_type()->full_name() == "google.protobuf.NullValue") throw NotSure{};
    const auto* known = field.enum_type()->FindValueByName(value.get_ref<const std::string&>());
    if (known == nullptr) throw NotSure{};
    return known->number();
  }
};

}  // namespace

bool ReadJsonByReflection(std::string_view json, google::protobuf::Message& message) {
  message.Clear();
  // nlohmann skips a byte order mark; protobuf decides about one.
  if (json.starts_with("\xEF\xBB\xBF")) return false;
  DuplicateKeyCheck duplicates;
  const Json document = Json::parse(json.begin(), json.end(), std::ref(duplicates), /*allow_exceptions=*/false);
  if (document.is_discarded() || duplicates.duplicate()) return false;
  try {
    Reader().ReadMessage(document, message, 0);
    return true;
  } catch (const NotSure&) {
    message.Clear();
    return false;
  }
}

google::protobuf::util::Status FromJson(std::string_view json, google::protobuf::Message& message) {
  if (ReadJsonByReflection(json, message)) return {};
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  return google::protobuf::util::JsonStringToMessage(google::protobuf::StringPiece(json.data(), json.size()),
                                                     &message, options);
}

}  // namespace ombudsflow
