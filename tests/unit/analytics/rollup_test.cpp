#include "faltlogg/analytics/rollup.hpp"

#include "fixture_records.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <random>

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

TEST(Rollup, SchemaAndUpsertWorkInSqliteAndReportNegativeValues) {
  Db db;
  ASSERT_EQ(db.exec(fa::kRollupSchemaSql), SQLITE_OK) << sqlite3_errmsg(db.handle);
  sqlite3_stmt* upsert = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.handle, std::string(fa::kRollupUpsertSql).c_str(), -1, &upsert, nullptr), SQLITE_OK);
  sqlite3_stmt* cleanup = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db.handle, std::string(fa::kRollupDeleteZeroSql).c_str(), -1, &cleanup, nullptr),
            SQLITE_OK);
  auto apply = [&](std::int64_t delta) {
    const char* key[] = {"contact_daily", "2026-03-06", "D1", "T1", "arena=skola", "contacts"};
    for (int i = 0; i < 6; ++i) {
      sqlite3_bind_text(upsert, i + 1, key[i], -1, SQLITE_STATIC);
      sqlite3_bind_text(cleanup, i + 1, key[i], -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(upsert, 7, delta);
    EXPECT_EQ(sqlite3_step(upsert), SQLITE_ROW);
    const std::int64_t value = sqlite3_column_int64(upsert, 0);
    sqlite3_reset(upsert);
    EXPECT_EQ(sqlite3_step(cleanup), SQLITE_DONE);
    sqlite3_reset(cleanup);
    return value;
  };
  EXPECT_EQ(apply(3), 3);
  EXPECT_EQ(apply(2), 5);
  EXPECT_EQ(apply(-5), 0);
  sqlite3_stmt* count = nullptr;
  sqlite3_prepare_v2(db.handle, "SELECT count(*) FROM rollup_counter", -1, &count, nullptr);
  ASSERT_EQ(sqlite3_step(count), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(count, 0), 0);  // back to zero: the row is gone
  sqlite3_finalize(count);
  EXPECT_EQ(apply(-1), -1);  // the store must see this and roll back
  sqlite3_finalize(upsert);
  sqlite3_finalize(cleanup);
}
