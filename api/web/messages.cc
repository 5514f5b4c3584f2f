#include "api/web/messages.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>

namespace ombudsflow::api::web {
namespace {

kainjow::mustache::data ToData(const std::map<std::string, std::string, std::less<>>& texts) {
  kainjow::mustache::data data{kainjow::mustache::data::type::object};
  for (const auto& [key, text] : texts) data.set(key, text);
  return data;
}

// The q-value of one Accept-Language entry ("da;q=0.8"): 1 when absent.
double Quality(std::string_view parameters) {
  const auto q = parameters.find("q=");
  if (q == std::string_view::npos) return 1.0;
  std::string_view number = parameters.substr(q + 2);
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  return error == std::errc() ? value : 0.0;
}

}  // namespace

std::expected<std::map<std::string, std::string, std::less<>>, std::string> ReadMessageFile(
    const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return std::unexpected("cannot read " + file.string());
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::unexpected(file.string() + ": not a JSON object");
  std::map<std::string, std::string, std::less<>> texts;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_string()) return std::unexpected(file.string() + ": \"" + key + "\" is not a text");
    texts.emplace(key, value.get<std::string>());
  }
  return texts;
}

std::string_view LanguageTag(Language language) { return language == Language::kEnglish ? "en" : "da"; }

Language ChooseLanguage(std::string_view chosen, std::string_view accept_language) {
  if (chosen == "da") return Language::kDanish;
  if (chosen == "en") return Language::kEnglish;
  double danish = 0, english = 0;
  // A header is at most the server's header limit; entries are few.
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    std::string_view entry = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    const auto semicolon = entry.find(';');
    std::string_view tag = entry.substr(0, semicolon);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    const double quality = Quality(semicolon == std::string_view::npos ? std::string_view() : entry.substr(semicolon));
    const std::string_view primary = tag.substr(0, tag.find('-'));
    auto is = [&](std::string_view code) {
      return primary.size() == code.size() &&
             std::equal(primary.begin(), primary.end(), code.begin(),
                        [](char a, char b) { return (a | 0x20) == b; });
    };
    if (is("da") || is("nb") || is("nn") || is("no")) danish = std::max(danish, quality);
    if (is("en")) english = std::max(english, quality);
  }
  return english > danish ? Language::kEnglish : Language::kDanish;
}

std::expected<MessageCatalog, std::string> MessageCatalog::Load(const std::filesystem::path& dir) {
  auto danish = ReadMessageFile(dir / "da.json");
  if (!danish) return std::unexpected(danish.error());
  auto english = ReadMessageFile(dir / "en.json");
  if (!english) return std::unexpected(english.error());
  std::string missing;
  for (const auto& [key, text] : *danish) {
    if (!english->contains(key)) missing += " en.json lacks \"" + key + "\";";
  }
  for (const auto& [key, text] : *english) {
    if (!danish->contains(key)) missing += " da.json lacks \"" + key + "\";";
  }
  if (!missing.empty()) return std::unexpected((dir / "").string() + ":" + missing);
  MessageCatalog catalog;
  catalog.danish_ = std::move(*danish);
  catalog.english_ = std::move(*english);
  catalog.danish_data_ = ToData(catalog.danish_);
  catalog.english_data_ = ToData(catalog.english_);
  return catalog;
}

const std::string& MessageCatalog::Text(Language language, std::string_view key) const {
  const Texts& texts = language == Language::kEnglish ? english_ : danish_;
  auto found = texts.find(key);
  if (found != texts.end()) return found->second;
  thread_local std::string fallback;
  fallback = std::string(key);
  return fallback;
}

bool MessageCatalog::Has(std::string_view key) const { return danish_.find(key) != danish_.end(); }

const kainjow::mustache::data& MessageCatalog::Data(Language language) const {
  return language == Language::kEnglish ? english_data_ : danish_data_;
}

}  // namespace ombudsflow::api::web
