// Web console sessions through the real router: the cookie login, CSRF on every change, idle and absolute
// expiry, sign-out, and the security headers and embedded assets served at /.
#include "api/auth_api.hpp"
#include "api/browser_session.hpp"
#include "api_fixture.hpp"
#include "http/router.hpp"
#include "http/static_assets.hpp"

#include <regex>

namespace faltlogg::server::testing {
namespace {

std::string header(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(SessionCookie, FindsOnlyAWellFormedToken) {
  const std::string token(64, 'a');
  EXPECT_EQ(session_cookie_token("__Host-faltlogg=" + token), token);
  EXPECT_EQ(session_cookie_token("theme=dark; __Host-faltlogg=" + token + "; x=1"), token);
  EXPECT_EQ(session_cookie_token("  __Host-faltlogg = " + token + " "), token);
  EXPECT_FALSE(session_cookie_token(""));
  EXPECT_FALSE(session_cookie_token("faltlogg=" + token));
  EXPECT_FALSE(session_cookie_token("__Host-faltlogg=" + std::string(63, 'a')));
  EXPECT_FALSE(session_cookie_token("__Host-faltlogg=" + std::string(64, 'A')));
  EXPECT_FALSE(session_cookie_token("__Host-faltlogg=" + std::string(64, 'a') + "'; DROP TABLE"));
  EXPECT_FALSE(session_cookie_token("__Host-faltlogg"));
  EXPECT_FALSE(session_cookie_token(std::string(20000, ';')));
}

TEST(SessionCookie, AttributesAndCsrf) {
  const std::string set = session_cookie_set(std::string(64, 'b'));
  for (const char* attribute : {"; Path=/", "; Secure", "; HttpOnly", "; SameSite=Strict"}) {
    EXPECT_NE(set.find(attribute), std::string::npos) << attribute;
  }
  EXPECT_EQ(set.find("Domain"), std::string::npos) << "__Host- cookies carry no Domain";
  EXPECT_NE(session_cookie_clear().find("Max-Age=0"), std::string::npos);
  EXPECT_NE(csrf_token_for(std::string(64, 'a')), csrf_token_for(std::string(64, 'b')));
  EXPECT_EQ(csrf_token_for(std::string(64, 'a')).size(), 64u);
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(BrowserSessions, IdleClockAndBound) {
  BrowserSessions sessions(1000, 3);
  sessions.start("a", 0);
  EXPECT_EQ(sessions.touch("a", 900), BrowserSessionState::active);
  EXPECT_EQ(sessions.touch("a", 1800), BrowserSessionState::active) << "each use restarts the idle clock";
  EXPECT_EQ(sessions.touch("a", 2801), BrowserSessionState::idle_expired);
  EXPECT_EQ(sessions.touch("a", 2802), BrowserSessionState::unknown) << "an expired session does not come back";
  EXPECT_EQ(sessions.touch("never", 0), BrowserSessionState::unknown);
  for (int i = 0; i < 10; ++i) sessions.start("s" + std::to_string(i), 5000 + i);
  EXPECT_EQ(sessions.touch("s9", 5010), BrowserSessionState::active) << "the newest survive a flood";
  EXPECT_EQ(sessions.touch("s0", 5010), BrowserSessionState::unknown) << "the oldest went when the map was full";
}

class WebConsole : public ApiFixture {
 protected:
  WebConsole() : router_(services_) {
    add_api_routes(router_);
    lead_ = add_user("lead", Role::team_lead);
  }

  HttpResponse send(std::string method, std::string target, std::string body = "", std::string cookie = "",
                    std::string csrf = "") {
    HttpRequest request{std::move(method), std::move(target), "", "127.0.0.1", std::move(body), std::move(cookie),
                        std::move(csrf)};
    return router_.handle(request);
  }

  // Signs in as the lead with session "cookie"; returns the cookie header value and the CSRF token.
  std::pair<std::string, std::string> sign_in() {
    HttpResponse response = send("POST", "/api/v1/auth/login",
                                 R"({"username":"lead","password":"password-123","device_name":"web","session":"cookie"})");
    EXPECT_EQ(response.status, 200) << response.body;
    const std::string set = header(response, "Set-Cookie");
    const std::string pair = set.substr(0, set.find(';'));
    auto body = parse(response).as_object();
    EXPECT_FALSE(body.contains("token")) << "the token never reaches page script";
    return {pair, std::string(body.at("csrf_token").as_string())};
  }

  Router router_;
  User lead_;
};

TEST_F(WebConsole, CookieLoginGivesAnHttpOnlySessionAndACsrfToken) {
  auto [cookie, csrf] = sign_in();
  EXPECT_EQ(cookie.rfind("__Host-faltlogg=", 0), 0u);
  HttpResponse who = send("GET", "/api/v1/auth/session", "", cookie);
  ASSERT_EQ(who.status, 200) << who.body;
  EXPECT_EQ(parse(who).at("user").at("username").as_string(), "lead");
  EXPECT_EQ(parse(who).at("csrf_token").as_string(), csrf);
  EXPECT_EQ(send("GET", "/api/v1/review/records", "", cookie).status, 200);
}

TEST_F(WebConsole, EveryChangeWithTheCookieNeedsTheCsrfToken) {
  auto [cookie, csrf] = sign_in();
  const auto before = store_->row_counts();
  for (const std::string& bad : {std::string(), std::string(64, '0'), csrf.substr(1), csrf + "0"}) {
    HttpResponse refused = send("POST", "/api/v1/auth/logout", "", cookie, bad);
    EXPECT_EQ(refused.status, 403) << bad;
    EXPECT_EQ(parse(refused).at("code").as_string(), "csrf_failed");
    HttpResponse put = send("PUT", "/api/v1/review/" + core::make_uuid_v4(), R"({"state":"approved"})", cookie, bad);
    EXPECT_EQ(put.status, 403);
  }
  EXPECT_EQ(store_->row_counts(), before) << "refused requests change nothing";
  EXPECT_EQ(send("GET", "/api/v1/auth/session", "", cookie).status, 200);
  HttpResponse logout = send("POST", "/api/v1/auth/logout", "", cookie, csrf);
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(header(logout, "Set-Cookie").find("Max-Age=0"), std::string::npos) << "sign-out clears the cookie";
  EXPECT_EQ(send("GET", "/api/v1/auth/session", "", cookie).status, 401) << "and the token is dead";
}

TEST_F(WebConsole, IdleSessionsExpireAfterThirtyMinutesAndStayDead) {
  auto [cookie, csrf] = sign_in();
  now_ += 29 * 60 * 1000;
  EXPECT_EQ(send("GET", "/api/v1/auth/session", "", cookie).status, 200);
  now_ += 29 * 60 * 1000;
  EXPECT_EQ(send("GET", "/api/v1/auth/session", "", cookie).status, 200) << "use restarts the idle clock";
  now_ += 31 * 60 * 1000;
  HttpResponse expired = send("GET", "/api/v1/auth/session", "", cookie);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(parse(expired).at("code").as_string(), "session_expired");
  EXPECT_NE(header(expired, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  now_ += 1000;
  EXPECT_EQ(send("GET", "/api/v1/auth/session", "", cookie).status, 401);
}

TEST_F(WebConsole, SessionsEndAfterEightHoursHoweverActive) {
  auto [cookie, csrf] = sign_in();
  for (int i = 0; i < 16; ++i) {
    now_ += 29 * 60 * 1000;
    ASSERT_EQ(send("GET", "/api/v1/auth/session", "", cookie).status, 200) << i;
  }
  now_ += 29 * 60 * 1000;  // 8 h 3 min after the login
  EXPECT_EQ(send("GET", "/api/v1/auth/session", "", cookie).status, 401);
}

TEST_F(WebConsole, ATabletTokenInTheCookieIsNoBrowserSession) {
  HttpResponse login = send("POST", "/api/v1/auth/login", R"({"username":"lead","password":"password-123","device_name":"tab"})");
  ASSERT_EQ(login.status, 200);
  const std::string token(parse(login).at("token").as_string());
  EXPECT_TRUE(header(login, "Set-Cookie").empty());
  EXPECT_EQ(send("GET", "/api/v1/auth/session", "", "__Host-faltlogg=" + token).status, 401);
}

TEST_F(WebConsole, LoginRefusesAnUnknownSessionKind) {
  const auto before = store_->row_counts();
  for (const char* body : {R"({"username":"lead","password":"password-123","device_name":"w","session":"bearer"})",
                           R"({"username":"lead","password":"password-123","device_name":"w","session":5})",
                           R"({"username":"lead","password":"password-123","device_name":"w","sessionx":"cookie"})"}) {
    HttpResponse response = send("POST", "/api/v1/auth/login", body);
    EXPECT_GE(response.status, 400) << body;
    EXPECT_TRUE(header(response, "Set-Cookie").empty());
  }
  EXPECT_EQ(store_->row_counts(), before);
}

TEST_F(WebConsole, PagesAndAssetsCarryTheSecurityHeaders) {
  for (const char* target : {"/", "/assets/app.js", "/assets/app.css", "/api/v1/version", "/nope"}) {
    HttpResponse response = send("GET", target);
    const std::string csp = header(response, "Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << target;
    EXPECT_NE(csp.find("style-src 'self'"), std::string::npos) << target;
    EXPECT_EQ(csp.find("unsafe"), std::string::npos) << target;
    EXPECT_EQ(header(response, "X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(header(response, "Referrer-Policy"), "no-referrer") << target;
    EXPECT_NE(header(response, "Strict-Transport-Security").find("max-age="), std::string::npos) << target;
  }
  EXPECT_EQ(send("GET", "/").content_type, "text/html; charset=utf-8");
  EXPECT_EQ(send("GET", "/assets/app.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(send("GET", "/assets/missing.js").status, 404);
  EXPECT_EQ(send("GET", "/assets/..%2Fserver.key").status, 400);
  EXPECT_EQ(send("POST", "/").status, 405);
}

// The page loads nothing that is not embedded: every src/href and every module import resolves.
TEST(EmbeddedAssets, EveryReferenceResolvesAndNothingIsInline) {
  std::set<std::string> paths;
  for (const StaticAsset& asset : embedded_web_assets()) {
    EXPECT_FALSE(asset.content.empty()) << asset.path;
    paths.insert(std::string(asset.path));
  }
  ASSERT_TRUE(paths.count("index.html"));
  const std::regex reference(R"re((?:src|href)="/([^"]+)")re");
  const std::regex import_from(R"re(from '\./([^']+)')re");
  for (const StaticAsset& asset : embedded_web_assets()) {
    const std::string text(asset.content);
    const bool html = asset.path.ends_with(".html");
    const std::regex& pattern = html ? reference : import_from;
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
      const std::string target = html ? (*it)[1].str() : "assets/" + (*it)[1].str();
      EXPECT_TRUE(paths.count(target)) << asset.path << " refers to " << target;
    }
    if (html) {
      EXPECT_EQ(text.find(" style="), std::string::npos);
      EXPECT_EQ(text.find("<style"), std::string::npos);
      EXPECT_EQ(text.find("http://"), std::string::npos);
      EXPECT_EQ(text.find("https://"), std::string::npos);
    } else {
      EXPECT_EQ(text.find("innerHTML"), std::string::npos) << asset.path << ": text goes in as text nodes";
      EXPECT_EQ(text.find("eval("), std::string::npos) << asset.path;
    }
  }
}

}  // namespace
}  // namespace faltlogg::server::testing
