// The HTTP layer's JSON (engine/proto_json) against protobuf's binary form
// and against protobuf 3.21's own JSON, for the messages a transition
// decodes and encodes:
//
//   build-release/bench/codec_bench
#include <benchmark/benchmark.h>
#include <google/protobuf/util/json_util.h>

#include "api/codec.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace {

using namespace ombudsflow;

// A complaint as the investigation path leaves it before closing: the
// criteria, two points assessed, a consent.
v1::Complaint MidInvestigation() {
  v1::Complaint complaint;
  const std::string json = R"({
    "id": "0b6f1c1e-6a2f-4f34-9d55-3f1f3a6c2b10", "caseNumber": "BR-2026-00042",
    "workflow": "complaint", "workflowVersion": 3, "state": "assessment", "version": 6,
    "channel": "LETTER",
    "complainant": {"name": "Jens Hansen", "email": "jens@example.dk", "language": "da"},
    "department": "BUF", "subject": "Svar på ansøgning", "description": "Intet svar efter tre måneder.",
    "createTime": "2026-11-23T10:00:00.123456Z", "updateTime": "2026-11-23T10:05:00.654321Z",
    "facts": {"department_has_answered": true, "actuality": "høj", "significance": "principiel",
              "complexity": "middel", "citizen_gain": "en afgørelse",
              "improvement_potential": "bedre praksis", "department_answer": "Svar",
              "decided_by": "Ombudsmanden", "hearing_sent": "2026-11-23"},
    "points": [
      {"number": 1, "text": "Svartid", "selection": "SELECTED", "assessment": {"outcome": "CRITICISM"}},
      {"number": 2, "text": "Partshøring", "selection": "SELECTED", "assessment": {"outcome": "NO_CRITICISM"}}],
    "deadlineTime": "2026-12-07T23:00:00Z",
    "consents": [{"id": "c1", "kind": "name", "value": "Jens Hansen", "evidence": "Brev",
                  "giveTime": "2026-11-23T10:01:00Z", "recordedBy": "Anne"}]})";
  if (!google::protobuf::util::JsonStringToMessage(json, &complaint).ok()) std::abort();
  return complaint;
}

const std::string kTransitionJson =
    R"({"name":"open_investigation","input":{"actuality":"a","significance":"b","complexity":"c",)"
    R"("citizen_gain":"d","improvement_potential":"e","selected_points":[1,2]}})";

void EncodeComplaint(benchmark::State& state, api::Format format) {
  const v1::Complaint complaint = MidInvestigation();
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string out = api::Encode(format, complaint);
    bytes = out.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK_CAPTURE(EncodeComplaint, json, api::Format::kJson);
BENCHMARK_CAPTURE(EncodeComplaint, protobuf, api::Format::kProtobuf);

// The baseline engine/proto_json replaced: protobuf 3.21's own JSON printer.
void EncodeComplaintWithProtobufsJson(benchmark::State& state) {
  const v1::Complaint complaint = MidInvestigation();
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  for (auto _ : state) {
    std::string out;
    (void)google::protobuf::util::MessageToJsonString(complaint, &out, options);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(EncodeComplaintWithProtobufsJson);

void DecodeTransitionRequest(benchmark::State& state, api::Format format) {
  v1::TransitionRequest parsed;
  if (!google::protobuf::util::JsonStringToMessage(kTransitionJson, &parsed).ok()) std::abort();
  const std::string body = format == api::Format::kJson ? kTransitionJson : parsed.SerializeAsString();
  for (auto _ : state) {
    v1::TransitionRequest request;
    if (!api::Decode(format, body, request)) std::abort();
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK_CAPTURE(DecodeTransitionRequest, json, api::Format::kJson);
BENCHMARK_CAPTURE(DecodeTransitionRequest, protobuf, api::Format::kProtobuf);

void DecodeTransitionRequestWithProtobufsJson(benchmark::State& state) {
  for (auto _ : state) {
    v1::TransitionRequest request;
    if (!google::protobuf::util::JsonStringToMessage(kTransitionJson, &request).ok()) std::abort();
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK(DecodeTransitionRequestWithProtobufsJson);

}  // namespace

BENCHMARK_MAIN();
