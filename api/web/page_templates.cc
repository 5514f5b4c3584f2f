#include "api/web/page_templates.h"

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace ombudsflow::api::web {
namespace {

std::atomic<std::uint64_t> next_generation{1};

// The message keys a template names: {{t.key}}, {{#t.key}}, {{^t.key}}.
std::expected<void, std::string> CheckMessageKeys(const std::string& file, const std::string& text,
                                                  const std::function<bool(std::string_view)>& has) {
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string::npos) {
    at += 2;
    while (at < text.size() && (text[at] == '#' || text[at] == '^' || text[at] == '{' || text[at] == '/')) ++at;
    if (text.compare(at, 2, "t.") != 0) continue;
    const std::size_t end = text.find('}', at);
    if (end == std::string::npos) break;
    std::string key = text.substr(at + 2, end - at - 2);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    if (!has(key)) return std::unexpected(file + ": no message \"" + key + "\" in the catalogue");
  }
  return {};
}

}  // namespace

std::expected<PageTemplates, std::string> PageTemplates::Load(const std::filesystem::path& dir,
                                                              const MessageCatalog& messages) {
  return Load(dir, [&messages](std::string_view key) { return messages.Has(key); });
}

std::expected<PageTemplates, std::string> PageTemplates::Load(const std::filesystem::path& dir,
                                                              const std::function<bool(std::string_view)>& has) {
  PageTemplates templates;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return std::unexpected("cannot read " + entry.path().string());
    kainjow::mustache::mustache parsed(text.str());
    if (!parsed.is_valid()) return std::unexpected(entry.path().string() + ": " + parsed.error_message());
    if (auto keys = CheckMessageKeys(entry.path().string(), text.str(), has); !keys) {
      return std::unexpected(keys.error());
    }
    templates.sources_.emplace(entry.path().stem().string(), text.str());
  }
  if (error) return std::unexpected("cannot read " + dir.string() + ": " + error.message());
  if (!templates.sources_.contains("layout")) return std::unexpected(dir.string() + ": no layout.mustache");
  templates.generation_ = next_generation++;
  return templates;
}

std::string PageTemplates::Render(std::string_view name, const kainjow::mustache::data& data) const {
  using Key = std::pair<std::uint64_t, std::string>;
  thread_local std::map<Key, std::unique_ptr<kainjow::mustache::mustache>> parsed;
  Key key{generation_, std::string(name)};
  auto found = parsed.find(key);
  if (found == parsed.end()) {
    auto source = sources_.find(name);
    if (source == sources_.end()) throw std::logic_error("no template " + std::string(name));
    found = parsed.emplace(std::move(key), std::make_unique<kainjow::mustache::mustache>(source->second)).first;
  }
  std::string html = found->second->render(data);
  if (!found->second->is_valid()) throw std::runtime_error(std::string(name) + ": " + found->second->error_message());
  return html;
}

}  // namespace ombudsflow::api::web
