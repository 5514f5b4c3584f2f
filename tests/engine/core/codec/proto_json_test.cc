// engine/proto_json against protobuf's own JSON printer: every message type
// of the API, filled at random, must print the same JSON (byte for byte
// where member order is not in play) and read back to the same message.
#include "engine/core/codec/proto_json.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/wrappers.pb.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "ombudsflow/v1/alerts.pb.h"
#include "ombudsflow/v1/complaints.pb.h"
#include "ombudsflow/v1/error.pb.h"
#include "ombudsflow/v1/health.pb.h"
#include "ombudsflow/v1/publication.pb.h"
#include "ombudsflow/v1/webhooks.pb.h"
#include "ombudsflow/v1/workflow.pb.h"

namespace ombudsflow {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string Protobufs(const Message& message, bool print_defaults) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = print_defaults;
  std::string out;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &out, options).ok());
  return out;
}

// JSON text as a google.protobuf.Value, printed with object members sorted.
std::string Canonical(const std::string& json) {
  google::protobuf::Value value;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &value).ok()) << json;
  return ToJson(value, false);
}

// Fills messages with random values of every kind the printer meets.
class Filler {
 public:
  explicit Filler(unsigned seed) : random_(seed) {}

  // Whether a map with two or more entries was filled: protobuf prints
  // those in its hash order, so only the meaning can be compared.
  bool multi_entry_map = false;

  void Fill(Message& message, int depth) {
    const Descriptor& type = *message.GetDescriptor();
    const Reflection& reflection = *message.GetReflection();
    // Well-known types are filled as generated messages and copied over in
    // binary, which also serves their DynamicMessage twins of another pool.
    if (type.full_name() == "google.protobuf.Timestamp") {
      google::protobuf::Timestamp timestamp;
      timestamp.set_seconds(Pick<std::int64_t>({0, 1'780'308'000, 1'795'000'000}));
      timestamp.set_nanos(Pick<int>({0, 123'000'000, 123'456'000, 123'456'789, 1}));
      return CopyInto(timestamp, message);
    }
    if (type.full_name() == "google.protobuf.Value") {
      google::protobuf::Value value;
      FillValue(value, depth);
      return CopyInto(value, message);
    }
    if (type.full_name() == "google.protobuf.Struct") {
      google::protobuf::Struct fields;
      FillStruct(fields, depth);
      return CopyInto(fields, message);
    }
    for (int i = 0; i < type.field_count(); ++i) {
      const FieldDescriptor& field = *type.field(i);
      if (Chance(3)) continue;  // left at its default
      if (field.containing_oneof() != nullptr &&
          reflection.GetOneofFieldDescriptor(message, field.containing_oneof()) != nullptr) {
        continue;
      }
      if (field.is_map()) {
        const FieldDescriptor& key = *field.message_type()->map_key();
        const bool bool_key = key.cpp_type() == FieldDescriptor::CPPTYPE_BOOL;
        const int entries = Uniform(0, bool_key ? 2 : 3);
        multi_entry_map = multi_entry_map || entries >= 2;
        for (int e = 0; e < entries; ++e) {
          Message& entry = *reflection.AddMessage(&message, &field);
          SetKey(entry, key, e);  // distinct keys: a map keeps one of each
          SetOne(entry, *entry.GetDescriptor()->map_value(), depth + 1);
        }
      } else if (field.is_repeated()) {
        const int count = Uniform(0, 3);
        for (int e = 0; e < count; ++e) AddOne(message, field, depth + 1);
      } else {
        SetOne(message, field, depth + 1);
      }
    }
  }

 private:
  static void CopyInto(const Message& from, Message& to) {
    ASSERT_TRUE(to.ParseFromString(from.SerializeAsString())) << to.GetTypeName();
  }

