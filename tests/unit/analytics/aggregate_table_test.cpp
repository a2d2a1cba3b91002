#include "faltlogg/analytics/aggregate_table.hpp"

#include "fixture_records.hpp"
#include "suppression_checks.hpp"

#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;
namespace chr = std::chrono;

namespace {

class Aggregates : public ::testing::Test {
 protected:
  void SetUp() override {
    rows_ = fa::testing::rollups_of(fa::testing::load_fixture("field_contacts_march_2026.json")).rows();
  }
  fa::AggregateRequest request(std::vector<std::string> by, std::string measure = "contacts") const {
    fa::AggregateRequest r;
    r.measure = std::move(measure);
    r.by = std::move(by);
    r.period = {chr::year{2026} / 3 / 1, chr::year{2026} / 3 / 31};
    r.scope.district_id = "D1";
    return r;
  }
  std::vector<fa::RollupRow> rows_;
};

std::size_t index_of(const std::vector<std::string>& labels, const std::string& label) {
  const auto it = std::find(labels.begin(), labels.end(), label);
  EXPECT_NE(it, labels.end()) << label;
  return static_cast<std::size_t>(it - labels.begin());
}

}  // namespace

// Groups in D1, March: A utomhus/kvall 12, B skola/dag 8, C digital/helg 6, D fritid/natt 4,
// E centrum/dag 5, F kollektivtrafik/helg 5.
TEST_F(Aggregates, ArenaByTimeBandHidesTheSmallCellAndKeepsTheOneWayMargins) {
  auto aggregate = fa::build_aggregate(rows_, request({"arena", "time_band"}));
  ASSERT_TRUE(aggregate.ok()) << aggregate.problem().detail;
  auto& t = std::get<fa::Table2D>(aggregate->table);
  EXPECT_EQ(t.row_labels,
            (std::vector<std::string>{"centrum", "digital", "fritid", "kollektivtrafik", "skola", "utomhus"}));
  EXPECT_EQ(t.column_labels, (std::vector<std::string>{"dag", "helg", "kvall", "natt"}));
  EXPECT_EQ(t.grand_total.value, 40);
  const auto fritid = index_of(t.row_labels, "fritid");
  const auto centrum = index_of(t.row_labels, "centrum");
  const auto natt = index_of(t.column_labels, "natt");
  const auto helg = index_of(t.column_labels, "helg");
  // Primary: the 4 night contacts at fritid, its row total and the natt column total (all 4).
  EXPECT_EQ(t.cells[fritid][natt].suppression, fa::Suppression::primary);
  EXPECT_EQ(t.row_totals[fritid].suppression, fa::Suppression::primary);
  EXPECT_EQ(t.column_totals[natt].suppression, fa::Suppression::primary);
  // The margins the one-way tables hide as secondary (centrum 5 by arena, helg 11 by time band) are
  // hidden here too, and the grand total stays.
  EXPECT_EQ(t.row_totals[centrum].suppression, fa::Suppression::secondary);
  EXPECT_EQ(t.column_totals[helg].suppression, fa::Suppression::secondary);
  EXPECT_FALSE(t.grand_total.suppressed());
}

// An evaluator may fetch by=arena, by=time_band and by=arena,time_band: everything any of them shows
// counts as published, and every cell hidden in all of them must still be free to move.
TEST_F(Aggregates, OneWayAndTwoWayAggregatesTogetherRevealNoHiddenCell) {
  auto two_way = fa::build_aggregate(rows_, request({"arena", "time_band"}));
  auto by_arena = fa::build_aggregate(rows_, request({"arena"}));
  auto by_band = fa::build_aggregate(rows_, request({"time_band"}));
  ASSERT_TRUE(two_way.ok() && by_arena.ok() && by_band.ok());
  auto together = std::get<fa::Table2D>(two_way->table);
  const auto& arena = std::get<fa::Table1D>(by_arena->table);
  const auto& band = std::get<fa::Table1D>(by_band->table);
  for (std::size_t r = 0; r < arena.cells.size(); ++r) {
    if (!arena.cells[r].suppressed()) together.row_totals[r].suppression = fa::Suppression::none;
  }
  for (std::size_t c = 0; c < band.cells.size(); ++c) {
    if (!band.cells[c].suppressed()) together.column_totals[c].suppression = fa::Suppression::none;
  }
  std::vector<std::pair<std::size_t, std::size_t>> where;
  const auto movable = fa::testing::movable_by_brute_force(together, where);
  ASSERT_FALSE(movable.empty());
  for (std::size_t i = 0; i < movable.size(); ++i) {
    EXPECT_TRUE(movable[i]) << "grid cell " << where[i].first << "," << where[i].second;
  }
}

