// SqliteStore: push outcomes and replay, pull scopes and paging, review listing, tokens, migrations.
#include "api_fixture.hpp"

#include "faltlogg/core/json.hpp"
#include "store/migrations.hpp"

namespace faltlogg::server::testing {
namespace {

using core::protocol::PushStatus;

class SqliteStoreTest : public ApiFixture {
 protected:
  void SetUp() override {
    anna_ = add_user("anna", Role::field_worker);
    bert_ = add_user("bert", Role::field_worker);
    anna_session_ = session_for(anna_);
    bert_session_ = session_for(bert_);
  }

  PushBatch batch_of(const Principal& who, std::vector<core::Record> records, std::string batch_id = "") {
    PushBatch batch{batch_id.empty() ? core::make_uuid_v4() : batch_id, who.user.id, who.device.id, who.user.team_id,
                    {}, std::nullopt};
    for (auto& record : records) batch.items.push_back({record.id, std::move(record), std::nullopt});
    return batch;
  }

  core::protocol::PushResponse push(const Principal& who, std::vector<core::Record> records,
                                    std::string batch_id = "") {
    auto outcome = store_->apply_push_batch(batch_of(who, std::move(records), batch_id), {who.user.id, "push", "", ""});
    EXPECT_TRUE(outcome.ok());
    auto parsed = core::protocol::push_response_from_json(core::parse_json(outcome->response_json).value());
    EXPECT_TRUE(parsed.ok());
    return parsed.value();
  }

  User anna_;
  User bert_;
  Principal anna_session_;
  Principal bert_session_;
};

TEST_F(SqliteStoreTest, AcceptedWritesGetIncreasingServerSeq) {
  auto response = push(anna_session_, {field_contact(core::make_uuid_v4(), 1), field_contact(core::make_uuid_v4(), 2)});
  ASSERT_EQ(response.results.size(), 2u);
  EXPECT_EQ(response.results[0].status, PushStatus::accepted);
  EXPECT_EQ(response.results[1].status, PushStatus::accepted);
  EXPECT_LT(response.results[0].server_seq, response.results[1].server_seq);
  EXPECT_EQ(store_->row_counts().at("records"), 2);
}

TEST_F(SqliteStoreTest, ReplayReturnsTheStoredResponseAndWritesNothing) {
  const std::string batch = core::make_uuid_v4();
  auto first = store_->apply_push_batch(batch_of(anna_session_, {field_contact(core::make_uuid_v4(), 1)}, batch),
                                        {anna_.id, "push", "", ""});
  const auto counts = store_->row_counts();
  // A replay with different records still returns the first answer: the batch id identifies the batch.
  auto replay = store_->apply_push_batch(batch_of(anna_session_, {field_contact(core::make_uuid_v4(), 1)}, batch),
                                         {anna_.id, "push", "", ""});
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->response_json, first->response_json);
  auto after = store_->row_counts();
  EXPECT_EQ(after.at("records"), counts.at("records"));
  EXPECT_EQ(after.at("push_batches"), counts.at("push_batches"));
}

TEST_F(SqliteStoreTest, ABatchIdOfAnotherUserIsAConflict) {
  const std::string batch = core::make_uuid_v4();
  push(anna_session_, {field_contact(core::make_uuid_v4(), 1)}, batch);
  auto stolen = store_->apply_push_batch(batch_of(bert_session_, {}, batch), {bert_.id, "push", "", ""});
  ASSERT_FALSE(stolen.ok());
  EXPECT_EQ(stolen.problem().code, "conflict");
}

TEST_F(SqliteStoreTest, DuplicateStaleConflictAndForbidden) {
  const std::string id = core::make_uuid_v4();
  auto newer = field_contact(id, 5);
  const auto accepted = push(anna_session_, {newer}).results[0];
  ASSERT_EQ(accepted.status, PushStatus::accepted);

  auto duplicate = push(anna_session_, {newer}).results[0];
  EXPECT_EQ(duplicate.status, PushStatus::duplicate);
  EXPECT_EQ(duplicate.server_seq, accepted.server_seq);

  auto stale = push(anna_session_, {field_contact(id, 2)}).results[0];
  EXPECT_EQ(stale.status, PushStatus::stale);
  EXPECT_EQ(stale.server_seq, accepted.server_seq);

  auto changed = newer;
  changed.data["duration_min"] = 90;
  auto conflict = push(anna_session_, {changed}).results[0];
  EXPECT_EQ(conflict.status, PushStatus::rejected);
  EXPECT_EQ(conflict.problem->code, "conflict");

  auto foreign = push(bert_session_, {field_contact(id, 9)}).results[0];
  EXPECT_EQ(foreign.status, PushStatus::rejected);
  EXPECT_EQ(foreign.problem->code, "forbidden");

  EXPECT_EQ(store_->row_counts().at("record_versions"), 1);
}

TEST_F(SqliteStoreTest, ANewerVersionReplacesTheRecordForPull) {
  const std::string id = core::make_uuid_v4();
  push(anna_session_, {field_contact(id, 1)});
  auto edit = field_contact(id, 2);
  edit.data["duration_min"] = 45;
  EXPECT_EQ(push(anna_session_, {edit}).results[0].status, PushStatus::accepted);
  auto page = store_->pull_since({PullScope::Kind::author, anna_.id}, 0, 100);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0], edit);
  EXPECT_EQ(store_->row_counts().at("record_versions"), 2);
}

