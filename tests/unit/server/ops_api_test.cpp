// Device revocation rules and the operational endpoints.
#include "api/ops_api.hpp"

#include "api_fixture.hpp"

namespace faltlogg::server::testing {
namespace {

class OpsApiTest : public ApiFixture {
 protected:
  ApiResult revoke(const User& who, const std::string& device_id) {
    RequestContext context = context_for(who);
    context.path_params["id"] = device_id;
    return handle_device_revoke(services_, context);
  }
};

TEST_F(OpsApiTest, AdminsRevokeAnyDeviceLeadsOnlyTheirTeams) {
  User anna = add_user("anna", Role::field_worker);
  User olle = add_user("olle", Role::field_worker, "Team B");
  User lead = add_user("lead", Role::team_lead);
  User admin = add_user("admin", Role::admin, "Team B");
  Principal anna_session = session_for(anna);
  Principal olle_session = session_for(olle);

  EXPECT_EQ(revoke(lead, olle_session.device.id).problem().code, "forbidden");
  EXPECT_EQ(revoke(anna, olle_session.device.id).problem().code, "forbidden");
  EXPECT_FALSE(store_->find_device(olle_session.device.id)->revoked_at);

  auto by_lead = revoke(lead, anna_session.device.id);
  ASSERT_TRUE(by_lead.ok());
  EXPECT_TRUE(store_->find_device(anna_session.device.id)->revoked_at);
  ASSERT_TRUE(revoke(admin, olle_session.device.id).ok());
  EXPECT_TRUE(store_->find_device(olle_session.device.id)->revoked_at);
  EXPECT_EQ(store_->audit_entries().back().event.action, "device_revoke");
}

TEST_F(OpsApiTest, UnknownOrMalformedDeviceIdsAreNotFound) {
  User admin = add_user("admin", Role::admin);
  EXPECT_EQ(revoke(admin, core::make_uuid_v4()).problem().code, "not_found");
  EXPECT_EQ(revoke(admin, "'; DROP TABLE devices; --").problem().code, "not_found");
  for (const Device& device : store_->list_devices()) EXPECT_FALSE(device.revoked_at) << device.id;
}

TEST_F(OpsApiTest, HealthVersionAndMetricsAnswer) {
  RequestContext anonymous;
  EXPECT_EQ(parse(*handle_healthz(services_, anonymous)).at("status").as_string(), "ok");
  EXPECT_EQ(parse(*handle_version(services_, anonymous)).at("protocol").as_int64(), 1);
  metrics_.count_request("/healthz", 200);
  metrics_.add_push(3, 4, false);
  auto metrics = handle_metrics(services_, anonymous);
  EXPECT_EQ(metrics->content_type.rfind("text/plain", 0), 0u);
  EXPECT_NE(metrics->body.find("faltlogg_http_requests_total{route=\"/healthz\",status=\"200\"} 1"), std::string::npos);
  EXPECT_NE(metrics->body.find("faltlogg_push_records_accepted_total 3"), std::string::npos);
  EXPECT_NE(metrics->body.find("faltlogg_push_records_total 4"), std::string::npos);
}

}  // namespace
}  // namespace faltlogg::server::testing
