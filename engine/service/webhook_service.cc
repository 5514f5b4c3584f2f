#include "engine/service/webhook_service.h"

#include <openssl/rand.h>

#include "engine/core/codec/request_limits.h"
#include "engine/core/policy/access_policy.h"
#include "engine/core/webhooks/webhook_signature.h"
#include "engine/core/webhooks/webhook_url.h"

namespace ombudsflow::service {
namespace {

constexpr std::size_t kGeneratedKeyBytes = 32;

Result<std::string> NewSecret() {
  std::string key(kGeneratedKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1) {
    return std::unexpected(Internal("the system's random source failed"));
  }
  return EncodeWebhookSecret(key);
}

}  // namespace

Result<v1::WebhookEndpoint> WebhookService::Create(const Actor& actor,
                                                   const v1::CreateWebhookEndpointRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  std::vector<FieldViolation> violations;
  if (request.department().empty()) violations.push_back({"department", "is required"});
  std::string why;
  auto url = ParseWebhookUrl(request.url(), &why);
  if (request.url().empty()) {
    violations.push_back({"url", "is required"});
  } else if (!url) {
    violations.push_back({"url", why});
  } else {
    boost::system::error_code not_literal;
    const auto literal = boost::asio::ip::make_address(url->host, not_literal);
    if (!not_literal && !policy_.Allows(literal)) {
      violations.push_back({"url", "points to " + std::string(Describe(ScopeOf(literal))) +
                                       ", which this deployment does not allow"});
    }
  }
  if (!request.secret().empty() && !DecodeWebhookSecret(request.secret())) {
    violations.push_back({"secret", "must be \"whsec_\" followed by the base64 of at least 24 bytes"});
  }
  if (!violations.empty()) {
    return std::unexpected(InvalidArgument("the webhook endpoint is invalid", std::move(violations)));
  }
  std::string secret = request.secret();
  if (secret.empty()) {
    auto generated = NewSecret();
    if (!generated) return std::unexpected(generated.error());
    secret = std::move(*generated);
  }
  return store_.Create({request.department(), request.url(), secret, actor.Id()}, clock_.Now());
}

Result<v1::ListWebhookEndpointsResponse> WebhookService::List(const Actor& actor) {
  auto endpoints = store_.List();
  if (!endpoints) return std::unexpected(endpoints.error());
  v1::ListWebhookEndpointsResponse response;
  for (auto& endpoint : *endpoints) *response.add_endpoints() = std::move(endpoint);
  return response;
}

Result<v1::WebhookEndpoint> WebhookService::Disable(const Actor& actor, const std::string& id,
                                                    const v1::DisableWebhookEndpointRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  if (request.reason().empty()) {
    return std::unexpected(InvalidArgument("a reason is required", {{"reason", "is required"}}));
  }
  return store_.Disable(id, "disabled by " + actor.Id() + ": " + request.reason(), clock_.Now());
}

Result<v1::ListWebhookDeliveriesResponse> WebhookService::Deliveries(const Actor& actor,
                                                                     const std::string& id) {
  auto deliveries = store_.Deliveries(id);
  if (!deliveries) return std::unexpected(deliveries.error());
  v1::ListWebhookDeliveriesResponse response;
  for (auto& delivery : *deliveries) *response.add_deliveries() = std::move(delivery);
  return response;
}

}  // namespace ombudsflow::service
