// The web console's session rules against the real server over real TLS: the console page and its
// headers, the cookie's attributes on the wire, CSRF, idle expiry on the wall clock, and that a restart
// signs browsers out while tablets stay signed in.
#include "integration_helpers.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace faltlogg::test {
namespace {

class WebConsoleIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("lead", "team_lead", "Fält Nord", "lead-password");
    server_.start({"--browser-idle-seconds", "2"});
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
  }

  // Cookie header value and CSRF token of a fresh console login.
  std::pair<std::string, std::string> sign_in() {
    HttpReply reply = client_->post(
        "/api/v1/auth/login",
        R"({"username":"lead","password":"lead-password","device_name":"webbkonsol","session":"cookie"})");
    EXPECT_EQ(reply.status, 200) << reply.body;
    const std::string set = reply.header("set-cookie");
    EXPECT_NE(set.find("HttpOnly"), std::string::npos) << set;
    EXPECT_NE(set.find("Secure"), std::string::npos) << set;
    EXPECT_NE(set.find("SameSite=Strict"), std::string::npos) << set;
    EXPECT_NE(set.find("Path=/"), std::string::npos) << set;
    EXPECT_EQ(reply.body.find("\"token\""), std::string::npos);
    return {set.substr(0, set.find(';')), std::string(parse(reply.body).at("csrf_token").as_string())};
  }

  HttpReply with_cookie(const std::string& method, const std::string& target, const std::string& cookie,
                        const std::string& csrf = "") {
    std::map<std::string, std::string> headers{{"Cookie", cookie}};
    if (!csrf.empty()) headers["X-CSRF-Token"] = csrf;
    return client_->request(method, target, "", "", headers);
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
};

TEST_F(WebConsoleIntegration, TheConsolePageComesWithItsSecurityHeaders) {
  HttpReply page = client_->get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("/assets/app.js"), std::string::npos);
  EXPECT_NE(page.header("content-security-policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(page.header("referrer-policy"), "no-referrer");
  EXPECT_NE(page.header("strict-transport-security").find("max-age="), std::string::npos);
  HttpReply script = client_->get("/assets/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_FALSE(script.header("content-security-policy").empty());
}

TEST_F(WebConsoleIntegration, CsrfIdleExpiryAndRestartOverRealTls) {
  auto [cookie, csrf] = sign_in();
  const auto before = row_counts(server_);
  EXPECT_EQ(with_cookie("POST", "/api/v1/auth/logout", cookie).status, 403);
  EXPECT_EQ(row_counts(server_), before) << "a refused change changes nothing";
  EXPECT_EQ(with_cookie("GET", "/api/v1/auth/session", cookie).status, 200);

  std::this_thread::sleep_for(std::chrono::milliseconds(2600));
  HttpReply expired = with_cookie("GET", "/api/v1/auth/session", cookie);
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(problem_code(expired), "session_expired");
  EXPECT_NE(expired.header("set-cookie").find("Max-Age=0"), std::string::npos);

  auto [second, second_csrf] = sign_in();
  const std::string tablet = login(*client_, "lead", "lead-password");
  server_.restart();
  client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
  EXPECT_EQ(with_cookie("GET", "/api/v1/auth/session", second).status, 401) << "a restart signs browsers out";
  EXPECT_EQ(client_->get("/api/v1/forms", tablet).status, 200) << "and leaves tablets signed in";
  (void)second_csrf;
}

}  // namespace
}  // namespace faltlogg::test
