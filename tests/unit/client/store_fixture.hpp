// Shared set-up for LocalStore tests: a fresh unlocked store in a temp dir and sample field values.
#pragma once

#include "store/local_store.hpp"
#include "test_store_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

namespace faltlogg::client::testing {

inline boost::json::object sampleData(std::string_view notes = "", std::string_view area = "area-1") {
  boost::json::object data{{"duration_min", 30},
                           {"area_id", area},
                           {"arena", "skola"},
                           {"contact_kind", "uppsokande"},
                           {"youths", boost::json::object{{"flicka", boost::json::object{{"13_15", 2}}}}},
                           {"parents", 0},
                           {"concerns", boost::json::array{"ingen"}},
                           {"actions", boost::json::array{"samtal"}},
                           {"partners", boost::json::array{}},
                           {"in_pair", true}};
  if (!notes.empty()) {
    data["notes"] = notes;
  }
  return data;
}

// The server's answer that accepts every record of a batch, with server sequence numbers from firstSeq.
inline core::protocol::PushResponse acceptAll(const PendingBatch& batch, std::int64_t firstSeq = 100) {
  core::protocol::PushResponse response{batch.request.batch_id, {}};
  for (const auto& record : batch.request.records) {
    response.results.push_back(
        core::protocol::PushResult{record.id, core::protocol::PushStatus::accepted, firstSeq++, std::nullopt});
  }
  return response;
}

inline std::string readFileBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(LocalStore::OpenMode::createNew); ASSERT_TRUE(store_->initialize(kPassphrase).ok()); }

  void reopen(LocalStore::OpenMode mode = LocalStore::OpenMode::openExisting) {
    store_.reset();
    auto opened = LocalStore::open(dir_.path() / "store", mode, core::KdfStrength::test_fast);
    ASSERT_TRUE(opened.ok()) << opened.problem().detail;
    store_ = std::move(opened.value());
  }
  void reopenUnlocked() {
    reopen();
    ASSERT_TRUE(store_->unlock(kPassphrase).ok());
  }
  core::Record addRecord(std::string_view notes = "", std::string occurredAt = "2026-11-20T10:00:00.000Z") {
    auto created = store_->createRecord("faltkontakt", 1, std::move(occurredAt), sampleData(notes));
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.problem().detail);
    return created.value();
  }
  // Raw access to the file, as an attacker with the tablet's flash would have.
  SqliteDatabase rawDatabase() {
    auto db = SqliteDatabase::open(store_->files().database(), false);
    EXPECT_TRUE(db.ok());
    return std::move(db.value());
  }
  std::vector<std::uint8_t> rawPayload(const std::string& id) {
    auto db = rawDatabase();
    auto stmt = db.prepare("SELECT payload FROM records WHERE id = ?1");
    stmt->bind(1, id);
    EXPECT_TRUE(stmt->step().value());
    return stmt->columnBlob(0);
  }
  void setRawPayload(const std::string& id, const std::vector<std::uint8_t>& payload) {
    auto db = rawDatabase();
    auto stmt = db.prepare("UPDATE records SET payload = ?2 WHERE id = ?1");
    stmt->bind(1, id);
    stmt->bindBlob(2, payload);
    ASSERT_TRUE(stmt->run().ok());
  }

  static constexpr std::string_view kPassphrase = "a long test passphrase";
  TempDir dir_;
  std::unique_ptr<LocalStore> store_;
};

}  // namespace faltlogg::client::testing
