// The public complaint form's decoder, as the server runs it on every post
// of /klage: the body read as a form (web::Form::Read), then each page's
// answers read from it into a draft (ApplyFormStep), then the check before
// sending and the complaint the answers amount to. It must answer, never
// crash, hang or leak; what it keeps must be within each field's limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/web/form.h"
#include "engine/core/base/text.h"
#include "engine/core/citizens/complaint_form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ombudsflow;
  static const std::set<std::string, std::less<>> kDepartments = {"BUF", "SOF", "ØKF"};
  api::Request request{http::verb::post, "/klage/forvaltning", 11};
  request.set(http::field::content_type, "application/x-www-form-urlencoded");
  request.body().assign(reinterpret_cast<const char*>(data), size);
  auto form = api::web::Form::Read(request);
  if (!form) return 0;
  const api::web::Form& fields = *form;
  const FormFieldLookup lookup = [&fields](std::string_view name) -> std::optional<std::string_view> {
    const auto found = fields.fields().find(name);
    if (found == fields.fields().end()) return std::nullopt;
    return std::string_view(found->second);
  };
  v1::ComplaintFormAnswers answers;
  for (const FormStep step : FormQuestions()) {
    const auto errors = ApplyFormStep(step, lookup, kDepartments, answers);
    for (const auto& error : errors) {
      if (error.field.empty() || error.reason.empty()) std::abort();
    }
  }
  // What a page keeps is text it can show again.
  for (const std::string* text : {&answers.subject(), &answers.name(), &answers.email(), &answers.phone()}) {
    if (!IsFormText(*text, false)) std::abort();
  }
  if (!IsFormText(answers.what_happened(), true) || !IsFormText(answers.postal_address(), true)) std::abort();
  // What a draft keeps is within every limit, and still text.
  const v1::ComplaintFormAnswers kept = WithinLimits(answers);
  if (Utf8Length(kept.what_happened()) > 40'000 || !IsFormText(kept.what_happened(), true)) std::abort();
  if (!answers.department().empty() && !kDepartments.contains(answers.department())) std::abort();
  const Timestamp now = FromUnixMicros(1'800'000'000'000'000);
  (void)CheckSending(answers, fields.Get("website"), now, now, std::chrono::seconds(0));
  if (FormComplete(answers)) {
    const auto request_made = ComplaintOfForm(answers, "da", "Det ønsker borgeren:");
    if (request_made.department() != answers.department()) std::abort();
  }
  return 0;
}