  static void SetKey(Message& entry, const FieldDescriptor& key, int e) {
    const Reflection& reflection = *entry.GetReflection();
    switch (key.cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING: return reflection.SetString(&entry, &key, "k" + std::to_string(e));
      case FieldDescriptor::CPPTYPE_BOOL: return reflection.SetBool(&entry, &key, e == 1);
      case FieldDescriptor::CPPTYPE_INT32: return reflection.SetInt32(&entry, &key, e * 7 - 3);
      case FieldDescriptor::CPPTYPE_INT64: return reflection.SetInt64(&entry, &key, e * 7 - 3);
      case FieldDescriptor::CPPTYPE_UINT32: return reflection.SetUInt32(&entry, &key, static_cast<unsigned>(e) * 7);
      case FieldDescriptor::CPPTYPE_UINT64: return reflection.SetUInt64(&entry, &key, static_cast<unsigned>(e) * 7);
      default: FAIL() << "no such map key type";
    }
  }

  void FillValue(google::protobuf::Value& value, int depth) {
    switch (Uniform(0, depth > 3 ? 3 : 5)) {
      case 0: value.set_null_value(google::protobuf::NULL_VALUE); break;
      case 1: value.set_number_value(Double()); break;
      case 2: value.set_string_value(Text()); break;
      case 3: value.set_bool_value(Chance(2)); break;
      case 4: FillStruct(*value.mutable_struct_value(), depth + 1); break;
      default: {
        auto& list = *value.mutable_list_value();  // set, even when empty
        const int count = Uniform(0, 3);
        for (int i = 0; i < count; ++i) FillValue(*list.add_values(), depth + 1);
      }
    }
  }

  void FillStruct(google::protobuf::Struct& fields, int depth) {
    const int count = Uniform(0, 3);
    multi_entry_map = multi_entry_map || count >= 2;
    for (int i = 0; i < count; ++i) FillValue((*fields.mutable_fields())[Text()], depth + 1);
  }

  void SetOne(Message& message, const FieldDescriptor& field, int depth) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: return reflection.SetInt32(&message, &field, Pick<int>({0, -7, 42, 2147483647}));
      case FieldDescriptor::CPPTYPE_UINT32: return reflection.SetUInt32(&message, &field, Pick<unsigned>({0, 3, 4294967295u}));
      case FieldDescriptor::CPPTYPE_INT64: return reflection.SetInt64(&message, &field, Pick<std::int64_t>({0, -9, 9007199254740993}));
      case FieldDescriptor::CPPTYPE_UINT64: return reflection.SetUInt64(&message, &field, Pick<std::uint64_t>({0, 18446744073709551615u}));
      case FieldDescriptor::CPPTYPE_DOUBLE: return reflection.SetDouble(&message, &field, Double());
      case FieldDescriptor::CPPTYPE_FLOAT: return reflection.SetFloat(&message, &field, static_cast<float>(Double()));
      case FieldDescriptor::CPPTYPE_BOOL: return reflection.SetBool(&message, &field, Chance(2));
      case FieldDescriptor::CPPTYPE_ENUM: return reflection.SetEnumValue(&message, &field, Enum(field));
      case FieldDescriptor::CPPTYPE_STRING: return reflection.SetString(&message, &field, Text());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < 4) Fill(*reflection.MutableMessage(&message, &field), depth);
        return;
    }
  }

  void AddOne(Message& message, const FieldDescriptor& field, int depth) {
    const Reflection& reflection = *message.GetReflection();
    switch (field.cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32: return reflection.AddInt32(&message, &field, Pick<int>({0, -7, 42}));
      case FieldDescriptor::CPPTYPE_UINT32: return reflection.AddUInt32(&message, &field, Pick<unsigned>({0, 3, 4294967295u}));
      case FieldDescriptor::CPPTYPE_INT64: return reflection.AddInt64(&message, &field, Pick<std::int64_t>({-9, 9007199254740993}));
      case FieldDescriptor::CPPTYPE_UINT64: return reflection.AddUInt64(&message, &field, 18446744073709551615u);
      case FieldDescriptor::CPPTYPE_DOUBLE: return reflection.AddDouble(&message, &field, Double());
      case FieldDescriptor::CPPTYPE_FLOAT: return reflection.AddFloat(&message, &field, static_cast<float>(Double()));
      case FieldDescriptor::CPPTYPE_BOOL: return reflection.AddBool(&message, &field, Chance(2));
      case FieldDescriptor::CPPTYPE_ENUM: return reflection.AddEnumValue(&message, &field, Enum(field));
      case FieldDescriptor::CPPTYPE_STRING: return reflection.AddString(&message, &field, Text());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (depth < 4) Fill(*reflection.AddMessage(&message, &field), depth);
        return;
    }
  }

  int Enum(const FieldDescriptor& field) {
    const auto& type = *field.enum_type();
    return type.value(Uniform(0, type.value_count() - 1))->number();
  }

  double Double() {
    return Pick<double>({0.0, 1.0, -1.5, 0.1, 3.0, 1e21, 1e-7, 123456789.123, 9007199254740993.0, 2.5e-308,
                         1.0 / 3.0});
  }

  std::string Text() {
    static const std::vector<std::string> kPieces = {
        "Jens Hansen", "Børne- og Ungdomsforvaltningen", "ÆØÅ æøå", "\"quoted\"", "back\\slash",
        "line\nbreak\ttab\r", "<b>&amp;</b>", "\x01\x1f\x7f", "\u2028\u2029", "emoji \U0001F600", "", "/", "'"};
    std::string text;
    const int pieces = Uniform(0, 3);
    for (int i = 0; i < pieces; ++i) text += kPieces[static_cast<std::size_t>(Uniform(0, static_cast<int>(kPieces.size()) - 1))];
    return text;
  }

  template <class T>
  T Pick(std::initializer_list<T> values) {
    return *(values.begin() + Uniform(0, static_cast<int>(values.size()) - 1));
  }
  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  bool Chance(int one_in) { return Uniform(1, one_in) == 1; }

  std::mt19937 random_;
};

