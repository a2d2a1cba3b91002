// Issue 11 and 12 on the real server: a lead who also does field work syncs own records while an edit
// of a colleague's record is refused alone; bulk review with display names; team activity; reference
// lists with display names that change without a new login.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

namespace faltlogg::test {
namespace {

class LeadIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    anna_id_ = server_.add_user("anna", "field_worker", "Fält Nord", "anna-password");
    lead_id_ = server_.add_user("ali", "team_lead,field_worker", "Fält Nord", "ali-password");
    server_.add_user("lead_syd", "team_lead", "Fält Syd", "lead-password");
    server_.start();
    client_ = std::make_unique<TlsHttpClient>(server_.port(), server_.ca_file());
    anna_ = login(*client_, "anna", "anna-password", &anna_device_);
    lead_ = login(*client_, "ali", "ali-password", &lead_device_);
  }

  std::string push_one(const std::string& token, const boost::json::object& record) {
    HttpReply reply = client_->post("/api/v1/sync/push", push_body(core::make_uuid_v4(), {record}), token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.status == 200 ? std::string(parse(reply.body).at("results").at(0).at("status").as_string()) : "";
  }

  ServerProcess server_;
  std::unique_ptr<TlsHttpClient> client_;
  std::string anna_id_, lead_id_, anna_, lead_, anna_device_, lead_device_;
};

TEST_F(LeadIntegration, ALeadsEditOfAColleaguesRecordIsRefusedAloneAndLaterPushesWork) {
  const std::string annas_id = core::make_uuid_v4();
  boost::json::object annas = field_contact(annas_id, make_hlc(core::now_millis() - 5000, 1, anna_device_));
  ASSERT_EQ(push_one(anna_, annas), "accepted");

  // The lead pulled Anna's record (team scope), edited it on the tablet and pushes it with own records.
  auto pulled = parse(client_->get("/api/v1/sync/pull?cursor=0", lead_).body).as_object();
  ASSERT_EQ(pulled.at("records").as_array().size(), 1u);
  boost::json::object edited = pulled.at("records").at(0).as_object();
  edited["hlc"] = make_hlc(core::now_millis(), 1, lead_device_);
  edited["data"].as_object()["duration_min"] = 120;
  const std::string own_id = core::make_uuid_v4();
  HttpReply push = client_->post(
      "/api/v1/sync/push",
      push_body(core::make_uuid_v4(), {edited, field_contact(own_id, make_hlc(core::now_millis(), 2, lead_device_))}),
      lead_);
  ASSERT_EQ(push.status, 200) << push.body;
  auto results = parse(push.body).at("results").as_array();
  EXPECT_EQ(results.at(0).at("status").as_string(), "rejected");
  EXPECT_EQ(results.at(0).at("problem").at("code").as_string(), "forbidden");
  EXPECT_EQ(results.at(0).at("problem").at("errors").at(0).at("code").as_string(), "other_author");
  EXPECT_EQ(results.at(1).at("status").as_string(), "accepted");
  EXPECT_EQ(push_one(lead_, field_contact(core::make_uuid_v4(), make_hlc(core::now_millis(), 3, lead_device_))),
            "accepted");

  auto annas_view = parse(client_->get("/api/v1/sync/pull?cursor=0", anna_).body).as_object();
  EXPECT_EQ(annas_view.at("records").at(0).at("data").at("duration_min").as_int64(), 30);
}

TEST_F(LeadIntegration, BulkReviewWithNamesReachesTheAuthorsPull) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(core::make_uuid_v4());
    ASSERT_EQ(push_one(anna_, field_contact(ids.back(), make_hlc(core::now_millis() - 5000, i, anna_device_))),
              "accepted");
  }
  auto listed = parse(client_->get("/api/v1/review/records?state=unreviewed&author_id=" + anna_id_, lead_).body);
  ASSERT_EQ(listed.at("records").as_array().size(), 3u);
  EXPECT_EQ(listed.at("records").at(0).at("author_name").as_string(), "anna");

  boost::json::array id_list;
  for (const auto& id : ids) id_list.emplace_back(id);
  const std::string body = boost::json::serialize(
      boost::json::object{{"record_ids", id_list}, {"state", "approved"}, {"comment", "Vecka godkänd"}});
  const std::string other = login(*client_, "lead_syd", "lead-password");
  HttpReply foreign = client_->post("/api/v1/review/bulk", body, other);
  ASSERT_EQ(foreign.status, 200);
  EXPECT_EQ(parse(foreign.body).at("forbidden").as_int64(), 3);
  EXPECT_EQ(row_counts(server_).at("reviews"), 0);

  HttpReply bulk = client_->post("/api/v1/review/bulk", body, lead_);
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(parse(bulk.body).at("reviewed").as_int64(), 3);
  auto pull = parse(client_->get("/api/v1/sync/pull?cursor=0", anna_).body).as_object();
  EXPECT_EQ(pull.at("reviews").as_array().size(), 3u);
  EXPECT_EQ(pull.at("reviews").at(0).at("comment").as_string(), "Vecka godkänd");

  HttpReply activity = client_->get("/api/v1/team/activity", lead_);
  ASSERT_EQ(activity.status, 200) << activity.body;
  bool found = false;
  const boost::json::value team = parse(activity.body);
  for (const auto& member : team.at("members").as_array()) {
    if (member.at("user_id").as_string() != anna_id_) continue;
    found = true;
    EXPECT_EQ(member.at("display_name").as_string(), "anna");
    EXPECT_EQ(member.at("total").at("records").as_int64(), 3);
    EXPECT_EQ(member.at("total").at("minutes").as_int64(), 90);
    EXPECT_DOUBLE_EQ(member.at("total").at("share_synced_within_72h").as_double(), 1.0);
  }
  EXPECT_TRUE(found);
}

TEST_F(LeadIntegration, ReferenceListsCarryNamesAndChangeWithoutANewLogin) {
  auto refs = parse(client_->get("/api/v1/references", anna_).body).as_object();
  EXPECT_EQ(refs.at("references").at("areas"), (boost::json::array{"omr-1", "omr-2", "omr-3"}));
  EXPECT_EQ(refs.at("reference_items").at("areas").at(0).at("name").as_string(), "omr-1");
  CommandResult changed = server_.admin({"team", "set-areas", "Fält Nord", "--areas", "omr-1=Centrum,hamnen=Hamnen"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  refs = parse(client_->get("/api/v1/references", anna_).body).as_object();
  EXPECT_EQ(refs.at("references").at("areas"), (boost::json::array{"omr-1", "hamnen"}));
  EXPECT_EQ(refs.at("reference_items").at("areas"),
            (boost::json::array{boost::json::object{{"id", "omr-1"}, {"name", "Centrum"}},
                                boost::json::object{{"id", "hamnen"}, {"name", "Hamnen"}}}));
  // A record in a removed area is refused for that record, naming the field, so the tablet can move it.
  boost::json::object moved = field_contact(core::make_uuid_v4(), make_hlc(core::now_millis(), 9, anna_device_));
  moved["data"].as_object()["area_id"] = "omr-2";
  HttpReply push = client_->post("/api/v1/sync/push", push_body(core::make_uuid_v4(), {moved}), anna_);
  EXPECT_EQ(parse(push.body).at("results").at(0).at("problem").at("errors").at(0).at("field").as_string(), "area_id");
  EXPECT_EQ(client_->get("/api/v1/references?x=1", anna_).status, 400);
  EXPECT_EQ(client_->get("/api/v1/references").status, 401);
}

}  // namespace
}  // namespace faltlogg::test
