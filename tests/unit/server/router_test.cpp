// Router: target parsing against hostile paths, route matching, authentication, error mapping.
#include "http/router.hpp"

#include "api/auth_api.hpp"
#include "api_fixture.hpp"

namespace faltlogg::server::testing {
namespace {

class HostileTarget : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileTarget, IsRefusedWithAProblem) {
  auto parsed = parse_target(GetParam());
  ASSERT_FALSE(parsed.ok()) << GetParam();
  EXPECT_EQ(parsed.problem().status, 400);
}

INSTANTIATE_TEST_SUITE_P(Traversal, HostileTarget,
                         ::testing::Values("/api/v1/../secret", "/api/v1/review/..", "/./healthz", "/api/%2e%2e/x",
                                           "/api/v1/review/..%2F..%2Fetc", "/api/v1/review/a%00b", "/a\\..\\b",
                                           "relative/path", "", "/api/v1/sync/pull?cursor=%zz",
                                           "/api/v1/sync/pull?cursor=%0a", "/" + std::string(3000, 'a')));

TEST(ParseTarget, DecodesSegmentsAndQuery) {
  auto parsed = parse_target("/api/v1/review/records?state=needs_changes&from=2026-11-01T00%3A00%3A00Z&x");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->segments, (std::vector<std::string>{"api", "v1", "review", "records"}));
  EXPECT_EQ(parsed->query.at("state"), "needs_changes");
  EXPECT_EQ(parsed->query.at("from"), "2026-11-01T00:00:00Z");
  EXPECT_EQ(parsed->query.at("x"), "");
}

// Random targets built from the characters that matter: nothing crashes, and whatever is accepted has
// no segment that could climb out of a path.
TEST(ParseTarget, RandomTargetsNeverYieldTraversalSegments) {
  const std::string alphabet = "/.%2eEfF5c\\?&=a\x01";
  std::uint32_t state = 12345;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (int i = 0; i < 20000; ++i) {
    std::string target = "/";
    const int length = static_cast<int>(next() % 24);
    for (int j = 0; j < length; ++j) target += alphabet[next() % alphabet.size()];
    auto parsed = parse_target(target);
    if (!parsed.ok()) continue;
    for (const std::string& segment : parsed->segments) {
      EXPECT_NE(segment, "..") << target;
      EXPECT_NE(segment, ".") << target;
      EXPECT_EQ(segment.find('/'), std::string::npos) << target;
      EXPECT_EQ(segment.find('\\'), std::string::npos) << target;
    }
  }
}

class RouterTest : public ApiFixture {
 protected:
  RouterTest() : router_(services_) {
    router_.add("GET", "/open", false, [](ApiServices&, const RequestContext&) -> ApiResult {
      return json_response(200, boost::json::object{{"ok", true}});
    });
    router_.add("GET", "/items/{id}", true, [](ApiServices&, const RequestContext& context) -> ApiResult {
      return json_response(200, boost::json::object{{"id", context.path_params.at("id")},
                                                    {"user", context.principal->user.username}});
    });
    router_.add("POST", "/boom", false, [](ApiServices&, const RequestContext&) -> ApiResult {
      throw std::runtime_error("disk full at /var/lib/secret");
    });
  }

  HttpResponse call(std::string method, std::string target, std::string authorization = "") {
    return router_.handle(HttpRequest{std::move(method), std::move(target), std::move(authorization), "127.0.0.1", ""});
  }

  Router router_;
};

TEST_F(RouterTest, RoutesByMethodAndPath) {
  EXPECT_EQ(call("GET", "/open").status, 200);
  EXPECT_EQ(call("POST", "/open").status, 405);
  EXPECT_EQ(call("GET", "/closed").status, 404);
  EXPECT_EQ(call("GET", "/open/extra").status, 404);
  EXPECT_EQ(call("GET", "/items/").status, 404);
}

TEST_F(RouterTest, ProtectedRoutesNeedAValidToken) {
  EXPECT_EQ(call("GET", "/items/7").status, 401);
  User anna = add_user("anna", Role::field_worker);
  const std::string token = make_bearer_token();
  ASSERT_TRUE(store_->create_session(anna.id, "t", core::hash_hex(token), now_ + 60'000, {anna.id, "login", "", ""}).ok());
  HttpResponse response = call("GET", "/items/7", "Bearer " + token);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(parse(response).at("id").as_string(), "7");
  EXPECT_EQ(parse(response).at("user").as_string(), "anna");
}

TEST_F(RouterTest, AnExceptionBecomesA500WithoutInternals) {
  HttpResponse response = call("POST", "/boom");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(parse(response).at("code").as_string(), "internal_error");
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
  EXPECT_EQ(response.content_type, "application/problem+json; charset=utf-8");
}

TEST_F(RouterTest, MetricsCountRoutePatternsNotRawPaths) {
  call("GET", "/open");
  call("GET", "/nowhere/abc");
  const std::string text = metrics_.render();
  EXPECT_NE(text.find("route=\"/open\",status=\"200\""), std::string::npos);
  EXPECT_NE(text.find("route=\"unmatched\",status=\"404\""), std::string::npos);
  EXPECT_EQ(text.find("/nowhere/abc"), std::string::npos);
}

}  // namespace
}  // namespace faltlogg::server::testing
