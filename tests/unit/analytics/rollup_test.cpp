#include "faltlogg/analytics/rollup.hpp"

#include "fixture_records.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>

namespace fa = faltlogg::server::analytics;
namespace json = boost::json;

namespace {

fa::RollupRow row(const char* day, const char* arena, fa::Counters counters) {
  return fa::RollupRow{fa::RollupKey{fa::RollupKind::contact_daily, day, "D1", "T1",
                                     {{"arena", arena}, {"contact_kind", "relation"}, {"time_band", "dag"}}},
                       std::move(counters)};
}

// The fixture's records with their facts, for replaying in different orders.
std::vector<fa::RecordFacts> fixture_facts() {
  std::vector<fa::RecordFacts> out;
  for (const auto& fixture : fa::testing::load_fixture("field_contacts_march_2026.json")) {
    auto facts = fa::facts_for_record(fixture.record, fa::testing::context_of(fixture));
    EXPECT_TRUE(facts.ok());
    if (facts) out.push_back(std::move(*facts));
  }
  for (const auto& fixture : fa::testing::load_fixture("family_sessions_spring_2026.json")) {
    auto facts = fa::facts_for_record(fixture.record, fa::testing::context_of(fixture));
    EXPECT_TRUE(facts.ok());
    if (facts) out.push_back(std::move(*facts));
  }
  return out;
}

struct Db {
  sqlite3* handle = nullptr;
  Db() { sqlite3_open(":memory:", &handle); }
  ~Db() { sqlite3_close(handle); }
  int exec(std::string_view sql) { return sqlite3_exec(handle, std::string(sql).c_str(), nullptr, nullptr, nullptr); }
};

}  // namespace

TEST(Rollup, AddingAndRemovingTheSameFactsLeavesNothing) {
  const auto facts = fixture_facts();
  ASSERT_GT(facts.size(), 40u);
  fa::RollupSet set;
  for (const auto& f : facts) ASSERT_TRUE(set.apply(fa::rollup_deltas(f, +1)).ok());
  EXPECT_FALSE(set.empty());
  for (const auto& f : facts) ASSERT_TRUE(set.apply(fa::rollup_deltas(f, -1)).ok());
  EXPECT_TRUE(set.empty());
}

TEST(Rollup, OrderOfWritesDoesNotMatter) {
  auto facts = fixture_facts();
  fa::RollupSet in_order;
  for (const auto& f : facts) ASSERT_TRUE(in_order.apply(fa::rollup_deltas(f, +1)).ok());
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(facts.begin(), facts.end(), rng);
    fa::RollupSet shuffled;
    // Add everything, remove a random half, then add that half back: the same rollups must result.
    for (const auto& f : facts) ASSERT_TRUE(shuffled.apply(fa::rollup_deltas(f, +1)).ok());
    for (std::size_t i = 0; i < facts.size() / 2; ++i) ASSERT_TRUE(shuffled.apply(fa::rollup_deltas(facts[i], -1)).ok());
    for (std::size_t i = 0; i < facts.size() / 2; ++i) ASSERT_TRUE(shuffled.apply(fa::rollup_deltas(facts[i], +1)).ok());
    EXPECT_EQ(shuffled.rows(), in_order.rows()) << "round " << round;
  }
}

