#include "engine/core/workflow/audit_event.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <string>

#include "engine/core/base/hex.h"

namespace ombudsflow {
namespace {

void AppendField(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

// Scheme 2 starts with its own tag, so no scheme-1 encoding can equal it.
constexpr std::string_view kScheme2Tag = "ombudsflow-audit-2";

// JSON has one kind of number: 1, 1.0 and 1e0 are one value. Integral
// values that a double holds exactly become integers, so all three print "1".
void NormalizeNumbers(nlohmann::json& value) {
  if (value.is_number_float()) {
    const double number = value.get<double>();
    constexpr double kExact = 9007199254740992.0;  // 2^53
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) <= kExact) {
      value = static_cast<std::int64_t>(number);
    }
  } else if (value.is_structured()) {
    for (auto& item : value) NormalizeNumbers(item);
  }
}

}  // namespace

std::optional<std::string> CanonicalPayload(std::string_view json) {
  // nlohmann's objects are std::maps (keys in byte order) and its dump
  // prints no whitespace, UTF-8 as is, and doubles in shortest round-trip
  // form: with integral numbers as integers, one text for every printing
  // of the same value.
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  NormalizeNumbers(parsed);
  return parsed.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

std::string ComputeEventHash(const AuditEvent& event) {
  std::string canonical;
  std::string_view payload = event.payload_json;
  std::optional<std::string> canonical_payload;
  switch (event.hash_scheme) {
    case 1: break;
    case 2:
      canonical_payload = CanonicalPayload(event.payload_json);
      if (!canonical_payload) return {};
      payload = *canonical_payload;
      AppendField(canonical, kScheme2Tag);
      break;
    default: return {};
  }
  AppendField(canonical, event.complaint_id);
  AppendField(canonical, std::to_string(event.seq));
  AppendField(canonical, std::to_string(ToUnixMicros(event.occurred_at)));
  AppendField(canonical, event.actor_role);
  AppendField(canonical, event.actor);
  AppendField(canonical, event.kind);
  AppendField(canonical, payload);
  AppendField(canonical, event.prev_hash);
  return Sha256Hex(canonical);
}

std::string DetailsDigest(std::string_view details_json) {
  auto canonical = CanonicalPayload(details_json);
  return canonical ? Sha256Hex(*canonical) : std::string();
}

AuditEvent Sealed(AuditEvent event) {
  event.hash = ComputeEventHash(event);
  return event;
}

}  // namespace ombudsflow
