// Review state in the facts (decision 0074): which counters a review gives a record, that a change of
// review moves only those, and D2/D3 of datakvalitet on a fixture against counts made by hand.
#include "faltlogg/analytics/cell_key.hpp"
#include "faltlogg/analytics/criteria_pack.hpp"
#include "faltlogg/analytics/criteria_report.hpp"
#include "faltlogg/analytics/record_facts.hpp"

#include "fixture_records.hpp"

#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;
namespace fat = faltlogg::server::analytics::testing;

namespace {

constexpr faltlogg::core::Millis kDay = 86'400'000;

std::int64_t get(const fa::Counters& counters, std::string_view name) {
  const auto it = counters.find(name);
  return it == counters.end() ? 0 : it->second;
}

fat::FixtureRecord first_of(const char* fixture) { return fat::load_fixture(fixture).at(0); }

fa::RecordFacts facts_of(const fat::FixtureRecord& fixture) {
  auto facts = fa::facts_for_record(fixture.record, fat::context_of(fixture));
  EXPECT_TRUE(facts.ok()) << (facts.ok() ? "" : facts.problem().detail);
  return facts.ok() ? *facts : fa::RecordFacts{};
}

}  // namespace

TEST(ReviewFacts, AnUnreviewedRecordHasNoReviewCounters) {
  const auto facts = facts_of(first_of("field_contacts_march_2026.json"));
  ASSERT_EQ(facts.contributions.size(), 1u);
  for (const char* name : {"reviewed", "needs_changes", "reviewed_within_14d"}) {
    EXPECT_EQ(facts.contributions[0].counters.count(name), 0u) << name;
  }
}

TEST(ReviewFacts, TheLatestStateAndTheFirstReviewsTimeDecide) {
  auto fixture = first_of("field_contacts_march_2026.json");
  fixture.review = {"approved", fixture.received_at + 14 * kDay};  // exactly 14 days: in time
  auto row = facts_of(fixture).contributions.at(0).counters;
  EXPECT_EQ(get(row, "reviewed"), 1);
  EXPECT_EQ(get(row, "needs_changes"), 0);
  EXPECT_EQ(get(row, "reviewed_within_14d"), 1);
  fixture.review = {"needs_changes", fixture.received_at + 14 * kDay + 1};  // a millisecond late
  row = facts_of(fixture).contributions.at(0).counters;
  EXPECT_EQ(get(row, "reviewed"), 1);
  EXPECT_EQ(get(row, "needs_changes"), 1);
  EXPECT_EQ(get(row, "reviewed_within_14d"), 0);
  fixture.record.deleted = true;
  EXPECT_TRUE(facts_of(fixture).contributions.empty()) << "a deleted record counts nowhere, reviewed or not";
}

TEST(ReviewFacts, FamilySessionsCountOnTheirSessionRowNeverOnTheCaseRow) {
  auto fixture = first_of("family_sessions_spring_2026.json");
  fixture.review = {"needs_changes", fixture.received_at + kDay};
  const auto facts = facts_of(fixture);
  ASSERT_EQ(facts.contributions.size(), 2u);
  for (const auto& row : facts.contributions) {
    const bool session = row.key.kind == fa::RollupKind::session_daily;
    EXPECT_EQ(get(row.counters, "reviewed"), session ? 1 : 0) << fa::to_string(row.key.kind);
    EXPECT_EQ(get(row.counters, "needs_changes"), session ? 1 : 0);
    EXPECT_TRUE(fa::is_known_counter(row.key.kind, "reviewed") == session);
  }
}

TEST(ReviewFacts, AChangeOfReviewMovesTheReviewCountersAndTheRecordsKey) {
  auto before = first_of("field_contacts_march_2026.json");
  auto after = before;
  before.review = {"needs_changes", before.received_at + 20 * kDay};
  after.review = {"approved", before.received_at + 20 * kDay};
  const auto old_facts = facts_of(before);
  const auto new_facts = facts_of(after);
  auto deltas = fa::rollup_deltas_for_change(&old_facts, &new_facts);
  ASSERT_EQ(deltas.size(), 1u);
  const std::string key_counter(fa::kRecordKeyCounter);
  // A new key draws new noise for the cell, as a late record does; the contact itself stays.
  EXPECT_EQ(deltas[0].counters.count(key_counter), 1u);
  deltas[0].counters.erase(key_counter);
  EXPECT_EQ(deltas[0].counters, (fa::Counters{{"needs_changes", -1}}));
  const auto unreviewed = facts_of(first_of("field_contacts_march_2026.json"));
  auto first_review = fa::rollup_deltas_for_change(&unreviewed, &old_facts);
  ASSERT_EQ(first_review.size(), 1u);
  first_review[0].counters.erase(key_counter);
  EXPECT_EQ(first_review[0].counters, (fa::Counters{{"needs_changes", 1}, {"reviewed", 1}}));
  auto again = before;
  again.review.first_reviewed_at = before.received_at + 19 * kDay;  // still late: the same facts, same key
  const auto again_facts = facts_of(again);
  EXPECT_TRUE(fa::rollup_deltas_for_change(&old_facts, &again_facts).empty());
  EXPECT_EQ(get(unreviewed.contributions.at(0).counters, key_counter),
            static_cast<std::int64_t>(fa::record_key(before.record.id, fat::kTestCaseSecret)))
      << "an unreviewed record keeps the key of its id";
}

// 47 records, 2 of them deleted (40, 41) and 2 in April (45, 46): 43 contacts in March. Records 0..39 reviewed: every third (0, 3, …, 39: 14 records) last
// said "needs changes", the even ones (20) were first reviewed 10 days after arrival, the odd ones 20.
TEST(ReviewFacts, D2AndD3OfDatakvalitetMatchCountsMadeByHand) {
  auto records = fat::load_fixture("field_contacts_march_2026.json");
  ASSERT_EQ(records.size(), 47u);
  for (std::size_t i = 0; i < 40; ++i) {
    auto& fixture = records[i];
    ASSERT_FALSE(fixture.record.deleted) << i;
    fixture.review = {i % 3 == 0 ? "needs_changes" : "approved", fixture.received_at + (i % 2 == 0 ? 10 : 20) * kDay};
  }
  auto pack = fa::load_criteria_pack_file(std::string(FALTLOGG_CRITERIA_DIR_FOR_TESTS) + "/datakvalitet.v1.json");
  ASSERT_TRUE(pack.ok()) << pack.problem().detail;
  const fa::ReportPeriod march{std::chrono::year{2026} / 3 / 1, std::chrono::year{2026} / 3 / 31};
  auto report = fa::evaluate_criteria(*pack, fat::rollups_of(records).rows(), march, {});
  ASSERT_TRUE(report.ok()) << report.problem().detail;
  ASSERT_EQ(report->results.size(), 3u);
  const auto& d2 = report->results[1];
  const auto& d3 = report->results[2];
  ASSERT_EQ(d2.id, "D2");
  EXPECT_EQ(d2.measures.at("numerator"), 14);
  EXPECT_EQ(d2.measures.at("denominator"), 40);
  EXPECT_DOUBLE_EQ(d2.value.value(), 14.0 / 40);
  EXPECT_EQ(d2.status, fa::CriterionStatus::not_met) << "at most 10 % may need changes";
  ASSERT_EQ(d3.id, "D3");
  EXPECT_EQ(d3.measures.at("numerator"), 20);
  EXPECT_EQ(d3.measures.at("denominator"), 43);
  EXPECT_EQ(d3.status, fa::CriterionStatus::not_met) << "20 of 43 is below 80 %";
}
