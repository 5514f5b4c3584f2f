#include "engine/service/hotline_service.h"

#include "engine/core/codec/request_limits.h"
#include "engine/core/rules/hotline_conversion.h"

namespace ombudsflow::service {

Result<v1::ConvertHotlineContactResponse> HotlineService::Convert(const Actor& actor, const std::string& id,
                                                                  const v1::ConvertHotlineContactRequest& request) {
  if (auto within = CheckRequestLimits(request); !within) return std::unexpected(within.error());
  // The step that converts, by what it means in the contact's definition.
  auto step = transitions_.StepFor(actor, id, v1::STEP_CONVERT_TO_COMPLAINT);
  if (!step) return std::unexpected(step.error());
  v1::TransitionRequest convert;
  convert.set_name(*step);
  convert.set_expected_version(request.expected_version());
  auto& input = *convert.mutable_input()->mutable_fields();
  input["within_competence"].set_bool_value(true);
  input["complaint_id"].set_string_value(ConvertedComplaintId(id));
  // Refuse before opening anything.
  if (auto allowed = transitions_.Check(actor, id, convert); !allowed) return std::unexpected(allowed.error());
  auto hotline = complaints_.Get(actor, id);
  if (!hotline) return std::unexpected(hotline.error());
  auto opened = complaints_.RegisterConversion(actor, *hotline, request.complaint());
  if (!opened) return std::unexpected(opened.error());
  auto converted = transitions_.Fire(actor, id, convert);
  if (!converted) return std::unexpected(converted.error());
  v1::ConvertHotlineContactResponse response;
  *response.mutable_hotline_contact() = std::move(*converted);
  *response.mutable_complaint() = std::move(opened->complaint);
  return response;
}

}  // namespace ombudsflow::service
