// F15 (decision 0093): the tablet store's clear bookkeeping is authenticated. Each test edits the SQLite
// file with the plain sqlite3 shell, as anyone holding the file could, and checks that the change is
// detected, reported and put right from the sealed copy, never silently hiding or dropping a record; an
// untouched store raises no alarm.
#include "store_fixture.hpp"

#include "faltlogg/core/uuid.hpp"

#include <cstdlib>
#include <set>

namespace faltlogg::client {
namespace {

using core::protocol::PushResult;
using core::protocol::PushStatus;
using testing::StoreTest;

class BookkeepingTest : public StoreTest {
 protected:
  // The sqlite3 command-line shell, on the live file (WAL: the app's connection stays open meanwhile).
  void sqlite3(const std::string& sql) {
    const std::string command =
        "sqlite3 '" + store_->files().database().string() + "' \"" + sql + "\" > /dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << sql;
  }
  std::string where(const std::string& id) { return " WHERE id = '" + id + "'"; }
  void pushAll() {
    auto batch = store_->preparePushBatch(500);
    ASSERT_TRUE(batch.ok() && batch->has_value());
    ASSERT_TRUE(store_->applyPushResponse(**batch, testing::acceptAll(**batch)).ok());
  }
  std::set<std::string> unreadableIds() {
    std::set<std::string> ids;
    for (const auto& row : store_->listRecords(true).unreadable) ids.insert(row.id);
    return ids;
  }
  std::set<std::string> pushedIds() {
    std::set<std::string> ids;
    auto batch = store_->preparePushBatch(500);
    EXPECT_TRUE(batch.ok());
    if (batch.ok() && batch->has_value()) {
      for (const auto& record : (*batch)->request.records) ids.insert(record.id);
    }
    return ids;
  }
};

TEST_F(BookkeepingTest, AnUntouchedStoreRaisesNoAlarmThroughItsWholeLife) {
  const auto kept = addRecord("kept");
  const auto edited = addRecord("edited");
  const auto removed = addRecord("removed");
  pushAll();
  ASSERT_TRUE(store_->editRecord(edited.id, "2026-11-21T10:00:00.000Z", testing::sampleData("again")).ok());
  ASSERT_TRUE(store_->deleteRecord(removed.id).ok());
  core::protocol::PullResponse page;
  page.records.push_back(core::Record{core::make_uuid_v4(), "faltkontakt", 1, "2026-11-19T09:05:00.000Z/0000/other",
                                      false, "2026-11-19T09:00:00.000Z", testing::sampleData("pulled")});
  page.next_cursor = 42;
  ASSERT_TRUE(store_->applyPullPage(page).ok());
  reopenUnlocked();
  EXPECT_FALSE(store_->bookkeepingReport().altered());
  EXPECT_TRUE(unreadableIds().empty());
  EXPECT_EQ(*store_->pullCursor(), 42);
  EXPECT_EQ(store_->counts()->pending, 2) << "the edit and the tombstone";
  EXPECT_EQ(store_->record(kept.id)->mark, SyncMark::clean);
}

TEST_F(BookkeepingTest, DeletedSetOutsideTheAppDoesNotHideTheRecord) {
  const auto victim = addRecord("victim");
  addRecord("other");
  pushAll();
  sqlite3("UPDATE records SET deleted = 1" + where(victim.id));
  EXPECT_EQ(unreadableIds(), std::set<std::string>{victim.id}) << "listed, not skipped as a tombstone";
  EXPECT_EQ(store_->listRecords().unreadable.size(), 1u) << "also when tombstones are not asked for";
  EXPECT_EQ(store_->record(victim.id).problem().code, "bookkeeping_altered");
  reopenUnlocked();
  EXPECT_EQ(store_->bookkeepingReport().restored, std::vector<std::string>{victim.id});
  auto restored = store_->record(victim.id);
  ASSERT_TRUE(restored.ok());
  EXPECT_FALSE(restored->record.deleted);
  EXPECT_EQ(restored->mark, SyncMark::dirty) << "sent again; the server answers duplicate";
  EXPECT_EQ(store_->listRecords().records.size(), 2u);
}

TEST_F(BookkeepingTest, DirtyClearedOutsideTheAppDoesNotStopTheRecordFromSyncing) {
  const auto waiting = addRecord("waiting");
  sqlite3("UPDATE records SET dirty = 0" + where(waiting.id));
  EXPECT_EQ(unreadableIds(), std::set<std::string>{waiting.id});
  reopenUnlocked();
  EXPECT_EQ(store_->bookkeepingReport().restored, std::vector<std::string>{waiting.id});
  EXPECT_EQ(pushedIds(), std::set<std::string>{waiting.id});
}

TEST_F(BookkeepingTest, HlcOrServerSeqChangedOutsideTheAppIsDetected) {
  const auto a = addRecord("a");
  const auto b = addRecord("b");
  pushAll();
  sqlite3("UPDATE records SET hlc = '2099-01-01T00:00:00.000Z/0000/x'" + where(a.id));
  sqlite3("UPDATE records SET server_seq = 999999" + where(b.id));
  EXPECT_EQ(unreadableIds(), (std::set<std::string>{a.id, b.id}));
  reopenUnlocked();
  EXPECT_EQ(store_->bookkeepingReport().restored.size(), 2u);
  EXPECT_EQ(store_->record(a.id)->record.hlc, a.hlc) << "the sealed version is the one kept";
  EXPECT_TRUE(unreadableIds().empty());
}

TEST_F(BookkeepingTest, SwappingTwoRowsBookkeepingWithTheirMacsIsDetected) {
  const auto pending = addRecord("pending");
  const auto synced = addRecord("synced");
  {
    auto batch = store_->preparePushBatch(500);
    ASSERT_TRUE(batch.ok() && batch->has_value());
    core::protocol::PushResponse response{(*batch)->request.batch_id, {}};
    response.results.push_back(PushResult{synced.id, PushStatus::accepted, 7, std::nullopt});
    ASSERT_TRUE(store_->applyPushResponse(**batch, response).ok());
  }
  sqlite3("CREATE TEMP TABLE t AS SELECT id, dirty, server_seq, deleted, hlc, mac FROM records; "
          "UPDATE records SET (dirty, server_seq, deleted, hlc, mac) = (SELECT dirty, server_seq, deleted, hlc, mac "
          "FROM t WHERE t.id <> records.id AND t.id IN ('" + pending.id + "', '" + synced.id + "')) "
          "WHERE id IN ('" + pending.id + "', '" + synced.id + "');");
  EXPECT_EQ(unreadableIds(), (std::set<std::string>{pending.id, synced.id}));
  reopenUnlocked();
  EXPECT_EQ(store_->bookkeepingReport().restored.size(), 2u);
  EXPECT_EQ(pushedIds(), (std::set<std::string>{pending.id, synced.id}));
}

TEST_F(BookkeepingTest, ARemovedMacIsNotTakenForAStoreFromBeforeTheMacs) {
  const auto row = addRecord();
  sqlite3("UPDATE records SET mac = NULL, dirty = 0" + where(row.id) + "; PRAGMA user_version = 2;");
  reopenUnlocked();
  EXPECT_FALSE(store_->bookkeepingReport().upgraded) << "the wrap says the store has MACs";
  EXPECT_EQ(store_->bookkeepingReport().restored, std::vector<std::string>{row.id});
  EXPECT_EQ(pushedIds(), std::set<std::string>{row.id});
}

TEST_F(BookkeepingTest, AlteredRowsWithAPayloadThatDoesNotOpenAreReportedAndLeftAlone) {
  const auto row = addRecord();
  auto payload = rawPayload(row.id);
  payload[payload.size() / 2] ^= 0x01;
  setRawPayload(row.id, payload);
  sqlite3("UPDATE records SET dirty = 0" + where(row.id));
  reopenUnlocked();
  EXPECT_EQ(store_->bookkeepingReport().unreadable, std::vector<std::string>{row.id});
  EXPECT_EQ(unreadableIds(), std::set<std::string>{row.id}) << "still listed, never dropped";
  EXPECT_EQ(rawPayload(row.id), payload) << "kept for inspection";
}

TEST_F(BookkeepingTest, ACursorMovedOnOutsideTheAppMeansAFullPull) {
  core::protocol::PullResponse page;
  page.next_cursor = 10;
  ASSERT_TRUE(store_->applyPullPage(page).ok());
  sqlite3("UPDATE meta SET value = '5000' WHERE key = 'pull_cursor'");
  EXPECT_EQ(*store_->pullCursor(), 0) << "never skips what lies between";
  reopenUnlocked();
  EXPECT_TRUE(store_->bookkeepingReport().cursorReset);
  EXPECT_EQ(*store_->pullCursor(), 0);
  reopenUnlocked();
  EXPECT_FALSE(store_->bookkeepingReport().altered()) << "reset with a fresh MAC";
}

TEST_F(BookkeepingTest, APulledOlderVersionDoesNotOverwriteAnAlteredUnsentEdit) {
  const auto local = addRecord("my unsent edit");
  sqlite3("UPDATE records SET dirty = 0" + where(local.id));
  core::protocol::PullResponse page;
  page.records.push_back(core::Record{local.id, "faltkontakt", 1, "2000-01-01T00:00:00.000Z/0000/other", false,
                                      "2026-11-19T09:00:00.000Z", testing::sampleData("old server copy")});
  page.next_cursor = 3;
  ASSERT_TRUE(store_->applyPullPage(page).ok());
  auto kept = store_->record(local.id);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->record.data.at("notes").as_string(), "my unsent edit");
  EXPECT_EQ(kept->mark, SyncMark::dirty);
  reopenUnlocked();
  EXPECT_EQ(store_->bookkeepingReport().restoredDuringSync, 1);
}

// The attempt counters are needed before the key exists; decision 0093 says what that allows.
TEST_F(BookkeepingTest, ARaisedAttemptLimitBuysNoGuessAndIsReported) {
  store_.reset();
  reopen();
  for (int i = 0; i < 9; ++i) EXPECT_EQ(store_->unlock("wrong guess").problem().code, "wrong_passphrase");
  sqlite3("UPDATE vault SET value = 1000 WHERE name = 'max_attempts'");
  EXPECT_EQ(store_->unlock("wrong guess").problem().code, "wrong_passphrase") << "the 10th guess, over the limit";
  auto right = store_->unlock(kPassphrase);
  EXPECT_EQ(right.problem().code, "store_destroyed") << "counted against the authentic limit of 10";
  EXPECT_FALSE(store_->files().exists());
}

TEST_F(BookkeepingTest, AnAlteredLimitIsPutBackAtTheNextRightPassphrase) {
  sqlite3("UPDATE vault SET value = 3 WHERE name = 'max_attempts'");
  reopenUnlocked();
  EXPECT_TRUE(store_->bookkeepingReport().limitRestored);
  EXPECT_EQ(store_->vault().maxAttempts(), KeyVault::kDefaultMaxAttempts);
  reopenUnlocked();
  EXPECT_FALSE(store_->bookkeepingReport().altered());
}

TEST_F(BookkeepingTest, OnlyTheBookkeepingIsInClear) {
  addRecord("some notes");
  auto db = rawDatabase();
  auto mac = db.prepare("SELECT length(mac) FROM records");
  ASSERT_TRUE(mac->step().value());
  EXPECT_EQ(mac->columnInt(0), 32);
  auto version = db.prepare("PRAGMA user_version");
  ASSERT_TRUE(version->step().value());
  EXPECT_EQ(version->columnInt(0), 3);
}

}  // namespace
}  // namespace faltlogg::client
