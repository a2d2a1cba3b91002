// Rollups at ingest (SqliteStore::apply_push_batch): after any mix of new records, edits, deletions,
// duplicates and stale versions, the incremental rollups equal a rebuild from the stored records, and
// the record counters equal what the surviving records say.
#include "api_fixture.hpp"

#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/json.hpp"

#include <random>

namespace faltlogg::server::testing {
namespace {

using analytics::RollupKind;
using core::protocol::PushStatus;

class RollupIngestTest : public ApiFixture {
 protected:
  void SetUp() override {
    anna_ = session_for(add_user("anna", Role::field_worker));
    bert_ = session_for(add_user("bert", Role::field_worker, "Team B"));
  }

  core::protocol::PushResponse push(const Principal& who, std::vector<core::Record> records) {
    PushBatch batch{core::make_uuid_v4(), who.user.id, who.device.id, who.user.team_id, {}, std::nullopt};
    for (auto& record : records) batch.items.push_back({record.id, std::move(record), std::nullopt});
    auto outcome = store_->apply_push_batch(batch, {who.user.id, "push", "", ""});
    EXPECT_TRUE(outcome.ok()) << (outcome.ok() ? "" : outcome.problem().detail);
    return core::protocol::push_response_from_json(core::parse_json(outcome->response_json).value()).value();
  }

  std::vector<analytics::RollupRow> all_rows() {
    std::vector<analytics::RollupRow> rows;
    for (RollupKind kind : {RollupKind::contact_daily, RollupKind::session_daily, RollupKind::case_monthly}) {
      const bool monthly = kind == RollupKind::case_monthly;
      auto some = store_->rollup_rows({kind, monthly ? "2000-01" : "2000-01-01", monthly ? "2100-12" : "2100-12-31",
                                       std::nullopt, std::nullopt});
      rows.insert(rows.end(), some.begin(), some.end());
    }
    return rows;
  }

  std::int64_t sum_counter(const std::string& counter) {
    std::int64_t sum = 0;
    for (const auto& row : all_rows()) {
      if (auto it = row.counters.find(counter); it != row.counters.end()) sum += it->second;
    }
    return sum;
  }

