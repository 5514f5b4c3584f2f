#include "api/citizen/citizen_texts.h"

#include "api/web/messages.h"

#include <algorithm>
#include <fstream>

namespace ombudsflow::api::citizen {
namespace {

// A language tag as a file may be named: letters, digits and '-'.
bool IsTagName(std::string_view tag) {
  return !tag.empty() && tag.size() <= 35 && std::all_of(tag.begin(), tag.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

std::expected<CitizenTexts, std::string> CitizenTexts::Load(const std::filesystem::path& dir) {
  CitizenTexts catalog;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string tag = entry.path().stem().string();
    if (!IsTagName(tag)) return std::unexpected(entry.path().string() + ": not named by a language tag");
    auto texts = web::ReadMessageFile(entry.path());
    if (!texts) return std::unexpected(texts.error());
    catalog.texts_.emplace(tag, std::move(*texts));
  }
  if (error) return std::unexpected("cannot read " + dir.string() + ": " + error.message());
  const auto danish = catalog.texts_.find("da");
  if (danish == catalog.texts_.end()) return std::unexpected(dir.string() + ": no da.json");
  for (const char* key : {"language_name", "html_lang"}) {
    if (!danish->second.contains(key)) return std::unexpected(dir.string() + "/da.json: no \"" + key + "\"");
  }
  std::string problems;
  for (const auto& [tag, texts] : catalog.texts_) {
    for (const auto& [key, text] : danish->second) {
      if (!texts.contains(key)) problems += "\n  " + tag + ".json lacks \"" + key + "\"";
    }
    for (const auto& [key, text] : texts) {
      if (!danish->second.contains(key)) problems += "\n  " + tag + ".json has \"" + key + "\", which da.json lacks";
    }
  }
  if (!problems.empty()) return std::unexpected(dir.string() + ": the languages differ:" + problems);
  catalog.tags_.push_back("da");
  for (const auto& [tag, texts] : catalog.texts_) {
    if (tag != "da") catalog.tags_.push_back(tag);
    kainjow::mustache::data data{kainjow::mustache::data::type::object};
    for (const auto& [key, text] : texts) data.set(key, text);
    catalog.data_.emplace(tag, std::move(data));
  }
  return catalog;
}

const std::string& CitizenTexts::Text(std::string_view tag, std::string_view key) const {
  auto texts = texts_.find(tag);
  if (texts == texts_.end()) texts = texts_.find("da");
  const auto text = texts->second.find(key);
  if (text != texts->second.end()) return text->second;
  thread_local std::string missing;
  missing = key;
  return missing;
}

const kainjow::mustache::data& CitizenTexts::Data(std::string_view tag) const {
  auto data = data_.find(tag);
  if (data == data_.end()) data = data_.find("da");
  return data->second;
}

std::string CitizenTexts::Choose(std::string_view requested, std::string_view accept_language) const {
  if (HasLanguage(requested)) return std::string(requested);
  // The first entry whose primary tag is loaded; q-values aside, as a
  // browser lists its languages in the order its user set them.
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    std::string_view entry = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    std::string primary(entry.substr(0, std::min(entry.find(';'), entry.find('-'))));
    std::transform(primary.begin(), primary.end(), primary.begin(), [](unsigned char c) { return std::tolower(c); });
    if (HasLanguage(primary)) return primary;
  }
  return "da";
}

}  // namespace ombudsflow::api::citizen
