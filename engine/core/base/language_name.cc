#include "engine/core/base/language_name.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace ombudsflow {

std::string LanguageName(std::string_view tag, std::string_view reader) {
  if (tag.empty()) return std::string();
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale = icu::Locale::forLanguageTag(std::string(tag), status);
  if (U_FAILURE(status) || locale.isBogus() || std::string_view(locale.getLanguage()).empty()) {
    return std::string(tag);
  }
  const icu::Locale in = icu::Locale::forLanguageTag(std::string(reader), status);
  if (U_FAILURE(status)) return std::string(tag);
  icu::UnicodeString name;
  locale.getDisplayName(in, name);
  std::string text;
  name.toUTF8String(text);
  // ICU answers with the code itself when it has no name.
  if (text.empty() || text == locale.getLanguage()) return std::string(tag);
  return text;
}

}  // namespace ombudsflow
