// Rollups at ingest (SqliteStore::apply_push_batch): after any mix of new records, edits, deletions,
// duplicates and stale versions, the incremental rollups equal a rebuild from the stored records, and
// the record counters equal what the surviving records say.
#include "api_fixture.hpp"

#include "api/analytics_api.hpp"
#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/cell_key.hpp"
#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/analytics/table_render.hpp"
#include "store/rollup_store.hpp"
#include "store/sqlite_db.hpp"
#include "faltlogg/core/json.hpp"

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

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

  std::vector<analytics::RollupRow> rows_at(analytics::RollupGrain grain) {
    std::vector<analytics::RollupRow> rows;
    for (RollupKind kind : {RollupKind::contact_daily, RollupKind::session_daily}) {
      RollupQuery query{kind, "2000-01", "2100-12", std::nullopt, std::nullopt};
      query.grain = grain;
      auto some = store_->rollup_rows(query);
      rows.insert(rows.end(), some.begin(), some.end());
    }
    return rows;
  }

  // The coarse rows with_coarser_grains derives from everything stored at base, by grain.
  std::vector<analytics::RollupRow> expected_at(analytics::RollupGrain grain) {
    std::vector<analytics::RollupRow> rows;
    for (auto& row : analytics::with_coarser_grains(all_rows())) {
      if (row.key.grain == grain) rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return rows;
  }

  void expect_coarse_grains_are_sums_of_base() {
    for (auto grain : {analytics::RollupGrain::month, analytics::RollupGrain::district_month,
                       analytics::RollupGrain::team_month}) {
      const auto stored = rows_at(grain);
      EXPECT_FALSE(stored.empty());
      EXPECT_EQ(stored, expected_at(grain)) << analytics::to_string(grain);
    }
  }

  std::int64_t sum_counter(const std::string& counter) {
    std::int64_t sum = 0;
    for (const auto& row : all_rows()) {
      if (auto it = row.counters.find(counter); it != row.counters.end()) sum += it->second;
    }
    return sum;
  }

  // Forty batches of new records, edits of arena and minutes, and deletions by two authors in two teams;
  // returns what each record is now.
  std::map<std::string, core::Record> random_history(std::uint32_t seed) {
    std::mt19937 rng(seed);
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
    return latest;
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
  const auto latest = random_history(6);
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
  expect_coarse_grains_are_sums_of_base();
  const auto monthly = rows_at(analytics::RollupGrain::month);
  ASSERT_TRUE(store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "", ""}).ok());
  EXPECT_EQ(all_rows(), incremental);
  EXPECT_EQ(rows_at(analytics::RollupGrain::month), monthly) << "a rebuild recounts the month grains too";
  expect_coarse_grains_are_sums_of_base();
}

