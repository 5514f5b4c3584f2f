#pragma once

#include <kainjow/mustache.hpp>

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ombudsflow::api::citizen {

/// Every text the citizens' door shows, in each of its languages
/// (templates/citizen/messages/<tag>.json, flat objects of key to text):
/// Danish ("da") always; easy Danish ("da-easy") and English ("en") as
/// shipped; an office adds a language by adding a file with every key
/// Danish has. Two keys say what the language is: "language_name" in its
/// own words ("Let dansk"), "html_lang" for the page's lang attribute.
class CitizenTexts {
 public:
  /// Reads every file. An error names the file and each key it lacks or
  /// has beyond Danish's.
  [[nodiscard]] static std::expected<CitizenTexts, std::string> Load(const std::filesystem::path& dir);

  /// The languages, Danish first, then by tag.
  [[nodiscard]] const std::vector<std::string>& Languages() const { return tags_; }
  [[nodiscard]] bool HasLanguage(std::string_view tag) const { return texts_.contains(tag); }
  [[nodiscard]] bool HasKey(std::string_view key) const { return texts_.at("da").contains(key); }

  /// The text for `key` in `tag` (Danish for a tag not loaded); the key
  /// itself when there is none, so a slip shows on the page.
  [[nodiscard]] const std::string& Text(std::string_view tag, std::string_view key) const;
  /// All texts of `tag` as {{t.*}} reads them.
  [[nodiscard]] const kainjow::mustache::data& Data(std::string_view tag) const;

  /// The language a first visit gets: `requested` when loaded, else the
  /// first loaded one Accept-Language names by primary tag, else Danish.
  [[nodiscard]] std::string Choose(std::string_view requested, std::string_view accept_language) const;

 private:
  using Texts = std::map<std::string, std::string, std::less<>>;
  std::map<std::string, Texts, std::less<>> texts_;
  std::map<std::string, kainjow::mustache::data, std::less<>> data_;
  std::vector<std::string> tags_;
};

}  // namespace ombudsflow::api::citizen
