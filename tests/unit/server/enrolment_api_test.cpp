// Tablet enrolment: code format, who may issue, redeeming once, expiry, supersession, rate limit,
// concurrent redemption, and hostile input that must change nothing.
#include "api/enrolment_api.hpp"

#include "api/auth_api.hpp"
#include "api/enrolment_code.hpp"
#include "api_fixture.hpp"
#include "faltlogg/core/json.hpp"

#include <atomic>
#include <thread>

namespace faltlogg::server::testing {
namespace {

TEST(EnrolmentCode, IsTenCrockfordCharacters) {
  for (int i = 0; i < 200; ++i) {
    const std::string code = make_enrolment_code();
    ASSERT_EQ(code.size(), 10u);
    EXPECT_EQ(code.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos) << code;
  }
  EXPECT_NE(make_enrolment_code(), make_enrolment_code());
}

TEST(EnrolmentCode, NormalizesWhatPeopleTypeAndRefusesTheRest) {
  EXPECT_EQ(normalize_enrolment_code("abcde-fghjk"), "ABCDEFGHJK");
  EXPECT_EQ(normalize_enrolment_code(" 0123 4567 89 "), "0123456789");
  EXPECT_EQ(normalize_enrolment_code("OIL00-11111"), "01100" "11111");  // look-alikes read as digits
  EXPECT_FALSE(normalize_enrolment_code("ABCDEFGHJU"));  // U is not in the alphabet
  EXPECT_FALSE(normalize_enrolment_code("ABCDEFGHJ"));
  EXPECT_FALSE(normalize_enrolment_code("ABCDEFGHJKM"));
  EXPECT_FALSE(normalize_enrolment_code(""));
  EXPECT_FALSE(normalize_enrolment_code(std::string("ABCDE\0FGHJK", 11)));
  EXPECT_FALSE(normalize_enrolment_code("ÅÄÖÅÄÖÅÄÖÅ"));
  EXPECT_FALSE(normalize_enrolment_code("'; DROP TABLE users; --"));
  EXPECT_FALSE(normalize_enrolment_code(std::string(10000, 'A')));
  EXPECT_EQ(format_enrolment_code("ABCDEFGHJK"), "ABCDE-FGHJK");
}

TEST(EnrolmentUri, CarriesTheEncodedServerTheCodeAndThePin) {
  EXPECT_EQ(enrolment_uri("https://faltlogg.example.se:8443/api", "ABCDEFGHJK", "sha256/abc-_"),
            "faltlogg://enrol?server=https%3A%2F%2Ffaltlogg.example.se%3A8443%2Fapi&code=ABCDEFGHJK&pin=sha256/abc-_");
}

TEST(PublicUrl, OnlyHttpsWithAHostAndNothingHidden) {
  EXPECT_EQ(check_public_url("https://srv.example.se:8443/").value(), "https://srv.example.se:8443");
  EXPECT_EQ(check_public_url("https://srv/faltlogg").value(), "https://srv/faltlogg");
  for (const char* bad : {"http://srv", "srv:8443", "https://", "https:///x", "https://a b", "https://srv?x=1",
                          "https://srv#f", "https://user@srv", "https://srv\n", "ftp://srv"}) {
    EXPECT_FALSE(check_public_url(bad).ok()) << bad;
  }
  EXPECT_EQ(default_public_url("127.0.0.1", 8443), "https://127.0.0.1:8443");
  EXPECT_EQ(default_public_url("::1", 9000), "https://[::1]:9000");
  EXPECT_EQ(default_public_url("srv.example.se", 443), "https://srv.example.se");
  EXPECT_EQ(default_public_url("0.0.0.0", 8443).rfind("https://", 0), 0u);
  EXPECT_EQ(default_public_url("0.0.0.0", 8443).find("0.0.0.0"), std::string::npos);
}

class EnrolmentApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    services_.options.public_url = "https://faltlogg.test:8443";
    services_.options.key_pin = "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    anna_ = add_user("anna", Role::field_worker);
    lead_ = add_user("lead", {Role::team_lead, Role::field_worker});
    admin_ = add_user("admin", Role::admin, "Team B");
    eva_ = add_user("eva", Role::evaluator);
    olle_ = add_user("olle", Role::field_worker, "Team B");
  }

  ApiResult create(const User& caller, const std::string& body) {
    return handle_enrolment_create(services_, context_for(caller, body));
  }

