// Schema 2 of the tablet store (decision 0085): the hlc in a clear column, an in-place upgrade of stores made
// before it, and the disjoint batches a pipelined push takes. Schema 3 (decision 0093): the same old store
// gets its bookkeeping MACs at its first unlock, and a kill at any step of that loses nothing.
#include "store_fixture.hpp"

#include "faltlogg/core/uuid.hpp"

#include <chrono>
#include <set>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace faltlogg::client {
namespace {

using testing::acceptAll;
using testing::StoreTest;

std::int64_t scalar(SqliteDatabase& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  EXPECT_TRUE(stmt.ok());
  auto row = stmt->step();
  EXPECT_TRUE(row.ok() && row.value()) << sql;
  return stmt->columnInt(0);
}

std::optional<std::string> hlcColumn(SqliteDatabase& db, const std::string& id) {
  auto stmt = db.prepare("SELECT hlc FROM records WHERE id = ?1");
  stmt->bind(1, id);
  EXPECT_TRUE(stmt->step().value());
  return stmt->columnOptionalText(0);
}

// tests/data/client/legacy-store-v1 was written by faltlogg-cli before schema 2 (main at 4627069): four
// records added, one deleted, one edited, nothing synced yet.
class LegacyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path source =
        std::filesystem::path(FALTLOGG_SOURCE_DIR_FOR_TESTS) / "tests/data/client/legacy-store-v1";
    std::filesystem::create_directories(dir_.path() / "store");
    std::filesystem::copy_file(source / "store.sqlite", dir_.path() / "store" / "store.sqlite");
  }
  std::unique_ptr<LocalStore> openUnlocked() {
    auto opened = LocalStore::open(dir_.path() / "store", LocalStore::OpenMode::openExisting,
                                   core::KdfStrength::test_fast);
    EXPECT_TRUE(opened.ok()) << opened.problem().detail;
    EXPECT_TRUE(opened.value()->unlock("legacy store passphrase").ok());
    return std::move(opened.value());
  }
  SqliteDatabase raw() {
    return std::move(SqliteDatabase::open(dir_.path() / "store" / "store.sqlite", false).value());
  }

  testing::TempDir dir_;
};

