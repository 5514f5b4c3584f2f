#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ombudsflow {

/// What a bounce asks of the sender.
enum class BounceKind {
  kNone,  // nothing: delayed, delivered, relayed or expanded
  kHard,  // the address does not work: it leaves the list
  kSoft,  // a relay gave up on a temporary failure: try again
};

/// How a recipient of a delivery status notification counts, by its
/// Action (RFC 3464 2.3.3) and Status (RFC 3463): "failed" with a 5.x.x
/// status is hard, "failed" with 4.x.x is soft; every other action, and a
/// failure without a status class, asks nothing.
[[nodiscard]] BounceKind KindOfBounce(std::string_view action, std::string_view status);

/// One recipient's delivery of a product, as its Message-ID names it.
struct ProductDelivery {
  std::string issue_id;
  long long delivery_id = 0;
  std::string message_token;  // 32 hex digits, random per delivery
};

/// The left part of the Message-ID of a product's mail to one recipient:
/// "produkt-<issue>.<delivery>.<token>", the same at every attempt, so a
/// message sent again is the same message and a bounce names its
/// delivery; the token, random per delivery, is what nobody but its
/// reader and their mail servers ever saw.
[[nodiscard]] std::string ProductMessageId(const ProductDelivery& delivery);

/// The delivery a Message-ID (with or without its angle brackets and
/// domain) names, when it is a product's.
[[nodiscard]] std::optional<ProductDelivery> ProductDeliveryOf(std::string_view message_id);

}  // namespace ombudsflow