std::vector<const Descriptor*> ApiMessageTypes() {
  std::vector<const Descriptor*> types;
  for (const auto* file : {v1::Complaint::descriptor()->file(), v1::Error::descriptor()->file(),
                           v1::WorkflowDefinition::descriptor()->file(), v1::Publication::descriptor()->file(),
                           v1::WebhookEndpoint::descriptor()->file(), v1::OfficeAlert::descriptor()->file(),
                           v1::HealthStatus::descriptor()->file()}) {
    for (int i = 0; i < file->message_type_count(); ++i) types.push_back(file->message_type(i));
  }
  return types;
}

// Every field type protobuf has, in a pool of its own, where even the
// well-known types are DynamicMessages: the paths the API's messages do not
// take.
constexpr const char* kEveryTypeProto = R"pb(
  name: "ombudsflow_test/every_type.proto"
  package: "ombudsflow.test"
  syntax: "proto3"
  dependency: "google/protobuf/struct.proto"
  dependency: "google/protobuf/timestamp.proto"
  dependency: "google/protobuf/wrappers.proto"
  message_type {
    name: "EveryType"
    field { name: "f_int32" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
    field { name: "f_int64" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
    field { name: "f_uint32" number: 3 label: LABEL_OPTIONAL type: TYPE_UINT32 }
    field { name: "f_uint64" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT64 }
    field { name: "f_sint32" number: 5 label: LABEL_OPTIONAL type: TYPE_SINT32 }
    field { name: "f_sint64" number: 6 label: LABEL_OPTIONAL type: TYPE_SINT64 }
    field { name: "f_fixed32" number: 7 label: LABEL_OPTIONAL type: TYPE_FIXED32 }
    field { name: "f_fixed64" number: 8 label: LABEL_OPTIONAL type: TYPE_FIXED64 }
    field { name: "f_sfixed32" number: 9 label: LABEL_OPTIONAL type: TYPE_SFIXED32 }
    field { name: "f_sfixed64" number: 10 label: LABEL_OPTIONAL type: TYPE_SFIXED64 }
    field { name: "f_double" number: 11 label: LABEL_OPTIONAL type: TYPE_DOUBLE }
    field { name: "f_float" number: 12 label: LABEL_OPTIONAL type: TYPE_FLOAT }
    field { name: "f_bool" number: 13 label: LABEL_OPTIONAL type: TYPE_BOOL }
    field { name: "f_string" number: 14 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "f_bytes" number: 15 label: LABEL_OPTIONAL type: TYPE_BYTES }
    field { name: "f_enum" number: 16 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".ombudsflow.test.EveryType.Colour" }
    field { name: "f_message" number: 17 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".ombudsflow.test.EveryType" }
    field { name: "r_int64" number: 18 label: LABEL_REPEATED type: TYPE_INT64 }
    field { name: "r_uint64" number: 19 label: LABEL_REPEATED type: TYPE_UINT64 }
    field { name: "r_float" number: 20 label: LABEL_REPEATED type: TYPE_FLOAT }
    field { name: "r_double" number: 21 label: LABEL_REPEATED type: TYPE_DOUBLE }
    field { name: "r_bytes" number: 22 label: LABEL_REPEATED type: TYPE_BYTES }
    field { name: "r_enum" number: 23 label: LABEL_REPEATED type: TYPE_ENUM type_name: ".ombudsflow.test.EveryType.Colour" }
    field { name: "r_message" number: 24 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".ombudsflow.test.EveryType" }
    field { name: "m_int32_string" number: 25 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".ombudsflow.test.EveryType.MInt32StringEntry" }
    field { name: "m_bool_double" number: 26 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".ombudsflow.test.EveryType.MBoolDoubleEntry" }
    field { name: "m_string_message" number: 27 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".ombudsflow.test.EveryType.MStringMessageEntry" }
    field { name: "w_int64" number: 28 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.Int64Value" }
    field { name: "w_bytes" number: 29 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.BytesValue" }
    field { name: "w_float" number: 30 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.FloatValue" }
    field { name: "w_string" number: 31 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.StringValue" }
    field { name: "w_bool" number: 32 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.BoolValue" }
    field { name: "s_struct" number: 33 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.Struct" }
    field { name: "s_value" number: 34 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.Value" }
    field { name: "s_list" number: 35 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.ListValue" }
    field { name: "t_time" number: 36 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".google.protobuf.Timestamp" }
    field { name: "o_string" number: 37 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
    field { name: "o_int64" number: 38 label: LABEL_OPTIONAL type: TYPE_INT64 oneof_index: 0 }
    field { name: "o_message" number: 39 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".ombudsflow.test.EveryType" oneof_index: 0 }
    nested_type {
      name: "MInt32StringEntry"
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
      field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
      options { map_entry: true }
    }
    nested_type {
      name: "MBoolDoubleEntry"
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_BOOL }
      field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_DOUBLE }
      options { map_entry: true }
    }
    nested_type {
      name: "MStringMessageEntry"
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
      field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".ombudsflow.test.EveryType" }
      options { map_entry: true }
    }
    enum_type { name: "Colour" value { name: "COLOUR_UNSPECIFIED" number: 0 } value { name: "RED" number: 1 } value { name: "GREEN" number: 2 } }
    oneof_decl { name: "choice" }
  }
  message_type {
    name: "Plain"
    field { name: "p_int32" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
    field { name: "p_int64" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
    field { name: "p_uint64" number: 3 label: LABEL_OPTIONAL type: TYPE_UINT64 }
    field { name: "p_sint64" number: 4 label: LABEL_OPTIONAL type: TYPE_SINT64 }
    field { name: "p_fixed64" number: 5 label: LABEL_OPTIONAL type: TYPE_FIXED64 }
    field { name: "p_sfixed32" number: 6 label: LABEL_OPTIONAL type: TYPE_SFIXED32 }
    field { name: "p_double" number: 7 label: LABEL_OPTIONAL type: TYPE_DOUBLE }
    field { name: "p_bool" number: 8 label: LABEL_OPTIONAL type: TYPE_BOOL }
    field { name: "p_string" number: 9 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "p_enum" number: 10 label: LABEL_OPTIONAL type: TYPE_ENUM type_name: ".ombudsflow.test.EveryType.Colour" }
    field { name: "p_message" number: 11 label: LABEL_OPTIONAL type: TYPE_MESSAGE type_name: ".ombudsflow.test.Plain" }
    field { name: "r_int64" number: 12 label: LABEL_REPEATED type: TYPE_INT64 }
    field { name: "r_enum" number: 13 label: LABEL_REPEATED type: TYPE_ENUM type_name: ".ombudsflow.test.EveryType.Colour" }
    field { name: "r_message" number: 14 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".ombudsflow.test.Plain" }
    field { name: "m_string_int64" number: 15 label: LABEL_REPEATED type: TYPE_MESSAGE type_name: ".ombudsflow.test.Plain.MStringInt64Entry" }
    field { name: "o_string" number: 16 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
    field { name: "o_uint64" number: 17 label: LABEL_OPTIONAL type: TYPE_UINT64 oneof_index: 0 }
    nested_type {
      name: "MStringInt64Entry"
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
      field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
      options { map_entry: true }
    }
    oneof_decl { name: "choice" }
  }
)pb";

// The pool EveryType lives in, with copies of the well-known types.
class EveryTypePool {
 public:
  EveryTypePool() {
    for (const auto* file : {google::protobuf::Struct::descriptor()->file(),
                             google::protobuf::Timestamp::descriptor()->file(),
                             google::protobuf::Int64Value::descriptor()->file()}) {
      google::protobuf::FileDescriptorProto proto;
      file->CopyTo(&proto);
      EXPECT_NE(pool_.BuildFile(proto), nullptr) << proto.name();
    }
    google::protobuf::FileDescriptorProto proto;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(kEveryTypeProto, &proto));
    const auto* file = pool_.BuildFile(proto);
    EXPECT_NE(file, nullptr);
    file_ = file;
  }
  // "EveryType" or "Plain" (every type the fast reader reads), or null.
  [[nodiscard]] const Message* prototype(const std::string& name) {
    const Descriptor* type = file_ == nullptr ? nullptr : file_->FindMessageTypeByName(name);
    return type == nullptr ? nullptr : factory_.GetPrototype(type);
  }

 private:
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
  const google::protobuf::FileDescriptor* file_ = nullptr;
};

// Prints `prototype`'s type filled from `seed` both ways, with defaults and
// without, and compares: byte for byte where member order is not in play,
// otherwise as JSON values.
struct PrintCounts {
  int exact = 0;
  int reordered = 0;
};

void CheckPrinting(const Message& prototype, unsigned seed, PrintCounts& counts) {
  const Descriptor* type = prototype.GetDescriptor();
  std::unique_ptr<Message> message(prototype.New());
  Filler filler(seed);
  filler.Fill(*message, 0);
  // The same message as a DynamicMessage, where Struct and Value go
  // through reflection.
  google::protobuf::DynamicMessageFactory dynamic_factory;
  std::unique_ptr<Message> dynamic(dynamic_factory.GetPrototype(type)->New());
  ASSERT_TRUE(dynamic->ParseFromString(message->SerializeAsString()));
  for (const bool defaults : {true, false}) {
    const std::string ours = ToJson(*message, defaults);
    const std::string theirs = Protobufs(*message, defaults);
    EXPECT_EQ(ToJson(*dynamic, defaults), ours) << type->full_name();
    // Read back, it is the same message.
    std::unique_ptr<Message> back(prototype.New());
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ours, back.get()).ok())
        << type->full_name() << ": " << ours;
    ASSERT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*message, *back))
        << type->full_name() << "\nours:   " << ours << "\ntheirs: " << theirs << "\n"
        << message->DebugString() << "\nback:\n" << back->DebugString();
    if (!defaults && !filler.multi_entry_map) {
      EXPECT_EQ(ours, theirs) << type->full_name();
      ++counts.exact;
    } else {
      // The same JSON up to the order of object members: protobuf prints
      // maps in hash order and, printing defaults, set Timestamps last.
      // Both are read as JSON values and printed with sorted members.
      EXPECT_EQ(Canonical(ours), Canonical(theirs))
          << type->full_name() << "\nours:   " << ours << "\ntheirs: " << theirs;
      ++counts.reordered;
    }
  }
}

// Reads protobuf's own JSON of `prototype`'s type filled from `seed`, with
// JSON names and with proto names, defaults printed or not: the fast path,
// where it reads it, and FromJson always, give the message protobuf's
// parser gives.
struct ReadCounts {
  int fast = 0;
  int total = 0;
};

void CheckReading(const Message& prototype, unsigned seed, ReadCounts& counts) {
  const Descriptor* type = prototype.GetDescriptor();
  std::unique_ptr<Message> message(prototype.New());
  Filler(seed).Fill(*message, 0);
  for (const bool proto_names : {false, true}) {
    for (const bool defaults : {false, true}) {
      google::protobuf::util::JsonPrintOptions print;
      print.preserve_proto_field_names = proto_names;
      print.always_print_primitive_fields = defaults;
      std::string json;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*message, &json, print).ok());
      std::unique_ptr<Message> theirs(prototype.New()), ours(prototype.New()), either(prototype.New());
      ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, theirs.get()).ok()) << json;
      ++counts.total;
      if (ReadJsonByReflection(json, *ours)) {
        ++counts.fast;
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*ours, *theirs))
            << type->full_name() << ": " << json << "\nours:\n" << ours->DebugString();
      }
      ASSERT_TRUE(FromJson(json, *either).ok());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*either, *theirs)) << json;
    }
  }
}

