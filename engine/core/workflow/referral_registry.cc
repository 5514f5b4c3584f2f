#include "engine/core/workflow/referral_registry.h"

#include <algorithm>

#include "engine/core/base/email_address.h"
#include "engine/core/base/text.h"
#include "engine/core/webhooks/webhook_url.h"

namespace ombudsflow {
namespace {

// Longest value of each field, in code points: enough for any real body,
// short enough that a letter's contact block stays a block.
constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxHandles = 1000;
constexpr std::size_t kMaxAddress = 300;
constexpr std::size_t kMaxPhone = 40;
constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxWeb = 500;

bool OneLineWithin(std::string_view text, std::size_t most) {
  return IsOneLineOfText(text) && Utf8Length(text) <= most;
}

// Lines of one-line text: an address is written over several lines.
bool LinesWithin(std::string_view text, std::size_t most) {
  if (Utf8Length(text) > most) return false;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    if (!IsOneLineOfText(text.substr(start, end - start))) return false;
    start = end + 1;
  }
  return true;
}

// The webhooks' strict URL parser: no user-info, whitespace or control
// characters, a plain host; https only, since letters print it for citizens.
bool IsHttpsAddress(std::string_view text) {
  std::string why;
  const auto url = ParseWebhookUrl(text, &why);
  return url && url->tls;
}

bool Complete(const v1::LocalText& text, std::size_t most) {
  return OneLineWithin(text.da(), most) && OneLineWithin(text.en(), most) && !text.da().empty() &&
         !text.en().empty();
}

}  // namespace

std::optional<std::string> ReferralBodyProblem(const v1::ReferralBody& body) {
  if (!IsIdentifier(body.id())) {
    return "referral body id '" + body.id() + "' must be lower-case letters, digits and underscores";
  }
  const std::string of = " of referral body '" + body.id() + "'";
  if (body.kind() == v1::ReferralBody::KIND_UNSPECIFIED) return "the kind" + of + " is missing";
  if (!Complete(body.name(), kMaxName)) {
    return "the name" + of + " is needed in da and en, one line of at most " + std::to_string(kMaxName) + " characters";
  }
  if (!Complete(body.handles(), kMaxHandles)) {
    return "what" + of.substr(1) + " handles is needed in da and en, one line of at most " +
           std::to_string(kMaxHandles) + " characters";
  }
  if (body.address().empty() && body.phone().empty() && body.email().empty() && body.web().empty()) {
    return "referral body '" + body.id() + "' needs a way to reach it: address, phone, email or web";
  }
  if (!LinesWithin(body.address(), kMaxAddress)) {
    return "the address" + of + " must be lines of text, at most " + std::to_string(kMaxAddress) + " characters";
  }
  if (!OneLineWithin(body.phone(), kMaxPhone)) {
    return "the phone" + of + " must be one line of at most " + std::to_string(kMaxPhone) + " characters";
  }
  if (!body.email().empty() && (!IsMailboxAddress(body.email()) || body.email().size() > kMaxEmail)) {
    return "the email" + of + " is not an e-mail address";
  }
  if (!body.web().empty() && (!IsHttpsAddress(body.web()) || body.web().size() > kMaxWeb)) {
    return "the web address" + of + " must be an https:// address";
  }
  return std::nullopt;
}

const v1::ReferralBody* FindReferralBody(const v1::ReferralRegistry& registry, std::string_view id) {
  for (const auto& body : registry.body()) {
    if (body.id() == id) return &body;
  }
  return nullptr;
}

std::string ReferralKindName(v1::ReferralBody::Kind kind) {
  return AsciiLowercase(v1::ReferralBody::Kind_Name(kind));
}

void AddReferralChoices(const v1::ReferralRegistry& registry, v1::InputField& field) {
  for (const auto& body : registry.body()) {
    v1::Choice& choice = *field.add_choices();
    choice.set_value(body.id());
    *choice.mutable_label() = body.name();
    *choice.mutable_help() = body.handles();
  }
}

}  // namespace ombudsflow
