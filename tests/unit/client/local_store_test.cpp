#include "store_fixture.hpp"

#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/uuid.hpp"

namespace faltlogg::client {
namespace {

using testing::StoreTest;

TEST_F(StoreTest, CreatedRecordReadsBackWithFreshIdAndHlc) {
  const core::Record created = addRecord("hello");
  EXPECT_TRUE(core::is_uuid_v4(created.id));
  ASSERT_TRUE(core::Hlc::parse(created.hlc).has_value());
  EXPECT_EQ(core::Hlc::parse(created.hlc)->node, store_->nodeId());
  auto stored = store_->record(created.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->record, created);
  EXPECT_EQ(stored->mark, SyncMark::dirty);
  EXPECT_EQ(stored->serverSeq, 0);
  EXPECT_GT(stored->updatedAtMs, 0);
}

TEST_F(StoreTest, RecordsSurviveReopenAndNeedThePassphrase) {
  const core::Record created = addRecord("kept");
  reopen();
  EXPECT_EQ(store_->record(created.id).problem().code, "vault_locked");
  EXPECT_EQ(store_->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", {}).problem().code, "vault_locked");
  EXPECT_EQ(store_->unlock("wrong").problem().code, "wrong_passphrase");
  ASSERT_TRUE(store_->unlock(kPassphrase).ok());
  EXPECT_EQ(store_->record(created.id)->record, created);
}

TEST_F(StoreTest, ListIsNewestFirstAndHidesTombstones) {
  const auto older = addRecord("", "2026-11-01T08:00:00.000Z");
  const auto newer = addRecord("", "2026-11-02T08:00:00.000Z");
  const auto gone = addRecord("", "2026-11-03T08:00:00.000Z");
  ASSERT_TRUE(store_->deleteRecord(gone.id).ok());
  auto listing = store_->listRecords();
  ASSERT_EQ(listing.records.size(), 2u);
  EXPECT_EQ(listing.records[0].record.id, newer.id);
  EXPECT_EQ(listing.records[1].record.id, older.id);
  EXPECT_TRUE(listing.unreadable.empty());
  auto all = store_->listRecords(true);
  ASSERT_EQ(all.records.size(), 3u);
  EXPECT_TRUE(all.records[0].record.deleted);
  EXPECT_EQ(all.records[0].mark, SyncMark::dirty) << "a tombstone must be pushed";
}

TEST_F(StoreTest, EditGivesANewerHlcAndMakesTheRecordDirty) {
  const auto created = addRecord("first");
  auto edited = store_->editRecord(created.id, "2026-11-20T11:00:00.000Z", testing::sampleData("second"));
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->id, created.id);
  EXPECT_GT(*core::Hlc::parse(edited->hlc), *core::Hlc::parse(created.hlc));
  auto stored = store_->record(created.id);
  EXPECT_EQ(stored->record.data.at("notes").as_string(), "second");
  EXPECT_EQ(stored->record.occurred_at, "2026-11-20T11:00:00.000Z");
}

TEST_F(StoreTest, EditAndDeleteOfUnknownOrDeletedRecordsAreRefused) {
  EXPECT_EQ(store_->editRecord(core::make_uuid_v4(), "2026-11-20T11:00:00.000Z", {}).problem().code, "not_found");
  EXPECT_EQ(store_->deleteRecord(core::make_uuid_v4()).problem().code, "not_found");
  const auto created = addRecord();
  ASSERT_TRUE(store_->deleteRecord(created.id).ok());
  EXPECT_EQ(store_->deleteRecord(created.id).problem().code, "not_found");
  EXPECT_EQ(store_->editRecord(created.id, "2026-11-20T11:00:00.000Z", {}).problem().code, "not_found");
}

TEST_F(StoreTest, CreateRecordsSavesManyInOneTransactionWithDistinctIncreasingHlcs) {
  std::vector<LocalStore::NewRecord> drafts;
  for (int i = 0; i < 50; ++i) {
    drafts.push_back({"faltkontakt", 1, "2026-11-20T10:00:00.000Z", testing::sampleData("bulk")});
  }
  auto created = store_->createRecords(std::move(drafts));
  ASSERT_TRUE(created.ok());
  ASSERT_EQ(created->size(), 50u);
  for (std::size_t i = 1; i < created->size(); ++i) {
    EXPECT_GT(*core::Hlc::parse((*created)[i].hlc), *core::Hlc::parse((*created)[i - 1].hlc));
  }
  EXPECT_EQ(store_->counts()->pending, 50);
  store_->lock();
  EXPECT_EQ(store_->createRecords({}).problem().code, "vault_locked");
}

TEST_F(StoreTest, HlcKeepsIncreasingAcrossRestarts) {
  const auto first = addRecord();
  reopenUnlocked();
  const auto second = addRecord();
  EXPECT_GT(*core::Hlc::parse(second.hlc), *core::Hlc::parse(first.hlc));
  auto last = store_->metaValue("hlc_last");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ(**last, second.hlc);
}

TEST_F(StoreTest, NodeIdIsRandomBeforeLoginAndTheDeviceIdAfter) {
  const std::string before = store_->nodeId();
  EXPECT_EQ(before.size(), 16u);
  ASSERT_TRUE(store_->setNodeId("device-42").ok());
  EXPECT_EQ(core::Hlc::parse(addRecord().hlc)->node, "device-42");
  reopenUnlocked();
  EXPECT_EQ(store_->nodeId(), "device-42");
  EXPECT_FALSE(store_->setNodeId("a/b").ok()) << "'/' separates HLC parts";
  EXPECT_FALSE(store_->setNodeId("").ok());
}

TEST_F(StoreTest, TamperedPayloadIsReportedNotShown) {
  const auto good = addRecord("good");
  const auto bad = addRecord("bad");
  auto payload = rawPayload(bad.id);
  payload[payload.size() - 5] ^= 0x40;
  setRawPayload(bad.id, payload);
  auto listing = store_->listRecords();
  ASSERT_EQ(listing.records.size(), 1u);
  EXPECT_EQ(listing.records[0].record.id, good.id);
  ASSERT_EQ(listing.unreadable.size(), 1u);
  EXPECT_EQ(listing.unreadable[0].id, bad.id);
  EXPECT_EQ(store_->record(bad.id).problem().code, "record_unreadable");
}

TEST_F(StoreTest, PayloadMovedToAnotherRowDoesNotOpen) {
  const auto a = addRecord("a");
  const auto b = addRecord("b");
  const auto payloadA = rawPayload(a.id);
  setRawPayload(b.id, payloadA);
  EXPECT_EQ(store_->record(b.id).problem().code, "record_unreadable");
  EXPECT_TRUE(store_->record(a.id).ok());
}

TEST_F(StoreTest, RowFromAnotherStoreIsReportedAsUnreadable) {
  testing::TempDir otherDir;
  auto other = LocalStore::open(otherDir.path() / "store", LocalStore::OpenMode::createNew,
                                core::KdfStrength::test_fast);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other.value()->initialize(kPassphrase).ok());  // same passphrase, different data key
  auto foreign = other.value()->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", testing::sampleData());
  ASSERT_TRUE(foreign.ok());
  const auto mine = addRecord();
  auto otherDb = SqliteDatabase::open(other.value()->files().database(), false);
  auto stmt = otherDb->prepare("SELECT payload FROM records WHERE id = ?1");
  stmt->bind(1, foreign->id);
  ASSERT_TRUE(stmt->step().value());
  const auto foreignPayload = stmt->columnBlob(0);
  auto db = rawDatabase();
  auto insert = db.prepare("INSERT INTO records (id, dirty, server_seq, deleted, payload) VALUES (?1, 0, 0, 0, ?2)");
  insert->bind(1, foreign->id);
  insert->bindBlob(2, foreignPayload);
  ASSERT_TRUE(insert->run().ok());
  auto listing = store_->listRecords();
  ASSERT_EQ(listing.records.size(), 1u);
  EXPECT_EQ(listing.records[0].record.id, mine.id);
  ASSERT_EQ(listing.unreadable.size(), 1u);
  EXPECT_EQ(listing.unreadable[0].id, foreign->id);
}

TEST_F(StoreTest, ClearColumnThatContradictsTheSealedRecordIsReported) {
  const auto created = addRecord();
  auto db = rawDatabase();
  ASSERT_TRUE(db.exec("UPDATE records SET deleted = 1").ok());
  // The bookkeeping MAC catches it first (decision 0093); the sealed copy's comparison stays behind it.
  EXPECT_EQ(store_->record(created.id).problem().code, "bookkeeping_altered");
  auto listing = store_->listRecords(true);
  EXPECT_TRUE(listing.records.empty());
  EXPECT_EQ(listing.unreadable.size(), 1u);
}

TEST_F(StoreTest, CountsComeFromClearColumnsWithoutUnlocking) {
  addRecord();
  const auto deleted = addRecord();
  ASSERT_TRUE(store_->deleteRecord(deleted.id).ok());
  store_->lock();
  auto counts = store_->counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->total, 1);
  EXPECT_EQ(counts->pending, 2);
  EXPECT_EQ(counts->needsCorrection, 0);
}