TEST(ProtoJsonTest, PrintsEveryApiMessageAsProtobufDoes) {
  PrintCounts counts;
  for (const Descriptor* type : ApiMessageTypes()) {
    const Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
    for (unsigned seed = 0; seed < 40; ++seed) {
      CheckPrinting(*prototype, seed * 7919 + static_cast<unsigned>(type->index()), counts);
    }
  }
  // Most cases compare byte for byte; enough of both kinds ran.
  EXPECT_GT(counts.exact, 500);
  EXPECT_GT(counts.reordered, 1000);
}

TEST(ProtoJsonTest, PrintsEveryFieldTypeAsProtobufDoes) {
  EveryTypePool pool;
  const Message* every = pool.prototype("EveryType");
  ASSERT_NE(every, nullptr);
  PrintCounts counts;
  for (unsigned seed = 0; seed < 150; ++seed) CheckPrinting(*every, seed, counts);
  // EveryType has three maps, so most compare as JSON values; Plain, with
  // one, often compares byte for byte.
  EXPECT_GT(counts.reordered, 150);
  const Message* plain = pool.prototype("Plain");
  ASSERT_NE(plain, nullptr);
  PrintCounts plain_counts;
  for (unsigned seed = 0; seed < 300; ++seed) CheckPrinting(*plain, seed, plain_counts);
  EXPECT_GT(plain_counts.exact, 50);
}