  Principal anna_;
  Principal bert_;
};

TEST_F(RollupIngestTest, ANewRecordIsCountedOnceAndADuplicateNotAgain) {
  core::Record record = field_contact(core::make_uuid_v4(), 1);
  EXPECT_EQ(push(anna_, {record}).results[0].status, PushStatus::accepted);
  EXPECT_EQ(sum_counter("contacts"), 1);
  EXPECT_EQ(sum_counter("minutes"), 30);
  EXPECT_EQ(sum_counter("youths"), 3);
  EXPECT_EQ(push(anna_, {record}).results[0].status, PushStatus::duplicate);
  EXPECT_EQ(sum_counter("contacts"), 1);
}

TEST_F(RollupIngestTest, AnEditReplacesTheOldFactsAndADeletionRemovesThem) {
  core::Record record = field_contact(core::make_uuid_v4(), 1);
  push(anna_, {record});
  core::Record edited = record;
  edited.hlc = core::Hlc{now_ - 30'000, 0, "node-1"}.to_string();
  edited.data["duration_min"] = 45;
  EXPECT_EQ(push(anna_, {edited}).results[0].status, PushStatus::accepted);
  EXPECT_EQ(sum_counter("contacts"), 1);
  EXPECT_EQ(sum_counter("minutes"), 45);
  // A version older than the stored one, arriving late, is stale and changes nothing.
  core::Record late = record;
  late.hlc = core::Hlc{now_ - 90'000, 0, "node-2"}.to_string();
  late.data["duration_min"] = 90;
  EXPECT_EQ(push(anna_, {late}).results[0].status, PushStatus::stale);
  EXPECT_EQ(sum_counter("minutes"), 45);
  core::Record tombstone = edited;
  tombstone.hlc = core::Hlc{now_ - 10'000, 0, "node-1"}.to_string();
  tombstone.deleted = true;
  EXPECT_EQ(push(anna_, {tombstone}).results[0].status, PushStatus::accepted);
  EXPECT_TRUE(all_rows().empty()) << "a deleted record leaves no counter behind, not even zeros";
}

TEST_F(RollupIngestTest, ARecordWithoutItsFactsIsRejectedAndChangesNothing) {
  core::Record record = field_contact(core::make_uuid_v4(), 1);
  record.data.erase("arena");  // the handler's validation would catch this; the store must not count it either
  const auto before = store_->row_counts();
  auto response = push(anna_, {record, field_contact(core::make_uuid_v4(), 2)});
  EXPECT_EQ(response.results[0].status, PushStatus::rejected);
  EXPECT_EQ(response.results[1].status, PushStatus::accepted);
  EXPECT_EQ(store_->row_counts()["records"], before.at("records") + 1);
  EXPECT_EQ(sum_counter("contacts"), 1);
}

TEST_F(RollupIngestTest, RandomPushesEditsAndDeletesEqualARebuildFromTheRecords) {
  std::mt19937 rng(6);
  std::map<std::string, core::Record> latest;  // what each record is now, by id
  std::map<std::string, const Principal*> author;
  std::uint32_t counter = 10;
  const char* arenas[] = {"skola", "fritid", "centrum", "kollektivtrafik"};
  for (int round = 0; round < 40; ++round) {
    std::vector<core::Record> records;
    const Principal& who = (rng() % 2 == 0) ? anna_ : bert_;
    for (int i = 0; i < 5; ++i) {
      const auto choice = rng() % 4;
      std::vector<std::string> own;
      for (const auto& [id, by] : author) {
        if (by == &who) own.push_back(id);
      }
      if (choice == 0 || own.empty()) {
        core::Record record = field_contact(core::make_uuid_v4(), ++counter);
        record.data["duration_min"] = static_cast<int>(5 + rng() % 120);
        record.data["arena"] = arenas[rng() % 4];
        record.occurred_at = core::format_rfc3339(now_ - static_cast<core::Millis>(rng() % 40) * 86'400'000);
        latest[record.id] = record;
        author[record.id] = &who;
        records.push_back(record);
      } else {
        core::Record record = latest[own[rng() % own.size()]];
        const bool in_batch =
            std::any_of(records.begin(), records.end(), [&](const auto& r) { return r.id == record.id; });
        if (record.deleted || in_batch) continue;  // deleted stays deleted; one version per batch
        record.hlc = core::Hlc{now_ - 60'000, ++counter, "node-1"}.to_string();
        if (choice == 1) record.data["duration_min"] = static_cast<int>(5 + rng() % 120);
        if (choice == 2) record.data["arena"] = arenas[rng() % 4];
        if (choice == 3) record.deleted = true;
        latest[record.id] = record;
        records.push_back(record);
      }
    }
    for (const auto& result : push(who, records).results) EXPECT_NE(result.status, PushStatus::rejected);
  }
  std::int64_t contacts = 0;
  std::int64_t minutes = 0;
  for (const auto& [id, record] : latest) {
    if (record.deleted) continue;
    ++contacts;
    minutes += record.data.at("duration_min").as_int64();
  }
  EXPECT_EQ(sum_counter("contacts"), contacts);
  EXPECT_EQ(sum_counter("minutes"), minutes);
  const auto incremental = all_rows();
  ASSERT_TRUE(store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "", ""}).ok());
  EXPECT_EQ(all_rows(), incremental);
}

TEST_F(RollupIngestTest, RollupsThatDisagreeWithTheStoreRollTheWholeBatchBack) {
  core::Record record = field_contact(core::make_uuid_v4(), 1);
  push(anna_, {record});
  {
    // Simulate a bug elsewhere: the rollups lost the contact the record added.
    sqlite::Connection tamper(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
    tamper.exec("DELETE FROM rollup_counter WHERE counter = 'minutes'");
  }
  const auto before = store_->row_counts();
  core::Record edited = record;
  edited.hlc = core::Hlc{now_ - 30'000, 0, "node-1"}.to_string();
  edited.data["duration_min"] = 10;
  core::Record fresh = field_contact(core::make_uuid_v4(), 2);
  fresh.occurred_at = core::format_rfc3339(now_ - 3 * 86'400'000);  // another day: its counters do not mask
  PushBatch batch{core::make_uuid_v4(), anna_.user.id, anna_.device.id, anna_.user.team_id, {}, std::nullopt};
  batch.items.push_back({fresh.id, fresh, std::nullopt});
  batch.items.push_back({edited.id, edited, std::nullopt});
  auto outcome = store_->apply_push_batch(batch, {anna_.user.id, "push", "", ""});
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.problem().status, 500);
  EXPECT_EQ(outcome.problem().code, "rollup_inconsistent");
  EXPECT_EQ(store_->row_counts(), before) << "not even the healthy record of the batch is stored";
}

TEST_F(RollupIngestTest, RowsAreScopedByTheTeamAndDistrictOfTheFirstVersion) {
  push(anna_, {field_contact(core::make_uuid_v4(), 1)});
  push(bert_, {field_contact(core::make_uuid_v4(), 2)});
  const auto rows = store_->rollup_rows({RollupKind::contact_daily, "2000-01-01", "2100-12-31", std::nullopt,
                                         anna_.user.team_id});
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) EXPECT_EQ(row.key.team_id, anna_.user.team_id);
  EXPECT_EQ(rows.front().key.district_id, store_->find_team(anna_.user.team_id)->district_id);
}

TEST_F(RollupIngestTest, RecordsStoredBeforeAnalyticsAreCountedOnceAtTheNextStart) {
  push(anna_, {field_contact(core::make_uuid_v4(), 1), field_contact(core::make_uuid_v4(), 2)});
  const auto counted = all_rows();
  {
    // What migration 0003 leaves behind on a database that already held records.
    sqlite::Connection old(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
    old.exec("DELETE FROM rollup_counter; INSERT INTO rollup_rebuild_pending (id) VALUES (1)");
  }
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  EXPECT_EQ(all_rows(), counted);
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  EXPECT_EQ(all_rows(), counted) << "the marker is gone: a second start does not count them again";
}

TEST_F(RollupIngestTest, TheCaseKeySecretIsCreatedOwnerOnlyAndKeptAcrossRestarts) {
  const auto file = dir_ / "case_key.secret";
  ASSERT_TRUE(std::filesystem::exists(file));
  const auto perms = std::filesystem::status(file).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  push(anna_, {field_contact(core::make_uuid_v4(), 1)});
  const auto before = all_rows();
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  ASSERT_TRUE(store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "", ""}).ok());
  EXPECT_EQ(all_rows(), before) << "a restart must not change the secret (it would split every case)";
}

}  // namespace
}  // namespace faltlogg::server::testing
