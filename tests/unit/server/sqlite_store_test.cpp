// SqliteStore only: its migrations and its group commit. Every Store behaviour is in the conformance
// suite (store_conformance*_tests.cpp), which runs against this store and PostgresStore.
#include "api_fixture.hpp"

#include "store/migrations.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace faltlogg::server::testing {
namespace {

class SqliteStoreTest : public ApiFixture {};

TEST_F(SqliteStoreTest, ReopeningAppliesNoMigrationTwiceAndKeepsData) {
  add_user("anna", Role::field_worker);
  const auto counts = store_->row_counts();
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  EXPECT_EQ(store_->row_counts(), counts);
  sqlite::Connection connection(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
  EXPECT_EQ(apply_migrations(connection), 0);
  EXPECT_FALSE(embedded_migrations().empty());
  EXPECT_TRUE(store_->verify_audit().intact);
}

TEST_F(SqliteStoreTest, TheRollupTablesComeFromANumberedMigration) {
  store_.reset();
  const auto file = SqliteStore::database_file(dir_);
  std::filesystem::remove(file);
  sqlite::Connection connection(file, sqlite::Connection::Mode::read_write_create);
  apply_migrations(connection);
  auto version = connection.prepare("SELECT name FROM schema_migrations WHERE version = 6");
  ASSERT_TRUE(version.step());
  EXPECT_EQ(version.text(0), "0006_rollup_cells.sql");
  auto tables = connection.prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('rollup_cell', 'rollup_counter_name')");
  ASSERT_TRUE(tables.step());
  EXPECT_EQ(tables.integer(0), 2);
  // A database that got the tables from the old C++ string before 0006 existed migrates cleanly.
  connection.exec("DELETE FROM schema_migrations WHERE version = 6");
  EXPECT_EQ(apply_migrations(connection), 1);
}

// Group commit (decision 0080): pushes that wait for the writer share one transaction, each batch in its
// own savepoint, so a refused batch among them changes nothing and breaks none of the others.
TEST_F(SqliteStoreTest, PushesWaitingForTheWriterShareOneTransactionAndARefusedOneBreaksNone) {
  const Principal anna = session_for(add_user("anna", Role::field_worker));
  const Principal bert = session_for(add_user("bert", Role::field_worker));
  auto batch_of = [this](const Principal& who, std::string batch_id, int records) {
    PushBatch batch{std::move(batch_id), who.user.id, who.device.id, who.user.team_id, {}, std::nullopt};
    for (int i = 0; i < records; ++i) {
      auto record = field_contact(core::make_uuid_v4(), static_cast<std::uint32_t>(i + 1));
      batch.items.push_back({record.id, record, std::nullopt});
    }
    return batch;
  };
  std::mutex mutex;
  std::vector<std::size_t> groups;
  std::atomic<bool> others_started{false};
  store_->set_before_group_commit([&](std::size_t batches) {
    bool first = false;
    {
      std::lock_guard lock(mutex);
      groups.push_back(batches);
      first = groups.size() == 1;
    }
    // The first group holds the writer until the next pushes have queued behind it.
    if (!first) return;
    while (!others_started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  });
  const std::string taken = core::make_uuid_v4();
  std::optional<core::Result<PushOutcome>> first, stolen, second, third;
  std::thread leader([&] { first = store_->apply_push_batch(batch_of(anna, taken, 2), {anna.user.id, "push", "", ""}); });
  for (bool committing = false; !committing; std::this_thread::sleep_for(std::chrono::milliseconds(1))) {
    std::lock_guard lock(mutex);
    committing = !groups.empty();
  }
  std::thread t1([&] { stolen = store_->apply_push_batch(batch_of(bert, taken, 1), {bert.user.id, "push", "", ""}); });
  std::thread t2([&] { second = store_->apply_push_batch(batch_of(anna, core::make_uuid_v4(), 3), {anna.user.id, "push", "", ""}); });
  std::thread t3([&] { third = store_->apply_push_batch(batch_of(bert, core::make_uuid_v4(), 3), {bert.user.id, "push", "", ""}); });
  others_started = true;
  for (std::thread* t : {&leader, &t1, &t2, &t3}) t->join();

  EXPECT_EQ(groups, (std::vector<std::size_t>{1, 3})) << "the three pushes did not share one transaction";
  ASSERT_TRUE(first && first->ok());
  ASSERT_TRUE(stolen && !stolen->ok());
  EXPECT_EQ(stolen->problem().code, "conflict");
  ASSERT_TRUE(second && third);
  ASSERT_TRUE(second->ok()) << second->problem().detail;
  ASSERT_TRUE(third->ok()) << third->problem().code << ": " << third->problem().detail;
  EXPECT_EQ((*second)->accepted, 3u);
  EXPECT_EQ((*third)->accepted, 3u);
  EXPECT_EQ(store_->row_counts().at("records"), 8);
  EXPECT_EQ(store_->row_counts().at("push_batches"), 3);
  int pushes = 0;
  for (const auto& entry : store_->audit_entries()) pushes += entry.event.action == "push" ? 1 : 0;
  EXPECT_EQ(pushes, 3) << "the refused batch left an audit entry";
  EXPECT_TRUE(store_->verify_audit().intact);
}

}  // namespace
}  // namespace faltlogg::server::testing