TEST_F(StoreTest, StoreFileHoldsNoPlaintextValuesNotesOrFormIds) {
  const std::vector<std::string> markers = {"MARKER-NOTE-7d1f", "MARKER-AREA-93ab", "faltkontakt",
                                            "uppsokande", "2026-11-20T10:00"};
  for (int i = 0; i < 50; ++i) {
    auto created = store_->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z",
                                        testing::sampleData("MARKER-NOTE-7d1f visit", "MARKER-AREA-93ab"));
    ASSERT_TRUE(created.ok());
    if (i % 5 == 0) {
      ASSERT_TRUE(store_->editRecord(created->id, "2026-11-20T10:00:00.000Z",
                                     testing::sampleData("MARKER-NOTE-7d1f edited", "MARKER-AREA-93ab"))
                      .ok());
    }
  }
  ASSERT_TRUE(store_->preparePushBatch(20).ok());  // the outbox is sealed too
  const StoreFiles files = store_->files();
  auto check = [&](const char* when) {
    std::size_t bytesSearched = 0;
    for (const auto& file : files.all()) {
      const std::string bytes = testing::readFileBytes(file);
      bytesSearched += bytes.size();
      for (const auto& marker : markers) {
        EXPECT_EQ(bytes.find(marker), std::string::npos) << marker << " found in " << file << " " << when;
      }
    }
    EXPECT_GT(bytesSearched, 50u * 200u) << "the search must have covered the stored rows";
  };
  check("while open (write-ahead log present)");
  store_.reset();
  check("after close");
}

