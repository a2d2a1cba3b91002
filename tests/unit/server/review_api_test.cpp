// Review handlers: team isolation, state and comment validation, audit entries.
#include "api/review_api.hpp"

#include "api/sync_api.hpp"
#include "api_fixture.hpp"
#include "faltlogg/core/json.hpp"

namespace faltlogg::server::testing {
namespace {

class ReviewApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    anna_ = add_user("anna", Role::field_worker);
    lead_ = add_user("lead", Role::team_lead);
    other_lead_ = add_user("other", Role::team_lead, "Team B");
    record_ = field_contact(core::make_uuid_v4(), 1);
    auto body = core::to_json_text(boost::json::object{{"batch_id", core::make_uuid_v4()},
                                                       {"records", boost::json::array{core::record_to_json(record_)}}});
    ASSERT_TRUE(handle_push(services_, context_for(anna_, body)).ok());
  }

  ApiResult put(const User& who, const std::string& id, const std::string& body) {
    RequestContext context = context_for(who, body);
    context.path_params["id"] = id;
    return handle_review_put(services_, context);
  }

  User anna_;
  User lead_;
  User other_lead_;
  core::Record record_;
};

TEST_F(ReviewApiTest, TheTeamLeadReviewsAndListsWithState) {
  auto created = put(lead_, record_.id, R"({"state": "approved", "comment": "Bra"})");
  ASSERT_TRUE(created.ok()) << created.problem().detail;
  EXPECT_EQ(created->status, 201);
  auto list = handle_review_list(services_, context_for(lead_, "", {{"state", "approved"}}));
  ASSERT_TRUE(list.ok());
  auto rows = parse(*list).at("records").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("review").at("comment").as_string(), "Bra");
  EXPECT_EQ(rows[0].at("author_id").as_string(), anna_.id);
}

TEST_F(ReviewApiTest, TheListSaysWhenItWasCut) {
  boost::json::array array;
  for (std::uint32_t i = 0; i < 4; ++i) array.push_back(core::record_to_json(field_contact(core::make_uuid_v4(), i)));
  auto body = core::to_json_text(boost::json::object{{"batch_id", core::make_uuid_v4()}, {"records", array}});
  ASSERT_TRUE(handle_push(services_, context_for(anna_, body)).ok());
  auto page = parse(*handle_review_list(services_, context_for(lead_, "", {{"limit", "3"}}))).as_object();
  EXPECT_EQ(page.at("records").as_array().size(), 3u);
  EXPECT_TRUE(page.at("more").as_bool());
  auto all = parse(*handle_review_list(services_, context_for(lead_, "", {{"limit", "5"}}))).as_object();
  EXPECT_EQ(all.at("records").as_array().size(), 5u);
  EXPECT_FALSE(all.at("more").as_bool());
  EXPECT_EQ(handle_review_list(services_, context_for(lead_, "", {{"limit", "0"}})).problem().status, 400);
}

TEST_F(ReviewApiTest, OtherTeamsAndOtherRolesAreForbidden) {
  EXPECT_EQ(put(other_lead_, record_.id, R"({"state": "approved"})").problem().code, "forbidden");
  EXPECT_EQ(put(anna_, record_.id, R"({"state": "approved"})").problem().code, "forbidden");
  EXPECT_EQ(handle_review_list(services_, context_for(anna_)).problem().code, "forbidden");
  EXPECT_EQ(handle_review_list(services_, context_for(lead_, "", {{"team_id", other_lead_.team_id}})).problem().code,
            "forbidden");
  auto others = handle_review_list(services_, context_for(other_lead_));
  EXPECT_TRUE(parse(*others).at("records").as_array().empty());
  EXPECT_EQ(store_->row_counts().at("reviews"), 0);
}

TEST_F(ReviewApiTest, BadReviewInputIsRefusedAndStoresNothing) {
  EXPECT_EQ(put(lead_, record_.id, R"({"state": "maybe"})").problem().code, "validation_failed");
  EXPECT_EQ(put(lead_, record_.id, R"({"comment": "x"})").problem().status, 400);
  EXPECT_EQ(put(lead_, record_.id, R"({"state": "approved", "comment": 5})").problem().status, 400);
  EXPECT_EQ(put(lead_, record_.id, R"({"state": "approved", "comment": "pnr 811218-9876"})").problem().code,
            "validation_failed");
  const std::string long_comment = R"({"state": "approved", "comment": ")" + std::string(2001, 'a') + "\"}";
  EXPECT_EQ(put(lead_, record_.id, long_comment).problem().code, "validation_failed");
  EXPECT_EQ(put(lead_, "../../etc", R"({"state": "approved"})").problem().code, "not_found");
  EXPECT_EQ(put(lead_, core::make_uuid_v4(), R"({"state": "approved"})").problem().code, "not_found");
  EXPECT_EQ(handle_review_list(services_, context_for(lead_, "", {{"state", "all"}})).problem().status, 400);
  EXPECT_EQ(handle_review_list(services_, context_for(lead_, "", {{"from", "igår"}})).problem().status, 400);
  EXPECT_EQ(store_->row_counts().at("reviews"), 0);
}

TEST_F(ReviewApiTest, ReviewsAndRowReadsAreAudited) {
  ASSERT_TRUE(put(lead_, record_.id, R"({"state": "needs_changes"})").ok());
  ASSERT_TRUE(handle_review_list(services_, context_for(lead_)).ok());
  bool reviewed = false;
  bool read = false;
  for (const auto& entry : store_->audit_entries()) {
    reviewed |= entry.event.action == "review" && entry.event.subject == record_.id;
    read |= entry.event.action == "read_records" && entry.event.actor_id == lead_.id;
  }
  EXPECT_TRUE(reviewed);
  EXPECT_TRUE(read);
  EXPECT_TRUE(store_->verify_audit().intact);
}

}  // namespace
}  // namespace faltlogg::server::testing