TEST_F(SqliteStoreTest, PreRejectedItemsAreReportedAndNotStored) {
  PushBatch batch = batch_of(anna_session_, {field_contact(core::make_uuid_v4(), 1)});
  batch.items.push_back({"bad-id", std::nullopt, core::make_problem("invalid_record", 400, "Invalid", "broken")});
  auto outcome = store_->apply_push_batch(batch, {anna_.id, "push", "", ""});
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->accepted, 1u);
  EXPECT_NE(outcome->response_json.find("invalid_record"), std::string::npos);
  EXPECT_EQ(store_->row_counts().at("records"), 1);
}

TEST_F(SqliteStoreTest, PullPagesMergeRecordsAndReviewsInSeqOrder) {
  std::vector<core::Record> records;
  for (std::uint32_t i = 0; i < 5; ++i) records.push_back(field_contact(core::make_uuid_v4(), i));
  push(anna_session_, records);
  User lead = add_user("lead", Role::team_lead);
  auto owner = store_->record_owner(records[1].id);
  ASSERT_TRUE(owner.has_value());
  store_->add_review(*owner, lead.id, "approved", "", {lead.id, "review", "", ""});
  push(bert_session_, {field_contact(core::make_uuid_v4(), 1)});

  std::int64_t cursor = 0;
  std::size_t records_seen = 0;
  std::size_t reviews_seen = 0;
  int pages = 0;
  for (bool more = true; more; ++pages) {
    auto page = store_->pull_since({PullScope::Kind::author, anna_.id}, cursor, 2);
    ASSERT_TRUE(page.ok());
    EXPECT_LE(page->records.size() + page->reviews.size(), 2u);
    records_seen += page->records.size();
    reviews_seen += page->reviews.size();
    cursor = page->next_cursor;
    more = page->more;
  }
  EXPECT_EQ(records_seen, 5u);
  EXPECT_EQ(reviews_seen, 1u);
  EXPECT_EQ(pages, 3);

  // The team scope sees both authors.
  auto team = store_->pull_since({PullScope::Kind::team, anna_.team_id}, 0, 100);
  EXPECT_EQ(team->records.size(), 6u);
}

TEST_F(SqliteStoreTest, ACursorBeyondTheLastSeqIsExpired) {
  push(anna_session_, {field_contact(core::make_uuid_v4(), 1)});
  auto page = store_->pull_since({PullScope::Kind::author, anna_.id}, 2, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.problem().code, "cursor_expired");
  EXPECT_EQ(page.problem().status, 410);
  EXPECT_TRUE(store_->pull_since({PullScope::Kind::author, anna_.id}, 1, 10).ok());
}