TEST_F(StoreTest, WrongPassphraseLimitDestroysTheStore) {
  store_.reset();
  testing::TempDir dir;
  auto opened = LocalStore::open(dir.path() / "s", LocalStore::OpenMode::createNew, core::KdfStrength::test_fast);
  ASSERT_TRUE(opened.ok());
  auto store = std::move(opened.value());
  ASSERT_TRUE(store->initialize("right", 3).ok());
  ASSERT_TRUE(store->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", testing::sampleData()).ok());
  store->lock();
  EXPECT_EQ(store->unlock("x").problem().code, "wrong_passphrase");
  EXPECT_EQ(store->unlock("y").problem().code, "wrong_passphrase");
  EXPECT_EQ(store->unlock("z").problem().code, "store_destroyed");
  EXPECT_FALSE(store->isOpen());
  for (const auto& file : store->files().all()) {
    EXPECT_FALSE(std::filesystem::exists(file)) << file;
  }
  EXPECT_EQ(store->unlock("right").problem().code, "store_destroyed");
  EXPECT_EQ(LocalStore::open(dir.path() / "s", LocalStore::OpenMode::openExisting).problem().code, "store_missing");
}

TEST_F(StoreTest, OpenModesRefuseTheWrongSituation) {
  EXPECT_EQ(LocalStore::open(dir_.path() / "store", LocalStore::OpenMode::createNew).problem().code, "store_exists");
  EXPECT_EQ(LocalStore::open(dir_.path() / "nothing", LocalStore::OpenMode::openExisting).problem().code,
            "store_missing");
}

TEST_F(StoreTest, StoreFilesAreReadableByTheOwnerOnly) {
  addRecord();
  for (const auto& file : store_->files().all()) {
    if (std::filesystem::exists(file)) {
      const auto perms = std::filesystem::status(file).permissions();
      EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
                std::filesystem::perms::none)
          << file;
    }
  }
}

TEST(LocalStoreOpen, GarbageInPlaceOfTheDatabaseIsAProblemNotACrash) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "s");
  std::ofstream(dir.path() / "s" / "store.sqlite") << std::string(8192, 'x');
  auto opened = LocalStore::open(dir.path() / "s", LocalStore::OpenMode::openExisting, core::KdfStrength::test_fast);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.problem().code, "storage_failed");
}

TEST_F(StoreTest, ListingALockedStoreSaysSoInsteadOfShowingNothing) {
  addRecord();
  store_->lock();
  auto listing = store_->listRecords();
  EXPECT_TRUE(listing.records.empty());
  ASSERT_EQ(listing.unreadable.size(), 1u);
  EXPECT_TRUE(listing.unreadable[0].id.empty());
}

TEST_F(StoreTest, DestroyRemovesEveryFile) {
  addRecord();
  store_->destroy();
  EXPECT_FALSE(store_->isOpen());
  for (const auto& file : store_->files().all()) {
    EXPECT_FALSE(std::filesystem::exists(file)) << file;
  }
  EXPECT_EQ(store_->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", {}).problem().code, "store_destroyed");
}

}  // namespace
}  // namespace faltlogg::client