TEST(Rollup, RandomEditsAndDeletionsAlwaysEqualARebuildFromTheLiveRecords) {
  // Simulates the store: each write replaces a record's previous version (subtract old facts, add new);
  // at the end the incrementally kept rollups must equal a rebuild from the surviving records.
  auto fixtures = fa::testing::load_fixture("field_contacts_march_2026.json");
  std::vector<fa::testing::FixtureRecord> live;
  for (const auto& f : fixtures) {
    if (!f.record.deleted) live.push_back(f);
  }
  std::mt19937 rng(2026);
  const std::vector<std::string> arenas{"skola", "fritid", "utomhus", "digital"};
  const std::vector<std::string> times{"2026-03-06T19:00:00.000Z", "2026-03-29T00:30:00.000Z",
                                       "2026-03-29T01:30:00.000Z", "2026-06-19T10:00:00.000Z"};
  std::map<std::size_t, fa::testing::FixtureRecord> current;
  fa::RollupSet kept;
  auto facts_of = [](const fa::testing::FixtureRecord& f) {
    auto facts = fa::facts_for_record(f.record, fa::testing::context_of(f));
    EXPECT_TRUE(facts.ok());
    return facts.ok() ? *facts : fa::RecordFacts{};
  };
  for (int step = 0; step < 2000; ++step) {
    const std::size_t which = rng() % live.size();
    fa::testing::FixtureRecord next = live[which];
    const auto it = current.find(which);
    if (it != current.end()) next = it->second;
    switch (rng() % 4) {
      case 0: next.record.data["arena"] = arenas[rng() % arenas.size()]; break;
      case 1: next.record.occurred_at = times[rng() % times.size()]; break;
      case 2: next.record.data["in_pair"] = !next.record.data["in_pair"].as_bool(); break;
      case 3: next.record.deleted = !next.record.deleted; break;
    }
    const fa::RecordFacts after = facts_of(next);
    if (it == current.end()) {
      ASSERT_TRUE(kept.apply(fa::rollup_deltas_for_change(nullptr, &after)).ok());
    } else {
      const fa::RecordFacts before = facts_of(it->second);
      ASSERT_TRUE(kept.apply(fa::rollup_deltas_for_change(&before, &after)).ok());
    }
    current[which] = next;
  }
  fa::RollupSet rebuilt;
  for (const auto& [index, record] : current) ASSERT_TRUE(rebuilt.apply(fa::rollup_deltas(facts_of(record), +1)).ok());
  EXPECT_EQ(kept.rows(), rebuilt.rows());
  EXPECT_FALSE(kept.empty());
}

TEST(Rollup, AnEditMovesCountsFromTheOldKeyToTheNew) {
  const fa::RecordFacts before{{row("2026-03-06", "skola", {{"contacts", 1}, {"minutes", 30}})}};
  const fa::RecordFacts after{{row("2026-03-07", "skola", {{"contacts", 1}, {"minutes", 45}})}};
  fa::RollupSet set;
  ASSERT_TRUE(set.apply(fa::rollup_deltas(before, +1)).ok());
  const auto deltas = fa::rollup_deltas_for_change(&before, &after);
  ASSERT_EQ(deltas.size(), 2u);
  ASSERT_TRUE(set.apply(deltas).ok());
  EXPECT_EQ(set.rows(), (std::vector<fa::RollupRow>{row("2026-03-07", "skola", {{"contacts", 1}, {"minutes", 45}})}));
  // An edit of what rollups do not see (e.g. notes) yields no deltas at all.
  EXPECT_TRUE(fa::rollup_deltas_for_change(&after, &after).empty());
  // Deletion: new facts are empty.
  ASSERT_TRUE(set.apply(fa::rollup_deltas_for_change(&after, nullptr)).ok());
  EXPECT_TRUE(set.empty());
}

TEST(Rollup, RemovingFactsNeverAddedIsRefusedAndChangesNothing) {
  fa::RollupSet set;
  ASSERT_TRUE(set.apply({row("2026-03-06", "skola", {{"contacts", 2}})}).ok());
  const auto before = set.rows();
  auto status = set.apply({row("2026-03-06", "skola", {{"contacts", -1}}), row("2026-03-06", "fritid", {{"contacts", -1}})});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.problem().code, "rollup_inconsistent");
  EXPECT_EQ(set.rows(), before);
}

TEST(Rollup, DimensionValuesForGrouping) {
  const auto key = row("2026-06-19", "digital", {}).key;
  EXPECT_EQ(fa::dimension_value(key, "day"), "2026-06-19");
  EXPECT_EQ(fa::dimension_value(key, "week"), "2026-W25");
  EXPECT_EQ(fa::dimension_value(key, "month"), "2026-06");
  EXPECT_EQ(fa::dimension_value(key, "district_id"), "D1");
  EXPECT_EQ(fa::dimension_value(key, "arena"), "digital");
  EXPECT_FALSE(fa::dimension_value(key, "setting").has_value());
  fa::RollupKey monthly{fa::RollupKind::case_monthly, "2026-06", "D1", "F1", {{"case_key", "abc"}}};
  EXPECT_FALSE(fa::dimension_value(monthly, "day").has_value());
  EXPECT_EQ(fa::dimension_value(monthly, "month"), "2026-06");
}

