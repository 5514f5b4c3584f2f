// deploy/nginx/ombudsflow.conf as the office runs it: Debian's nginx
// terminating TLS (HTTP/2, HSTS, a certificate from a file) in front of two
// ombudsflow servers on one database. A person signs in to the workplace
// through it with the sign-in form, and a system calls the API. Only the
// file's addresses, ports and certificate paths are replaced.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "tests/support/server_fixture.h"

namespace ombudsflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

constexpr const char* kHost = "ombudsmand.kommune.dk";
constexpr const char* kPassword = "a long enough password 2026";

unsigned short FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof(address);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  ASSERT_NE(text.find(from), std::string::npos) << "the example no longer has: " << from;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// What one request through nginx answered.
struct Answer {
  long status = 0;
  long http_version = 0;
  std::string headers, body;
};

// A browser's side: libcurl with its cookie engine, verifying the
// self-signed certificate as an authority (not switching verification off).
class Browser {
 public:
  Browser(unsigned short tls_port, const fs::path& certificate) : curl_(curl_easy_init()) {
    resolve_ = curl_slist_append(nullptr, (std::string(kHost) + ":" + std::to_string(tls_port) + ":127.0.0.1").c_str());
    curl_easy_setopt(curl_, CURLOPT_RESOLVE, resolve_);
    curl_easy_setopt(curl_, CURLOPT_CAINFO, certificate.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 20L);
    base_ = "https://" + std::string(kHost) + ":" + std::to_string(tls_port);
  }
  ~Browser() {
    curl_easy_cleanup(curl_);
    curl_slist_free_all(resolve_);
  }

  Answer Get(const std::string& path, const std::string& bearer = {}) { return Send(path, nullptr, bearer); }
  Answer PostForm(const std::string& path, const std::string& form) { return Send(path, &form, {}); }

 private:
  static std::size_t Append(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
  }

  Answer Send(const std::string& path, const std::string* form, const std::string& bearer) {
    Answer answer;
    const std::string url = base_ + path;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    if (form != nullptr) {
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, form->c_str());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
    }
    curl_slist* headers = nullptr;
    if (!bearer.empty()) headers = curl_slist_append(headers, ("Authorization: Bearer " + bearer).c_str());
    headers = curl_slist_append(headers, "Accept-Language: da");
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Browser::Append);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &Browser::Append);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &answer.headers);
    const CURLcode sent = curl_easy_perform(curl_);
    curl_slist_free_all(headers);
    EXPECT_EQ(sent, CURLE_OK) << url << ": " << curl_easy_strerror(sent);
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_easy_getinfo(curl_, CURLINFO_HTTP_VERSION, &answer.http_version);
    return answer;
  }

  CURL* curl_;
  curl_slist* resolve_ = nullptr;
  std::string base_;
};