  std::string code_for(const User& caller, const User& target) {
    auto result = create(caller, R"({"user_id": ")" + target.id + "\"}");
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.problem().detail);
    if (!result.ok()) return "";
    EXPECT_EQ(result->status, 201);
    return std::string(parse(*result).at("code").as_string());
  }

  ApiResult enrol(const std::string& code, const std::string& address = "10.0.0.1") {
    RequestContext context;
    context.body = core::to_json_text(boost::json::object{{"code", code}, {"device_name", "Surfplatta 7"}});
    context.remote_address = address;
    return handle_enrol(services_, context);
  }

  ApiResult enrol_raw(const std::string& body) {
    RequestContext context;
    context.body = body;
    context.remote_address = "10.0.0.2";
    return handle_enrol(services_, context);
  }

  User anna_, lead_, admin_, eva_, olle_;
};

TEST_F(EnrolmentApiTest, AnAdminIssuesACodeThatIsStoredHashedAndAudited) {
  auto result = create(admin_, R"({"user_id": ")" + anna_.id + "\"}");
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  auto body = parse(*result).as_object();
  const std::string code(body.at("code").as_string());
  EXPECT_EQ(code.size(), 10u);
  EXPECT_EQ(body.at("expires_at").as_string(), core::format_rfc3339(now_ + 15 * 60 * 1000));
  EXPECT_EQ(body.at("uri").as_string(), "faltlogg://enrol?server=https%3A%2F%2Ffaltlogg.test%3A8443&code=" + code +
                                            "&pin=sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(body.at("display_name").as_string(), "anna");
  EXPECT_EQ(store_->row_counts().at("enrolment_codes"), 1);
  bool audited = false;
  for (const auto& entry : store_->audit_entries()) {
    audited |= entry.event.action == "enrolment_create" && entry.event.subject == anna_.id &&
               entry.event.actor_id == admin_.id;
    EXPECT_EQ(entry.event.detail.find(code), std::string::npos);  // never the code itself
  }
  EXPECT_TRUE(audited);
}

TEST_F(EnrolmentApiTest, RedeemingGivesALoginBodyOnceAndTheTokenWorks) {
  const std::string code = code_for(lead_, anna_);
  auto result = enrol(format_enrolment_code(code));
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  auto body = parse(*result).as_object();
  EXPECT_EQ(body.at("user").at("id").as_string(), anna_.id);
  EXPECT_EQ(body.at("user").at("roles"), (boost::json::array{"field_worker"}));
  EXPECT_EQ(body.at("references").at("areas").as_array().size(), 3u);
  auto principal = authenticate(services_, "Bearer " + std::string(body.at("token").as_string()));
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->user.id, anna_.id);
  EXPECT_EQ(principal->device.name, "Surfplatta 7");
  const auto counts = store_->row_counts();
  auto again = enrol(code);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.problem().code, "enrolment_used");
  EXPECT_EQ(again.problem().status, 410);
  EXPECT_EQ(store_->row_counts().at("devices"), counts.at("devices"));
  EXPECT_EQ(store_->row_counts().at("tokens"), counts.at("tokens"));
}

TEST_F(EnrolmentApiTest, ExpiredUnknownAndSupersededCodes) {
  const std::string first = code_for(admin_, anna_);
  const std::string second = code_for(admin_, anna_);  // replaces the first
  const auto devices = store_->row_counts().at("devices");
  EXPECT_EQ(enrol(first).problem().code, "enrolment_expired");
  EXPECT_EQ(enrol(make_enrolment_code()).problem().status, 401);
  EXPECT_EQ(enrol(make_enrolment_code()).problem().code, "unauthorized");
  now_ += 15 * 60 * 1000;  // exactly at expiry: no longer valid
  auto late = enrol(second);
  EXPECT_EQ(late.problem().code, "enrolment_expired");
  EXPECT_EQ(late.problem().status, 410);
  EXPECT_EQ(store_->row_counts().at("devices"), devices);
}

