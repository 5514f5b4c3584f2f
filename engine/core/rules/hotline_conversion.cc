#include "engine/core/rules/hotline_conversion.h"

#include "engine/core/base/uuid.h"

namespace ombudsflow {

std::string ConvertedComplaintId(const std::string& hotline_id) {
  return NameBasedUuid("ombudsflow hotline conversion:" + hotline_id);
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