TEST_F(LegacyStoreTest, TheFixtureReallyIsFromBeforeSchemaTwo) {
  auto db = raw();
  EXPECT_EQ(scalar(db, "PRAGMA user_version"), 0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM pragma_table_info('records') WHERE name = 'hlc'"), 0);
  EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM records"), 4);
}

TEST_F(LegacyStoreTest, OpeningUpgradesInPlaceAndKeepsEveryRecord) {
  auto store = openUnlocked();
  {
    auto db = raw();
    EXPECT_EQ(scalar(db, "PRAGMA user_version"), 3);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM records WHERE hlc IS NULL"), 4) << "no payload is rewritten";
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM records WHERE length(mac) = 32"), 4);
  }
  EXPECT_TRUE(store->bookkeepingReport().upgraded);
  EXPECT_FALSE(store->bookkeepingReport().altered()) << "no false alarm on an old store";
  const auto listing = store->listRecords(true);
  EXPECT_TRUE(listing.unreadable.empty());
  std::map<std::string, std::string> notes;
  for (const auto& stored : listing.records) {
    notes[stored.record.id] =
        stored.record.deleted ? "(deleted)" : std::string(stored.record.data.at("notes").as_string());
    EXPECT_EQ(stored.mark, SyncMark::dirty);
  }
  EXPECT_EQ(notes, (std::map<std::string, std::string>{{"5c44621b-7f36-409a-a856-a3b37de2b56c", "legacy 1 edited"},
                                                        {"e0755de4-058a-4a9c-b115-17fb4de4aabc", "legacy 2"},
                                                        {"06bab354-679a-4f62-9dd1-ebf0c128a6be", "legacy 3"},
                                                        {"fad71431-79b9-4845-8c34-af2c51cce6a2", "(deleted)"}}));
  store.reset();
  store = openUnlocked();  // a second open finds schema 3 and changes nothing
  EXPECT_FALSE(store->bookkeepingReport().upgraded);
  EXPECT_FALSE(store->bookkeepingReport().altered());
  EXPECT_EQ(store->listRecords(true).records.size(), 4u);
}

TEST_F(LegacyStoreTest, LegacyRowsArePushedSettledAndGetTheirHlcColumn) {
  auto store = openUnlocked();
  auto batch = store->preparePushBatch(500);
  ASSERT_TRUE(batch.ok() && batch->has_value());
  ASSERT_EQ((*batch)->request.records.size(), 4u);
  ASSERT_TRUE(store->applyPushResponse(**batch, acceptAll(**batch, 10)).ok());
  EXPECT_EQ(store->counts()->pending, 0);
  auto db = raw();
  for (const auto& record : (*batch)->request.records) {
    EXPECT_EQ(hlcColumn(db, record.id), record.hlc);
  }
}

TEST_F(LegacyStoreTest, ALegacyRowEditedWhileItsBatchIsOutStaysDirty) {
  auto store = openUnlocked();
  auto batch = store->preparePushBatch(500);
  ASSERT_TRUE(batch.ok() && batch->has_value());
  const std::string edited = "e0755de4-058a-4a9c-b115-17fb4de4aabc";
  ASSERT_TRUE(store->editRecord(edited, "2026-11-22T10:00:00.000Z", testing::sampleData("newer")).ok());
  ASSERT_TRUE(store->applyPushResponse(**batch, acceptAll(**batch, 10)).ok());
  EXPECT_EQ(store->counts()->pending, 1);
  EXPECT_EQ(store->record(edited)->mark, SyncMark::dirty);
}

// A kill after any committed step of the MAC upgrade (fail points in a forked child that then _exits, as a
// kill would leave the file) and SIGKILLs at growing delays: the next unlock finishes the upgrade, every
// record is there once, still waiting to be sent, and nothing is reported as altered.
class LegacyStoreKillTest : public LegacyStoreTest {
 protected:
  void expectAllFourIntact() {
    auto store = openUnlocked();
    EXPECT_FALSE(store->bookkeepingReport().altered());
    const auto listing = store->listRecords(true);
    EXPECT_TRUE(listing.unreadable.empty());
    std::set<std::string> ids;
    for (const auto& stored : listing.records) {
      ids.insert(stored.record.id);
      EXPECT_EQ(stored.mark, SyncMark::dirty);
    }
    EXPECT_EQ(ids.size(), 4u);
    EXPECT_EQ(listing.records.size(), 4u);
    auto db = raw();
    EXPECT_EQ(scalar(db, "PRAGMA user_version"), 3);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM records WHERE mac IS NULL"), 0);
  }
  int unlockInChild(const std::string& failAt, int killAfterMs = -1) {
    const pid_t pid = fork();
    if (pid == 0) {
      auto opened = LocalStore::open(dir_.path() / "store", LocalStore::OpenMode::openExisting,
                                     core::KdfStrength::test_fast);
      if (!opened) _exit(2);
      auto status = opened.value()->unlock("legacy store passphrase", [&](std::string_view step) {
        if (step == failAt) _exit(86);
      });
      _exit(status ? 0 : 3);
    }
    if (killAfterMs >= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(killAfterMs));
      ::kill(pid, SIGKILL);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
};

TEST_F(LegacyStoreKillTest, AKillAfterTheRowsBeforeTheWrapResumesAndLosesNothing) {
  ASSERT_EQ(unlockInChild("rows"), 86);
  {
    auto db = raw();
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM records WHERE mac IS NULL"), 0) << "the chunk was committed";
    EXPECT_EQ(scalar(db, "PRAGMA user_version"), 2) << "the wrap and the version were not";
  }
  expectAllFourIntact();
}

TEST_F(LegacyStoreKillTest, AKillInsideTheWrapTransactionResumesAndLosesNothing) {
  ASSERT_EQ(unlockInChild("wrap"), 86);
  expectAllFourIntact();
}

TEST_F(LegacyStoreKillTest, Kill9AtAnyMomentLosesNothing) {
  for (int delayMs : {0, 2, 5, 10, 20, 40}) {
    unlockInChild("", delayMs);
  }
  expectAllFourIntact();
}

class StoreSchemaTwoTest : public StoreTest {};

TEST_F(StoreSchemaTwoTest, EveryWriteKeepsTheHlcColumnEqualToTheSealedOne) {
  const auto created = addRecord("first");
  auto db = rawDatabase();
  EXPECT_EQ(hlcColumn(db, created.id), created.hlc);
  auto edited = store_->editRecord(created.id, "2026-11-21T10:00:00.000Z", testing::sampleData("second"));
  ASSERT_TRUE(edited.ok());
  EXPECT_NE(edited->hlc, created.hlc);
  EXPECT_EQ(hlcColumn(db, created.id), edited->hlc);
  EXPECT_EQ(scalar(db, "PRAGMA user_version"), 3);
}

TEST_F(StoreSchemaTwoTest, AnHlcColumnThatDisagreesWithTheSealedRecordMakesTheRowUnreadable) {
  const auto created = addRecord();
  ASSERT_TRUE(rawDatabase().exec("UPDATE records SET hlc = '2030-01-01T00:00:00.000Z/0000/x'").ok());
  EXPECT_FALSE(store_->record(created.id).ok());
  const auto listing = store_->listRecords();
  ASSERT_EQ(listing.unreadable.size(), 1u);
  EXPECT_EQ(listing.unreadable.front().id, created.id);
}

TEST_F(StoreSchemaTwoTest, PipelinedBatchesAreDisjointAndSettleInAnyOrder) {
  std::set<std::string> made;
  for (int i = 0; i < 7; ++i) {
    made.insert(addRecord("r" + std::to_string(i)).id);
  }
  auto first = store_->preparePushBatch(3, 0);
  ASSERT_TRUE(first.ok() && first->has_value());
  auto second = store_->preparePushBatch(3, (*first)->lastRowid);
  ASSERT_TRUE(second.ok() && second->has_value());
  auto third = store_->preparePushBatch(3, (*second)->lastRowid);
  ASSERT_TRUE(third.ok() && third->has_value());
  auto none = store_->preparePushBatch(3, (*third)->lastRowid);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  std::multiset<std::string> taken;
  for (const auto* batch : {&**first, &**second, &**third}) {
    for (const auto& record : batch->request.records) taken.insert(record.id);
  }
  EXPECT_EQ(taken, std::multiset<std::string>(made.begin(), made.end())) << "each dirty record in exactly one batch";
  // Answers arrive out of order over two connections.
  ASSERT_TRUE(store_->applyPushResponse(**third, acceptAll(**third, 300)).ok());
  ASSERT_TRUE(store_->applyPushResponse(**first, acceptAll(**first, 100)).ok());
  ASSERT_TRUE(store_->applyPushResponse(**second, acceptAll(**second, 200)).ok());
  EXPECT_EQ(store_->counts()->pending, 0);
  EXPECT_FALSE(store_->pendingBatch()->has_value());
}

}  // namespace
}  // namespace faltlogg::client