TEST_F(EnrolmentApiTest, WhoMayIssueForWhom) {
  const auto before = store_->row_counts().at("enrolment_codes");
  EXPECT_EQ(create(anna_, R"({"user_id": ")" + anna_.id + "\"}").problem().code, "forbidden");
  EXPECT_EQ(create(eva_, R"({"user_id": ")" + anna_.id + "\"}").problem().code, "forbidden");
  EXPECT_EQ(create(lead_, R"({"user_id": ")" + olle_.id + "\"}").problem().code, "not_found");  // other team
  EXPECT_EQ(create(lead_, R"({"user_id": ")" + eva_.id + "\"}").problem().code, "forbidden");   // evaluator
  EXPECT_EQ(store_->row_counts().at("enrolment_codes"), before);
  EXPECT_FALSE(code_for(lead_, lead_).empty());  // a lead may enrol the own tablet
  EXPECT_FALSE(code_for(admin_, olle_).empty());
  ASSERT_TRUE(store_->disable_user("anna", {"test", "user_disable", "", ""}).ok());
  EXPECT_EQ(create(admin_, R"({"user_id": ")" + anna_.id + "\"}").problem().status, 409);
}

TEST_F(EnrolmentApiTest, ACodeOfAUserDisabledSinceIsRefused) {
  const std::string code = code_for(admin_, anna_);
  ASSERT_TRUE(store_->disable_user("anna", {"test", "user_disable", "", ""}).ok());
  EXPECT_EQ(enrol(code).problem().code, "unauthorized");
}

TEST_F(EnrolmentApiTest, MalformedAndHostileInputChangesNothing) {
  const std::string code = code_for(admin_, anna_);
  auto before = store_->row_counts();
  for (const std::string& body : std::vector<std::string>{
           "", "{", "[]", "null", R"({"code": 5, "device_name": "x"})", R"({"code": "ABCDEFGHJK"})",
           R"({"device_name": "x"})", R"({"code": ")" + code + R"(", "device_name": ""})",
           R"({"code": ")" + code + R"(", "device_name": ")" + std::string(101, 'x') + "\"}",
           R"({"code": ")" + code + R"(", "device_name": "x", "user_id": "someone"})",
           std::string(50, '{') + std::string(50, '}')}) {
    auto result = enrol_raw(body);
    ASSERT_FALSE(result.ok()) << body.substr(0, 80);
    EXPECT_EQ(result.problem().status / 100, 4) << body.substr(0, 80);
  }
  for (const char* table : {"devices", "tokens", "enrolment_codes"}) {
    EXPECT_EQ(store_->row_counts().at(table), before.at(table)) << table;
  }
  RequestContext admin = context_for(admin_);  // one session for all the bad requests below
  before = store_->row_counts();
  for (const std::string& body :
       std::vector<std::string>{"", "{", R"({"user_id": "x"})", R"({"user_id": 5})", R"({"user_id": ")" +
                                anna_.id + R"(", "role": "admin"})", R"({"user_id": "../../etc"})"}) {
    admin.body = body;
    auto result = handle_enrolment_create(services_, admin);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.problem().status / 100, 4) << body;
  }
  const auto after = store_->row_counts();
  for (const char* table : {"devices", "tokens", "enrolment_codes"}) EXPECT_EQ(after.at(table), before.at(table));
  EXPECT_TRUE(enrol(code).ok());  // the live code survived all of it
}

TEST_F(EnrolmentApiTest, WrongCodesAreRateLimitedLikeLogins) {
  const std::string code = code_for(admin_, anna_);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(enrol(make_enrolment_code(), "10.9.9.9").problem().status, 401);
  auto limited = enrol(code, "10.9.9.9");  // even the right code waits (a 429 response with Retry-After)
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(parse(*limited).at("code").as_string(), "rate_limited");
  EXPECT_TRUE(enrol(code, "10.1.1.1").ok());  // another address is not locked out
}

TEST_F(EnrolmentApiTest, WithoutAPublicUrlNoCodeIsIssued) {
  services_.options.public_url.clear();
  EXPECT_EQ(create(admin_, R"({"user_id": ")" + anna_.id + "\"}").problem().status, 503);
  EXPECT_EQ(store_->row_counts().at("enrolment_codes"), 0);
}

TEST_F(EnrolmentApiTest, OfConcurrentRedemptionsOfOneCodeExactlyOneWins) {
  const std::string code = code_for(admin_, anna_);
  const auto devices_before = store_->row_counts().at("devices");
  std::atomic<int> won{0};
  std::atomic<int> used{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto result = enrol(code, "10.0.1." + std::to_string(i));
      if (result.ok()) {
        ++won;
      } else if (result.problem().code == "enrolment_used") {
        ++used;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(used.load(), 7);
  EXPECT_EQ(store_->row_counts().at("devices"), devices_before + 1);
}

}  // namespace
}  // namespace faltlogg::server::testing