// The value of the sign-in form's hidden CSRF field.
std::string FormToken(const std::string& html) {
  const std::string marker = "name=\"_csrf\" value=\"";
  const std::size_t at = html.find(marker);
  if (at == std::string::npos) return {};
  const std::size_t start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

class NginxTlsTest : public ServerFixture {
 protected:
  // nginx is the one proxy on this machine; cookies are Secure because it
  // says the request came over https.
  std::vector<std::string> ServerArgs() const override { return {"--trusted-proxies", "127.0.0.1"}; }

  void SetUp() override {
    if (std::system("command -v nginx >/dev/null 2>&1") != 0 && !fs::exists("/usr/sbin/nginx")) {
      FAIL() << "nginx is missing: install Debian's nginx (deploy/lib.sh's OF_TEST_PACKAGES)";
    }
    ServerFixture::SetUp();
    second_ = ServerProcess::Start(database_->server_conninfo(), AllServerArgs());
    folder_ = fs::temp_directory_path() / ("ombudsflow-nginx-" + std::to_string(::getpid()));
    fs::create_directories(folder_);
    const fs::path key = folder_ / "privkey.pem";
    certificate_ = folder_ / "fullchain.pem";
    const std::string make_certificate =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=" +
        std::string(kHost) + " -addext subjectAltName=DNS:" + kHost + " -keyout " + key.string() + " -out " +
        certificate_.string() + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(make_certificate.c_str()), 0) << make_certificate;

    tls_port_ = FreePort();
    http_port_ = FreePort();
    std::string site = ReadAll(fs::path(OMBUDSFLOW_DEPLOY_DIR) / "nginx" / "ombudsflow.conf");
    ReplaceAll(site, "127.0.0.1:8080", "127.0.0.1:" + std::to_string(server_->port()));
    ReplaceAll(site, "127.0.0.1:8081", "127.0.0.1:" + std::to_string(second_->port()));
    ReplaceAll(site, "    listen [::]:443 ssl http2;\n", "");
    ReplaceAll(site, "    listen [::]:80;\n", "");
    ReplaceAll(site, "listen 443 ssl http2;", "listen 127.0.0.1:" + std::to_string(tls_port_) + " ssl http2;");
    ReplaceAll(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(http_port_) + ";");
    ReplaceAll(site, "/etc/ombudsflow/tls/fullchain.pem", certificate_.string());
    ReplaceAll(site, "/etc/ombudsflow/tls/privkey.pem", key.string());
    std::ofstream(folder_ / "site.conf") << site;
    const std::string prefix = folder_.string();
    std::ofstream(folder_ / "nginx.conf")
        << "pid " << prefix << "/nginx.pid;\n"
        << "error_log " << prefix << "/error.log;\n"
        << (::geteuid() == 0 ? "user root;\n" : "") << "events {}\n"
        << "http {\n"
        << "  access_log " << prefix << "/access.log;\n"
        << "  client_body_temp_path " << prefix << "/body;\n  proxy_temp_path " << prefix << "/proxy;\n"
        << "  fastcgi_temp_path " << prefix << "/fastcgi;\n  uwsgi_temp_path " << prefix << "/uwsgi;\n"
        << "  scgi_temp_path " << prefix << "/scgi;\n"
        << "  include " << prefix << "/site.conf;\n}\n";
    const std::string start = "nginx -p " + prefix + " -c " + prefix + "/nginx.conf 2>" + prefix + "/start.log";
    ASSERT_EQ(std::system(start.c_str()), 0) << ReadAll(folder_ / "start.log") << ReadAll(folder_ / "error.log");
    started_ = true;
  }

  void TearDown() override {
    if (started_) {
      const std::string stop = "nginx -p " + folder_.string() + " -c " + folder_.string() + "/nginx.conf -s stop";
      (void)std::system(stop.c_str());
      for (int i = 0; i < 50 && fs::exists(folder_ / "nginx.pid"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    if (!folder_.empty()) fs::remove_all(folder_);
    second_.reset();
    ServerFixture::TearDown();
  }

  std::unique_ptr<ServerProcess> second_;
  fs::path folder_, certificate_;
  unsigned short tls_port_ = 0, http_port_ = 0;
  bool started_ = false;
};

TEST_F(NginxTlsTest, APersonSignsInAndASystemCallsTheApiThroughTlsToTwoServers) {
  const std::string email = "tls.caseworker@kommune.dk";
  SetPassword(CreateUser(Role::kCaseworker, email), kPassword);
  Browser browser(tls_port_, certificate_);

  // The sign-in form, over HTTP/2 with HSTS; its form cookie is Secure.
  const Answer form = browser.Get("/sign-in");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_EQ(form.http_version, CURL_HTTP_VERSION_2_0);
  EXPECT_THAT(form.headers, HasSubstr("strict-transport-security: max-age=63072000; includeSubDomains"));
  EXPECT_THAT(form.headers, HasSubstr("; Secure"));
  const std::string token = FormToken(form.body);
  ASSERT_EQ(token.size(), 32U) << form.body;

  // Signing in answers a 303 to the person's start page with a Secure
  // session cookie; the browser follows it, signed in.
  char* escaped = curl_easy_escape(nullptr, kPassword, 0);
  const Answer signed_in =
      browser.PostForm("/sign-in", "_csrf=" + token + "&next=%2F&email=" + email + "&password=" + escaped);
  curl_free(escaped);
  ASSERT_EQ(signed_in.status, 303) << signed_in.body;
  EXPECT_THAT(signed_in.headers, HasSubstr("ombudsflow_session="));
  EXPECT_THAT(signed_in.headers, HasSubstr("; Secure"));
  std::string location = signed_in.headers.substr(signed_in.headers.find("location: ") + 10);
  location = location.substr(0, location.find('\r'));
  ASSERT_TRUE(location.starts_with("/")) << location;
  const Answer start_page = browser.Get(location);
  EXPECT_EQ(start_page.status, 200) << start_page.body;
  EXPECT_THAT(start_page.body, Not(HasSubstr("name=\"_csrf\" value=\"" + token)));
  EXPECT_THAT(start_page.body, HasSubstr("sign-out"));

  // A system's token, on the API, through the same door; the requests went
  // to both servers.
  for (int call = 0; call < 6; ++call) {
    const Answer workflows = browser.Get("/v1/workflows", tokens_[Role::kCaseworker]);
    ASSERT_EQ(workflows.status, 200) << workflows.body;
    EXPECT_EQ(workflows.http_version, CURL_HTTP_VERSION_2_0);
  }
  EXPECT_THAT(server_->Log(), HasSubstr("/v1/workflows"));
  EXPECT_THAT(second_->Log(), HasSubstr("/v1/workflows"));

  // Plain HTTP only sends people to HTTPS.
  EXPECT_EQ(SendHttp(http_port_, http::verb::get, "/sign-in").result_int(), 301);
}

}  // namespace
}  // namespace ombudsflow::testing
