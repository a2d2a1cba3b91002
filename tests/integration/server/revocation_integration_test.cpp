// Device revocation through the API and through faltlogg-admin: the next call gets device_revoked.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

namespace faltlogg::test {
namespace {

class RevocationIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    server_.add_user("lead", "team_lead", "Fält Nord", "lead-password");
    server_.add_user("lead_syd", "team_lead", "Fält Syd", "lead-password");
    server_.add_user("admin", "admin", "Fält Nord", "admin-password");
    server_.start();
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
    anna_ = login(*client_, "anna", "anna-password", &anna_device_);
  }

  void expect_device_revoked() {
    HttpReply reply = client_->get("/api/v1/sync/pull?cursor=0", anna_);
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(problem_code(reply), "device_revoked");
    // A push from the revoked device is refused the same way and stores nothing.
    const auto before = row_counts(server_);
    const std::string body = push_body(core::make_uuid_v4(), {field_contact(core::make_uuid_v4(),
                                                                            make_hlc(core::now_millis(), 1, "x"))});
    HttpReply push = client_->post("/api/v1/sync/push", body, anna_);
    EXPECT_EQ(problem_code(push), "device_revoked");
    EXPECT_EQ(row_counts(server_), before);
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
  std::string anna_;
  std::string anna_device_;
};

TEST_F(RevocationIntegration, TheTeamLeadRevokesAMembersDevice) {
  ASSERT_EQ(client_->get("/api/v1/sync/pull?cursor=0", anna_).status, 200);
  const std::string lead = login(*client_, "lead", "lead-password");
  HttpReply revoke = client_->post("/api/v1/devices/" + anna_device_ + "/revoke", "", lead);
  EXPECT_EQ(revoke.status, 200) << revoke.body;
  expect_device_revoked();
  // Logging in again gives a new, working device.
  EXPECT_EQ(client_->get("/api/v1/sync/pull?cursor=0", login(*client_, "anna", "anna-password")).status, 200);
}

TEST_F(RevocationIntegration, ALeadOfAnotherTeamCannotRevoke) {
  const std::string other = login(*client_, "lead_syd", "lead-password");
  HttpReply revoke = client_->post("/api/v1/devices/" + anna_device_ + "/revoke", "", other);
  EXPECT_EQ(revoke.status, 403);
  EXPECT_EQ(client_->get("/api/v1/sync/pull?cursor=0", anna_).status, 200);
}

TEST_F(RevocationIntegration, ALeadCannotRevokeTheAdminsOrTheEvaluatorsDeviceInTheTeam) {
  server_.add_user("eva", "evaluator", "Fält Nord", "eva-password");
  server_.add_user("lead2", "team_lead", "Fält Nord", "lead-password");
  std::string admin_device, eva_device, lead2_device;
  const std::string admin = login(*client_, "admin", "admin-password", &admin_device);
  const std::string eva = login(*client_, "eva", "eva-password", &eva_device);
  const std::string lead2 = login(*client_, "lead2", "lead-password", &lead2_device);
  const std::string lead = login(*client_, "lead", "lead-password");
  for (const std::string& device : {admin_device, eva_device, lead2_device}) {
    HttpReply revoke = client_->post("/api/v1/devices/" + device + "/revoke", "", lead);
    EXPECT_EQ(revoke.status, 403) << revoke.body;
    EXPECT_NE(parse(revoke.body).at("detail").as_string().find("ask an admin"), std::string::npos);
  }
  EXPECT_EQ(client_->get("/api/v1/version", admin).status, 200);
  EXPECT_NE(client_->get("/api/v1/criteria/report?from=2026-01-01&to=2026-01-31", eva).status, 401);
  // The admin may.
  EXPECT_EQ(client_->post("/api/v1/devices/" + eva_device + "/revoke", "", admin).status, 200);
}

TEST_F(RevocationIntegration, UnknownDevicesAre404) {
  const std::string admin = login(*client_, "admin", "admin-password");
  EXPECT_EQ(client_->post("/api/v1/devices/4b1c2d3e-4a5b-4c6d-8e7f-0123456789ab/revoke", "", admin).status, 404);
  EXPECT_EQ(client_->post("/api/v1/devices/not-a-uuid/revoke", "", admin).status, 404);
}

TEST_F(RevocationIntegration, TheAdminToolListsAndRevokesDevices) {
  CommandResult list = server_.admin({"device", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find(anna_device_), std::string::npos);
  EXPECT_NE(list.out.find("active"), std::string::npos);
  CommandResult revoke = server_.admin({"device", "revoke", anna_device_});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  expect_device_revoked();
  EXPECT_NE(server_.admin({"device", "list"}).out.find("revoked"), std::string::npos);
  EXPECT_NE(server_.admin({"device", "revoke", "no-such-device"}).exit_code, 0);
  // The revocation is in the audit log, and the chain is intact.
  CommandResult verify = server_.admin({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

}  // namespace
}  // namespace faltlogg::test
