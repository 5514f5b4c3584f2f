#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_api.h"

namespace ombudsflow::api::web {

/// An HTML form's fields as posted (application/x-www-form-urlencoded).
class Form {
 public:
  /// The request's form: 415 for another Content-Type, 400 for a
  /// malformed body or a field that is not UTF-8. The body's size is the
  /// server's body limit; each field's length is the service's to check.
  [[nodiscard]] static std::expected<Form, Problem> Read(const Request& request);

  /// The first value of `name`, or "".
  [[nodiscard]] std::string Get(std::string_view name) const;
  /// Every value of `name`, in order (checkboxes).
  [[nodiscard]] std::vector<std::string> All(std::string_view name) const;
  [[nodiscard]] bool Has(std::string_view name) const { return fields_.find(name) != fields_.end(); }
  [[nodiscard]] const QueryParams& fields() const { return fields_; }

 private:
  QueryParams fields_;
};

}  // namespace ombudsflow::api::web
