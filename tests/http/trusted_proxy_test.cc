// Behind a reverse proxy: the proxy's X-Forwarded-Proto and X-Forwarded-For
// count when the connection comes from a peer in --trusted-proxies, and from
// nobody else. The test's connections come from 127.0.0.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/service/system_clock.h"
#include "engine/service/user_service.h"
#include "engine/store/user_store.h"
#include "tests/support/server_fixture.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

using http::status;
using http::verb;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kPassword = "correct horse battery staple";

class ProxyFixture : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    SetPassword(user_ids_.at(Role::kCaseworker), kPassword);
  }

  HttpResponse SignIn(const std::map<std::string, std::string>& forwarded) {
    auto headers = forwarded;
    headers.emplace("Content-Type", "application/json");
    return SendHttp(server_->port(), verb::post, "/v1/sessions",
                    R"({"email": "caseworker@test.example", "password": ")" + std::string(kPassword) + R"("})",
                    headers);
  }

  // Public requests from `client` as X-Forwarded-For names it, until one is
  // refused for the address's rate; how many were answered.
  int AnsweredBeforeTheLimit(const std::string& client) {
    for (int answered = 0; answered < 10; ++answered) {
      const auto response = SendHttp(server_->port(), verb::get, "/v1/publications", {},
                                     {{"X-Forwarded-For", "203.0.113.66, " + client}});
      if (response.result() == status::too_many_requests) return answered;
    }
    return 10;
  }
};

class TrustedProxyTest : public ProxyFixture {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--trusted-proxies", "10.0.0.0/8, 127.0.0.1", "--anonymous-rate-limit-per-minute", "1",
            "--anonymous-rate-burst", "3"};
  }
};

// Each request comes from another client, so none meets the address limit.
TEST_F(TrustedProxyTest, HttpsFromATrustedProxyMakesEveryCookieSecure) {
  const auto secure = SignIn({{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.10"}});
  ASSERT_EQ(secure.result(), status::created) << secure.body();
  EXPECT_THAT(std::string(secure[http::field::set_cookie]), HasSubstr("; HttpOnly; SameSite=Lax; Secure"));
  // The sign-in page's own cookie too.
  const auto page = SendHttp(server_->port(), verb::get, "/sign-in", {},
                             {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.11"}});
  ASSERT_EQ(page.result(), status::ok);
  EXPECT_THAT(std::string(page[http::field::set_cookie]), HasSubstr("; Secure"));

  const auto plain = SignIn({{"X-Forwarded-Proto", "http"}, {"X-Forwarded-For", "198.51.100.12"}});
  ASSERT_EQ(plain.result(), status::created) << plain.body();
  EXPECT_THAT(std::string(plain[http::field::set_cookie]), Not(HasSubstr("Secure")));
}

TEST_F(TrustedProxyTest, TheForwardedClientAddressHasItsOwnRateLimit) {
  EXPECT_EQ(AnsweredBeforeTheLimit("198.51.100.1"), 3);
  // Another client behind the same proxy is not held up by the first.
  EXPECT_EQ(AnsweredBeforeTheLimit("198.51.100.2"), 3);
}

class UntrustedPeerTest : public ProxyFixture {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--trusted-proxies", "10.0.0.0/8", "--anonymous-rate-limit-per-minute", "1", "--anonymous-rate-burst",
            "3"};
  }
};

TEST_F(UntrustedPeerTest, ForwardingHeadersFromAnyOtherPeerAreIgnored) {
  const auto response = SignIn({{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.10"}});
  ASSERT_EQ(response.result(), status::created) << response.body();
  EXPECT_THAT(std::string(response[http::field::set_cookie]), Not(HasSubstr("Secure")));
  // A made-up X-Forwarded-For buys no fresh budget: the sign-in took one
  // of 127.0.0.1's three.
  EXPECT_EQ(AnsweredBeforeTheLimit("198.51.100.1"), 2);
  EXPECT_EQ(AnsweredBeforeTheLimit("198.51.100.2"), 0);
}

TEST(TrustedProxiesOption, AnEntryThatIsNoAddressOrNetworkStopsTheStartNamingIt) {
  auto database = TestDatabase::Migrated();
  try {
    auto server = ServerProcess::Start(database->server_conninfo(), {"--trusted-proxies", "10.0.0.1/8"});
    ADD_FAILURE() << "the server started";
  } catch (const std::exception& error) {
    EXPECT_THAT(error.what(), HasSubstr("--trusted-proxies: '10.0.0.1/8' has bits set beyond its prefix length"));
  }
}

}  // namespace
}  // namespace ombudsflow::testing