TEST(ProtoJsonTest, ReadsEveryApiMessageAsProtobufDoes) {
  ReadCounts counts;
  for (const Descriptor* type : ApiMessageTypes()) {
    const Message* prototype = google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
    for (unsigned seed = 0; seed < 40; ++seed) {
      CheckReading(*prototype, seed * 104729 + static_cast<unsigned>(type->index()), counts);
    }
  }
  // The API's messages hold nothing the fast path leaves to protobuf.
  EXPECT_EQ(counts.fast, counts.total);
}

TEST(ProtoJsonTest, ReadsEveryFieldTypeAsProtobufDoes) {
  EveryTypePool pool;
  const Message* every = pool.prototype("EveryType");
  const Message* plain = pool.prototype("Plain");
  ASSERT_NE(every, nullptr);
  ASSERT_NE(plain, nullptr);
  // Floats, bytes, wrappers and well-known types of another pool go to
  // protobuf, and nearly every EveryType holds one: FromJson must still
  // agree.
  ReadCounts all;
  for (unsigned seed = 0; seed < 150; ++seed) CheckReading(*every, seed, all);
  // The fast path reads every Plain: 64-bit integers, enums, maps, oneofs.
  ReadCounts counts;
  for (unsigned seed = 0; seed < 300; ++seed) CheckReading(*plain, seed, counts);
  EXPECT_EQ(counts.fast, counts.total);
}