TEST_F(Aggregates, OneDimensionHidesTheSmallCellAndTheNextSmallest) {
  auto aggregate = fa::build_aggregate(rows_, request({"arena"}));
  ASSERT_TRUE(aggregate.ok());
  const auto& t = std::get<fa::Table1D>(aggregate->table);
  EXPECT_EQ(t.cells[index_of(t.labels, "fritid")].suppression, fa::Suppression::primary);
  EXPECT_EQ(t.cells[index_of(t.labels, "centrum")].suppression, fa::Suppression::secondary);  // 5, first of the 5s
  EXPECT_FALSE(t.cells[index_of(t.labels, "kollektivtrafik")].suppressed());
  EXPECT_FALSE(t.total.suppressed());
}

TEST_F(Aggregates, MinutesAreJudgedOnTheContactsBehindThem) {
  auto aggregate = fa::build_aggregate(rows_, request({"time_band"}, "minutes"));
  ASSERT_TRUE(aggregate.ok());
  const auto& t = std::get<fa::Table1D>(aggregate->table);
  const auto natt = index_of(t.labels, "natt");
  EXPECT_EQ(t.cells[natt].value, 360);  // 4 contacts x 90 minutes: large value, yet only 4 contacts
  EXPECT_TRUE(t.cells[natt].suppressed());
  EXPECT_EQ(t.total.value, 1890);
}

TEST_F(Aggregates, MonthsAndDistrictsAcrossTheCity) {
  auto r = request({"district_id", "month"});
  r.scope = {};
  r.period.to = chr::year{2026} / 4 / 30;
  auto aggregate = fa::build_aggregate(rows_, r);
  ASSERT_TRUE(aggregate.ok());
  const auto& t = std::get<fa::Table2D>(aggregate->table);
  EXPECT_EQ(t.row_labels, (std::vector<std::string>{"D1", "D2"}));
  EXPECT_EQ(t.column_labels, (std::vector<std::string>{"2026-03", "2026-04"}));
  EXPECT_EQ(t.grand_total.value, 45);  // 40 + H 3 + I 2; G is deleted
}

TEST_F(Aggregates, EvaluatorsCannotCutFinerThanMonthAndDistrict) {
  for (const char* fine : {"day", "week", "team_id"}) {
    auto refused = fa::build_aggregate(rows_, request({fine}));
    ASSERT_FALSE(refused.ok()) << fine;
    EXPECT_EQ(refused.problem().code, "forbidden");
    auto lead = request({fine});
    lead.audience = fa::Audience::team_lead;
    EXPECT_TRUE(fa::build_aggregate(rows_, lead).ok()) << fine;
  }
}

TEST_F(Aggregates, BadRequestsAreRefused) {
  auto expect_code = [&](fa::AggregateRequest r, const char* code) {
    auto result = fa::build_aggregate(rows_, r);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.problem().code, code);
  };
  expect_code(request({"arena"}, "notes"), "invalid_aggregate");
  expect_code(request({"arena"}, "concern.<script>"), "invalid_aggregate");
  expect_code(request({}), "invalid_aggregate");
  expect_code(request({"arena", "time_band", "contact_kind"}), "invalid_aggregate");
  expect_code(request({"arena", "arena"}), "invalid_aggregate");
  expect_code(request({"case_key"}), "invalid_aggregate");
  expect_code(request({"area_id"}), "invalid_aggregate");
  auto per_case = request({"month"}, "sessions");
  per_case.rollup = fa::RollupKind::case_monthly;
  expect_code(per_case, "invalid_aggregate");
  auto low_k = request({"arena"});
  low_k.policy.k = 2;
  expect_code(low_k, "invalid_threshold");
  auto backwards = request({"arena"});
  std::swap(backwards.period.from, backwards.period.to);
  expect_code(backwards, "invalid_period");
}

TEST(FamilyAggregates, SessionsBySettingAreAllSmallHereSoOnlyTheTotalShows) {
  const auto rows = fa::testing::rollups_of(fa::testing::load_fixture("family_sessions_spring_2026.json")).rows();
  fa::AggregateRequest r;
  r.rollup = fa::RollupKind::session_daily;
  r.measure = "sessions";
  r.by = {"setting"};
  r.period = {chr::year{2026} / 3 / 1, chr::year{2026} / 4 / 30};
  auto aggregate = fa::build_aggregate(rows, r);
  ASSERT_TRUE(aggregate.ok()) << aggregate.problem().detail;
  const auto& t = std::get<fa::Table1D>(aggregate->table);
  EXPECT_EQ(t.labels, (std::vector<std::string>{"digitalt", "hembesok", "mottagning", "skola", "telefon"}));
  for (const auto& cell : t.cells) EXPECT_EQ(cell.suppression, fa::Suppression::primary);
  EXPECT_EQ(t.total.value, 9);
  EXPECT_FALSE(t.total.suppressed());
  r.measure = "contacts";  // a counter of the other form
  EXPECT_FALSE(fa::build_aggregate(rows, r).ok());
}
