#pragma once

#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace ombudsflow::api::web {

/// The workplace's static files (static/: our CSS and JS, and the vendored
/// DKFDS files), read into memory once, each also gzipped. They are served
/// under /static/<version>/<path>, where the version is a hash of every
/// file: a changed file gets a new address, so browsers may keep each one
/// forever, and relative references inside the vendored CSS still resolve.
class StaticAssets {
 public:
  [[nodiscard]] static std::expected<StaticAssets, std::string> Load(const std::filesystem::path& dir);

  /// The first 16 hex digits of SHA-256 over every path and content.
  [[nodiscard]] const std::string& version() const { return version_; }

  /// "/static/<version>/<path>".
  [[nodiscard]] std::string Url(std::string_view path) const;

  /// The file at `path`, gzipped when the request accepts it and that is
  /// smaller; 404 when there is none. Cached immutably when `version` is
  /// the current one; an older version (a page from before a deploy) gets
  /// the current file, cached briefly.
  [[nodiscard]] Response Serve(const Request& request, std::string_view version, std::string_view path) const;

  [[nodiscard]] std::size_t Size(std::string_view path) const;

 private:
  struct File {
    std::string content;
    std::string gzipped;  // empty when gzip does not make it smaller
    std::string type;
  };
  std::map<std::string, File, std::less<>> files_;
  std::string version_;
};

}  // namespace ombudsflow::api::web
