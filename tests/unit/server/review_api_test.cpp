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
  EXPECT_EQ(rows[0].at("author_name").as_string(), "anna");  // the fixture's display name is the username
}

TEST_F(ReviewApiTest, TheListFiltersByAuthorAndRefusesUnknownParameters) {
  User bert = add_user("bert", Role::field_worker);
  auto body = core::to_json_text(boost::json::object{
      {"batch_id", core::make_uuid_v4()},
      {"records", boost::json::array{core::record_to_json(field_contact(core::make_uuid_v4(), 1))}}});
  ASSERT_TRUE(handle_push(services_, context_for(bert, body)).ok());
  auto berts = parse(*handle_review_list(services_, context_for(lead_, "", {{"author_id", bert.id}}))).as_object();
  ASSERT_EQ(berts.at("records").as_array().size(), 1u);
  EXPECT_EQ(berts.at("records").at(0).at("author_name").as_string(), "bert");
  auto all = parse(*handle_review_list(services_, context_for(lead_))).as_object();
  EXPECT_EQ(all.at("records").as_array().size(), 2u);
  // Another team's user matches nothing here; a malformed id or an unknown parameter is a 400.
  auto other = parse(*handle_review_list(services_, context_for(lead_, "", {{"author_id", other_lead_.id}})));
  EXPECT_TRUE(other.at("records").as_array().empty());
  EXPECT_EQ(handle_review_list(services_, context_for(lead_, "", {{"author_id", "' OR 1=1 --"}})).problem().status, 400);
  EXPECT_EQ(handle_review_list(services_, context_for(lead_, "", {{"teamid", lead_.team_id}})).problem().status, 400);
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

class BulkReviewTest : public ReviewApiTest {
 protected:
  void SetUp() override {
    ReviewApiTest::SetUp();
    boost::json::array array;
    for (std::uint32_t i = 0; i < 3; ++i) {
      const core::Record record = field_contact(core::make_uuid_v4(), i + 10);
      ids_.push_back(record.id);
      array.push_back(core::record_to_json(record));
    }
    auto body = core::to_json_text(boost::json::object{{"batch_id", core::make_uuid_v4()}, {"records", array}});
    ASSERT_TRUE(handle_push(services_, context_for(anna_, body)).ok());
    User olle = add_user("olle", Role::field_worker, "Team B");
    const core::Record foreign = field_contact(core::make_uuid_v4(), 1);
    foreign_id_ = foreign.id;
    auto foreign_body = core::to_json_text(boost::json::object{
        {"batch_id", core::make_uuid_v4()}, {"records", boost::json::array{core::record_to_json(foreign)}}});
    ASSERT_TRUE(handle_push(services_, context_for(olle, foreign_body)).ok());
  }

  ApiResult bulk(const User& who, const std::string& body) {
    return handle_review_bulk(services_, context_for(who, body));
  }

  static std::string ids_json(const std::vector<std::string>& ids) {
    boost::json::array array;
    for (const auto& id : ids) array.emplace_back(id);
    return boost::json::serialize(array);
  }

  std::int64_t review_audits() {
    std::int64_t count = 0;
    for (const auto& entry : store_->audit_entries()) count += entry.event.action == "review" ? 1 : 0;
    return count;
  }

  std::vector<std::string> ids_;
  std::string foreign_id_;
};

TEST_F(BulkReviewTest, ApprovesOwnTeamsRecordsAndReportsTheRestPerRecord) {
  const std::string unknown = core::make_uuid_v4();
  std::vector<std::string> listed = ids_;
  listed.push_back(foreign_id_);
  listed.push_back(unknown);
  auto result = bulk(lead_, R"({"state": "approved", "comment": "Vecka 47", "record_ids": )" + ids_json(listed) + "}");
  ASSERT_TRUE(result.ok()) << result.problem().detail;
  auto body = parse(*result).as_object();
  EXPECT_EQ(body.at("reviewed").as_int64(), 3);
  EXPECT_EQ(body.at("forbidden").as_int64(), 1);
  EXPECT_EQ(body.at("not_found").as_int64(), 1);
  const auto& results = body.at("results").as_array();
  ASSERT_EQ(results.size(), 5u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(results[i].at("id").as_string(), ids_[i]);
    EXPECT_EQ(results[i].at("status").as_string(), "reviewed");
    EXPECT_EQ(results[i].at("review").at("state").as_string(), "approved");
  }
  EXPECT_EQ(results[3].at("status").as_string(), "forbidden");
  EXPECT_EQ(results[4].at("status").as_string(), "not_found");
  EXPECT_EQ(store_->row_counts().at("reviews"), 3);
  EXPECT_EQ(review_audits(), 3);  // one audit entry per reviewed record
  std::int64_t refused = 0;
  for (const auto& entry : store_->audit_entries()) {
    refused += entry.event.action == "review_refused" && entry.event.subject == foreign_id_ ? 1 : 0;
  }
  EXPECT_EQ(refused, 1);
  auto approved = parse(*handle_review_list(services_, context_for(lead_, "", {{"state", "approved"}})));
  EXPECT_EQ(approved.at("records").as_array().size(), 3u);
  // The author sees the reviews on the next pull; the other team's record got none.
  auto pull = parse(*handle_pull(services_, context_for(anna_)));
  EXPECT_EQ(pull.at("reviews").as_array().size(), 3u);
  EXPECT_TRUE(store_->verify_audit().intact);
}

TEST_F(BulkReviewTest, BadInputReviewsNothing) {
  const std::string ids = ids_json(ids_);
  std::vector<std::string> too_many;
  for (int i = 0; i < 501; ++i) too_many.push_back(core::make_uuid_v4());
  std::vector<std::string> repeated = {ids_[0], ids_[1], ids_[0]};
  const std::vector<std::string> bodies = {
      "", "{", "[]", R"({"state": "approved"})", R"({"state": "approved", "record_ids": []})",
      R"({"state": "approved", "record_ids": "all"})", R"({"state": "approved", "record_ids": [1, 2]})",
      R"({"state": "approved", "record_ids": ["../../etc/passwd"]})",
      R"({"state": "approved", "record_ids": [")" + ids_[0] + R"(", null]})",
      R"({"state": "approved", "record_ids": )" + ids_json(repeated) + "}",
      R"({"state": "approved", "record_ids": )" + ids_json(too_many) + "}",
      R"({"state": "done", "record_ids": )" + ids + "}",
      R"({"record_ids": )" + ids + "}",
      R"({"state": "approved", "comment": 7, "record_ids": )" + ids + "}",
      R"({"state": "approved", "comment": "ring 0701234567", "record_ids": )" + ids + "}",
      R"({"state": "approved", "comment": ")" + std::string(2001, 'x') + R"(", "record_ids": )" + ids + "}",
      R"({"state": "approved", "record_ids": )" + ids + R"(, "team_id": "x"})",
      std::string(60, '[') + std::string(60, ']')};
  const auto before = store_->row_counts();
  for (const std::string& body : bodies) {
    auto result = bulk(lead_, body);
    ASSERT_FALSE(result.ok()) << body.substr(0, 120);
    EXPECT_GE(result.problem().status, 400) << body.substr(0, 120);
    EXPECT_LT(result.problem().status, 500) << body.substr(0, 120);
  }
  EXPECT_EQ(bulk(lead_, R"({"state": "approved", "record_ids": )" + ids_json(too_many) + "}").problem().status, 413);
  const auto after = store_->row_counts();
  EXPECT_EQ(after.at("reviews"), before.at("reviews"));
  EXPECT_EQ(after.at("reviews"), 0);
}

TEST_F(BulkReviewTest, OnlyTeamLeadsMayAndAnotherLeadGetsForbiddenForEveryRecord) {
  const std::string body = R"({"state": "approved", "record_ids": )" + ids_json(ids_) + "}";
  EXPECT_EQ(bulk(anna_, body).problem().code, "forbidden");
  EXPECT_EQ(bulk(add_user("eva", Role::evaluator), body).problem().code, "forbidden");
  EXPECT_EQ(bulk(add_user("adm", Role::admin), body).problem().code, "forbidden");
  auto other = parse(*bulk(other_lead_, body)).as_object();
  EXPECT_EQ(other.at("forbidden").as_int64(), 3);
  EXPECT_EQ(other.at("reviewed").as_int64(), 0);
  EXPECT_EQ(store_->row_counts().at("reviews"), 0);
}

TEST_F(BulkReviewTest, FiveHundredRecordsInOneCall) {
  std::vector<std::string> listed;
  for (int batch = 0; batch < 2; ++batch) {
    boost::json::array array;
    for (std::uint32_t i = 0; i < 250; ++i) {
      const core::Record record = field_contact(core::make_uuid_v4(), 100 + i);
      listed.push_back(record.id);
      array.push_back(core::record_to_json(record));
    }
    auto body = core::to_json_text(boost::json::object{{"batch_id", core::make_uuid_v4()}, {"records", array}});
    ASSERT_TRUE(handle_push(services_, context_for(anna_, body)).ok());
  }
  auto result = bulk(lead_, R"({"state": "needs_changes", "comment": "Ange arena", "record_ids": )" +
                                ids_json(listed) + "}");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(parse(*result).at("reviewed").as_int64(), 500);
  EXPECT_EQ(review_audits(), 500);
}

}  // namespace
}  // namespace faltlogg::server::testing
