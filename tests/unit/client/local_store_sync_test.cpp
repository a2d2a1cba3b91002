#include "store_fixture.hpp"

#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/uuid.hpp"

namespace faltlogg::client {
namespace {

using core::protocol::PushResult;
using core::protocol::PushStatus;
using testing::StoreTest;

class StoreSyncTest : public StoreTest {
 protected:
  PendingBatch takeBatch(std::size_t max = 500) {
    auto batch = store_->preparePushBatch(max);
    EXPECT_TRUE(batch.ok());
    EXPECT_TRUE(batch->has_value());
    return std::move(**batch);
  }
  core::protocol::PushResponse respond(const PendingBatch& batch, PushStatus status, std::int64_t firstSeq = 100) {
    core::protocol::PushResponse response{batch.request.batch_id, {}};
    for (const auto& record : batch.request.records) {
      PushResult result{record.id, status, firstSeq++, std::nullopt};
      if (status == PushStatus::rejected) {
        result.server_seq = 0;
        result.problem = core::make_problem("validation_failed", 422, "Invalid record", "area unknown");
      }
      response.results.push_back(result);
    }
    return response;
  }
  core::Record remoteRecord(std::string id, std::string hlc, std::string notes) {
    return core::Record{std::move(id), "faltkontakt", 1, std::move(hlc), false, "2026-11-19T09:00:00.000Z",
                        testing::sampleData(notes)};
  }
};

TEST_F(StoreSyncTest, NothingDirtyMeansNoBatch) {
  auto batch = store_->preparePushBatch(10);
  ASSERT_TRUE(batch.ok());
  EXPECT_FALSE(batch->has_value());
  EXPECT_FALSE(store_->pendingBatch()->has_value());
}

TEST_F(StoreSyncTest, BatchHoldsAtMostTheLimitAndSurvivesACrash) {
  for (int i = 0; i < 7; ++i) {
    addRecord();
  }
  const PendingBatch batch = takeBatch(5);
  EXPECT_EQ(batch.request.records.size(), 5u);
  EXPECT_TRUE(core::is_uuid_v4(batch.request.batch_id));
  reopenUnlocked();  // as after kill -9
  auto pending = store_->pendingBatch();
  ASSERT_TRUE(pending.ok() && pending->has_value());
  EXPECT_EQ((*pending)->request.batch_id, batch.request.batch_id) << "a retry must replay the same batch id";
  EXPECT_EQ((*pending)->request.records, batch.request.records);
}

TEST_F(StoreSyncTest, AcceptedAndDuplicateResultsMarkRecordsClean) {
  addRecord();
  addRecord();
  PendingBatch batch = takeBatch();
  auto response = respond(batch, PushStatus::accepted, 41);
  response.results[1].status = PushStatus::duplicate;
  ASSERT_TRUE(store_->applyPushResponse(batch, response).ok());
  EXPECT_FALSE(store_->pendingBatch()->has_value());
  EXPECT_EQ(store_->counts()->pending, 0);
  auto stored = store_->record(batch.request.records[0].id);
  EXPECT_EQ(stored->mark, SyncMark::clean);
  EXPECT_EQ(stored->serverSeq, 41);
  EXPECT_FALSE(store_->preparePushBatch(10)->has_value());
}

TEST_F(StoreSyncTest, EditWhileBatchIsInFlightStaysDirty) {
  const auto created = addRecord("v1");
  PendingBatch batch = takeBatch();
  ASSERT_TRUE(store_->editRecord(created.id, created.occurred_at, testing::sampleData("v2")).ok());
  ASSERT_TRUE(store_->applyPushResponse(batch, respond(batch, PushStatus::accepted)).ok());
  auto stored = store_->record(created.id);
  EXPECT_EQ(stored->mark, SyncMark::dirty) << "the acknowledgement was for v1, not for v2";
  auto next = takeBatch();
  ASSERT_EQ(next.request.records.size(), 1u);
  EXPECT_EQ(next.request.records[0].data.at("notes").as_string(), "v2");
}

TEST_F(StoreSyncTest, RejectedRecordIsKeptAndMarkedForCorrectionWithTheServersMessage) {
  const auto created = addRecord();
  PendingBatch batch = takeBatch();
  ASSERT_TRUE(store_->applyPushResponse(batch, respond(batch, PushStatus::rejected)).ok());
  auto stored = store_->record(created.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->mark, SyncMark::needsCorrection);
  ASSERT_TRUE(stored->rejection.has_value());
  EXPECT_EQ(stored->rejection->code, "validation_failed");
  EXPECT_EQ(stored->rejection->detail, "area unknown");
  EXPECT_EQ(store_->counts()->needsCorrection, 1);
  EXPECT_FALSE(store_->preparePushBatch(10)->has_value()) << "a rejected version is not pushed again as is";
  ASSERT_TRUE(store_->editRecord(created.id, created.occurred_at, testing::sampleData("fixed")).ok());
  stored = store_->record(created.id);
  EXPECT_EQ(stored->mark, SyncMark::dirty);
  EXPECT_FALSE(stored->rejection.has_value());
  EXPECT_TRUE(store_->preparePushBatch(10)->has_value());
}

TEST_F(StoreSyncTest, StaleResultLeavesTheRecordToThePull) {
  const auto created = addRecord();
  PendingBatch batch = takeBatch();
  ASSERT_TRUE(store_->applyPushResponse(batch, respond(batch, PushStatus::stale)).ok());
  EXPECT_EQ(store_->record(created.id)->mark, SyncMark::clean);
  EXPECT_EQ(store_->counts()->pending, 0);
}

TEST_F(StoreSyncTest, ResultsForRecordsNotInTheBatchAreIgnored) {
  const auto created = addRecord();
  PendingBatch batch = takeBatch();
  core::protocol::PushResponse response{batch.request.batch_id,
                                        {PushResult{core::make_uuid_v4(), PushStatus::accepted, 5, std::nullopt}}};
  ASSERT_TRUE(store_->applyPushResponse(batch, response).ok());
  EXPECT_EQ(store_->record(created.id)->mark, SyncMark::dirty) << "no result for it: it must go out again";
  EXPECT_TRUE(store_->preparePushBatch(10)->has_value());
}

TEST_F(StoreSyncTest, UnreadableDirtyRowIsQuarantinedAndTheRestStillGoOut) {
  const auto good = addRecord();
  const auto bad = addRecord();
  auto payload = rawPayload(bad.id);
  payload[30] ^= 1;
  setRawPayload(bad.id, payload);
  PendingBatch batch = takeBatch(10);
  ASSERT_EQ(batch.request.records.size(), 1u);
  EXPECT_EQ(batch.request.records[0].id, good.id);
  EXPECT_EQ(store_->counts()->unreadable, 1);
}

TEST_F(StoreSyncTest, TamperedOutboxBatchIsDroppedAndItsRecordsGoOutAgain) {
  addRecord();
  PendingBatch batch = takeBatch();
  auto db = rawDatabase();
  ASSERT_TRUE(db.exec("UPDATE outbox SET payload = zeroblob(80)").ok());
  auto pending = store_->pendingBatch();
  ASSERT_TRUE(pending.ok());
  EXPECT_FALSE(pending->has_value());
  PendingBatch again = takeBatch();
  EXPECT_NE(again.request.batch_id, batch.request.batch_id);
  EXPECT_EQ(again.request.records, batch.request.records);
}

TEST_F(StoreSyncTest, PullPageInsertsRecordsReviewsAndAdvancesTheCursor) {
  const std::string id = core::make_uuid_v4();
  core::protocol::PullResponse page;
  page.records.push_back(remoteRecord(id, "2026-11-19T09:05:00.000Z/0000/other-device", "from server"));
  page.reviews.push_back(core::protocol::Review{core::make_uuid_v4(), id, "needs_changes", "add duration", "lead-1",
                                                "2026-11-19T10:00:00.000Z", 12});
  page.next_cursor = 12;
  ASSERT_TRUE(store_->applyPullPage(page).ok());
  EXPECT_EQ(store_->pullCursor().value(), 12);
  auto stored = store_->record(id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->mark, SyncMark::clean);
  EXPECT_EQ(stored->record.data.at("notes").as_string(), "from server");
  ASSERT_EQ(stored->reviews.size(), 1u);
  EXPECT_EQ(stored->reviews[0].state, "needs_changes");
  EXPECT_EQ(store_->listRecords().records.at(0).reviews.size(), 1u);
  ASSERT_TRUE(store_->resetPullCursor().ok());
  EXPECT_EQ(store_->pullCursor().value(), 0);
}

TEST_F(StoreSyncTest, LocalClockOrdersAfterPulledFutureHlc) {
  core::protocol::PullResponse page;
  page.records.push_back(remoteRecord(core::make_uuid_v4(), "2099-01-01T00:00:00.000Z/0007/other", "future"));
  page.next_cursor = 1;
  ASSERT_TRUE(store_->applyPullPage(page).ok());
  const auto created = addRecord();
  EXPECT_GT(*core::Hlc::parse(created.hlc), *core::Hlc::parse("2099-01-01T00:00:00.000Z/0007/other"));
}

TEST_F(StoreSyncTest, PullKeepsANewerUnsentLocalEditButTakesNewerServerVersions) {
  const auto local = addRecord("local edit");
  core::protocol::PullResponse older;
  older.records.push_back(remoteRecord(local.id, "2000-01-01T00:00:00.000Z/0000/other", "old server copy"));
  older.next_cursor = 3;
  ASSERT_TRUE(store_->applyPullPage(older).ok());
  auto stored = store_->record(local.id);
  EXPECT_EQ(stored->record.data.at("notes").as_string(), "local edit");
  EXPECT_EQ(stored->mark, SyncMark::dirty);

  core::protocol::PullResponse newer;
  newer.records.push_back(remoteRecord(local.id, "2099-01-01T00:00:00.000Z/0000/other", "newer from my phone"));
  newer.next_cursor = 4;
  ASSERT_TRUE(store_->applyPullPage(newer).ok());
  stored = store_->record(local.id);
  EXPECT_EQ(stored->record.data.at("notes").as_string(), "newer from my phone");
  EXPECT_EQ(stored->mark, SyncMark::clean);
}

TEST_F(StoreSyncTest, OwnPushComingBackInThePullIsNotRewritten) {
  const auto created = addRecord("mine");
  PendingBatch batch = takeBatch();
  ASSERT_TRUE(store_->applyPushResponse(batch, respond(batch, PushStatus::accepted, 9)).ok());
  const auto payloadBefore = rawPayload(created.id);
  core::protocol::PullResponse page;
  page.records.push_back(created);
  page.next_cursor = 9;
  ASSERT_TRUE(store_->applyPullPage(page).ok());
  EXPECT_EQ(rawPayload(created.id), payloadBefore) << "same version: no re-seal, no write";
  EXPECT_EQ(store_->record(created.id)->serverSeq, 9);
  EXPECT_EQ(store_->pullCursor().value(), 9);
}

TEST_F(StoreSyncTest, PulledTombstoneIsStoredAsDeleted) {
  const std::string id = core::make_uuid_v4();
  core::protocol::PullResponse page;
  auto record = remoteRecord(id, "2026-11-19T09:05:00.000Z/0000/other", "x");
  record.deleted = true;
  page.records.push_back(record);
  page.next_cursor = 2;
  ASSERT_TRUE(store_->applyPullPage(page).ok());
  EXPECT_TRUE(store_->listRecords().records.empty());
  EXPECT_TRUE(store_->record(id)->record.deleted);
}

TEST_F(StoreSyncTest, SyncStepsNeedTheStoreUnlocked) {
  addRecord();
  store_->lock();
  EXPECT_EQ(store_->preparePushBatch(10).problem().code, "vault_locked");
  EXPECT_EQ(store_->pendingBatch().problem().code, "vault_locked");
  EXPECT_EQ(store_->applyPullPage({}).problem().code, "vault_locked");
}

}  // namespace
}  // namespace faltlogg::client
