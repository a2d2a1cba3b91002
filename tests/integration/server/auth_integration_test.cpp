// Login, logout, token replay, forged tokens and login rate limiting against the real server.
#include "integration_helpers.hpp"

#include <gtest/gtest.h>

namespace faltlogg::test {
namespace {

class AuthIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    server_.add_user("bert", "field_worker", "Fält Nord", "bert-password");
    server_.start({"--login-rate-limit", "3"});
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
  }

  HttpReply try_login(const std::string& username, const std::string& password) {
    boost::json::object body{{"username", username}, {"password", password}, {"device_name", "tablet"}};
    return client_->post("/api/v1/auth/login", boost::json::serialize(body));
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
};

TEST_F(AuthIntegration, LoginReturnsTokenDeviceAndUser) {
  HttpReply reply = try_login("anna", "anna-password");
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto json = parse(reply.body).as_object();
  EXPECT_EQ(json.at("token").as_string().size(), 64u);
  EXPECT_FALSE(json.at("device_id").as_string().empty());
  EXPECT_EQ(json.at("user").at("roles").as_array().at(0).as_string(), "field_worker");
  EXPECT_FALSE(json.at("user").at("team_id").as_string().empty());
  EXPECT_FALSE(json.at("user").at("district_id").as_string().empty());
  // The token works on an authenticated endpoint.
  EXPECT_EQ(client_->get("/api/v1/forms", std::string(json.at("token").as_string())).status, 200);
}

TEST_F(AuthIntegration, WrongPasswordAndUnknownUserGetTheSame401) {
  HttpReply wrong = try_login("anna", "not-her-password");
  HttpReply unknown = try_login("nobody", "whatever-password");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(problem_code(wrong), "unauthorized");
  EXPECT_EQ(wrong.body, unknown.body);  // no hint which usernames exist
  EXPECT_EQ(wrong.header("content-type"), "application/problem+json; charset=utf-8");
}

TEST_F(AuthIntegration, LogoutRevokesTheTokenAndAReplayIsRefused) {
  const std::string token = login(*client_, "anna", "anna-password");
  HttpReply logout = client_->post("/api/v1/auth/logout", "", token);
  EXPECT_EQ(logout.status, 204);
  const auto before = row_counts(server_);
  HttpReply replayed_push = client_->post("/api/v1/sync/push", R"({"batch_id": "x", "records": []})", token);
  EXPECT_EQ(replayed_push.status, 401);
  EXPECT_EQ(row_counts(server_), before);
  HttpReply replay = client_->get("/api/v1/sync/pull?cursor=0", token);
  EXPECT_EQ(replay.status, 401);
  EXPECT_EQ(problem_code(replay), "unauthorized");
  EXPECT_EQ(client_->post("/api/v1/auth/logout", "", token).status, 401);
}

TEST_F(AuthIntegration, MissingMalformedAndForgedTokensGet401) {
  const auto before = row_counts(server_);
  EXPECT_EQ(client_->post("/api/v1/sync/push", R"({"batch_id": "x", "records": []})", std::string(64, 'f')).status,
            401);
  EXPECT_EQ(problem_code(client_->get("/api/v1/sync/pull")), "unauthorized");
  EXPECT_EQ(client_->get("/api/v1/sync/pull").header("www-authenticate"), "Bearer");
  EXPECT_EQ(client_->request("GET", "/api/v1/sync/pull", "", "", {{"Authorization", "Basic YW5uYTpwdw=="}}).status, 401);
  EXPECT_EQ(client_->get("/api/v1/sync/pull", std::string(64, 'a')).status, 401);
  EXPECT_EQ(client_->get("/api/v1/sync/pull", "../../etc/passwd").status, 401);
  // A real token with one digit changed is just as unknown.
  std::string token = login(*client_, "anna", "anna-password");
  token[10] = token[10] == '0' ? '1' : '0';
  EXPECT_EQ(problem_code(client_->get("/api/v1/sync/pull", token)), "unauthorized");
  auto after = row_counts(server_);
  EXPECT_EQ(after.at("records"), before.at("records"));
  EXPECT_EQ(after.at("push_batches"), before.at("push_batches"));
}

TEST_F(AuthIntegration, MalformedLoginBodiesGetStableCodesAndCreateNothing) {
  const auto before = row_counts(server_);
  EXPECT_EQ(problem_code(client_->post("/api/v1/auth/login", "{\"username\": ")), "invalid_json");
  HttpReply wrong_type = client_->post("/api/v1/auth/login", R"({"username": 5, "password": "x", "device_name": "t"})");
  EXPECT_EQ(wrong_type.status, 400);
  HttpReply empty_device =
      client_->post("/api/v1/auth/login", R"({"username": "anna", "password": "anna-password", "device_name": ""})");
  EXPECT_EQ(empty_device.status, 400);
  EXPECT_EQ(problem_code(empty_device), "invalid_request");
  EXPECT_EQ(row_counts(server_), before);
}

TEST_F(AuthIntegration, RepeatedFailuresAreRateLimitedPerUsername) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(try_login("anna", "wrong-password").status, 401);
  HttpReply limited = try_login("anna", "anna-password");  // even the right password waits now
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(problem_code(limited), "rate_limited");
  EXPECT_GT(std::stoi(limited.header("retry-after")), 0);
}

TEST_F(AuthIntegration, OneGuesserBehindAnAddressDoesNotLockOutTheOthersUntilTheAddressCeiling) {
  // Everyone in an office shares one address: one person's wrong passwords do not lock out the rest.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(try_login("x1", "wrong-password").status, 401);
  EXPECT_EQ(try_login("x1", "wrong-password").status, 429);
  EXPECT_EQ(try_login("bert", "bert-password").status, 200);
  // A guesser trying many usernames from one address meets the address ceiling (10 x the limit).
  int refused = 0;
  for (int i = 0; i < 40; ++i) refused += try_login("guess" + std::to_string(i), "wrong-password").status == 429;
  EXPECT_GT(refused, 0);
  EXPECT_EQ(try_login("bert", "bert-password").status, 429);
}

}  // namespace
}  // namespace faltlogg::test
