#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "engine/core/webhooks/address_policy.h"
#include "engine/core/webhooks/webhook_url.h"
#include "engine/net/beast.h"

namespace boost::asio::ssl {
class context;
}

namespace ombudsflow::jobs {

/// One signed POST to a webhook receiver.
struct WebhookPost {
  WebhookUrl url;
  std::string webhook_id;
  long long timestamp = 0;  // seconds since the epoch, as signed
  std::string signature;    // "v1,..."
  std::string body;         // JSON
};

/// What came back. `status` 0 when no HTTP answer came; `error` says why in
/// words for the delivery record (never the response body).
struct WebhookAnswer {
  int status = 0;
  std::string error;
  std::string retry_after;  // the header, when present
};

/// Posts with Beast, over TLS (OpenSSL, peer and host name verified) for
/// https. Connects only to resolved addresses `policy` allows, so a name
/// that resolves inside the network is refused even if it did not at
/// registration. Redirects are not followed. The whole exchange must finish
/// within `timeout`.
[[nodiscard]] boost::asio::awaitable<WebhookAnswer> PostWebhook(boost::asio::ssl::context& tls,
                                                                const WebhookPost& post,
                                                                const AddressPolicy& policy,
                                                                std::chrono::milliseconds timeout);

}  // namespace ombudsflow::jobs
