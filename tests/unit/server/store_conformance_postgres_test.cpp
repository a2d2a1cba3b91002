// The store conformance suite against PostgresStore, and what only several nodes on one database can
// get wrong: cursors under concurrent commits. A fresh database per test on the binary's one
// PostgreSQL 15 cluster (pg_test_env.hpp); ctest runs this binary as one test so the cluster starts once.
#include "faltlogg/core/uuid.hpp"
#include "pg_test_env.hpp"
#include "store/postgres_store.hpp"
#include "store_conformance.hpp"

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

namespace faltlogg::server::testing {
namespace {

class PostgresHarness final : public StoreHarness {
 public:
  std::unique_ptr<Store> fresh() override {
    uri_ = fresh_database("conformance");
    return std::make_unique<PostgresStore>(uri_, 2);
  }
  std::unique_ptr<Store> reopen() override { return std::make_unique<PostgresStore>(uri_, 2); }
  std::string name() const override { return "postgresql"; }
  const std::string& uri() const { return uri_; }

 private:
  std::string uri_;
};

PostgresHarness harness;

INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformance, ::testing::Values(&harness),
                         [](const auto&) { return std::string("postgresql"); });

using core::protocol::PushStatus;

class PostgresConcurrency : public StoreConformance {
 protected:
  // Two nodes start at once on the database as it is; a pending recount must be done by exactly one.
  // Returns how many recounts the audit chain holds afterwards.
  int restart_two_nodes_at_once() {
    store_.reset();
    std::unique_ptr<PostgresStore> other;
    std::thread second([&] { other = std::make_unique<PostgresStore>(harness.uri(), 1); });
    store_ = harness.reopen();
    second.join();
    int rebuilds = 0;
    for (const auto& entry : store_->audit_entries()) rebuilds += entry.event.action == "rollups_rebuild" ? 1 : 0;
    EXPECT_TRUE(store_->verify_audit().intact);
    return rebuilds;
  }
};
INSTANTIATE_TEST_SUITE_P(Postgres, PostgresConcurrency, ::testing::Values(&harness),
                         [](const auto&) { return std::string("postgresql"); });

// The failure this prevents: writer A takes seq N, writer B takes N+1 and commits first, a puller reads
// N+1 and moves its cursor past N, and A's record is never pulled. Here A is a raw transaction that
// does what every writer does first (lock the write row) and then takes N; B is a push through a second
// store, as another node would make it. B must wait for A, so N+1 cannot be seen before N.
TEST_P(PostgresConcurrency, AHigherSeqNeverBecomesVisibleBeforeALowerOne) {
  auto anna = author("anna");
  const auto first = push_one(anna, field_contact(core::make_uuid_v4(), 1));
  pg::Connection writer_a(harness.uri());
  writer_a.exec("BEGIN");
  writer_a.query("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE");
  const std::int64_t seq_a =
      writer_a.query("UPDATE sequence SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq").integer(0, 0);
  const std::string id_a = core::make_uuid_v4();
  writer_a.query(
      "INSERT INTO records (id, author_id, device_id, team_id, form_id, form_version, hlc, deleted, occurred_at,"
      " occurred_at_ms, data_json, server_seq, received_at) SELECT $1, author_id, device_id, team_id, form_id,"
      " form_version, hlc, deleted, occurred_at, occurred_at_ms, data_json, $2, received_at FROM records LIMIT 1",
      {pg::param(id_a), pg::param(seq_a)});

  PostgresStore node_b(harness.uri(), 1);
  std::atomic<bool> b_done{false};
  std::string id_b;
  std::thread writer_b([&] {
    const auto record = field_contact(core::make_uuid_v4(), 1);
    auto outcome = node_b.apply_push_batch(batch_of(anna, {record}), {anna.user.id, "push", "", ""});
    if (outcome && outcome->accepted == 1) id_b = record.id;
    b_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(b_done) << "B took a number and committed while A held the write lock";

  auto before = store_->pull_since({PullScope::Kind::author, anna.user.id}, 0, 100);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->records.size(), 1u) << "A's uncommitted record is invisible";
  EXPECT_EQ(before->next_cursor, first.server_seq);

  writer_a.exec("COMMIT");
  writer_b.join();
  ASSERT_TRUE(b_done);
  auto after = store_->pull_since({PullScope::Kind::author, anna.user.id}, before->next_cursor, 100);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->records.size(), 2u) << "the puller's cursor skipped nothing";
  EXPECT_EQ(after->records[0].id, id_a);
  EXPECT_EQ(after->records[1].id, id_b);
  EXPECT_EQ(after->next_cursor, seq_a + 1);
}

// Two nodes pushing at once while a third connection pulls with its cursor the whole time: every record
// arrives exactly once, the audit chain has one head, and the rollups equal a recount.
TEST_P(PostgresConcurrency, TwoNodesPushingWhileAPullerFollowsLoseAndRepeatNothing) {
  auto anna = author("anna");
  auto bert = author("bert");
  PostgresStore node_b(harness.uri(), 2);
  constexpr int kBatches = 15;
  constexpr int kPerBatch = 4;
  std::atomic<int> pushers_left{4};
  std::vector<std::string> pulled;
  std::thread puller([&] {
    std::int64_t cursor = 0;
    bool drained = false;
    while (!drained) {
      const bool last_round = pushers_left == 0;
      auto page = store_->pull_since({PullScope::Kind::team, anna.user.team_id}, cursor, 7);
      ASSERT_TRUE(page.ok());
      for (const auto& record : page->records) pulled.push_back(record.id);
      cursor = page->next_cursor;
      drained = last_round && !page->more;
    }
  });
  std::vector<std::thread> pushers;
  std::vector<std::vector<std::string>> pushed(4);
  for (int p = 0; p < 4; ++p) {
    pushers.emplace_back([&, p] {
      Store& node = p % 2 == 0 ? static_cast<Store&>(*store_) : node_b;
      const Author& who = p < 2 ? anna : bert;
      for (int b = 0; b < kBatches; ++b) {
        std::vector<core::Record> records;
        for (int i = 0; i < kPerBatch; ++i) {
          records.push_back(field_contact(core::make_uuid_v4(), 1, i));
          pushed[static_cast<std::size_t>(p)].push_back(records.back().id);
        }
        auto outcome = node.apply_push_batch(batch_of(who, records), {who.user.id, "push", "", ""});
        EXPECT_TRUE(outcome.ok());
        if (outcome) {
          EXPECT_EQ(outcome->accepted, static_cast<std::size_t>(kPerBatch));
        }
      }
      --pushers_left;
    });
  }
  for (auto& thread : pushers) thread.join();
  puller.join();
  std::multiset<std::string> expected;
  for (const auto& ids : pushed) expected.insert(ids.begin(), ids.end());
  EXPECT_EQ(std::multiset<std::string>(pulled.begin(), pulled.end()), expected);
  EXPECT_EQ(pulled.size(), static_cast<std::size_t>(4 * kBatches * kPerBatch));
  EXPECT_TRUE(store_->verify_audit().intact);
  const auto live = rollups();
  ASSERT_TRUE(store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "", ""}).ok());
  EXPECT_EQ(rollups(), live);
}