TEST(Rollup, DimensionEncodingRoundTripsAndCannotBeForged) {
  const std::map<std::string, std::string> dims{{"arena", "a;time_band=natt"}, {"contact_kind", "x%y=z"}};
  const std::string text = fa::encode_dimensions(dims);
  EXPECT_EQ(text.find(";time_band="), std::string::npos);
  EXPECT_EQ(fa::decode_dimensions(text), dims);
  EXPECT_EQ(fa::decode_dimensions(""), (std::map<std::string, std::string>{}));
  for (const char* bad : {"arena", "arena=a;", "=a", "arena=a;arena=b", "arena=%4", "arena=%ZZ", "a=b=c"}) {
    EXPECT_FALSE(fa::decode_dimensions(bad).has_value()) << bad;
  }
}

// The store's migration that creates the rollup tables: the one schema, read as the server embeds it.
static std::string rollup_migration_sql() {
  std::ifstream in(FALTLOGG_ROLLUP_MIGRATION);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Rollup, SchemaCreatesAndItsStatementsPrepareInSqlite) {
  Db db;
  const std::string schema = rollup_migration_sql();
  ASSERT_NE(schema.find("CREATE TABLE IF NOT EXISTS rollup_cell"), std::string::npos) << FALTLOGG_ROLLUP_MIGRATION;
  ASSERT_EQ(db.exec(schema), SQLITE_OK) << sqlite3_errmsg(db.handle);
  ASSERT_EQ(db.exec(schema), SQLITE_OK) << "databases written before the migration already hold the tables";
  for (std::string_view sql : {fa::kRollupSelectCellSql, fa::kRollupDeleteCellSql, fa::kRollupUpsertCellSql}) {
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db.handle, std::string(sql).c_str(), -1, &statement, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db.handle);
    sqlite3_finalize(statement);
  }
  // The grain and kind columns refuse values this code never writes.
  EXPECT_NE(db.exec("INSERT INTO rollup_cell VALUES ('week', 'contact_daily', '2026-03', 'D', 'T', '', x'0102')"),
            SQLITE_OK);
  EXPECT_EQ(db.exec("INSERT INTO rollup_cell VALUES ('month', 'contact_daily', '2026-03', 'D', 'T', '', x'0102')"),
            SQLITE_OK);
}

