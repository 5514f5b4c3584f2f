#include "api/server/secret_masking.h"

#include <curl/curl.h>
#include <libpq-fe.h>

#include <memory>
#include <string_view>

namespace ombudsflow::server {
namespace {

struct ConninfoOptionsFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoOptionsFree>;

ConninfoOptions Parse(const std::string& conninfo) {
  char* error = nullptr;
  ConninfoOptions options(PQconninfoParse(conninfo.c_str(), &error));
  if (error != nullptr) PQfreemem(error);
  return options;
}

// A value as libpq's key=value syntax reads it back: quoted, with quotes
// and backslashes escaped, when it is empty or has a space or either.
std::string Quoted(std::string_view value) {
  if (!value.empty() && value.find_first_of(" \t\n'\\") == std::string_view::npos) return std::string(value);
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

struct UrlFree {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using Url = std::unique_ptr<CURLU, UrlFree>;

// The URL parsed as libcurl parses it (any scheme), or null.
Url ParseUrl(const std::string& text) {
  Url url(curl_url());
  if (!url || curl_url_set(url.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return nullptr;
  }
  return url;
}

bool HasPart(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  const bool has = curl_url_get(url, part, &value, 0) == CURLUE_OK && value != nullptr;
  curl_free(value);
  return has;
}

}  // namespace

std::string MaskConninfo(const std::string& conninfo) {
  const ConninfoOptions options = Parse(conninfo);
  if (!options) return kMasked;
  std::string masked;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view keyword = option->keyword;
    masked += (masked.empty() ? "" : " ") + std::string(keyword) + "=" +
              (keyword == "password" ? std::string(kMasked) : Quoted(option->val));
  }
  return masked;
}

bool ConninfoHasPassword(const std::string& conninfo) {
  const ConninfoOptions options = Parse(conninfo);
  // Unparseable: libpq will refuse it before it sends anything.
  if (!options) return false;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr && std::string_view(option->keyword) == "password") return true;
  }
  return false;
}

std::string MaskUrl(const std::string& text) {
  const Url url = ParseUrl(text);
  if (!url) return kMasked;
  if (!HasPart(url.get(), CURLUPART_PASSWORD)) return text;
  char* masked = nullptr;
  if (curl_url_set(url.get(), CURLUPART_PASSWORD, kMasked, 0) != CURLUE_OK ||
      curl_url_get(url.get(), CURLUPART_URL, &masked, 0) != CURLUE_OK) {
    return kMasked;
  }
  std::string result = masked;
  curl_free(masked);
  return result;
}

bool UrlHasPassword(const std::string& text) {
  const Url url = ParseUrl(text);
  return url && HasPart(url.get(), CURLUPART_PASSWORD);
}

}  // namespace ombudsflow::server
