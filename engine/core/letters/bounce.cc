#include "engine/core/letters/bounce.h"

#include <charconv>

#include "engine/core/base/text.h"
#include "engine/core/base/uuid.h"

namespace ombudsflow {
namespace {

constexpr std::string_view kPrefix = "produkt-";

}  // namespace

BounceKind KindOfBounce(std::string_view action, std::string_view status) {
  if (AsciiLowercase(action) != "failed") return BounceKind::kNone;
  // The status's class is its first digit, followed by a dot (RFC 3463 2).
  if (status.size() < 2 || status[1] != '.') return BounceKind::kNone;
  if (status[0] == '5') return BounceKind::kHard;
  if (status[0] == '4') return BounceKind::kSoft;
  return BounceKind::kNone;
}

std::string ProductMessageId(const ProductDelivery& delivery) {
  return std::string(kPrefix) + delivery.issue_id + "." + std::to_string(delivery.delivery_id) + "." +
         delivery.message_token;
}

std::optional<ProductDelivery> ProductDeliveryOf(std::string_view message_id) {
  if (message_id.starts_with('<')) message_id.remove_prefix(1);
  message_id = message_id.substr(0, message_id.find_first_of("@>"));
  if (!message_id.starts_with(kPrefix)) return std::nullopt;
  message_id.remove_prefix(kPrefix.size());
  const std::size_t first = message_id.find('.');
  const std::size_t second = first == std::string_view::npos ? first : message_id.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string issue(message_id.substr(0, first));
  const std::string_view number = message_id.substr(first + 1, second - first - 1);
  const std::string_view token = message_id.substr(second + 1);
  long long delivery = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), delivery);
  const bool hex = token.size() == 32 && token.find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!IsUuid(issue) || error != std::errc() || end != number.data() + number.size() || delivery <= 0 || !hex) {
    return std::nullopt;
  }
  return ProductDelivery{issue, delivery, std::string(token)};
}

}  // namespace ombudsflow