TEST(Rollup, CounterBlobRoundTripsEveryValueAndRefusesWhatItNeverWrites) {
  const fa::CounterIds counters{{0, 1}, {1, -1}, {2, 63}, {3, -64}, {127, 64}, {128, 1'000'000},
                                {300, std::numeric_limits<std::int64_t>::max()},
                                {4'000'000'000u, std::numeric_limits<std::int64_t>::min()}};
  const std::string blob = fa::encode_counter_blob(counters);
  EXPECT_EQ(fa::decode_counter_blob(blob), counters);
  EXPECT_EQ(fa::decode_counter_blob(""), fa::CounterIds{});
  EXPECT_EQ(fa::encode_counter_blob({{1, 1}}).size(), 2u) << "small ids and counts take a byte each";
  const std::string truncated = blob.substr(0, blob.size() - 1);
  for (const std::string& bad : {truncated, fa::encode_counter_blob({{2, 1}}) + fa::encode_counter_blob({{1, 1}}),
                                 fa::encode_counter_blob({{2, 1}}) + fa::encode_counter_blob({{2, 1}}),
                                 std::string("\x01\x00", 2), std::string(11, '\xff'), std::string("\x05", 1)}) {
    EXPECT_FALSE(fa::decode_counter_blob(bad).has_value()) << "a blob of " << bad.size() << " bytes";
  }
}

TEST(Rollup, CoarserGrainsAreTheSumsOfTheBaseRows) {
  const fa::RollupKey day1{fa::RollupKind::contact_daily, "2026-03-06", "D1", "T1", {{"arena", "skola"}}};
  const fa::RollupKey day2{fa::RollupKind::contact_daily, "2026-03-20", "D1", "T2", {{"arena", "skola"}}};
  const fa::RollupKey day3{fa::RollupKind::contact_daily, "2026-04-01", "D1", "T1", {{"arena", "gata"}}};
  const fa::RollupKey cases{fa::RollupKind::case_monthly, "2026-03", "D1", "F1", {{"case_key", "abc"}}};
  const std::vector<fa::RollupRow> base{{day1, {{"contacts", 2}, {"minutes", 30}}},
                                        {day2, {{"contacts", 1}}},
                                        {day3, {{"contacts", -1}}},
                                        {cases, {{"sessions", 1}}}};
  const auto all = fa::with_coarser_grains(base);
  ASSERT_GE(all.size(), base.size());
  EXPECT_TRUE(std::equal(base.begin(), base.end(), all.begin())) << "the base rows come first, unchanged";
  std::map<fa::RollupKey, fa::Counters> coarse;
  for (std::size_t i = base.size(); i < all.size(); ++i) {
    EXPECT_TRUE(coarse.emplace(all[i].key, all[i].counters).second) << "one row per coarse key";
    EXPECT_NE(all[i].key.kind, fa::RollupKind::case_monthly) << "case_monthly is monthly already";
  }
  auto key = [](std::string period, std::string team, std::map<std::string, std::string> dims, fa::RollupGrain grain) {
    return fa::RollupKey{fa::RollupKind::contact_daily, std::move(period), "D1", std::move(team), std::move(dims), grain};
  };
  using G = fa::RollupGrain;
  const std::map<fa::RollupKey, fa::Counters> expected{
      {key("2026-03", "T1", {{"arena", "skola"}}, G::month), {{"contacts", 2}, {"minutes", 30}}},
      {key("2026-03", "T2", {{"arena", "skola"}}, G::month), {{"contacts", 1}}},
      {key("2026-04", "T1", {{"arena", "gata"}}, G::month), {{"contacts", -1}}},
      {key("2026-03", "", {{"arena", "skola"}}, G::district_month), {{"contacts", 3}, {"minutes", 30}}},
      {key("2026-04", "", {{"arena", "gata"}}, G::district_month), {{"contacts", -1}}},
      {key("2026-03", "T1", {}, G::team_month), {{"contacts", 2}, {"minutes", 30}}},
      {key("2026-03", "T2", {}, G::team_month), {{"contacts", 1}}},
      {key("2026-04", "T1", {}, G::team_month), {{"contacts", -1}}},
  };
  EXPECT_EQ(coarse, expected);
  // Changes that cancel out within a month leave no coarse row at all.
  const std::vector<fa::RollupRow> cancelling{{day1, {{"contacts", 1}}},
                                              {fa::RollupKey{day1.kind, "2026-03-07", "D1", "T1", day1.dimensions},
                                               {{"contacts", -1}}}};
  EXPECT_EQ(fa::with_coarser_grains(cancelling).size(), 2u);
}

TEST(Rollup, PeriodsAndDimensionsOfMonthGrainRows) {
  using namespace std::chrono;
  const fa::RollupKey month{fa::RollupKind::contact_daily, "2026-03", "D1", "T1", {{"arena", "skola"}},
                            fa::RollupGrain::month};
  EXPECT_TRUE(fa::row_in_period(month, 2026y / March / 1, 2026y / March / 31));
  EXPECT_TRUE(fa::row_in_period(month, 2026y / February / 1, 2026y / March / 1)) << "months that overlap count";
  EXPECT_FALSE(fa::row_in_period(month, 2026y / April / 1, 2026y / April / 30));
  EXPECT_FALSE(fa::row_in_period(month, 2026y / January / 1, 2026y / February / 28));
  const fa::RollupKey day{fa::RollupKind::contact_daily, "2026-03-31", "D1", "T1", {}};
  EXPECT_TRUE(fa::row_in_period(day, 2026y / March / 31, 2026y / April / 2));
  EXPECT_FALSE(fa::row_in_period(day, 2026y / April / 1, 2026y / April / 2));
  EXPECT_EQ(fa::dimension_value(month, "month"), "2026-03");
  EXPECT_FALSE(fa::dimension_value(month, "day").has_value()) << "a month row cannot say its day";
  EXPECT_FALSE(fa::dimension_value(month, "week").has_value());
  EXPECT_EQ(fa::dimension_value(month, "team_id"), "T1");
  fa::RollupKey district = month;
  district.grain = fa::RollupGrain::district_month;
  district.team_id.clear();
  EXPECT_FALSE(fa::dimension_value(district, "team_id").has_value()) << "teams are summed away";
  EXPECT_EQ(fa::dimension_value(district, "district_id"), "D1");
  for (fa::RollupGrain grain : {fa::RollupGrain::base, fa::RollupGrain::month, fa::RollupGrain::district_month,
                                fa::RollupGrain::team_month}) {
    EXPECT_EQ(fa::rollup_grain_from_string(fa::to_string(grain)), grain);
  }
  EXPECT_FALSE(fa::rollup_grain_from_string("week").has_value());
}