// Input protobuf's parser refuses, or reads in a way worth checking: the
// fast path must never accept what protobuf refuses, and where both accept,
// they agree bit for bit.
TEST(ProtoJsonTest, NeverAcceptsWhatProtobufRefuses) {
  const std::vector<std::string> transition_requests = {
      R"({"name":"x","name":"y"})", R"({"name":"x","nAme":"y"})", R"({"name":"x","expected_version":1,"expectedVersion":2})",
      R"({"expectedVersion":"5"})", R"({"expectedVersion":5.0})", R"({"expectedVersion":1e1})",
      R"({"expectedVersion":-1})", R"({"expectedVersion":4294967296})", R"({"expectedVersion":"0x10"})",
      R"({"expectedVersion":" 5"})", R"({"expectedVersion":"+5"})", R"({"expectedVersion":"05"})",
      R"({"expectedVersion":true})", R"({"expectedVersion":null})", R"({"expectedVersion":"-0"})",
      R"({"name":5})", R"({"name":null})", R"({"name":["x"]})", R"({"name":{}})", R"({"input":[]})",
      R"({"input":"x"})", R"({"input":{"a":}})", R"({"input":{"a":NaN}})", R"({"input":{"a":"NaN"}})",
      R"({"input":{"a":1e400}})", R"({"input":{"a":-0}})", R"({"input":{"a":-0.0}})", R"({"input":{"a":[-0, 1]}})",
      R"({"input":{"a":1,"a":2}})", R"({"input":{"a":{"b":1,"b":1}}})", R"({"input":{"a":null}})",
      R"({"input":{"":1}})", R"({"input":{"a":18446744073709551616}})", R"({"input":{"a":12345678901234567890}})",
      R"({"input":{"a":0.1}})", R"({"input":{"a":"\u0000\ud83d\ude00"}})", R"({"input":{"a":"\ud800"}})",
      "{\"name\":\"\xff\"}", "{\"name\":\"\xc0\xaf\"}", "\xEF\xBB\xBF{}", R"({"name":"x",})", R"({/*c*/"name":"x"})",
      R"({"name":"x"} trailing)", R"({"name":"x"}{})", "[]", "\"x\"", "", "null", "{}", " { } ",
      R"({'name':'x'})", R"({name:"x"})", R"({"name":"a\/b\u00e6"})", R"({"reason":"ok","name":"\t"})",
      "{\"name\":\"tab\there\"}", std::string("{\"input\":") + std::string(80, '[') + std::string(80, ']') + "}",
      std::string("{\"input\":{\"a\":") + std::string(200, '[') + std::string(200, ']') + "}}",
  };
  const std::vector<std::string> complaints = {
      R"({"channel":"NOPE"})", R"({"channel":1})", R"({"channel":"LETTER"})", R"({"channel":null})",
      R"({"createTime":"2026-13-01T00:00:00Z"})", R"({"createTime":"2026-01-01T00:00:00+01:00"})",
      R"({"createTime":"2026-01-01T00:00:00.123456789Z"})", R"({"createTime":"2026-01-01 00:00:00Z"})",
      R"({"createTime":"0000-01-01T00:00:00Z"})", R"({"createTime":1})", R"({"createTime":{}})",
      R"({"points":[null]})", R"({"points":{}})", R"({"points":[{"number":1,"selection":"SELECTED"}]})",
      R"({"points":[{"selection":2}]})", R"({"points":[{"assessment":{"outcome":"NOPE"}}]})",
      R"({"facts":{"a":1,"a":2}})", R"({"facts":[]})", R"({"complainant":{"needsInterpreter":"true"}})",
      R"({"complainant":{"needsInterpreter":1}})", R"({"complainant":{"needs_interpreter":true}})",
      R"({"version":4294967295})", R"({"version":-0})", R"({"workflowVersion":"4294967295"})",
  };
  int refused = 0;
  const auto check = [&refused](const Message& prototype, const std::string& json) {
    std::unique_ptr<Message> theirs(prototype.New()), ours(prototype.New());
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const bool they_accept = google::protobuf::util::JsonStringToMessage(json, theirs.get(), options).ok();
    const bool fast = ReadJsonByReflection(json, *ours);
    if (!they_accept) {
      EXPECT_FALSE(fast) << "protobuf refuses, the fast path accepted: " << json;
      ++refused;
      return;
    }
    if (fast) {
      std::string our_bytes, their_bytes;
      ours->SerializeToString(&our_bytes);
      theirs->SerializeToString(&their_bytes);
      EXPECT_EQ(our_bytes, their_bytes) << json;  // bitwise: -0.0 is not 0.0
    }
  };
  for (const auto& json : transition_requests) check(v1::TransitionRequest::default_instance(), json);
  for (const auto& json : complaints) check(v1::Complaint::default_instance(), json);
  EXPECT_GE(refused, 39) << "the corpus is mostly refusals; it lost some";
}

