#include "faltlogg/analytics/aggregate_table.hpp"

#include "fixture_records.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

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
TEST_F(Aggregates, EvaluatorsGetEveryValuePerturbedAndNoSmallOne) {
  auto lead_request = request({"arena", "time_band"});
  lead_request.audience = fa::Audience::team_lead;
  auto exact = fa::build_aggregate(rows_, lead_request);
  auto shown = fa::build_aggregate(rows_, request({"arena", "time_band"}));
  ASSERT_TRUE(exact.ok() && shown.ok());
  EXPECT_FALSE(exact->protected_values);
  EXPECT_TRUE(shown->protected_values);
  const auto& e = std::get<fa::Table2D>(exact->table);
  const auto& t = std::get<fa::Table2D>(shown->table);
  ASSERT_EQ(e.row_labels, t.row_labels);
  ASSERT_EQ(e.column_labels, t.column_labels);
  const auto check = [](const fa::TableCell& truth, const fa::TableCell& published) {
    if (truth.value == 0) {
      EXPECT_EQ(published.value, 0);
    } else if (truth.value < 5) {
      EXPECT_GE(published.value, 5);
      EXPECT_LE(published.value, 5 + fa::kCellKeyMaxNoise);
    } else {
      EXPECT_LE(std::llabs(published.value - truth.value), fa::kCellKeyMaxNoise);
    }
  };
  for (std::size_t r = 0; r < t.row_labels.size(); ++r) {
    for (std::size_t c = 0; c < t.column_labels.size(); ++c) check(e.cells[r][c], t.cells[r][c]);
    check(e.row_totals[r], t.row_totals[r]);
  }
  for (std::size_t c = 0; c < t.column_labels.size(); ++c) check(e.column_totals[c], t.column_totals[c]);
  check(e.grand_total, t.grand_total);
  // The team lead's own numbers are exact, the 4 night contacts at fritid included.
  EXPECT_EQ(e.cells[index_of(e.row_labels, "fritid")][index_of(e.column_labels, "natt")].value, 4);
  EXPECT_EQ(e.grand_total.value, 40);
}

// The same records give the same number in every table: both orders of a cross table, its margins and
// the one-way tables, the district's own table and its row in the all-district table.
TEST_F(Aggregates, TheSameRecordsGiveTheSameNumberInEveryTable) {
  auto ab = fa::build_aggregate(rows_, request({"arena", "time_band"}));
  auto ba = fa::build_aggregate(rows_, request({"time_band", "arena"}));
  auto by_arena = fa::build_aggregate(rows_, request({"arena"}));
  auto by_band = fa::build_aggregate(rows_, request({"time_band"}));
  ASSERT_TRUE(ab.ok() && ba.ok() && by_arena.ok() && by_band.ok());
  const auto& x = std::get<fa::Table2D>(ab->table);
  const auto& y = std::get<fa::Table2D>(ba->table);
  const auto& arena = std::get<fa::Table1D>(by_arena->table);
  const auto& band = std::get<fa::Table1D>(by_band->table);
  for (std::size_t r = 0; r < x.row_labels.size(); ++r) {
    for (std::size_t c = 0; c < x.column_labels.size(); ++c) EXPECT_EQ(x.cells[r][c].value, y.cells[c][r].value);
    EXPECT_EQ(x.row_totals[r].value, arena.cells[r].value);
    EXPECT_EQ(x.row_totals[r].value, y.column_totals[r].value);
  }
  for (std::size_t c = 0; c < x.column_labels.size(); ++c) EXPECT_EQ(x.column_totals[c].value, band.cells[c].value);
  EXPECT_EQ(x.grand_total.value, arena.total.value);
  EXPECT_EQ(x.grand_total.value, band.total.value);

  auto city = request({"district_id"});
  city.scope = {};
  auto all = fa::build_aggregate(rows_, city);
  ASSERT_TRUE(all.ok());
  const auto& districts = std::get<fa::Table1D>(all->table);
  EXPECT_EQ(districts.cells[index_of(districts.labels, "D1")].value, arena.total.value);
}

TEST_F(Aggregates, MinutesOfFewContactsScaleWithTheirPublishedContacts) {
  auto aggregate = fa::build_aggregate(rows_, request({"time_band"}, "minutes"));
  auto contacts = fa::build_aggregate(rows_, request({"time_band"}));
  ASSERT_TRUE(aggregate.ok() && contacts.ok());
  const auto& t = std::get<fa::Table1D>(aggregate->table);
  const auto& c = std::get<fa::Table1D>(contacts->table);
  const auto natt = index_of(t.labels, "natt");
  // 4 contacts x 90 minutes: published as if the published number of contacts took 90 minutes each.
  EXPECT_GE(c.cells[natt].value, 5);
  EXPECT_LE(std::llabs(t.cells[natt].value - 90 * c.cells[natt].value), fa::kCellKeyMaxNoise);
  EXPECT_NEAR(static_cast<double>(t.total.value), 1890.0, 1890.0 * fa::kCellKeyMaxNoise / 40.0 + fa::kCellKeyMaxNoise);
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
  EXPECT_EQ(t.grand_total.frequency, 45);  // 40 + H 3 + I 2; G is deleted
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
  expect_code(request({"arena"}, std::string(fa::kRecordKeyCounter)), "invalid_aggregate");  // never a measure
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

TEST(FamilyAggregates, SessionsBySettingAreAllSmallHereAndNoneShowsAsSmall) {
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
  for (const auto& cell : t.cells) {
    EXPECT_LT(cell.frequency, 5);
    EXPECT_GE(cell.value, 5);
  }
  EXPECT_LE(std::llabs(t.total.value - 9), fa::kCellKeyMaxNoise);
  r.measure = "contacts";  // a counter of the other form
  EXPECT_FALSE(fa::build_aggregate(rows, r).ok());
}
