// Every role (and a lead who also does field work) against every endpoint, with the status PROTOCOL.md's
// role table implies: any of a user's roles permits.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

namespace faltlogg::test {
namespace {

// One server for the whole matrix: the cases only read, or write objects no other case looks at.
class RoleMatrix : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    for (const char* role : {"field_worker", "family_therapist", "team_lead", "evaluator", "admin"}) {
      server_->add_user(role, role, "Fält Nord", "password-" + std::string(role));
    }
    server_->add_user("lead_worker", "team_lead,field_worker", "Fält Nord", "password-lead_worker");
    server_->add_user("other_worker", "field_worker", "Fält Syd", "password-other");
    server_->start({"--login-rate-limit", "0"});
    client_ = new TlsHttpClient(server_->port(), server_->ca_file());
    std::string device;
    const std::string worker = login(*client_, "other_worker", "password-other", &device);
    record_id_ = core::make_uuid_v4();
    client_->post("/api/v1/sync/push",
                  push_body(core::make_uuid_v4(),
                            {field_contact(record_id_, make_hlc(core::now_millis() - 1000, 1, device))}),
                  worker);
  }
  static void TearDownTestSuite() {
    delete client_;
    delete server_;
  }

  static ServerProcess* server_;
  static TlsHttpClient* client_;
  static std::string record_id_;
};

ServerProcess* RoleMatrix::server_ = nullptr;
TlsHttpClient* RoleMatrix::client_ = nullptr;
std::string RoleMatrix::record_id_;

struct Endpoint {
  std::string name;
  std::string method;
  std::string target;
  std::string body;
};

HttpReply call(TlsHttpClient& client, const std::string& endpoint, const std::string& token,
               const std::string& own_record, const std::string& own_device) {
  if (endpoint == "forms") return client.get("/api/v1/forms", token);
  if (endpoint == "push") return client.post("/api/v1/sync/push", push_body(core::make_uuid_v4(), {}), token);
  if (endpoint == "pull") return client.get("/api/v1/sync/pull?cursor=0", token);
  if (endpoint == "review_list") return client.get("/api/v1/review/records", token);
  if (endpoint == "review_put") {
    return client.put("/api/v1/review/" + own_record, R"({"state": "approved", "comment": ""})", token);
  }
  if (endpoint == "review_bulk") {
    return client.post("/api/v1/review/bulk", R"({"state": "approved", "record_ids": [")" + own_record + "\"]}",
                       token);
  }
  if (endpoint == "team_activity") return client.get("/api/v1/team/activity", token);
  if (endpoint == "device_revoke") return client.post("/api/v1/devices/" + own_device + "/revoke", "", token);
  if (endpoint == "logout") return client.post("/api/v1/auth/logout", "", token);
  if (endpoint == "healthz") return client.get("/healthz", token);
  if (endpoint == "version") return client.get("/api/v1/version", token);
  return client.get("/metrics", token);
}

// Expected status per (role, endpoint). review_put targets a record of another team (403 even for
// the team lead); device_revoke targets a device of another team (403 for the team lead).
// A push of no records is 200 for every role that may push at all; what a role may write is decided
// per record (sync tests). review_bulk of another team's record is 200 with a per-record `forbidden`.
int expected_status(const std::string& role, const std::string& endpoint) {
  const bool author = role == "field_worker" || role == "family_therapist" || role == "lead_worker";
  const bool lead = role == "team_lead" || role == "lead_worker";
  if (endpoint == "forms" || endpoint == "healthz" || endpoint == "version" || endpoint == "metrics") return 200;
  if (endpoint == "logout") return 204;
  if (endpoint == "push") return author || lead ? 200 : 403;
  if (endpoint == "pull") return author || lead ? 200 : 403;
  if (endpoint == "review_list" || endpoint == "review_bulk" || endpoint == "team_activity") return lead ? 200 : 403;
  if (endpoint == "review_put") return 403;
  if (endpoint == "device_revoke") return role == "admin" ? 200 : 403;
  return 0;
}

const std::vector<std::string> kEndpoints = {"forms",         "push",        "pull",          "review_list",
                                            "review_put",    "review_bulk", "team_activity", "device_revoke",
                                            "logout",        "healthz",     "version",       "metrics"};

TEST_P(RoleMatrix, StatusMatchesTheRoleTable) {
  const std::string role = GetParam();
  for (const std::string& endpoint : kEndpoints) {
    SCOPED_TRACE(role + " -> " + endpoint);
    // The device to revoke belongs to a fresh login of a user in another team, so no case disturbs another.
    std::string other_device;
    login(*client_, "other_worker", "password-other", &other_device);
    const std::string token = login(*client_, role, "password-" + role);
    HttpReply reply = call(*client_, endpoint, token, record_id_, other_device);
    EXPECT_EQ(reply.status, expected_status(role, endpoint)) << reply.body;
    if (reply.status == 403) {
      EXPECT_EQ(problem_code(reply), "forbidden");
    }
    if (endpoint == "review_bulk" && reply.status == 200) {
      EXPECT_EQ(parse(reply.body).at("results").at(0).at("status").as_string(), "forbidden");
    }
  }
}

TEST(RoleMatrixAnonymous, WithoutATokenEveryProtectedEndpointIs401) {
  ServerProcess server;
  server.start();
  TlsHttpClient client(server.port(), server.ca_file());
  for (const std::string& endpoint : kEndpoints) {
    HttpReply reply = call(client, endpoint, "", core::make_uuid_v4(), core::make_uuid_v4());
    const bool open = endpoint == "healthz" || endpoint == "version" || endpoint == "metrics";
    EXPECT_EQ(reply.status, open ? 200 : 401) << endpoint;
    if (!open) {
      EXPECT_EQ(problem_code(reply), "unauthorized") << endpoint;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllRoles, RoleMatrix,
                         ::testing::Values("field_worker", "family_therapist", "team_lead", "evaluator", "admin",
                                           "lead_worker"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace faltlogg::test