// protobuf's parser took {"postalAddress": ..., "postal_address": ...} and
// kept one, though a key given twice is refused.
TEST(ProtoJsonTest, RefusesAFieldGivenUnderBothItsNames) {
  for (const std::string json : {
           R"({"complainant":{"postalAddress":"Vej 1","postal_address":"Vej 2"}})",
           R"({"complainant":{"postal_address":"Vej 1","postalAddress":"Vej 1"}})",
           R"({"complainant":{"postalAddress":null,"postal_address":"Vej 2"}})",
           R"({"subject":"x","complainant":{"needsInterpreter":true,"needs_interpreter":false}})",
       }) {
    v1::CreateComplaintRequest request;
    const auto status = FromJson(json, request);
    EXPECT_FALSE(status.ok()) << json;
    EXPECT_NE(std::string(status.message()).find("complainant."), std::string::npos) << status.message();
    EXPECT_NE(std::string(status.message()).find("appears twice"), std::string::npos) << status.message();
  }
  v1::CreateComplaintRequest request;
  const auto status = FromJson(R"({"complainant":{"postal_address":"Vej 1","needsInterpreter":true}})", request);
  EXPECT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(request.complainant().postal_address(), "Vej 1");
}

TEST(ProtoJsonTest, SortsStructKeys) {
  google::protobuf::Struct facts;
  (*facts.mutable_fields())["zeta"].set_number_value(1);
  (*facts.mutable_fields())["alpha"].set_bool_value(true);
  (*facts.mutable_fields())["mid"].mutable_list_value()->add_values()->set_string_value("x");
  EXPECT_EQ(ToJson(facts, true), R"({"alpha":true,"mid":["x"],"zeta":1})");
}

TEST(ProtoJsonTest, EscapesLikeProtobuf) {
  v1::Complaint complaint;
  complaint.set_subject("\"<script>\" \\ \n\t\x01\x7f \u2028 ÆØÅ \U0001F600");
  EXPECT_EQ(ToJson(complaint, false), Protobufs(complaint, false));
  EXPECT_EQ(ToJson(complaint, true), Protobufs(complaint, true));
}

TEST(ProtoJsonTest, HandsTypesItDoesNotKnowToProtobuf) {
  // A Value with no kind set is refused by protobuf's printer; ToJson
  // falls back to it rather than guess.
  google::protobuf::Struct facts;
  (*facts.mutable_fields())["empty"];
  EXPECT_EQ(ToJson(facts, false), Protobufs(facts, false));
}

}  // namespace
}  // namespace ombudsflow
