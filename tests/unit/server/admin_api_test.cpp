// The console's admin API against the real store: every endpoint refuses other roles, and malformed,
// oversized and hostile input gets a clear problem and changes nothing.
#include "api/admin_api.hpp"

#include "api_fixture.hpp"
#include "http/router.hpp"

namespace faltlogg::server::testing {
namespace {

class AdminApi : public ApiFixture {
 protected:
  AdminApi() {
    admin_ = add_user("admin", Role::admin);
    lead_ = add_user("lead", Role::team_lead);
    evaluator_ = add_user("eva", Role::evaluator);
    worker_ = add_user("worker", Role::field_worker);
    team_id_ = lead_.team_id;
    // One session per user, made before any test takes its "before" row counts.
    for (const User* user : {&admin_, &lead_, &evaluator_, &worker_}) sessions_.emplace(user->id, session_for(*user));
  }

  RequestContext as(const User& user, std::string body = "", std::map<std::string, std::string> query = {},
                    std::map<std::string, std::string> path = {}) {
    RequestContext context;
    context.principal = sessions_.at(user.id);
    context.body = std::move(body);
    context.query = std::move(query);
    context.path_params = std::move(path);
    context.remote_address = "127.0.0.1";
    return context;
  }

  std::map<std::string, Principal> sessions_;

  // The problem's code; the store must be exactly as before.
  std::string refused(const ApiResult& result, const std::map<std::string, std::int64_t>& before) {
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(store_->row_counts(), before);
    return result.ok() ? "ok" : result.problem().code;
  }

  User admin_, lead_, evaluator_, worker_;
  std::string team_id_;
};

TEST_F(AdminApi, EveryAdminEndpointRefusesOtherRoles) {
  using Handler = ApiResult (*)(ApiServices&, const RequestContext&);
  const std::vector<std::pair<const char*, Handler>> handlers = {
      {"districts", handle_admin_districts},   {"district_add", handle_admin_district_add},
      {"teams", handle_admin_teams},           {"team_add", handle_admin_team_add},
      {"users", handle_admin_users},           {"user_add", handle_admin_user_add},
      {"devices", handle_admin_devices},       {"targets", handle_admin_targets},
      {"target_set", handle_admin_target_set}, {"audit", handle_admin_audit}};
  for (const User* user : {&lead_, &evaluator_, &worker_}) {
    for (const auto& [name, handler] : handlers) {
      const auto before = store_->row_counts();
      auto result = handler(services_, as(*user, R"({"name":"X"})", {{"district_id", lead_.district_id}}));
      EXPECT_EQ(refused(result, before), "forbidden") << name << " as " << user->username;
    }
    const std::map<std::string, std::string> path{{"id", admin_.id}};
    EXPECT_EQ(handle_admin_user_update(services_, as(*user, R"({"role":"field_worker"})", {}, path)).problem().code,
              "forbidden");
    EXPECT_EQ(handle_admin_user_disable(services_, as(*user, "{}", {}, path)).problem().code, "forbidden");
    EXPECT_EQ(handle_admin_user_password(services_, as(*user, R"({"password":"long-enough-1"})", {}, path)).problem().code,
              "forbidden");
  }
  RequestContext anonymous;
  EXPECT_EQ(handle_admin_users(services_, anonymous).problem().code, "unauthorized");
  EXPECT_EQ(handle_qr(services_, as(evaluator_, R"({"text":"faltlogg://enrol?x"})")).problem().code, "forbidden");
  EXPECT_EQ(handle_code_docs(services_, as(worker_)).problem().code, "forbidden");
}

TEST_F(AdminApi, CreatesAUserThatCanLogIn) {
  const std::string body = R"({"username":"new.one","display_name":"Ny Användare","role":"evaluator","team_id":")" +
                           team_id_ + R"(","password":"a-long-password"})";
  auto created = handle_admin_user_add(services_, as(admin_, body));
  ASSERT_TRUE(created.ok()) << created.problem().detail;
  EXPECT_EQ(created->status, 201);
  EXPECT_EQ(created->body.find("password"), std::string::npos) << "no hash or password in the answer";
  auto user = store_->find_user_by_username("new.one");
  ASSERT_TRUE(user);
  EXPECT_TRUE(user->roles == RoleSet(Role::evaluator));
  EXPECT_TRUE(core::verify_password(user->password_hash, "a-long-password"));
  EXPECT_EQ(refused(handle_admin_user_add(services_, as(admin_, body)), store_->row_counts()), "conflict");
}

TEST_F(AdminApi, HostileUserInputIsRefusedAndChangesNothing) {
  const std::string team = team_id_;
  const auto user_body = [&](std::string username, std::string display, std::string role, std::string team_id,
                             std::string password) {
    return R"({"username":")" + username + R"(","display_name":")" + display + R"(","role":")" + role +
           R"(","team_id":")" + team_id + R"(","password":")" + password + R"("})";
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"not json", "invalid_json"},
      {"[1,2]", "invalid_json"},
      {user_body("Bad Name", "X", "evaluator", team, "long-password"), "validation_failed"},
      {user_body("../etc", "X", "evaluator", team, "long-password"), "validation_failed"},
      {user_body(std::string(65, 'a'), "X", "evaluator", team, "long-password"), "validation_failed"},
      {user_body("ok.name", "", "evaluator", team, "long-password"), "validation_failed"},
      {user_body("ok.name", "Tab\\tname", "evaluator", team, "long-password"), "validation_failed"},
      {user_body("ok.name", std::string(101, 'x'), "evaluator", team, "long-password"), "validation_failed"},
      {user_body("ok.name", "X", "superuser", team, "long-password"), "validation_failed"},
      {user_body("ok.name", "X", "evaluator", core::make_uuid_v4(), "long-password"), "validation_failed"},
      {user_body("ok.name", "X", "evaluator", "' OR 1=1 --", "long-password"), "validation_failed"},
      {user_body("ok.name", "X", "evaluator", team, "short"), "validation_failed"},
      {user_body("ok.name", "X", "evaluator", team, std::string(1025, 'p')), "validation_failed"},
      {R"({"username":"ok.name","display_name":"X","role":"evaluator","team_id":")" + team +
           R"(","password":"long-password","is_admin":true})",
       "invalid_request"},
      {R"({"username":5,"display_name":"X","role":"evaluator","team_id":")" + team + R"(","password":"long-password"})",
       "invalid_request"},
  };
  for (const auto& [body, code] : cases) {
    const auto before = store_->row_counts();
    auto result = handle_admin_user_add(services_, as(admin_, body));
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(store_->row_counts(), before) << body;
    EXPECT_NE(result.problem().status, 500) << body;
    EXPECT_FALSE(result.problem().detail.empty()) << body;
    EXPECT_EQ(result.problem().code, code) << body;
  }
  services_.options.max_body_bytes = 1024;
  const auto before = store_->row_counts();
  EXPECT_EQ(refused(handle_admin_user_add(services_, as(admin_, "{\"username\":\"" + std::string(5000, 'a') + "\"}")), before),
            "payload_too_large");
}

