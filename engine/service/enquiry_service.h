#pragma once

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/core/policy/role.h"
#include "engine/service/letter_service.h"
#include "engine/store/enquiry_store.h"

namespace ombudsflow::service {

/// Social-media enquiries (seed 004, "Facebook"): registered as enquiries,
/// never as cases, and answered with the guidance to another channel.
class EnquiryService {
 public:
  EnquiryService(store::EnquiryStore& store, const LetterService& letters, const Clock& clock, IdGenerator& ids)
      : store_(store), letters_(letters), clock_(clock), ids_(ids) {}

  /// Registers the enquiry (office staff) and returns it with the guidance
  /// to post back. kInvalidArgument for a bad field, personal data included.
  [[nodiscard]] Result<v1::Enquiry> Record(const Actor& actor, v1::RecordEnquiryRequest request);

  /// The newest 100 enquiries.
  [[nodiscard]] Result<v1::ListEnquiriesResponse> List(const Actor& actor);

  /// One enquiry with its guidance, rendered again from its variant's
  /// template (the register keeps the guidance's hash, not its text).
  /// kNotFound for an id no enquiry has.
  [[nodiscard]] Result<v1::Enquiry> Find(const Actor& actor, const std::string& id);

 private:
  store::EnquiryStore& store_;
  const LetterService& letters_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace ombudsflow::service
