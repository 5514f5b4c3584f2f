#include "engine/core/letters/product_kind.h"

#include <algorithm>
#include <array>

namespace ombudsflow {
namespace {

constexpr std::array<ProductKind, 4> kKinds{{
    {"newsletter", "newsletter_issue", v1::SUBJECT_NEWSLETTER_ISSUE, "Nyhedsbrev", "nyhedsbrevet", "nyhedsbrev",
     true, false, false},
    {"press_release", "press_release", v1::SUBJECT_PRESS_RELEASE, "Pressemeddelelse", "pressemeddelelsen", "presse",
     false, false, false},
    {"klarret", "klarret_edition", v1::SUBJECT_KLARRET_EDITION, "KlarRet", "KlarRet", "klarret", true, true, true},
    {"annual_report", "annual_report", v1::SUBJECT_ANNUAL_REPORT, "Beretning", "beretningen", "beretning", false, true,
     true},
}};

}  // namespace

std::span<const ProductKind> ProductKinds() { return kKinds; }

const ProductKind* FindProductKind(std::string_view kind) {
  const auto* found = std::find_if(kKinds.begin(), kKinds.end(), [&](const ProductKind& k) { return k.kind == kind; });
  return found == kKinds.end() ? nullptr : found;
}

std::string ProductTitle(const ProductKind& kind, int number, std::string_view period_from) {
  if (kind.kind == "annual_report" && period_from.size() >= 4) {
    return std::string(kind.title_da) + " " + std::string(period_from.substr(0, 4));
  }
  return std::string(kind.title_da) + " nr. " + std::to_string(number);
}

}  // namespace ombudsflow
