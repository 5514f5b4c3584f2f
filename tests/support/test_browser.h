#pragma once

#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/http_client.h"

namespace ombudsflow::testing {

// What a browser keeps between the citizens' pages: its cookies, and the
// form token of the page last shown.
class Browser {
 public:
  Browser(unsigned short port, std::string address = {}) : port_(port), address_(std::move(address)) {}

  HttpResponse Get(const std::string& target) { return Keep(SendHttp(port_, http::verb::get, target, {}, Headers())); }

  HttpResponse Post(const std::string& target, std::vector<std::pair<std::string, std::string>> fields,
                    bool with_csrf = true) {
    if (with_csrf) fields.emplace_back("_csrf", csrf_);
    auto headers = Headers();
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    HttpResponse response = Keep(SendHttp(port_, http::verb::post, target, FormBody(fields), headers));
    // As a browser does: the page posted to sends it on, and the next
    // page's form carries the draft's new token.
    // Only to our own pages: another site's (an identity provider's) is
    // the test's to visit.
    const std::string location(response[http::field::location]);
    if (response.result() == http::status::see_other && location.starts_with('/')) (void)Get(location);
    return response;
  }

  // The form's token from the page last shown.
  const std::string& csrf() const { return csrf_; }
  // The page last shown (after a post, the page it sent the browser on to).
  const HttpResponse& last() const { return last_; }
  std::string Cookie(const std::string& name) const { return cookies_.contains(name) ? cookies_.at(name) : ""; }
  void SetCookie(const std::string& name, const std::string& value) { cookies_[name] = value; }
  void ForgetCookies() { cookies_.clear(); }

 private:
  std::map<std::string, std::string> Headers() const {
    std::map<std::string, std::string> headers;
    std::string cookie;
    for (const auto& [name, value] : cookies_) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    if (!address_.empty()) headers["X-Forwarded-For"] = address_;
    return headers;
  }

  HttpResponse Keep(HttpResponse response) {
    const auto [first, last] = response.base().equal_range(http::field::set_cookie);
    for (auto field = first; field != last; ++field) {
      const std::string value(field->value());
      const auto equals = value.find('=');
      const auto end = value.find(';');
      cookies_[value.substr(0, equals)] = value.substr(equals + 1, end - equals - 1);
    }
    // A hidden field's, or one in a form's address (an upload's).
    static const std::regex kCsrf(R"re(name="_csrf" value="([0-9a-f]{64})"|[?&]_csrf=([0-9a-f]{64}))re");
    std::smatch match;
    const std::string body = response.body();
    if (std::regex_search(body, match, kCsrf)) csrf_ = match[1].matched ? match[1] : match[2];
    last_ = response;
    return response;
  }

  unsigned short port_;
  std::string address_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
  HttpResponse last_;
};

}  // namespace ombudsflow::testing
