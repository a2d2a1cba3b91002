// Login, logout and bearer authentication handlers against the real store.
#include "api/auth_api.hpp"

#include "api_fixture.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/protocol.hpp"

namespace faltlogg::server::testing {
namespace {

class AuthApiTest : public ApiFixture {
 protected:
  void SetUp() override { anna_ = add_user("anna", Role::family_therapist, "Team A", "anna-password"); }

  ApiResult login(const std::string& username, const std::string& password, const std::string& address = "10.0.0.1") {
    RequestContext context;
    context.remote_address = address;
    context.body = core::to_json_text(
        boost::json::object{{"username", username}, {"password", password}, {"device_name", "tablet"}});
    return handle_login(services_, context);
  }

  User anna_;
};

TEST_F(AuthApiTest, LoginIssuesATokenThatAuthenticates) {
  auto result = login("anna", "anna-password");
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  auto body = parse(*result).as_object();
  const std::string token(body.at("token").as_string());
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(body.at("user").at("roles").at(0).as_string(), "family_therapist");
  EXPECT_EQ(body.at("expires_at").as_string(), core::format_rfc3339(now_ + 30LL * 24 * 3600 * 1000));
  auto principal = authenticate(services_, "Bearer " + token);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user.id, anna_.id);
  EXPECT_EQ(principal->device.id, std::string(body.at("device_id").as_string()));
}

TEST_F(AuthApiTest, LoginCarriesTheTeamsSubAreasForTheTablet) {
  auto result = login("anna", "anna-password");
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  auto parsed = core::protocol::login_response_from_json(parse(*result));
  ASSERT_TRUE(parsed) << parsed.problem().detail;
  EXPECT_EQ(parsed->references.at("areas"), (std::vector<std::string>{"omr-1", "omr-2", "omr-3"}));
}

TEST_F(AuthApiTest, TokensAreStoredOnlyAsHashes) {
  auto result = login("anna", "anna-password");
  const std::string token(parse(*result).at("token").as_string());
  sqlite::Connection db(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_only);
  auto raw = db.prepare("SELECT count(*) FROM tokens WHERE token_hash = ?");
  raw.bind(1, token);
  raw.step();
  EXPECT_EQ(raw.integer(0), 0);
  auto hashed = db.prepare("SELECT count(*) FROM tokens WHERE token_hash = ?");
  hashed.bind(1, core::hash_hex(token));
  hashed.step();
  EXPECT_EQ(hashed.integer(0), 1);
}

TEST_F(AuthApiTest, WrongPasswordAndUnknownUserAreTheSameProblemAndCreateNoSession) {
  const auto before = store_->row_counts();
  auto wrong = login("anna", "nope-nope");
  auto unknown = login("nobody", "nope-nope");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.problem().code, "unauthorized");
  EXPECT_EQ(wrong.problem().detail, unknown.problem().detail);
  EXPECT_EQ(store_->row_counts().at("tokens"), before.at("tokens"));
  EXPECT_EQ(store_->row_counts().at("devices"), before.at("devices"));
}

TEST_F(AuthApiTest, TheRateLimitBlocksThenExpiresWithTheWindow) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("anna", "wrong-password").problem().code, "unauthorized");
  auto blocked = login("anna", "anna-password");  // same username from the same address
  ASSERT_TRUE(blocked.ok());  // a 429 is a response, not a problem value: it carries Retry-After
  EXPECT_EQ(blocked->status, 429);
  // The guesser's address does not lock anna out where she really is (another address).
  EXPECT_EQ(login("anna", "anna-password", "10.0.0.2")->status, 200);
  now_ += 61'000;
  EXPECT_TRUE(login("anna", "anna-password").ok());
  EXPECT_EQ(login("anna", "anna-password")->status, 200);
}

