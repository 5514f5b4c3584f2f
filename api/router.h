#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_types.h"

namespace ombudsflow::api {

/// Values of a route's {name} segments, percent-decoded.
using PathParams = std::map<std::string, std::string, std::less<>>;

/// Maps (method, path) to a handler. Patterns are "/"-separated segments:
/// literals, "{name}" capturing a whole segment, "{name}:verb" for custom
/// methods such as "/v1/notices/{id}:acknowledge", or, as the last segment
/// only, "{name...}" capturing one or more segments joined by "/" (static
/// files in folders). Each captured segment is decoded on its own, so an
/// encoded "/" never splits one, and "." and ".." segments never match.
template <class Handler>
class Router {
 public:
  struct Match {
    const Handler* handler = nullptr;  // null: see allowed
    PathParams params;
    // When no route matched: the methods the path does allow (405 when
    // non-empty, 404 when empty).
    std::vector<http::verb> allowed;
  };

  void Add(http::verb method, std::string_view pattern, Handler handler) {
    routes_.push_back(Route{method, Split(pattern), std::move(handler)});
  }

  /// `path` is the raw (still encoded) path of the request target.
  [[nodiscard]] Match Find(http::verb method, std::string_view path) const;

 private:
  struct Route {
    http::verb method;
    std::vector<std::string> segments;
    Handler handler;
  };

  static std::vector<std::string> Split(std::string_view path);
  static bool MatchSegments(const std::vector<std::string>& pattern,
                            const std::vector<std::string>& segments, PathParams& params);

  std::vector<Route> routes_;
};

/// Decodes one path segment; nullopt when malformed. (Defined in router.cc.)
[[nodiscard]] std::optional<std::string> DecodePathSegment(std::string_view segment);

template <class Handler>
typename Router<Handler>::Match Router<Handler>::Find(http::verb method,
                                                      std::string_view path) const {
  Match match;
  const auto segments = Split(path);
  for (const auto& route : routes_) {
    PathParams params;
    if (!MatchSegments(route.segments, segments, params)) continue;
    if (route.method == method) {
      match.handler = &route.handler;
      match.params = std::move(params);
      match.allowed.clear();
      return match;
    }
    match.allowed.push_back(route.method);
  }
  return match;
}

template <class Handler>
std::vector<std::string> Router<Handler>::Split(std::string_view path) {
  std::vector<std::string> segments;
  while (!path.empty()) {
    if (path.front() == '/') path.remove_prefix(1);
    const auto slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  return segments;
}

template <class Handler>
bool Router<Handler>::MatchSegments(const std::vector<std::string>& pattern,
                                    const std::vector<std::string>& segments,
                                    PathParams& params) {
  const bool rest = !pattern.empty() && pattern.back().ends_with("...}");
  if (rest ? segments.size() < pattern.size() : pattern.size() != segments.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (rest && i + 1 == pattern.size()) {
      std::string joined;
      for (std::size_t j = i; j < segments.size(); ++j) {
        auto value = DecodePathSegment(segments[j]);
        if (!value || value->empty() || *value == "." || *value == "..") return false;
        if (!joined.empty()) joined += '/';
        joined += *value;
      }
      params[pattern[i].substr(1, pattern[i].size() - 5)] = std::move(joined);
      return true;
    }
    const std::string& want = pattern[i];
    const std::string& have = segments[i];
    if (!want.starts_with('{')) {
      if (want != have) return false;
      continue;
    }
    const auto close = want.find('}');
    const std::string name = want.substr(1, close - 1);
    const std::string_view suffix = std::string_view(want).substr(close + 1);  // ":verb" or ""
    if (have.size() <= suffix.size() || !std::string_view(have).ends_with(suffix)) return false;
    auto value = DecodePathSegment(std::string_view(have).substr(0, have.size() - suffix.size()));
    if (!value || value->empty()) return false;
    params[name] = std::move(*value);
  }
  return true;
}

}  // namespace ombudsflow::api