TEST_F(AdminApi, RoleTeamDisableAndPasswordChangesAreGuarded) {
  const std::map<std::string, std::string> worker_path{{"id", worker_.id}};
  const auto before = store_->row_counts();
  EXPECT_EQ(refused(handle_admin_user_update(services_, as(admin_, R"({"role":"god"})", {}, worker_path)), before),
            "validation_failed");
  EXPECT_EQ(refused(handle_admin_user_update(services_, as(admin_, R"({"team_id":"nope"})", {}, worker_path)), before),
            "validation_failed");
  EXPECT_EQ(refused(handle_admin_user_update(services_, as(admin_, R"({"role":"evaluator"})", {}, {{"id", "../x"}})), before),
            "not_found");
  EXPECT_EQ(refused(handle_admin_user_update(services_, as(admin_, R"({"role":"evaluator"})", {}, {{"id", admin_.id}})),
                    before),
            "validation_failed")
      << "an admin cannot demote themself";
  EXPECT_EQ(refused(handle_admin_user_disable(services_, as(admin_, "{}", {}, {{"id", admin_.id}})), before),
            "validation_failed");
  EXPECT_EQ(refused(handle_admin_user_password(services_, as(admin_, R"({"password":"short"})", {}, worker_path)), before),
            "validation_failed");

  ASSERT_TRUE(handle_admin_user_update(services_, as(admin_, R"({"role":"team_lead"})", {}, worker_path)).ok());
  EXPECT_TRUE(store_->find_user(worker_.id)->roles == RoleSet(Role::team_lead));
  Principal session = session_for(worker_);
  ASSERT_TRUE(handle_admin_user_disable(services_, as(admin_, "{}", {}, worker_path)).ok());
  EXPECT_TRUE(store_->find_user(worker_.id)->disabled);
  EXPECT_EQ(store_->lookup_token(session.token_hash, now_).state, TokenState::device_revoked)
      << "disabling ends the user's sessions";
  ASSERT_TRUE(handle_admin_user_password(services_, as(admin_, R"({"password":"new-long-pass"})", {}, {{"id", lead_.id}})).ok());
  EXPECT_TRUE(core::verify_password(store_->find_user(lead_.id)->password_hash, "new-long-pass"));
}

