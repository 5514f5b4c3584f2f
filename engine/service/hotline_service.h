#pragma once

#include <string>

#include "engine/core/base/error.h"
#include "engine/core/policy/role.h"
#include "engine/service/complaint_service.h"
#include "engine/service/transition_service.h"
#include "ombudsflow/v1/complaints.pb.h"

namespace ombudsflow::service {

/// Converting a discrimination hotline contact into a complaint.
class HotlineService {
 public:
  HotlineService(ComplaintService& complaints, TransitionService& transitions)
      : complaints_(complaints), transitions_(transitions) {}

  /// Checks that the contact may be converted now (role, state, version),
  /// opens the complaint, then moves the contact to converted_to_complaint
  /// naming it. Two steps, made safe by the complaint's id being derived
  /// from the contact's: a retry after a failure in between opens no second
  /// complaint and finishes the conversion.
  [[nodiscard]] Result<v1::ConvertHotlineContactResponse> Convert(const Actor& actor, const std::string& id,
                                                                  const v1::ConvertHotlineContactRequest& request);

 private:
  ComplaintService& complaints_;
  TransitionService& transitions_;
};

}  // namespace ombudsflow::service
