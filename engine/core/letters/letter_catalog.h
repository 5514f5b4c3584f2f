#pragma once

#include <kainjow/mustache.hpp>

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/base/error.h"

namespace ombudsflow {

/// The variants a letter to the citizen exists in (folders under
/// templates/letters/): Danish, English and easy-read Danish. Letters to a
/// department are in `department/`, in Danish.
inline constexpr std::string_view kCitizenVariants[] = {"da", "en", "da-easy"};
inline constexpr std::string_view kDepartmentVariant = "department";

/// A letter's text, ready to store and send.
struct RenderedLetter {
  std::string subject;  // one line, plain text (not HTML-escaped)
  std::string html;     // a whole HTML document
  std::string body;     // the body alone (HTML), for a preview inside a page
};

/// The letter templates, validated together when loaded: templates are data,
/// versioned in the repository like the workflows, and a letter is never
/// sent with a hole in it.
///
/// A template's first line is the letter's subject; the rest is its body
/// (HTML). Both are mustache, rendered with kainjow-mustache, which escapes
/// every {{value}} for HTML; a template may not use {{{triple}}} or {{&}}
/// braces. `layout.mustache` wraps every body (its {{{body}}} is the only
/// unescaped value) with the letterhead, the date and the signature.
class LetterCatalog {
 public:
  /// `files`: each file's path under templates/letters ("da/referral.mustache",
  /// "layout.mustache") and text. `specimen`: data with every placeholder a
  /// template may use, filled (LetterSpecimen). Refuses, naming the file and
  /// the name: a template that does not parse, an unknown placeholder, a
  /// variant folder that is not one, a citizen letter missing in a variant.
  [[nodiscard]] static std::expected<LetterCatalog, std::string> Load(const std::map<std::string, std::string>& files,
                                                                      const kainjow::mustache::data& specimen);

  [[nodiscard]] bool Has(std::string_view purpose, std::string_view variant) const;
  /// Every purpose with a template, for a variant.
  [[nodiscard]] std::vector<std::string> Purposes(std::string_view variant) const;

  /// Letter `purpose` in `variant` with `data`. kFailedPrecondition, naming
  /// the file and the placeholder, when a placeholder has no value in the
  /// case; kNotFound for a template the catalogue lacks.
  [[nodiscard]] Result<RenderedLetter> Render(std::string_view purpose, std::string_view variant,
                                              const kainjow::mustache::data& data) const;

  /// Render without the layout (no letterhead, no case number): an answer
  /// posted elsewhere, such as the guidance to a social-media enquiry.
  /// `html` is left empty.
  [[nodiscard]] Result<RenderedLetter> RenderBody(std::string_view purpose, std::string_view variant,
                                                  const kainjow::mustache::data& data) const;

  /// The Content-Security-Policy sources ("'sha256-…'") of the layout's
  /// <style> elements: a letter shown in a browser applies these styles and
  /// no other. The same HTML goes to WeasyPrint and into e-mail, where a
  /// stylesheet link would not reach, so the style stays in the document;
  /// Load refuses a placeholder inside it (it would change the hash) and
  /// any style in a template's body.
  [[nodiscard]] const std::vector<std::string>& StyleHashes() const { return style_hashes_; }

 private:
  struct Template {
    std::string subject;
    std::string body;
  };
  std::map<std::string, Template, std::less<>> templates_;  // by "variant/purpose"
  std::string layout_;
  std::vector<std::string> style_hashes_;
};

}  // namespace ombudsflow