TEST_F(RollupIngestTest, RollupsThatDisagreeWithTheStoreRollTheWholeBatchBack) {
  core::Record record = field_contact(core::make_uuid_v4(), 1);
  push(anna_, {record});
  {
    // Simulate a bug elsewhere: the rollups lost the contact the record added.
    sqlite::Connection tamper(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
    tamper.exec("DELETE FROM rollup_cell WHERE grain = 'base'");
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
    old.exec("DELETE FROM rollup_cell; INSERT INTO rollup_rebuild_pending (id) VALUES (1)");
  }
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  EXPECT_EQ(all_rows(), counted);
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  EXPECT_EQ(all_rows(), counted) << "the marker is gone: a second start does not count them again";
}

// Decision 0027: rollups written before record keys existed get them from the records at the next start
// (migration 0004 marks the rebuild), once.
TEST_F(RollupIngestTest, RollupsWrittenBeforeRecordKeysGetThemOnceAtTheNextStart) {
  push(anna_, {field_contact(core::make_uuid_v4(), 1), field_contact(core::make_uuid_v4(), 2)});
  const auto counted = all_rows();
  const std::string key_counter(analytics::kRecordKeyCounter);
  ASSERT_FALSE(counted.empty());
  for (const auto& row : counted) ASSERT_GT(row.counters.count(key_counter), 0u);
  // What a database from before 0027 holds: the same counts without key sums, and no migration 0004.
  auto without_keys = counted;
  for (auto& row : without_keys) row.counters.erase(key_counter);
  rewrite_as_before_migration(4, without_keys);
  reopen_store();
  EXPECT_EQ(all_rows(), counted);
  for (auto grain : {analytics::RollupGrain::month, analytics::RollupGrain::district_month}) {
    for (const auto& row : rows_at(grain)) EXPECT_GT(row.counters.count(key_counter), 0u);
  }
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

// Decision 0026: reports over whole months read the month grains. Whatever the history, they must say
// exactly what the reference evaluation over the base (day) rows says, for every scope a caller can have.
TEST_F(RollupIngestTest, ReportsFromTheMonthGrainsEqualTheReferenceOverDays) {
  random_history(26);
  const auto packs = analytics::load_criteria_directory(analytics::default_criteria_dir());
  ASSERT_TRUE(packs.ok()) << packs.problem().detail;
  const auto* pack = latest_pack_for_form(*packs, analytics::kFieldContactForm);
  ASSERT_NE(pack, nullptr);
  const auto first = analytics::to_stockholm_local(now_ - 45LL * 86'400'000).date;
  const auto last = analytics::to_stockholm_local(now_).date;
  using namespace std::chrono;
  const analytics::ReportPeriod months{first.year() / first.month() / 1, analytics::Date{last.year() / last.month() / std::chrono::last}};
  const analytics::ReportPeriod days{first, last};  // not whole months: read from the day rows
  const auto base = all_rows();
  const std::string district = store_->find_team(anna_.user.team_id)->district_id;
  const std::vector<analytics::ReportScope> scopes{{std::nullopt, std::nullopt}, {district, std::nullopt},
                                                   {district, anna_.user.team_id}};
  for (const auto& period : {months, days}) {
    for (const auto& scope : scopes) {
      auto ours = criteria_report_from_store(*store_, *pack, period, scope, {});
      auto reference = analytics::evaluate_criteria(*pack, base, period, scope, {});
      ASSERT_TRUE(ours.ok() && reference.ok());
      EXPECT_EQ(analytics::report_to_json(*ours), analytics::report_to_json(*reference))
          << analytics::format_date(period.from) << " team " << scope.team_id.value_or("*");
      EXPECT_GT(ours->results.front().measures.at("records"), 0);
    }
  }
  struct Ask {
    std::vector<std::string> by;
    analytics::ReportScope scope;
    analytics::Audience audience;
  };
  const std::vector<Ask> asks{{{"district_id", "arena"}, {}, analytics::Audience::evaluator},
                              {{"arena", "time_band"}, {district, std::nullopt}, analytics::Audience::evaluator},
                              {{"month"}, {}, analytics::Audience::evaluator},
                              {{"team_id", "arena"}, {district, anna_.user.team_id}, analytics::Audience::team_lead},
                              {{"week"}, {district, anna_.user.team_id}, analytics::Audience::team_lead}};
  for (const analytics::ReportPeriod* each : {&months, &days}) {
    const analytics::ReportPeriod& period = *each;
    for (const auto& ask : asks) {
      for (const char* measure : {"contacts", "minutes"}) {
        // Evaluators see whole months only; the library lets a team-lead audience read days at any scope.
        const auto audience = &period == &days ? analytics::Audience::team_lead : ask.audience;
        analytics::AggregateRequest request{RollupKind::contact_daily, measure, ask.by, period, ask.scope,
                                            audience, analytics::SuppressionPolicy{3}};
        auto ours = build_aggregate_from_store(*store_, request);
        auto reference = analytics::build_aggregate(base, request);
        ASSERT_TRUE(ours.ok() && reference.ok()) << ask.by.front();
        ours->names.clear();  // display names come from the districts and teams, not from the rollups
        EXPECT_EQ(analytics::aggregate_to_json(*ours), analytics::aggregate_to_json(*reference))
            << ask.by.front() << " " << measure;
      }
    }
  }
}

TEST_F(RollupIngestTest, ReadingSumsOverWhatTheQueryDoesNotKeepAndReadsOnlyTheCountersAsked) {
  random_history(7);
  RollupQuery query{RollupKind::contact_daily, "2000-01", "2100-12", std::nullopt, std::nullopt};
  query.grain = analytics::RollupGrain::district_month;
  const auto stored = store_->rollup_rows(query);
  query.keep = std::vector<std::string>{"arena"};
  query.counters = {"minutes", "youths."};
  const auto summed = store_->rollup_rows(query);
  std::map<analytics::RollupKey, analytics::Counters> expected;
  for (const auto& row : stored) {
    analytics::RollupKey key = row.key;
    key.district_id.clear();
    std::erase_if(key.dimensions, [](const auto& entry) { return entry.first != "arena"; });
    for (const auto& [name, value] : row.counters) {
      if (name == "minutes" || name.rfind("youths.", 0) == 0) expected[key][name] += value;
    }
  }
  std::vector<analytics::RollupRow> expected_rows;
  for (auto& [key, counters] : expected) expected_rows.push_back({key, counters});
  EXPECT_EQ(summed, expected_rows);
  EXPECT_LT(summed.size(), stored.size());
  for (const auto& row : summed) {
    EXPECT_EQ(row.counters.count("contacts"), 0u) << "a counter not asked for is not read";
    EXPECT_EQ(row.counters.count("youths"), 0u) << "a prefix matches only names that continue it";
  }
}

// Group commit (decision 0080): when a group's summed rollups would go below zero, the group is rolled back
// and retried batch by batch, so only the batch at fault is refused; a healthy batch of that group is stored
// and counted in full, exactly once.
TEST_F(RollupIngestTest, AHealthyBatchRetriedOutOfAFailedGroupIsCountedInFull) {
  core::Record record = field_contact(core::make_uuid_v4(), 1);
  push(anna_, {record});
  {
    sqlite::Connection tamper(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
    tamper.exec("DELETE FROM rollup_cell WHERE grain = 'base'");  // a bug elsewhere lost anna's contact
  }
  std::mutex mutex;
  int groups = 0;
  std::atomic<bool> others_started{false};
  store_->set_before_group_commit([&](std::size_t) {
    {
      std::lock_guard lock(mutex);
      if (++groups != 1) return;
    }
    // The first group holds the writer until the two pushes below have queued behind it.
    while (!others_started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  });
  auto batch_of = [](const Principal& who, std::vector<core::Record> records) {
    PushBatch batch{core::make_uuid_v4(), who.user.id, who.device.id, who.user.team_id, {}, std::nullopt};
    for (auto& r : records) batch.items.push_back({r.id, std::move(r), std::nullopt});
    return batch;
  };
  core::Record held = field_contact(core::make_uuid_v4(), 2);
  held.occurred_at = core::format_rfc3339(now_ - 2 * 86'400'000);
  core::Record edited = record;
  edited.hlc = core::Hlc{now_ - 30'000, 0, "node-1"}.to_string();
  edited.data["duration_min"] = 10;
  std::vector<core::Record> healthy;
  for (std::uint32_t i = 0; i < 3; ++i) healthy.push_back(field_contact(core::make_uuid_v4(), 10 + i));
  std::optional<core::Result<PushOutcome>> first, broken, good;
  std::thread leader([&] { first = store_->apply_push_batch(batch_of(anna_, {held}), {anna_.user.id, "push", "", ""}); });
  for (bool committing = false; !committing; std::this_thread::sleep_for(std::chrono::milliseconds(1))) {
    std::lock_guard lock(mutex);
    committing = groups > 0;
  }
  std::thread t1([&] { broken = store_->apply_push_batch(batch_of(anna_, {edited}), {anna_.user.id, "push", "", ""}); });
  std::thread t2([&] { good = store_->apply_push_batch(batch_of(bert_, healthy), {bert_.user.id, "push", "", ""}); });
  others_started = true;
  for (std::thread* t : {&leader, &t1, &t2}) t->join();

  ASSERT_TRUE(first && first->ok());
  ASSERT_TRUE(broken && !broken->ok());
  EXPECT_EQ(broken->problem().code, "rollup_inconsistent");
  ASSERT_TRUE(good && good->ok()) << good->problem().detail;
  EXPECT_EQ((*good)->accepted, 3u);
  std::int64_t bert_contacts = 0;
  for (const auto& row : all_rows()) {
    if (row.key.team_id != bert_.user.team_id) continue;
    if (auto it = row.counters.find("contacts"); it != row.counters.end()) bert_contacts += it->second;
  }
  EXPECT_EQ(bert_contacts, 3) << "the retried batch's records are counted once each";
}

TEST_F(RollupIngestTest, AStoredRowThatDoesNotDecodeIsAnErrorNotAZero) {
  push(anna_, {field_contact(core::make_uuid_v4(), 1)});
  {
    sqlite::Connection tamper(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
    tamper.exec("UPDATE rollup_cell SET counters = x'05' WHERE grain = 'month'");
  }
  RollupQuery query{RollupKind::contact_daily, "2000-01", "2100-12", std::nullopt, std::nullopt};
  query.grain = analytics::RollupGrain::month;
  EXPECT_THROW(store_->rollup_rows(query), std::runtime_error);
  const auto before = store_->row_counts();
  core::Record another = field_contact(core::make_uuid_v4(), 2);
  PushBatch batch{core::make_uuid_v4(), anna_.user.id, anna_.device.id, anna_.user.team_id, {}, std::nullopt};
  batch.items.push_back({another.id, another, std::nullopt});
  auto outcome = store_->apply_push_batch(batch, {anna_.user.id, "push", "", ""});
  ASSERT_FALSE(outcome.ok()) << "a push must not overwrite a row it cannot read";
  EXPECT_EQ(outcome.problem().code, "rollup_inconsistent");
  EXPECT_EQ(store_->row_counts(), before);
}

}  // namespace
}  // namespace faltlogg::server::testing
