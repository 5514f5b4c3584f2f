#pragma once

#include <kainjow/mustache.hpp>

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace ombudsflow::api::web {

/// A message file: a flat JSON object of key to text. An error names the
/// file, or the key whose value is not a text.
[[nodiscard]] std::expected<std::map<std::string, std::string, std::less<>>, std::string> ReadMessageFile(
    const std::filesystem::path& file);

/// The workplace's languages: Danish first, English second.
enum class Language { kDanish, kEnglish };

[[nodiscard]] std::string_view LanguageTag(Language language);  // "da", "en"

/// The language a page is written in: the one the user chose (the language
/// cookie's value, "da" or "en"), else the first of Danish and English in
/// Accept-Language by its q-values, else Danish.
[[nodiscard]] Language ChooseLanguage(std::string_view chosen, std::string_view accept_language);

/// Every text the workplace shows, per language (templates/web/messages/
/// da.json and en.json: flat objects of key to text). Templates reach them
/// as {{t.key}}; no template holds a text of its own.
class MessageCatalog {
 public:
  /// Reads both files. An error names the file, and each key one language
  /// has and the other lacks.
  [[nodiscard]] static std::expected<MessageCatalog, std::string> Load(const std::filesystem::path& dir);

  /// The text for `key`; the key itself when there is none, so a slip
  /// shows on the page rather than as a blank.
  [[nodiscard]] const std::string& Text(Language language, std::string_view key) const;
  [[nodiscard]] bool Has(std::string_view key) const;

  /// All texts of `language` as the mustache object {{t.*}} reads.
  [[nodiscard]] const kainjow::mustache::data& Data(Language language) const;

 private:
  using Texts = std::map<std::string, std::string, std::less<>>;
  Texts danish_, english_;
  kainjow::mustache::data danish_data_, english_data_;
};

}  // namespace ombudsflow::api::web
