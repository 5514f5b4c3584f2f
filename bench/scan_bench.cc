// The personal-data scanner on hostile text: MiB/s for 1 MiB of each kind of
// adversarial input, the same at 256 KiB and 4 MiB to show the scan is linear
// (Google Benchmark fits the complexity), and as the baseline in the same
// run one RE2 pass of a single CPR-shaped pattern over the same bytes.
//
//   build-release/bench/scan_bench
//
// The target is under 50 ms per MiB (over 20 MiB/s) on every input.
#include <benchmark/benchmark.h>
#include <re2/re2.h>

#include <string>
#include <vector>

#include "engine/core/rules/personal_data.h"

namespace {

using namespace ombudsflow;

// What each input repeats: the shapes that broke std::regex (one unbroken
// token, a long URL), and the ones that make each finder work hardest.
const std::vector<std::pair<std::string, std::string>>& Units() {
  static const std::vector<std::pair<std::string, std::string>> kUnits = {
      {"token", "a"},
      {"url", "https://x.dk/a"},
      {"digits", "1"},
      {"spaced_digits", "1 "},
      {"dotted", "a."},
      {"at_signs", "a@"},
      {"danish_prose", "Kirstine Ølgaards klage over 31 41 59 26 og 010190-1234 til k@example.dk. "},
      {"zero_width", "\u200B"},
      {"combining", "a\u0301"},
  };
  return kUnits;
}

std::string Repeated(const std::string& unit, std::size_t size) {
  std::string text;
  text.reserve(size + unit.size());
  while (text.size() + unit.size() <= size) text += unit;
  return text;
}

v1::Complainant Complainant() {
  v1::Complainant complainant;
  complainant.set_name("Kirstine Ølgaard");
  complainant.set_email("k@example.dk");
  complainant.set_phone("31415926");
  complainant.set_postal_address("Kanarievej 7, 2400 København NV");
  return complainant;
}

void BM_Scan(benchmark::State& state, const std::string& unit) {
  const std::string text = Repeated(unit, static_cast<std::size_t>(state.range(0)));
  const v1::Complainant complainant = Complainant();
  std::size_t hits = 0;
  for (auto _ : state) {
    auto found = FindPersonalData(text, complainant);
    hits = found.size();
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
  state.SetComplexityN(static_cast<std::int64_t>(text.size()));
  state.counters["hits"] = static_cast<double>(hits);
}

// The baseline: one linear RE2 pass of one pattern over the same bytes.
void BM_Re2OnePattern(benchmark::State& state, const std::string& unit) {
  static const re2::RE2 kCprShape(R"(\d{6}[ .\-/]?\d{4})");
  const std::string text = Repeated(unit, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    re2::StringPiece rest(text);
    std::size_t count = 0;
    while (RE2::FindAndConsume(&rest, kCprShape)) ++count;
    benchmark::DoNotOptimize(count);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(text.size()));
}

const bool kRegistered = [] {
  for (const auto& [name, unit] : Units()) {
    benchmark::RegisterBenchmark(("re2_baseline/" + name).c_str(), BM_Re2OnePattern, unit)
        ->Arg(1 << 20)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("scan/" + name).c_str(), BM_Scan, unit)
        ->Arg(1 << 18)->Arg(1 << 20)->Arg(1 << 22)->Complexity()->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