// Migration 0009 on a database from before it: the reviews are there, their counters are not. The first
// node to start recounts once (audited), a second node starting at the same moment writes nothing.
TEST_P(PostgresConcurrency, ReviewsStoredBefore0009AreCountedOnceByOneNode) {
  auto anna = author("anna");
  auto lead = author("lead", Role::team_lead);
  const auto record = field_contact(core::make_uuid_v4(), 1);
  push(anna, {record});
  ASSERT_TRUE(store_->add_review(*store_->record_owner(record.id), lead.user.id, "needs_changes", "",
                                 {lead.user.id, "review", record.id, ""}).ok());
  const auto counted = rollups();
  {
    pg::Connection old(harness.uri());
    old.exec("DELETE FROM rollup_value WHERE counter IN ('reviewed', 'needs_changes', 'reviewed_within_14d');"
             "DELETE FROM schema_migrations WHERE version = 9; DROP TABLE rollup_rebuild_pending");
  }
  ASSERT_NE(rollups(), counted);
  EXPECT_EQ(restart_two_nodes_at_once(), 1);
  EXPECT_EQ(rollups(), counted);
  store_ = harness.reopen();
  EXPECT_EQ(rollups(), counted);
}

// Migration 0011 on a database from before it: contact rows without `aktivitet` (decision 0096). The first
// node to start recounts once (audited) into the keys the push path writes; a second node writes nothing.
TEST_P(PostgresConcurrency, ContactsStoredBefore0011AreRecountedWithTheirActivityByOneNode) {
  auto anna = author("anna");
  push(anna, {field_contact(core::make_uuid_v4(), 1)});
  const auto counted = rollups();
  {
    pg::Connection old(harness.uri());
    old.exec("UPDATE rollup_value SET dims = regexp_replace(dims, '^aktivitet=[^;]*;', '')"
             " WHERE rollup = 'contact_daily';"
             "DELETE FROM schema_migrations WHERE version = 11");
  }
  ASSERT_NE(rollups(), counted);
  EXPECT_EQ(restart_two_nodes_at_once(), 1);
  EXPECT_EQ(rollups(), counted);
}

}  // namespace
}  // namespace faltlogg::server::testing
