#include "engine/core/codec/proto_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ombudsflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Thrown (and caught in ToJson) on a well-known type this printer leaves
// to protobuf's.
struct Unsupported {};

enum class WellKnown { kNone, kTimestamp, kStruct, kValue, kListValue, kWrapper, kOther };

WellKnown Classify(const Descriptor& type) {
  const std::string& name = type.full_name();
  if (name.rfind("google.protobuf.", 0) != 0) return WellKnown::kNone;
  if (name == "google.protobuf.Timestamp") return WellKnown::kTimestamp;
  if (name == "google.protobuf.Struct") return WellKnown::kStruct;
  if (name == "google.protobuf.Value") return WellKnown::kValue;
  if (name == "google.protobuf.ListValue") return WellKnown::kListValue;
  if (name.ends_with("Value") && type.field_count() == 1 && type.field(0)->name() == "value") {
    return WellKnown::kWrapper;  // Int32Value, StringValue, ...
  }
  return WellKnown::kOther;
}

class Printer {
 public:
  Printer(std::string& out, bool print_defaults, const DefaultsFilter* filter = nullptr)
      : out_(out), print_defaults_(print_defaults), filter_(filter) {}

  void PrintMessage(const Message& message) {
    const Descriptor& type = *message.GetDescriptor();
    switch (Classify(type)) {
      case WellKnown::kNone:
        return PrintFields(message);
      case WellKnown::kTimestamp:
        return PrintTimestamp(message);
      case WellKnown::kStruct:
        return PrintStruct(message);
      case WellKnown::kValue:
        return PrintValue(message);
      case WellKnown::kListValue:
        return PrintListValue(message);
      case WellKnown::kWrapper:
        return PrintSingular(message, *type.field(0));
      case WellKnown::kOther:
        throw Unsupported{};
    }
  }

 private:
  void PrintFields(const Message& message) {
    const Descriptor& type = *message.GetDescriptor();
    const Reflection& reflection = *message.GetReflection();
    out_ += '{';
    bool first = true;
    // In field number order, as protobuf's printer writes them: a field
    // added to a oneof declared early comes after the later fields of
    // lower numbers.
    // Most types declare their fields in number order: no copy for them.
    bool in_order = true;
    for (int i = 1; i < type.field_count() && in_order; ++i) in_order = type.field(i - 1)->number() < type.field(i)->number();
    std::vector<const FieldDescriptor*> reordered;
    if (!in_order) {
      for (int i = 0; i < type.field_count(); ++i) reordered.push_back(type.field(i));
      std::sort(reordered.begin(), reordered.end(), ByNumber);
    }
    for (int i = 0; i < type.field_count(); ++i) {
      const FieldDescriptor& field = in_order ? *type.field(i) : *reordered[static_cast<std::size_t>(i)];
      if (!ShouldPrint(message, reflection, field)) continue;
      if (!first) out_ += ',';
      first = false;
      PrintString(field.json_name());
      out_ += ':';
      if (field.is_map()) {
        PrintMap(message, reflection, field);
      } else if (field.is_repeated()) {
        PrintRepeated(message, reflection, field);
      } else {
        PrintSingular(message, field);
      }
    }
    out_ += '}';
  }

  static bool ByNumber(const FieldDescriptor* a, const FieldDescriptor* b) { return a->number() < b->number(); }

  bool PrintsDefault(const FieldDescriptor& field) const {
    return print_defaults_ && (filter_ == nullptr || (*filter_)(field));
  }

