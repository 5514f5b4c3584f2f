// HttpApi::Handle is noexcept: whatever a handler throws, std::exception or
// not, the client gets a 500 with the request's id, and the process lives.
#include <gtest/gtest.h>

#include "api/http_api.h"
#include "engine/service/system_clock.h"
#include "engine/service/token_service.h"
#include "engine/store/token_store.h"
#include "tests/support/test_database.h"

namespace ombudsflow::testing {
namespace {

using namespace ombudsflow::api;

TEST(LastResortTest, ANonStandardExceptionIsA500WithTheRequestsId) {
  auto database = TestDatabase::Migrated();
  auto pool = database->Connect();
  store::TokenStore token_store(*pool);
  service::SystemClock clock;
  service::TokenService tokens(token_store, clock);
  HttpApi api(tokens);
  api.Add(http::verb::get, "/healthz", {[](const RequestContext&) -> HandlerResult { throw 42; }});
  api.Add(http::verb::get, "/readyz",
          {[](const RequestContext&) -> HandlerResult { throw std::runtime_error("a standard one"); }});
  for (const char* target : {"/healthz", "/readyz"}) {
    SCOPED_TRACE(target);
    Request request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set("X-Request-Id", "last-resort-1");
    const Response response = api.Handle(request, "127.0.0.1");
    EXPECT_EQ(response.result(), http::status::internal_server_error);
    EXPECT_EQ(response["X-Request-Id"], "last-resort-1");
    EXPECT_NE(response.body().find("internal error"), std::string::npos) << response.body();
  }
}

}  // namespace
}  // namespace ombudsflow::testing
