#pragma once

#include <optional>
#include <string>

#include "engine/core/base/error.h"
#include "engine/core/base/time.h"
#include "engine/store/database.h"
#include "ombudsflow/v1/enquiries.pb.h"

namespace ombudsflow::store {

/// The register of social-media enquiries: what about, where, when and who
/// answered, never who asked. Not cases: no case number, no workflow.
class EnquiryStore {
 public:
  explicit EnquiryStore(Database& database) : database_(database) {}

  /// Stores `enquiry` (its id, platform, topic, variant, time, recorder and
  /// the guidance's hash) as given.
  [[nodiscard]] Result<void> Insert(const v1::Enquiry& enquiry, const std::string& guidance_sha256);

  /// The newest `limit` enquiries, newest first (without the guidance text).
  [[nodiscard]] Result<v1::ListEnquiriesResponse> Newest(int limit);

  /// The enquiry with `id` (without the guidance text), or nullopt.
  [[nodiscard]] Result<std::optional<v1::Enquiry>> Find(const std::string& id);

 private:
  Database& database_;
};

}  // namespace ombudsflow::store