TEST_F(AuthApiTest, SuccessfulLoginsAreLimitedAndDevicesCapped) {
  for (int i = 0; i < LoginRateLimiter::kSuccessfulLoginsPerMinute; ++i) {
    ASSERT_EQ(login("anna", "anna-password")->status, 200) << i;
  }
  auto storm = login("anna", "anna-password");
  ASSERT_TRUE(storm.ok());
  EXPECT_EQ(storm->status, 429);
  // Over many minutes the device cap still bounds the table.
  int refused = 0;
  for (int minute = 0; minute < 6; ++minute) {
    now_ += 61'000;
    for (int i = 0; i < LoginRateLimiter::kSuccessfulLoginsPerMinute; ++i) {
      auto result = login("anna", "anna-password");
      if (!result && result.problem().code == "too_many_devices") ++refused;
    }
  }
  EXPECT_GT(refused, 0);
  std::size_t active = 0;
  for (const Device& device : store_->list_devices()) active += device.user_id == anna_.id && !device.revoked_at;
  EXPECT_EQ(active, 50u);
}

TEST_F(AuthApiTest, HostileLoginBodiesAreRefused) {
  RequestContext context;
  for (const std::string& body : std::vector<std::string>{"", "null", "[]", "{\"username\":\"anna\"}", "{\"username\":1,\"password\":2}",
                                 std::string(100, '{')}) {
    context.body = body;
    auto result = handle_login(services_, context);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.problem().status, 400) << body << " -> " << result.problem().code;
  }
  context.body = core::to_json_text(
      boost::json::object{{"username", std::string(65, 'a')}, {"password", "x"}, {"device_name", "t"}});
  EXPECT_EQ(handle_login(services_, context).problem().code, "validation_failed");
}

TEST_F(AuthApiTest, LogoutRevokesTheToken) {
  const std::string token(parse(*login("anna", "anna-password")).at("token").as_string());
  auto principal = authenticate(services_, "Bearer " + token);
  RequestContext context;
  context.principal = principal.value();
  auto result = handle_logout(services_, context);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, 204);
  auto replay = authenticate(services_, "Bearer " + token);
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.problem().code, "unauthorized");
}

TEST_F(AuthApiTest, AuthenticateRefusesMalformedExpiredAndRevokedDevices) {
  EXPECT_EQ(authenticate(services_, "").problem().status, 401);
  EXPECT_EQ(authenticate(services_, "Bearer").problem().status, 401);
  EXPECT_EQ(authenticate(services_, "Basic abc").problem().status, 401);
  EXPECT_EQ(authenticate(services_, "Bearer " + std::string(64, 'G')).problem().status, 401);
  EXPECT_EQ(authenticate(services_, "Bearer " + std::string(64, 'a')).problem().code, "unauthorized");

  const std::string token(parse(*login("anna", "anna-password")).at("token").as_string());
  now_ += 31LL * 24 * 3600 * 1000;
  EXPECT_EQ(authenticate(services_, "Bearer " + token).problem().code, "unauthorized");

  const std::string fresh(parse(*login("anna", "anna-password")).at("token").as_string());
  auto principal = authenticate(services_, "Bearer " + fresh);
  ASSERT_TRUE(store_->revoke_device(principal->device.id, {"admin", "device_revoke", "", ""}).ok());
  auto revoked = authenticate(services_, "Bearer " + fresh);
  EXPECT_EQ(revoked.problem().code, "device_revoked");
  EXPECT_EQ(revoked.problem().status, 401);
}

TEST_F(AuthApiTest, ADisabledUserCannotLogInAndItsSessionsEnd) {
  const std::string token(parse(*login("anna", "anna-password")).at("token").as_string());
  ASSERT_TRUE(store_->disable_user("anna", {"admin-cli", "user_disable", "", ""}).ok());
  auto refused = login("anna", "anna-password");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.problem().detail, login("nobody", "anna-password").problem().detail);
  EXPECT_EQ(authenticate(services_, "Bearer " + token).problem().code, "device_revoked");
}

TEST_F(AuthApiTest, LoginsAndFailuresAreAudited) {
  EXPECT_TRUE(login("anna", "anna-password").ok());
  EXPECT_EQ(login("anna", "wrong-password").problem().status, 401);
  std::vector<std::string> actions;
  for (const auto& entry : store_->audit_entries()) actions.push_back(entry.event.action);
  EXPECT_NE(std::find(actions.begin(), actions.end(), "login"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "login_failed"), actions.end());
  for (const auto& entry : store_->audit_entries()) {
    EXPECT_EQ(entry.event.detail.find("anna"), std::string::npos) << "username in audit detail";
  }
}

}  // namespace
}  // namespace faltlogg::server::testing
