// Team-lead review end to end, plus audit-log verification and tamper detection with faltlogg-admin.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

namespace faltlogg::test {
namespace {

class ReviewIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    server_.add_user("lead", "team_lead", "Fält Nord", "lead-password");
    server_.add_user("lead_syd", "team_lead", "Fält Syd", "lead-password");
    server_.start();
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
    std::string device;
    anna_ = login(*client_, "anna", "anna-password", &device);
    record_id_ = core::make_uuid_v4();
    HttpReply push = client_->post(
        "/api/v1/sync/push",
        push_body(core::make_uuid_v4(), {field_contact(record_id_, make_hlc(core::now_millis() - 1000, 1, device))}),
        anna_);
    ASSERT_EQ(push.status, 200);
    lead_ = login(*client_, "lead", "lead-password");
  }

  void exec_sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((server_.data_dir() / "faltlogg.db").c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
  std::string anna_;
  std::string lead_;
  std::string record_id_;
};

TEST_F(ReviewIntegration, TheLeadReviewsAndTheAuthorSeesItOnTheNextPull) {
  auto list = parse(client_->get("/api/v1/review/records?state=unreviewed", lead_).body).as_object();
  ASSERT_EQ(list.at("records").as_array().size(), 1u);
  EXPECT_EQ(list.at("records").at(0).at("record").at("id").as_string(), record_id_);

  HttpReply put = client_->put("/api/v1/review/" + record_id_, R"({"state": "needs_changes", "comment": "Ange arena"})",
                               lead_);
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(parse(client_->get("/api/v1/review/records?state=unreviewed", lead_).body).at("records").as_array().size(),
            0u);

  auto pull = parse(client_->get("/api/v1/sync/pull?cursor=0", anna_).body).as_object();
  ASSERT_EQ(pull.at("reviews").as_array().size(), 1u);
  EXPECT_EQ(pull.at("reviews").at(0).at("state").as_string(), "needs_changes");
  EXPECT_EQ(pull.at("reviews").at(0).at("record_id").as_string(), record_id_);
}

TEST_F(ReviewIntegration, BadReviewsAreRefusedAndStoreNothing) {
  const auto before = row_counts(server_);
  const std::string target = "/api/v1/review/" + record_id_;
  EXPECT_EQ(problem_code(client_->put(target, R"({"state": "great"})", lead_)), "validation_failed");
  EXPECT_EQ(problem_code(client_->put(target, R"({"state": "approved", "comment": "ring 0701234567"})", lead_)),
            "validation_failed");
  EXPECT_EQ(problem_code(client_->put(target, "{", lead_)), "invalid_json");
  EXPECT_EQ(client_->put("/api/v1/review/" + core::make_uuid_v4(), R"({"state": "approved"})", lead_).status, 404);
  const std::string other = login(*client_, "lead_syd", "lead-password");
  EXPECT_EQ(client_->put(target, R"({"state": "approved"})", other).status, 403);
  EXPECT_EQ(client_->get("/api/v1/review/records?team_id=someone-else", lead_).status, 403);
  EXPECT_EQ(client_->get("/api/v1/review/records?from=yesterday", lead_).status, 400);
  auto after = row_counts(server_);
  EXPECT_EQ(after.at("reviews"), before.at("reviews"));
  EXPECT_EQ(after.at("reviews"), 0);
}

TEST_F(ReviewIntegration, AuditVerifyPassesThenDetectsAChangedEntry) {
  client_->get("/api/v1/review/records", lead_);  // a row-level read: audit-logged
  CommandResult ok = server_.admin({"audit", "verify"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("intact"), std::string::npos);
  exec_sql("UPDATE audit_log SET detail = 'nothing to see' WHERE action = 'read_records'");
  CommandResult broken = server_.admin({"audit", "verify"});
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_NE(broken.err.find("changed"), std::string::npos) << broken.err;
}

TEST_F(ReviewIntegration, AuditVerifyDetectsADeletedEntry) {
  exec_sql("DELETE FROM audit_log WHERE seq = 2");
  CommandResult broken = server_.admin({"audit", "verify"});
  EXPECT_NE(broken.exit_code, 0);
  EXPECT_NE(broken.err.find("missing"), std::string::npos) << broken.err;
}

TEST_F(ReviewIntegration, AuditVerifyDetectsTheNewestEntryDeleted) {
  exec_sql("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
  EXPECT_NE(server_.admin({"audit", "verify"}).exit_code, 0);
}

}  // namespace
}  // namespace faltlogg::test
