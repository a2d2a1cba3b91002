// `faltlogg-admin migrate`: a SQLite store with history (edits, reviews, retention, enrolment, batches)
// copied into PostgreSQL, verified, and then used the way tablets that synced against SQLite use it:
// their cursors, tokens, batch replays and records carry on without a resync or a duplicate.
#include "admin/admin_cli.hpp"
#include "api_fixture.hpp"
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/json.hpp"
#include "pg_test_env.hpp"
#include "store/postgres_store.hpp"

#include <sstream>

namespace faltlogg::server::testing {
namespace {

using core::protocol::PushStatus;

class AdminMigrate : public ApiFixture {
 protected:
  core::protocol::PushResponse push(Store& store, const Principal& who, std::vector<core::Record> records,
                                    const std::string& batch_id) {
    PushBatch batch{batch_id, who.user.id, who.device.id, who.user.team_id, {}, std::nullopt};
    for (auto& record : records) batch.items.push_back({record.id, std::move(record), std::nullopt});
    auto outcome = store.apply_push_batch(batch, {who.user.id, "push", "", ""});
    EXPECT_TRUE(outcome.ok());
    return core::protocol::push_response_from_json(core::parse_json(outcome->response_json).value()).value();
  }
  int migrate(const std::string& uri, std::string* output = nullptr) {
    std::stringstream in;
    std::stringstream out;
    std::stringstream err;
    const int code = run_admin({"migrate", "--from", dir_.string(), "--to", uri}, in, out, err);
    if (output != nullptr) *output = out.str() + err.str();
    return code;
  }
};

TEST_F(AdminMigrate, EverythingArrivesVerifiedAndTabletsCarryOnWithoutDuplicates) {
  User anna = add_user("anna", Role::field_worker);
  User lead = add_user("lena", Role::team_lead);
  Principal tablet = session_for(anna);
  const auto kept = field_contact(core::make_uuid_v4(), 1);
  auto edited = field_contact(core::make_uuid_v4(), 1);
  auto old = field_contact(core::make_uuid_v4(), 1);
  old.occurred_at = core::format_rfc3339(now_ - 800LL * 86'400'000);
  push(*store_, tablet, {kept, edited, old}, "batch-1");
  edited.hlc = field_contact(edited.id, 2).hlc;
  edited.data["duration_min"] = 75;
  const auto last_batch = push(*store_, tablet, {edited}, "batch-2");
  ASSERT_TRUE(store_->add_review(*store_->record_owner(kept.id), lead.id, "approved", "", {lead.id, "review", "", ""}).ok());
  ASSERT_TRUE(store_->purge_records({"faltkontakt", now_ - 700LL * 86'400'000}, {"admin-cli", "retention_run", "", ""}).ok());
  ASSERT_TRUE(store_->create_enrolment({"code-hash", anna.id, "admin-cli", now_, now_ + 900'000},
                                       {"admin-cli", "enrol_create", "", ""}).ok());
  auto cursor_page = store_->pull_since({PullScope::Kind::author, anna.id}, 0, 100);
  ASSERT_TRUE(cursor_page.ok());
  const std::int64_t tablet_cursor = cursor_page->next_cursor;
  const auto counts = store_->row_counts();
  const auto head = store_->verify_audit().head_hash;
  store_.reset();

  const std::string uri = fresh_database("migrate");
  std::string output;
  ASSERT_EQ(migrate(uri, &output), 0) << output;
  EXPECT_NE(output.find("verified"), std::string::npos) << output;

  PostgresStore target(uri, 1);
  auto migrated = target.row_counts();
  migrated.erase("audit_log");
  auto expected = counts;
  expected.erase("audit_log");
  EXPECT_EQ(migrated, expected);
  const auto audit = target.verify_audit();
  EXPECT_TRUE(audit.intact) << audit.reason;
  EXPECT_EQ(audit.entries, counts.at("audit_log") + 1) << "the copy plus its own migrate_from_sqlite entry";
  EXPECT_EQ(target.audit_entries().at(static_cast<std::size_t>(counts.at("audit_log")) - 1).hash, head);

  // The tablet: its token works, its cursor is current, its last batch replays, its records are duplicates.
  EXPECT_EQ(target.lookup_token(tablet.token_hash, now_).state, TokenState::valid);
  auto next = target.pull_since({PullScope::Kind::author, anna.id}, tablet_cursor, 100);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->records.empty());
  EXPECT_TRUE(next->reviews.empty());
  auto replay = target.apply_push_batch({"batch-2", anna.id, tablet.device.id, anna.team_id, {}, std::nullopt},
                                        {anna.id, "push", "", ""});
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->response_json, core::to_json_text(core::protocol::to_json(last_batch)));
  const auto again = push(target, tablet, {kept, edited, old}, "batch-3");
  EXPECT_EQ(again.results.at(0).status, PushStatus::duplicate);
  EXPECT_EQ(again.results.at(1).status, PushStatus::duplicate);
  EXPECT_EQ(again.results.at(2).problem->code, "gone") << "retention's tombstones came along";
  const auto fresh = push(target, tablet, {field_contact(core::make_uuid_v4(), 1)}, "batch-4");
  EXPECT_EQ(fresh.results.at(0).status, PushStatus::accepted);
  EXPECT_GT(fresh.results.at(0).server_seq, tablet_cursor) << "the sequence continues where SQLite stopped";
  RollupQuery everything;
  everything.from_period = "0000";
  everything.to_period = "9999";
  const auto rebuilt_before = target.rollup_rows(everything);
  ASSERT_FALSE(rebuilt_before.empty());
  ASSERT_TRUE(target.rebuild_rollups(*target.retention_horizon(), {"test", "rollups_rebuild", "", ""}).ok());
  EXPECT_EQ(target.rollup_rows(everything), rebuilt_before)
      << "the same case-key secret: a recount on PostgreSQL gives the copied rollups";
  EXPECT_TRUE(target.redeem_enrolment({"code-hash", "Surfplatta", "tok", now_ + 3'600'000, now_ + 1}).ok());
}

TEST_F(AdminMigrate, ANonEmptyTargetOrAMissingSourceIsRefusedAndChangesNothing) {
  add_user("anna", Role::field_worker);
  store_.reset();
  const std::string uri = fresh_database("migrate_twice");
  ASSERT_EQ(migrate(uri), 0);
  std::string output;
  EXPECT_EQ(migrate(uri, &output), 1);
  EXPECT_NE(output.find("not empty"), std::string::npos) << output;
  PostgresStore target(uri, 1);
  EXPECT_EQ(target.list_users().size(), 1u);
  std::stringstream in, out, err;
  EXPECT_EQ(run_admin({"migrate", "--from", (dir_ / "nowhere").string(), "--to", uri}, in, out, err), 1);
  EXPECT_NE(err.str().find("no SQLite store"), std::string::npos);
  EXPECT_EQ(run_admin({"migrate", "--from", dir_.string()}, in, out, err), 1);
}

}  // namespace
}  // namespace faltlogg::server::testing
