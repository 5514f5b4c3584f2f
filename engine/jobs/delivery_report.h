#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ombudsflow::jobs {

/// What a delivery status notification says (RFC 3464, as the
/// message/delivery-status part of a multipart/report, RFC 6522).
struct DeliveryReport {
  struct Recipient {
    std::string address;     // Final-Recipient's address, lower-case
    std::string original;    // Original-Recipient's, when given (before any forwarding)
    std::string action;      // failed, delayed, delivered, relayed or expanded
    std::string status;      // e.g. 5.1.1
    std::string diagnostic;  // the remote server's words, if given
  };
  // The reported message's Message-ID, from the returned message or its
  // headers (text/rfc822-headers or message/rfc822); empty when not returned.
  std::string original_message_id;
  std::vector<Recipient> recipients;
};

/// The report in the whole mail `raw` (GMime parses the MIME and every
/// field group), or nullopt when the mail holds none: an auto-reply, a
/// person's mail, or anything else a bounce address receives.
[[nodiscard]] std::optional<DeliveryReport> ReadDeliveryReport(std::string_view raw);

}  // namespace ombudsflow::jobs