TEST_F(SqliteStoreTest, TeamRecordsFilterByStateAndTime) {
  auto early = field_contact(core::make_uuid_v4(), 1);
  early.occurred_at = core::format_rfc3339(now_ - 10 * 86'400'000LL);
  auto late = field_contact(core::make_uuid_v4(), 2);
  push(anna_session_, {early, late});
  User lead = add_user("lead", Role::team_lead);
  store_->add_review(*store_->record_owner(late.id), lead.id, "needs_changes", "fix", {lead.id, "review", "", ""});

  ReviewQuery all{anna_.team_id, std::nullopt, std::nullopt, std::nullopt, 100};
  EXPECT_EQ(store_->team_records(all).size(), 2u);
  ReviewQuery unreviewed = all;
  unreviewed.state = "unreviewed";
  auto rows = store_->team_records(unreviewed);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].record.id, early.id);
  ReviewQuery recent = all;
  recent.from = now_ - 86'400'000LL;
  rows = store_->team_records(recent);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].review_state, "needs_changes");
  EXPECT_EQ(rows[0].review_comment, "fix");
  ReviewQuery other_team{"no-such-team", std::nullopt, std::nullopt, std::nullopt, 100};
  EXPECT_TRUE(store_->team_records(other_team).empty());
}

TEST_F(SqliteStoreTest, TokenStatesFollowExpiryLogoutAndDeviceRevocation) {
  const std::string hash = core::hash_hex("token-a");
  Device device = store_->create_session(anna_.id, "tablet", hash, now_ + 1000, {anna_.id, "login", "", ""});
  EXPECT_EQ(store_->lookup_token(hash, now_).state, TokenState::valid);
  EXPECT_EQ(store_->lookup_token(hash, now_ + 1000).state, TokenState::expired);
  EXPECT_EQ(store_->lookup_token(core::hash_hex("other"), now_).state, TokenState::unknown);
  store_->revoke_token(hash, {anna_.id, "logout", "", ""});
  EXPECT_EQ(store_->lookup_token(hash, now_).state, TokenState::revoked);
  ASSERT_TRUE(store_->revoke_device(device.id, {"admin", "device_revoke", device.id, ""}).ok());
  EXPECT_EQ(store_->lookup_token(hash, now_).state, TokenState::device_revoked);
  EXPECT_EQ(store_->revoke_device(core::make_uuid_v4(), {"admin", "device_revoke", "", ""}).problem().code,
            "not_found");
}

TEST_F(SqliteStoreTest, DuplicateNamesAreConflictsAndUnknownTeamsNotFound) {
  EXPECT_EQ(store_->add_district("D", {"t", "a", "", ""}).problem().code, "conflict");
  EXPECT_EQ(store_->add_team("Team A", "D", {}, {"t", "a", "", ""}).problem().code, "conflict");
  EXPECT_EQ(store_->add_team("Team B", "Nowhere", {}, {"t", "a", "", ""}).problem().code, "not_found");
  EXPECT_EQ(store_->add_user("anna", "x", Role::admin, "Team A", "h", {"t", "a", "", ""}).problem().code, "conflict");
  EXPECT_EQ(store_->add_user("new", "x", Role::admin, "Nowhere", "h", {"t", "a", "", ""}).problem().code, "not_found");
}

TEST_F(SqliteStoreTest, ReopeningAppliesNoMigrationTwiceAndKeepsData) {
  push(anna_session_, {field_contact(core::make_uuid_v4(), 1)});
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  EXPECT_EQ(store_->row_counts().at("records"), 1);
  sqlite::Connection connection(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
  EXPECT_EQ(apply_migrations(connection), 0);
  EXPECT_FALSE(embedded_migrations().empty());
  EXPECT_TRUE(store_->verify_audit().intact);
}

}  // namespace
}  // namespace faltlogg::server::testing
