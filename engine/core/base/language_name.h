#pragma once

#include <string>
#include <string_view>

namespace ombudsflow {

/// The name of the language of BCP 47 tag `tag` ("ar", "pt-BR") as a
/// reader of `reader` ("da", "en") writes it, from ICU's locale data:
/// "arabisk", "Arabic". The tag itself when ICU knows no name for it, so a
/// code nobody can name is still shown rather than hidden.
[[nodiscard]] std::string LanguageName(std::string_view tag, std::string_view reader);

}  // namespace ombudsflow
