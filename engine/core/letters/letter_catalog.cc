#include "engine/core/letters/letter_catalog.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "engine/core/base/hex.h"
#include "engine/core/webhooks/webhook_signature.h"

namespace ombudsflow {
namespace {

using kainjow::mustache::data;
using Mustache = kainjow::mustache::mustache;

// Looks names up as kainjow's own context does, and records each that has
// no value: unknown, or an empty text (a hole in the letter).
class RecordingContext : public kainjow::mustache::basic_context<std::string> {
 public:
  explicit RecordingContext(const data* root) : inner_(root) {}
  void push(const data* item) override { inner_.push(item); }
  void pop() override { inner_.pop(); }
  const data* get(const std::string& name) const override {
    const data* found = inner_.get(name);
    if (found == nullptr || (found->is_string() && found->string_value().empty())) missing_.insert(name);
    return found;
  }
  // Letters have no partials.
  const data* get_partial(const std::string& name) const override {
    missing_.insert(">" + name);
    return nullptr;
  }
  [[nodiscard]] const std::set<std::string>& missing() const { return missing_; }

 private:
  kainjow::mustache::context<std::string> inner_;
  mutable std::set<std::string> missing_;
};

struct Rendered {
  std::string text;
  std::set<std::string> missing;
  std::string parse_error;
};

Rendered RenderRecording(const std::string& source, const data& values, bool escape_html) {
  Mustache tmpl{source};
  if (!escape_html) tmpl.set_custom_escape([](const std::string& text) { return text; });
  if (!tmpl.is_valid()) return {{}, {}, tmpl.error_message()};
  RecordingContext context(&values);
  std::string text = tmpl.render(context);
  if (!tmpl.is_valid()) return {{}, {}, tmpl.error_message()};
  return {std::move(text), context.missing(), {}};
}

// A subject is one line: whatever a value brought in (a newline in a case's
// subject) becomes a space.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  const auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

std::string Joined(const std::set<std::string>& names) {
  std::string joined;
  for (const auto& name : names) joined += (joined.empty() ? "'" : ", '") + name + "'";
  return joined;
}

// The refusal for a letter whose `file` has placeholders without a value.
Error Hole(const std::string& file, const std::set<std::string>& missing) {
  Error error = MakeError(ErrorCode::kFailedPrecondition,
                          "letter " + file + ": " + Joined(missing) + (missing.size() == 1 ? " has" : " have") +
                              " no value in the case; a letter is never sent with a hole in it");
  error.refused_by = "queue_letter";
  return error;
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// The text of each <style>…</style> element, exactly as a browser hashes it.
std::expected<std::vector<std::string>, std::string> StyleElements(const std::string& html) {
  const std::string lower = Lowercase(html);
  std::vector<std::string> styles;
  for (std::size_t at = lower.find("<style"); at != std::string::npos; at = lower.find("<style", at)) {
    const std::size_t open_end = lower.find('>', at);
    const std::size_t close = open_end == std::string::npos ? std::string::npos : lower.find("</style", open_end);
    if (close == std::string::npos) return std::unexpected("a <style> element is not closed");
    if (lower.substr(at, open_end - at) != "<style") return std::unexpected("a <style> element has attributes");
    styles.push_back(html.substr(open_end + 1, close - open_end - 1));
    at = close;
  }
  return styles;
}

bool IsVariant(std::string_view folder) {
  return folder == kDepartmentVariant ||
         std::find(std::begin(kCitizenVariants), std::end(kCitizenVariants), folder) != std::end(kCitizenVariants);
}

}  // namespace

std::expected<LetterCatalog, std::string> LetterCatalog::Load(const std::map<std::string, std::string>& files,
                                                              const data& specimen) {
  LetterCatalog catalog;
  const auto layout = files.find("layout.mustache");
  if (layout == files.end()) return std::unexpected("layout.mustache: missing (it wraps every letter)");
  catalog.layout_ = layout->second;
  for (const auto& [path, text] : files) {
    if (path == "layout.mustache") continue;
    const auto slash = path.find('/');
    constexpr std::string_view kSuffix = ".mustache";
    if (slash == std::string::npos || path.find('/', slash + 1) != std::string::npos ||
        !path.ends_with(kSuffix) || path.size() <= slash + 1 + kSuffix.size()) {
      return std::unexpected(path + ": not a letter template (expected <variant>/<purpose>.mustache)");
    }
    const std::string variant = path.substr(0, slash);
    if (!IsVariant(variant)) {
      return std::unexpected(path + ": '" + variant + "' is not a variant (da, en, da-easy or department)");
    }
    if (text.find("{{{") != std::string::npos || text.find("{{&") != std::string::npos) {
      return std::unexpected(path + ": a letter escapes every value: no {{{...}}} or {{&...}}");
    }
    if (const std::string lower = Lowercase(text);
        lower.find("<style") != std::string::npos || lower.find("style=") != std::string::npos) {
      return std::unexpected(path + ": a letter's styles are the layout's <style> alone (the letter page's "
                             "Content-Security-Policy allows that one by its hash): no <style> or style= here");
    }
    const auto newline = text.find('\n');
    Template parsed{newline == std::string::npos ? text : text.substr(0, newline),
                    newline == std::string::npos ? std::string() : text.substr(newline + 1)};
    if (OneLine(parsed.subject).empty()) return std::unexpected(path + ": the first line (the subject) is empty");
    catalog.templates_.emplace(variant + "/" + path.substr(slash + 1, path.size() - slash - 1 - kSuffix.size()),
                               std::move(parsed));
  }
  // Every citizen letter exists in every variant: the citizen's needs choose.
  std::set<std::string> citizen_purposes;
  for (const auto& [key, unused] : catalog.templates_) {
    if (!key.starts_with(std::string(kDepartmentVariant) + "/")) citizen_purposes.insert(key.substr(key.find('/') + 1));
  }
  for (const std::string& purpose : citizen_purposes) {
    for (std::string_view variant : kCitizenVariants) {
      if (!catalog.Has(purpose, variant)) {
        return std::unexpected(std::string(variant) + "/" + purpose + ".mustache: missing (the letter exists in " +
                               "another variant, and every citizen letter exists in da, en and da-easy)");
      }
    }
  }
  // Every placeholder must be one the case can fill: render each with the
  // specimen, which fills them all.
  for (const auto& [key, parsed] : catalog.templates_) {
    for (const auto* part : {&parsed.subject, &parsed.body}) {
      Rendered rendered = RenderRecording(*part, specimen, part == &parsed.body);
      if (!rendered.parse_error.empty()) return std::unexpected(key + ".mustache: " + rendered.parse_error);
      if (!rendered.missing.empty()) {
        return std::unexpected(key + ".mustache: unknown placeholder " + Joined(rendered.missing));
      }
    }
  }
  data wrapped = specimen;
  wrapped.set("subject", "Emne");
  wrapped.set("body", "<p>Brødtekst</p>");
  Rendered rendered = RenderRecording(catalog.layout_, wrapped, true);
  if (!rendered.parse_error.empty()) return std::unexpected("layout.mustache: " + rendered.parse_error);
  if (!rendered.missing.empty()) return std::unexpected("layout.mustache: unknown placeholder " + Joined(rendered.missing));
  auto styles = StyleElements(catalog.layout_);
  if (!styles) return std::unexpected("layout.mustache: " + styles.error());
  for (const std::string& style : *styles) {
    if (style.find("{{") != std::string::npos) {
      return std::unexpected("layout.mustache: no placeholder inside <style> (the letter page allows the style "
                             "by its hash)");
    }
    catalog.style_hashes_.push_back("'sha256-" + Base64Encode(HexDecode(Sha256Hex(style)).value_or("")) + "'");
  }
  return catalog;
}

bool LetterCatalog::Has(std::string_view purpose, std::string_view variant) const {
  return templates_.contains(std::string(variant) + "/" + std::string(purpose));
}

std::vector<std::string> LetterCatalog::Purposes(std::string_view variant) const {
  std::vector<std::string> purposes;
  const std::string prefix = std::string(variant) + "/";
  for (const auto& [key, unused] : templates_) {
    if (key.starts_with(prefix)) purposes.push_back(key.substr(prefix.size()));
  }
  return purposes;
}

Result<RenderedLetter> LetterCatalog::RenderBody(std::string_view purpose, std::string_view variant,
                                                 const data& values) const {
  const std::string key = std::string(variant) + "/" + std::string(purpose);
  const auto found = templates_.find(key);
  if (found == templates_.end()) {
    return std::unexpected(MakeError(ErrorCode::kNotFound, "no letter template " + key + ".mustache"));
  }
  Rendered subject = RenderRecording(found->second.subject, values, false);
  Rendered body = RenderRecording(found->second.body, values, true);
  std::set<std::string> missing = subject.missing;
  missing.insert(body.missing.begin(), body.missing.end());
  if (!missing.empty()) return std::unexpected(Hole(key + ".mustache", missing));
  return RenderedLetter{OneLine(subject.text), {}, std::move(body.text)};
}

Result<RenderedLetter> LetterCatalog::Render(std::string_view purpose, std::string_view variant,
                                             const data& values) const {
  auto letter = RenderBody(purpose, variant, values);
  if (!letter) return letter;
  data wrapped = values;
  wrapped.set("subject", letter->subject);
  wrapped.set("body", letter->body);
  Rendered document = RenderRecording(layout_, wrapped, true);
  if (!document.missing.empty()) return std::unexpected(Hole("layout.mustache", document.missing));
  letter->html = std::move(document.text);
  return letter;
}

}  // namespace ombudsflow