  bool ShouldPrint(const Message& message, const Reflection& reflection, const FieldDescriptor& field) const {
    if (field.is_repeated()) return reflection.FieldSize(message, &field) > 0 || PrintsDefault(field);
    if (reflection.HasField(message, &field)) return true;
    // Unset messages, oneof members and proto3 optionals are absent, not default.
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE || field.containing_oneof() != nullptr) {
      return false;
    }
    return PrintsDefault(field);
  }

  void PrintRepeated(const Message& message, const Reflection& reflection, const FieldDescriptor& field) {
    out_ += '[';
    const int size = reflection.FieldSize(message, &field);
    for (int i = 0; i < size; ++i) {
      if (i > 0) out_ += ',';
      PrintElement(message, reflection, field, i);
    }
    out_ += ']';
  }

  void PrintMap(const Message& message, const Reflection& reflection, const FieldDescriptor& field) {
    const int size = reflection.FieldSize(message, &field);
    const FieldDescriptor& key_field = *field.message_type()->map_key();
    const FieldDescriptor& value_field = *field.message_type()->map_value();
    std::vector<std::pair<std::string, const Message*>> entries;
    entries.reserve(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) {
      const Message& entry = reflection.GetRepeatedMessage(message, &field, i);
      entries.emplace_back(MapKey(entry, key_field), &entry);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    out_ += '{';
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out_ += ',';
      PrintString(entries[i].first);
      out_ += ':';
      PrintSingular(*entries[i].second, value_field);
    }
    out_ += '}';
  }

  static std::string MapKey(const Message& entry, const FieldDescriptor& key) {
    const Reflection& reflection = *entry.GetReflection();
    switch (key.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        return reflection.GetString(entry, &key);
      case FieldDescriptor::CPPTYPE_BOOL:
        return reflection.GetBool(entry, &key) ? "true" : "false";
      case FieldDescriptor::CPPTYPE_INT32:
        return std::to_string(reflection.GetInt32(entry, &key));
      case FieldDescriptor::CPPTYPE_INT64:
        return std::to_string(reflection.GetInt64(entry, &key));
      case FieldDescriptor::CPPTYPE_UINT32:
        return std::to_string(reflection.GetUInt32(entry, &key));
      case FieldDescriptor::CPPTYPE_UINT64:
        return std::to_string(reflection.GetUInt64(entry, &key));
      default:
        throw Unsupported{};  // protobuf allows no other key types
    }
  }

  void PrintSingular(const Message& message, const FieldDescriptor& field) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return PrintInteger(reflection.GetInt32(message, &field), false);
      case FieldDescriptor::CPPTYPE_UINT32:
        return PrintInteger(reflection.GetUInt32(message, &field), false);
      case FieldDescriptor::CPPTYPE_INT64:
        return PrintInteger(reflection.GetInt64(message, &field), true);
      case FieldDescriptor::CPPTYPE_UINT64:
        return PrintInteger(reflection.GetUInt64(message, &field), true);
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return PrintDouble(reflection.GetDouble(message, &field));
      case FieldDescriptor::CPPTYPE_FLOAT:
        return PrintFloat(reflection.GetFloat(message, &field));
      case FieldDescriptor::CPPTYPE_BOOL:
        out_ += reflection.GetBool(message, &field) ? "true" : "false";
        return;
      case FieldDescriptor::CPPTYPE_ENUM:
        return PrintEnum(*field.enum_type(), reflection.GetEnumValue(message, &field));
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& value = reflection.GetStringReference(message, &field, &scratch);
        return field.type() == FieldDescriptor::TYPE_BYTES ? PrintBytes(value) : PrintString(value);
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return PrintMessage(reflection.GetMessage(message, &field));
    }
  }

  void PrintElement(const Message& message, const Reflection& reflection, const FieldDescriptor& field,
                    int i) {
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return PrintInteger(reflection.GetRepeatedInt32(message, &field, i), false);
      case FieldDescriptor::CPPTYPE_UINT32:
        return PrintInteger(reflection.GetRepeatedUInt32(message, &field, i), false);
      case FieldDescriptor::CPPTYPE_INT64:
        return PrintInteger(reflection.GetRepeatedInt64(message, &field, i), true);
      case FieldDescriptor::CPPTYPE_UINT64:
        return PrintInteger(reflection.GetRepeatedUInt64(message, &field, i), true);
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return PrintDouble(reflection.GetRepeatedDouble(message, &field, i));
      case FieldDescriptor::CPPTYPE_FLOAT:
        return PrintFloat(reflection.GetRepeatedFloat(message, &field, i));
      case FieldDescriptor::CPPTYPE_BOOL:
        out_ += reflection.GetRepeatedBool(message, &field, i) ? "true" : "false";
        return;
      case FieldDescriptor::CPPTYPE_ENUM:
        return PrintEnum(*field.enum_type(), reflection.GetRepeatedEnumValue(message, &field, i));
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& value = reflection.GetRepeatedStringReference(message, &field, i, &scratch);
        return field.type() == FieldDescriptor::TYPE_BYTES ? PrintBytes(value) : PrintString(value);
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return PrintMessage(reflection.GetRepeatedMessage(message, &field, i));
    }
  }

  template <class Integer>
  void PrintInteger(Integer value, bool quoted) {
    // 64-bit integers are strings in JSON: JavaScript's numbers lose them.
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    if (quoted) out_ += '"';
    out_.append(digits, end);
    if (quoted) out_ += '"';
  }

  // As protobuf's SimpleDtoa: the shorter of 15 and 17 significant digits
  // that reads back as the same value.
  void PrintDouble(double value) {
    if (PrintNonFinite(value)) return;
    char text[32];
    std::snprintf(text, sizeof text, "%.*g", DBL_DIG, value);
    if (std::strtod(text, nullptr) != value) std::snprintf(text, sizeof text, "%.*g", DBL_DIG + 2, value);
    out_ += text;
  }

  void PrintFloat(float value) {
    if (PrintNonFinite(value)) return;
    char text[32];
    std::snprintf(text, sizeof text, "%.*g", FLT_DIG, static_cast<double>(value));
    if (std::strtof(text, nullptr) != value) {
      std::snprintf(text, sizeof text, "%.*g", FLT_DIG + 3, static_cast<double>(value));
    }
    out_ += text;
  }

  bool PrintNonFinite(double value) {
    if (std::isnan(value)) {
      out_ += "\"NaN\"";
    } else if (std::isinf(value)) {
      out_ += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
      return false;
    }
    return true;
  }

  void PrintEnum(const google::protobuf::EnumDescriptor& type, int number) {
    if (type.full_name() == "google.protobuf.NullValue") {
      out_ += "null";
    } else if (const auto* value = type.FindValueByNumber(number)) {
      PrintString(value->name());
    } else {
      PrintInteger(number, false);  // a value this build does not know
    }
  }

  void PrintBytes(const std::string& value) {
    std::string encoded(4 * ((value.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                       reinterpret_cast<const unsigned char*>(value.data()),
                                       static_cast<int>(value.size()));
    encoded.resize(static_cast<std::size_t>(length));
    PrintString(encoded);
  }

  // Escapes as protobuf's JsonEscaping does: quotes, backslashes, control
  // characters, and '<', '>' (so JSON is safe inside HTML), U+2028/2029.
  void PrintString(std::string_view value) {
    out_ += '"';
    std::size_t plain = 0;  // start of the run not yet copied
    for (std::size_t i = 0; i < value.size(); ++i) {
      const auto byte = static_cast<unsigned char>(value[i]);
      const char* escape = nullptr;
      char unicode[8];
      switch (byte) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '<': escape = "\\u003c"; break;
        case '>': escape = "\\u003e"; break;
        default:
          if (byte < 0x20 || byte == 0x7f) {
            std::snprintf(unicode, sizeof unicode, "\\u%04x", byte);
            escape = unicode;
          } else if (byte == 0xe2 && i + 2 < value.size() && static_cast<unsigned char>(value[i + 1]) == 0x80 &&
                     (static_cast<unsigned char>(value[i + 2]) & 0xfe) == 0xa8) {
            escape = static_cast<unsigned char>(value[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
            out_.append(value.data() + plain, i - plain);
            out_ += escape;
            i += 2;
            plain = i + 1;
            continue;
          }
      }
      if (escape == nullptr) continue;
      out_.append(value.data() + plain, i - plain);
      out_ += escape;
      plain = i + 1;
    }
    out_.append(value.data() + plain, value.size() - plain);
    out_ += '"';
  }

  void PrintTimestamp(const Message& message) {
    // By reflection: the message may be a Timestamp of another pool.
    const Reflection& reflection = *message.GetReflection();
    const Descriptor& type = *message.GetDescriptor();
    google::protobuf::Timestamp timestamp;
    timestamp.set_seconds(reflection.GetInt64(message, type.FindFieldByName("seconds")));
    timestamp.set_nanos(reflection.GetInt32(message, type.FindFieldByName("nanos")));
    // Years 1 to 9999, as RFC 3339 allows; protobuf refuses the rest.
    if (timestamp.seconds() < -62'135'596'800 || timestamp.seconds() > 253'402'300'799 ||
        timestamp.nanos() < 0 || timestamp.nanos() > 999'999'999) {
      throw Unsupported{};
    }
    PrintString(google::protobuf::util::TimeUtil::ToString(timestamp));
  }

  // Struct, Value and ListValue through their generated classes when they
  // are (always, for the API's messages): reflection on a map field copies
  // the whole map into a list of entry messages first.
  void PrintStruct(const Message& message) {
    if (const auto* typed = dynamic_cast<const google::protobuf::Struct*>(&message)) return PrintTyped(*typed);
    const auto* fields = message.GetDescriptor()->FindFieldByName("fields");
    PrintMap(message, *message.GetReflection(), *fields);
  }

  void PrintListValue(const Message& message) {
    if (const auto* typed = dynamic_cast<const google::protobuf::ListValue*>(&message)) return PrintTyped(*typed);
    const auto* values = message.GetDescriptor()->FindFieldByName("values");
    PrintRepeated(message, *message.GetReflection(), *values);
  }

  void PrintValue(const Message& message) {
    if (const auto* typed = dynamic_cast<const google::protobuf::Value*>(&message)) return PrintTyped(*typed);
    const Reflection& reflection = *message.GetReflection();
    const auto* kind = message.GetDescriptor()->FindOneofByName("kind");
    const FieldDescriptor* set = reflection.GetOneofFieldDescriptor(message, kind);
    if (set == nullptr) throw Unsupported{};  // protobuf refuses an empty Value too
    if (set->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
      const double number = reflection.GetDouble(message, set);
      if (!std::isfinite(number)) throw Unsupported{};  // not representable in a Value
    }
    PrintSingular(message, *set);
  }

  void PrintTyped(const google::protobuf::Struct& object) {
    using Entry = google::protobuf::MapPair<std::string, google::protobuf::Value>;
    std::vector<const Entry*> entries;
    entries.reserve(object.fields().size());
    for (const auto& entry : object.fields()) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](const Entry* a, const Entry* b) { return a->first < b->first; });
    out_ += '{';
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out_ += ',';
      PrintString(entries[i]->first);
      out_ += ':';
      PrintTyped(entries[i]->second);
    }
    out_ += '}';
  }

  void PrintTyped(const google::protobuf::ListValue& list) {
    out_ += '[';
    for (int i = 0; i < list.values_size(); ++i) {
      if (i > 0) out_ += ',';
      PrintTyped(list.values(i));
    }
    out_ += ']';
  }

  void PrintTyped(const google::protobuf::Value& value) {
    switch (value.kind_case()) {
      case google::protobuf::Value::kNullValue:
        out_ += "null";
        return;
      case google::protobuf::Value::kNumberValue:
        if (!std::isfinite(value.number_value())) throw Unsupported{};  // not representable in a Value
        return PrintDouble(value.number_value());
      case google::protobuf::Value::kStringValue:
        return PrintString(value.string_value());
      case google::protobuf::Value::kBoolValue:
        out_ += value.bool_value() ? "true" : "false";
        return;
      case google::protobuf::Value::kStructValue:
        return PrintTyped(value.struct_value());
      case google::protobuf::Value::kListValue:
        return PrintTyped(value.list_value());
      case google::protobuf::Value::KIND_NOT_SET:
        throw Unsupported{};  // protobuf refuses an empty Value too
    }
  }

  std::string& out_;
  const bool print_defaults_;
  const DefaultsFilter* filter_;
};

}  // namespace

std::string ToJson(const google::protobuf::Message& message, bool print_defaults) {
  std::string out;
  out.reserve(512);
  try {
    Printer(out, print_defaults).PrintMessage(message);
    return out;
  } catch (const Unsupported&) {
    google::protobuf::util::JsonPrintOptions options;
    options.always_print_primitive_fields = print_defaults;
    out.clear();
    // Never empty text in place of a message (the audit hash covers it).
    if (const auto status = google::protobuf::util::MessageToJsonString(message, &out, options); !status.ok()) {
      throw std::runtime_error("cannot print " + message.GetTypeName() + " as JSON: " + std::string(status.message()));
    }
    return out;
  }
}

std::string ToJson(const google::protobuf::Message& message, const DefaultsFilter& print_default) {
  std::string out;
  out.reserve(512);
  try {
    Printer(out, true, &print_default).PrintMessage(message);
    return out;
  } catch (const Unsupported&) {
    // No API message holds a type that gets here; without defaults, nothing
    // hidden can show.
    return ToJson(message, false);
  }
}

}  // namespace ombudsflow