TEST_F(AdminApi, DistrictsTeamsAndTargets) {
  auto before = store_->row_counts();
  EXPECT_EQ(refused(handle_admin_district_add(services_, as(admin_, R"({"name":"D"})")), before), "conflict");
  EXPECT_EQ(refused(handle_admin_district_add(services_, as(admin_, R"({"name":""})")), before), "validation_failed");
  ASSERT_TRUE(handle_admin_district_add(services_, as(admin_, R"({"name":"Söder"})")).ok());
  before = store_->row_counts();
  const std::string district = lead_.district_id;
  for (const char* areas : {R"("x")", R"(["ok","../x"])", R"([1])", R"(["A-Z"])"}) {
    EXPECT_EQ(refused(handle_admin_team_add(services_, as(admin_, R"({"name":"T2","district_id":")" + district +
                                                                     R"(","areas":)" + areas + "}")),
                      before),
              "validation_failed")
        << areas;
  }
  auto team = handle_admin_team_add(services_, as(admin_, R"({"name":"T2","district_id":")" + district +
                                                              R"(","areas":["centrum","strand_2"]})"));
  ASSERT_TRUE(team.ok()) << team.problem().detail;
  auto listed = parse(*handle_admin_teams(services_, as(admin_)));
  EXPECT_EQ(listed.at("teams").as_array().size(), 2u);

  before = store_->row_counts();
  const auto target = [&](std::string json) {
    return handle_admin_target_set(services_, as(admin_, "{\"district_id\":\"" + district +
                                                             "\",\"pack_id\":\"stockholmsstandard-2021\"," + json + "}"));
  };
  EXPECT_EQ(refused(target(R"("criterion_id":"C1","target":1.5)"), before), "validation_failed") << "a share above 1";
  EXPECT_EQ(refused(target(R"("criterion_id":"C1","target":-1)"), before), "validation_failed");
  EXPECT_EQ(refused(target(R"("criterion_id":"C1","target":"0.5")"), before), "validation_failed");
  EXPECT_EQ(refused(target(R"("criterion_id":"C99","target":0.5)"), before), "validation_failed");
  ASSERT_TRUE(target(R"("criterion_id":"C1","target":0.35)").ok());
  EXPECT_DOUBLE_EQ(store_->criteria_targets(district, "stockholmsstandard-2021").at("C1"), 0.35);
  auto read = parse(*handle_admin_targets(services_, as(admin_, "", {{"district_id", district}})));
  bool found = false;
  for (const auto& pack : read.at("packs").as_array()) {
    for (const auto& c : pack.at("criteria").as_array()) {
      if (c.at("id") == "C1" && pack.at("id") == "stockholmsstandard-2021") {
        found = c.at("district_target").as_double() == 0.35;
      }
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(handle_admin_targets(services_, as(admin_, "", {{"district_id", "nope"}})).problem().code, "invalid_request");
}

TEST_F(AdminApi, QrDrawsOnlyEnrolmentLinksAndAuditStatusIsReported) {
  auto qr = handle_qr(services_, as(admin_, R"({"text":"faltlogg://enrol?server=https://x&code=ABCDE12345"})"));
  ASSERT_TRUE(qr.ok());
  auto body = parse(*qr);
  const auto size = body.at("size").as_int64();
  EXPECT_GE(size, 21);
  EXPECT_EQ(body.at("rows").as_array().size(), static_cast<std::size_t>(size));
  for (const char* text : {R"({"text":"https://evil.example"})", R"({"text":""})", R"({"text":5})", R"({"other":"x"})"}) {
    EXPECT_FALSE(handle_qr(services_, as(admin_, text)).ok()) << text;
  }
  EXPECT_FALSE(handle_qr(services_, as(admin_, "{\"text\":\"faltlogg://enrol?" + std::string(700, 'a') + "\"}")).ok());
  auto audit = parse(*handle_admin_audit(services_, as(admin_)));
  EXPECT_TRUE(audit.at("intact").as_bool());
  EXPECT_GT(audit.at("entries").as_int64(), 0);
}

TEST_F(AdminApi, CodeDocsListFormsCriteriaAndDistrictsButNoPeople) {
  auto docs = handle_code_docs(services_, as(evaluator_));
  ASSERT_TRUE(docs.ok());
  auto body = parse(*docs);
  EXPECT_FALSE(body.at("forms").as_array().empty());
  EXPECT_FALSE(body.at("criteria_packs").as_array().empty());
  EXPECT_EQ(body.at("districts").as_array().size(), 1u);
  EXPECT_EQ(docs->body.find("lead"), std::string::npos) << "no usernames";
}

}  // namespace
}  // namespace faltlogg::server::testing
