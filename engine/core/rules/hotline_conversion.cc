#include "engine/core/rules/hotline_conversion.h"

#include <openssl/sha.h>

#include <array>
#include <cstdio>

namespace ombudsflow {

std::string ConvertedComplaintId(const std::string& hotline_id) {
  const std::string name = "ombudsflow hotline conversion:" + hotline_id;
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest.data());
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x80);  // version 8
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 9562 variant
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", digest[0],
                digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8],
                digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
  return text;
}

v1::CreateComplaintRequest ConversionIntake(const v1::Complaint& hotline, v1::CreateComplaintRequest request) {
  if (request.channel() == v1::CHANNEL_UNSPECIFIED) request.set_channel(hotline.channel());
  if (request.department().empty()) request.set_department(hotline.department());
  if (request.subject().empty()) request.set_subject(hotline.subject());
  if (request.description().empty()) request.set_description(hotline.description());
  return request;
}

void AddConversionRules(RuleRegistry& registry) {
  registry.AddGuard("converted_complaint_recorded", GuardSpec{
      [](const RuleContext& context) -> std::optional<std::string> {
        const google::protobuf::Value* recorded = FindFact(context.after, "complaint_id");
        if (recorded != nullptr && recorded->string_value() == ConvertedComplaintId(context.before.id())) {
          return std::nullopt;
        }
        // The API names its route for this; the core knows no HTTP.
        return "a hotline contact becomes a complaint only through its conversion, which opens the complaint "
               "and records it here";
      },
      {}, {}, {}, "the complaint this contact converts to is recorded in complaint_id"});
}

}  // namespace ombudsflow
