// Two connections to one store, as the app has them (the UI's and the sync thread's): the second opens with
// the first one's data key, both read and write, HLCs stay monotonic across them, a device id set by one
// is used by the other, and a 413-split batch can be dropped without losing its records.
#include "store_fixture.hpp"

#include <thread>

namespace faltlogg::client::testing {
namespace {

class SharedStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    ASSERT_TRUE(store_->unlock(kPassphrase));
    auto second = LocalStore::openWithKey(dir_.path() / "store", store_->vault().copyDataKey());
    ASSERT_TRUE(second) << second.problem().detail;
    worker_ = std::move(second.value());
  }
  std::unique_ptr<LocalStore> worker_;
};

TEST_F(SharedStoreTest, TheSecondConnectionReadsWhatTheFirstSealed) {
  const auto record = addRecord("ett");
  auto seen = worker_->record(record.id);
  ASSERT_TRUE(seen) << seen.problem().detail;
  EXPECT_EQ(seen->record, record);
}

TEST_F(SharedStoreTest, AWrongKeyOpensNothingAndOverwritesNothing) {
  const auto record = addRecord("ett");
  auto wrong = LocalStore::openWithKey(dir_.path() / "store", core::SecureBuffer::random(core::kAeadKeyBytes));
  ASSERT_TRUE(wrong);
  EXPECT_FALSE(wrong.value()->record(record.id));
  EXPECT_TRUE(store_->record(record.id)) << "the first connection still reads it";
  auto shortKey = LocalStore::openWithKey(dir_.path() / "store", core::SecureBuffer::random(16));
  EXPECT_FALSE(shortKey);
}

TEST_F(SharedStoreTest, HlcsStayMonotonicAcrossConnections) {
  std::string last;
  for (int i = 0; i < 20; ++i) {
    auto& writer = i % 2 == 0 ? *store_ : *worker_;
    auto created = writer.createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", sampleData());
    ASSERT_TRUE(created);
    if (!last.empty()) {
      EXPECT_GT(*core::Hlc::parse(created->hlc), *core::Hlc::parse(last)) << i;
    }
    last = created->hlc;
  }
}

TEST_F(SharedStoreTest, ADeviceIdSetByOneConnectionIsUsedByTheOther) {
  ASSERT_TRUE(worker_->setNodeId("device-42"));
  const auto record = addRecord();
  EXPECT_EQ(core::Hlc::parse(record.hlc)->node, "device-42");
}

TEST_F(SharedStoreTest, WritesFromBothThreadsAtOnceAllLand) {
  constexpr int kEach = 50;
  std::thread other([&] {
    for (int i = 0; i < kEach; ++i) {
      ASSERT_TRUE(worker_->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", sampleData()));
    }
  });
  for (int i = 0; i < kEach; ++i) addRecord();
  other.join();
  auto counts = store_->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->total, 2 * kEach);
  EXPECT_EQ(counts->pending, 2 * kEach);
}

TEST_F(SharedStoreTest, ADiscardedBatchLeavesItsRecordsDirty) {
  for (int i = 0; i < 5; ++i) addRecord();
  auto batch = worker_->preparePushBatch(10);
  ASSERT_TRUE(batch && batch->has_value());
  ASSERT_TRUE(worker_->discardBatch((*batch)->request.batch_id));
  auto pending = worker_->pendingBatch();
  ASSERT_TRUE(pending);
  EXPECT_FALSE(pending->has_value());
  EXPECT_EQ(store_->counts()->pending, 5);
  auto smaller = worker_->preparePushBatch(2);
  ASSERT_TRUE(smaller && smaller->has_value());
  EXPECT_EQ((*smaller)->request.records.size(), 2u);
}

}  // namespace
}  // namespace faltlogg::client::testing
