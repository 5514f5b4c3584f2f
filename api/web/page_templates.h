#pragma once

#include <kainjow/mustache.hpp>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "api/web/messages.h"

namespace ombudsflow::api::web {

/// The workplace's mustache templates (templates/web/*.mustache), rendered
/// with kainjow-mustache, which escapes every {{value}} for HTML. A page is
/// its own template placed in layout.mustache's {{{content}}}: triple
/// braces appear only there and for HTML this server drew (diagrams), never
/// for a value a person typed.
class PageTemplates {
 public:
  /// Reads and parses every template in `dir`. An error names the file:
  /// a template that does not parse, or a {{t.key}} the catalogue lacks.
  [[nodiscard]] static std::expected<PageTemplates, std::string> Load(const std::filesystem::path& dir,
                                                                       const MessageCatalog& messages);
  /// The same, for templates whose texts are another catalogue's: `has`
  /// says whether it has a key.
  [[nodiscard]] static std::expected<PageTemplates, std::string> Load(
      const std::filesystem::path& dir, const std::function<bool(std::string_view)>& has);

  /// Template `name` (without ".mustache") rendered with `data`.
  /// Thread-safe: each thread renders with its own parsed copy, as
  /// kainjow's renderer keeps state while it renders.
  [[nodiscard]] std::string Render(std::string_view name, const kainjow::mustache::data& data) const;

  [[nodiscard]] bool Has(std::string_view name) const { return sources_.contains(std::string(name)); }

 private:
  std::map<std::string, std::string, std::less<>> sources_;
  std::uint64_t generation_ = 0;  // tells apart instances in the threads' caches
};

}  // namespace ombudsflow::api::web
