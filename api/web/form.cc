#include "api/web/form.h"

#include "api/url.h"
#include "engine/core/base/text.h"

namespace ombudsflow::api::web {

std::expected<Form, Problem> Form::Read(const Request& request) {
  const std::string_view type = request[http::field::content_type];
  if (!type.starts_with("application/x-www-form-urlencoded")) {
    return std::unexpected(MakeProblem(http::status::unsupported_media_type, ErrorCode::kInvalidArgument,
                                       "a form is sent as application/x-www-form-urlencoded"));
  }
  auto fields = ParseQuery(request.body());
  if (!fields) {
    return std::unexpected(
        MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument, "the form's body is malformed"));
  }
  for (const auto& [name, value] : *fields) {
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) {
      return std::unexpected(MakeProblem(http::status::bad_request, ErrorCode::kInvalidArgument,
                                         "a form field is not valid UTF-8 text"));
    }
  }
  Form form;
  form.fields_ = std::move(*fields);
  return form;
}

std::string Form::Get(std::string_view name) const {
  auto found = fields_.find(name);
  return found == fields_.end() ? std::string() : found->second;
}

std::vector<std::string> Form::All(std::string_view name) const {
  std::vector<std::string> values;
  auto [first, last] = fields_.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

}  // namespace ombudsflow::api::web
