#include "faltlogg/analytics/disclosure.hpp"

#include "suppression_checks.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include <functional>
#include <random>

namespace fa = faltlogg::server::analytics;
using fa::testing::GridView;
using fa::testing::movable_by_brute_force;
using fa::testing::sums_hold;

namespace {

fa::TableCell count(std::int64_t n) { return fa::TableCell{n, n, fa::Suppression::none}; }

// Builds a consistent table (margins computed) from interior values; frequency = value unless given.
fa::Table2D make_table(const std::vector<std::vector<std::int64_t>>& values,
                       const std::vector<std::vector<std::int64_t>>& frequencies = {}) {
  fa::Table2D t;
  t.row_dimension = "arena";
  t.column_dimension = "time_band";
  const std::size_t rows = values.size();
  const std::size_t columns = rows == 0 ? 0 : values[0].size();
  for (std::size_t r = 0; r < rows; ++r) t.row_labels.push_back("r" + std::to_string(r));
  for (std::size_t c = 0; c < columns; ++c) t.column_labels.push_back("c" + std::to_string(c));
  t.cells.assign(rows, std::vector<fa::TableCell>(columns));
  t.row_totals.assign(rows, {});
  t.column_totals.assign(columns, {});
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      fa::TableCell cell{values[r][c], frequencies.empty() ? values[r][c] : frequencies[r][c], fa::Suppression::none};
      t.cells[r][c] = cell;
      for (fa::TableCell* margin : {&t.row_totals[r], &t.column_totals[c], &t.grand_total}) {
        margin->value += cell.value;
        margin->frequency += cell.frequency;
      }
    }
  }
  return t;
}

void expect_lines_safe(fa::Table2D& t, int k, const std::string& context) {
  GridView g{t};
  for (std::size_t r = 0; r < g.rows(); ++r) {
    int suppressed = 0;
    for (std::size_t c = 0; c < g.columns(); ++c) {
      const auto& cell = g.at(r, c);
      suppressed += cell.suppressed() ? 1 : 0;
      if (!cell.suppressed()) {
        EXPECT_FALSE(cell.frequency > 0 && cell.frequency < k) << context << " published small cell " << r << "," << c;
      }
    }
    EXPECT_NE(suppressed, 1) << context << " grid row " << r;
  }
  for (std::size_t c = 0; c < g.columns(); ++c) {
    int suppressed = 0;
    for (std::size_t r = 0; r < g.rows(); ++r) suppressed += g.at(r, c).suppressed() ? 1 : 0;
    EXPECT_NE(suppressed, 1) << context << " grid column " << c;
  }
}

// For tables too big to brute-force: look for a cycle of suppressed cells through (r, c) by depth-first
// search, turn it into a +-1 change (signs alternate along the cycle; margins take the opposite sign of
// the cells they total) and check that change directly against every published sum and against >= 0.
bool has_safe_perturbation(fa::Table2D& t, std::size_t r0, std::size_t c0) {
  GridView g{t};
  std::vector<std::vector<std::int64_t>> values(g.rows(), std::vector<std::int64_t>(g.columns()));
  for (std::size_t r = 0; r < g.rows(); ++r) {
    for (std::size_t c = 0; c < g.columns(); ++c) values[r][c] = g.at(r, c).value;
  }
  const std::size_t R = g.rows() - 1;
  const std::size_t C = g.columns() - 1;
  auto sign_of = [&](std::size_t r, std::size_t c) { return ((r == R) != (c == C)) ? -1 : 1; };
  std::vector<std::pair<std::size_t, std::size_t>> path{{r0, c0}};
  std::vector<bool> row_used(g.rows(), false), column_used(g.columns(), false);
  row_used[r0] = true;
  int budget = 20000;  // paths tried; plenty for tables of this size
  // Walk from column c0 back to row r0, alternating column -> row -> column.
  std::function<bool(std::size_t)> from_column = [&](std::size_t c) -> bool {
    for (std::size_t r = 0; r < g.rows() && budget > 0; ++r) {
      if (!g.at(r, c).suppressed() || (r == r0 && c == c0)) continue;
      if (r == r0) {
        path.emplace_back(r, c);
        for (int orientation : {1, -1}) {
          auto changed = values;
          bool nonnegative = true;
          for (std::size_t i = 0; i < path.size(); ++i) {
            const int alternating = (i % 2 == 0) ? 1 : -1;
            auto& v = changed[path[i].first][path[i].second];
            v += orientation * alternating * sign_of(path[i].first, path[i].second);
            nonnegative = nonnegative && v >= 0;
          }
          if (nonnegative && sums_hold(changed)) return true;
        }
        path.pop_back();
        --budget;
        continue;
      }
      if (row_used[r]) continue;
      row_used[r] = true;
      path.emplace_back(r, c);
      for (std::size_t next = 0; next < g.columns(); ++next) {
        if (next == c || column_used[next] || !g.at(r, next).suppressed()) continue;
        column_used[next] = true;
        path.emplace_back(r, next);
        if (from_column(next)) return true;
        path.pop_back();
        column_used[next] = false;
      }
      path.pop_back();
      row_used[r] = false;
    }
    return false;
  };
  column_used[c0] = true;
  return from_column(c0);
}

fa::Table2D random_table(std::mt19937& rng, std::size_t rows, std::size_t columns, bool magnitude) {
  std::uniform_int_distribution<int> kind(0, 9);
  std::uniform_int_distribution<std::int64_t> small(1, 4);
  std::uniform_int_distribution<std::int64_t> large(5, 60);
  std::uniform_int_distribution<std::int64_t> minutes(1, 120);
  std::vector<std::vector<std::int64_t>> frequencies(rows, std::vector<std::int64_t>(columns));
  std::vector<std::vector<std::int64_t>> values = frequencies;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      const int pick = kind(rng);
      frequencies[r][c] = pick < 3 ? 0 : pick < 7 ? small(rng) : large(rng);
      values[r][c] = magnitude ? frequencies[r][c] * minutes(rng) : frequencies[r][c];
    }
  }
  return make_table(values, frequencies);
}

}  // namespace

TEST(Disclosure, PolicyThresholdMustBeThreeToTen) {
  auto t = make_table({{1, 9}, {9, 9}});
  const auto before = t.cells;
  for (int k : {0, 2, 11, -5}) {
    auto status = fa::suppress_small_cells(t, fa::SuppressionPolicy{k});
    ASSERT_FALSE(status.ok()) << k;
    EXPECT_EQ(status.problem().code, "invalid_threshold");
  }
  EXPECT_TRUE(fa::suppress_small_cells(t, fa::SuppressionPolicy{3}).ok());
  EXPECT_TRUE(fa::suppress_small_cells(t, fa::SuppressionPolicy{10}).ok());
}

TEST(Disclosure, InconsistentTablesAreRefusedAndLeftUnchanged) {
  auto t = make_table({{1, 9}, {9, 9}});
  t.row_totals[0].value += 1;
  const fa::Table2D before = t;
  auto status = fa::suppress_small_cells(t, {});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.problem().code, "inconsistent_table");
  EXPECT_EQ(t.cells[0][0].suppression, before.cells[0][0].suppression);

  auto negative = make_table({{-1, 9}, {9, 9}});
  EXPECT_FALSE(fa::suppress_small_cells(negative, {}).ok());
  auto ragged = make_table({{1, 9}, {9, 9}});
  ragged.cells[1].pop_back();
  EXPECT_FALSE(fa::suppress_small_cells(ragged, {}).ok());
}

TEST(Disclosure, OneSmallCellInATwoByTwoHidesAWholeCycleOfTheSmallestCells) {
  // 2 is sensitive; its row total 12 and column total 8 would reveal it, so a rectangle must be hidden:
  // the cheapest is 2, 6 (same column), 10 (same row) and 20.
  auto t = make_table({{2, 10, 30}, {6, 20, 40}, {50, 50, 50}});
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  EXPECT_EQ(t.cells[0][0].suppression, fa::Suppression::primary);
  EXPECT_EQ(t.cells[1][0].suppression, fa::Suppression::secondary);
  EXPECT_EQ(t.cells[0][1].suppression, fa::Suppression::secondary);
  EXPECT_EQ(t.cells[1][1].suppression, fa::Suppression::secondary);
  EXPECT_FALSE(t.cells[2][2].suppressed());
  EXPECT_FALSE(t.grand_total.suppressed());
  expect_lines_safe(t, 5, "2x2 rectangle");
}

TEST(Disclosure, TwoOrMoreSuppressedPerLineIsNotEnoughWhenACellBridgesTwoCycles) {
  // Primary suppression alone leaves two hidden 2x2 blocks joined by the cell (0,2) = 1: every line holds
  // two or three hidden cells, yet (rows 0+1) - (columns 0+1) gives x02 exactly. A cycle through it is needed.
  auto t = make_table({{2, 3, 1, 40}, {4, 2, 30, 35}, {25, 30, 3, 2}, {33, 28, 4, 1}});
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  int secondary = 0;
  for (const auto& row : t.cells) {
    for (const auto& cell : row) secondary += cell.suppression == fa::Suppression::secondary ? 1 : 0;
  }
  EXPECT_GE(secondary, 1);
  expect_lines_safe(t, 5, "bridge");
  std::vector<std::pair<std::size_t, std::size_t>> where;
  const auto movable = movable_by_brute_force(t, where);
  ASSERT_LE(where.size(), 13u);
  for (std::size_t i = 0; i < movable.size(); ++i) EXPECT_TRUE(movable[i]) << where[i].first << "," << where[i].second;
}

TEST(Disclosure, ZerosAreNeverPrimaryAndStayPublishedWhenCellsWithContactsSuffice) {
  auto t = make_table({{0, 0, 3}, {0, 7, 8}, {9, 0, 9}});
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  EXPECT_FALSE(t.cells[0][0].suppressed());
  EXPECT_FALSE(t.cells[0][1].suppressed());
  EXPECT_TRUE(t.cells[0][2].suppressed());
  expect_lines_safe(t, 5, "zeros");
}

TEST(Disclosure, ARowWhoseTotalIsSmallHidesItsMarginAndAnotherMargin) {
  // Row 0 has 1 + 2 = 3 contacts: both cells and the row total are sensitive. The row-total column then
  // holds one suppressed cell, so another row total must go too.
  auto t = make_table({{1, 2, 0}, {10, 12, 30}, {20, 25, 40}});
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  EXPECT_EQ(t.row_totals[0].suppression, fa::Suppression::primary);
  const int suppressed_row_totals =
      std::count_if(t.row_totals.begin(), t.row_totals.end(), [](const auto& c) { return c.suppressed(); }) +
      (t.grand_total.suppressed() ? 1 : 0);
  EXPECT_GE(suppressed_row_totals, 2);
  expect_lines_safe(t, 5, "small margin");
}

TEST(Disclosure, ATinyTableHidesItsGrandTotalWithEverythingNeeded) {
  auto t = make_table({{1, 1}, {1, 0}});
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  EXPECT_TRUE(t.grand_total.suppressed());
  expect_lines_safe(t, 5, "tiny");
  std::vector<std::pair<std::size_t, std::size_t>> where;
  const auto movable = movable_by_brute_force(t, where);
  for (std::size_t i = 0; i < movable.size(); ++i) EXPECT_TRUE(movable[i]) << where[i].first << "," << where[i].second;
}

TEST(Disclosure, SensitivityIsJudgedOnContactsNotOnTheMeasure) {
  // 3 contacts with 240 minutes is sensitive; 40 contacts with 4 minutes would not be (not possible in
  // practice, but it shows which number counts).
  auto t = make_table({{240, 400}, {300, 500}}, {{3, 40}, {30, 50}});
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  EXPECT_EQ(t.cells[0][0].suppression, fa::Suppression::primary);
  expect_lines_safe(t, 5, "magnitude");
}

TEST(Disclosure, MeasuresThatAreZeroForSmallGroupsStillGetProtected) {
  // Youths met at collaboration meetings are 0 however many meetings there were: the whole first column
  // is zero in value, yet 3 and 2 meetings are small groups of contacts.
  auto t = make_table({{0, 12, 9}, {0, 20, 7}, {0, 30, 11}}, {{3, 6, 5}, {2, 10, 6}, {6, 12, 8}});
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  EXPECT_EQ(t.cells[0][0].suppression, fa::Suppression::primary);
  EXPECT_EQ(t.cells[1][0].suppression, fa::Suppression::primary);
  expect_lines_safe(t, 5, "zero-valued column");
}

TEST(Disclosure, OneDimensionalTablesHideTheSmallestOtherCell) {
  fa::Table1D t{"arena", {"skola", "fritid", "digital", "annat"}, {count(3), count(12), count(7), count(0)}, count(22)};
  ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
  EXPECT_EQ(t.cells[0].suppression, fa::Suppression::primary);
  EXPECT_EQ(t.cells[2].suppression, fa::Suppression::secondary);  // 7 < 12
  EXPECT_FALSE(t.cells[1].suppressed());
  EXPECT_FALSE(t.cells[3].suppressed());
  EXPECT_FALSE(t.total.suppressed());

  fa::Table1D two_small{"arena", {"a", "b", "c"}, {count(1), count(2), count(30)}, count(33)};
  ASSERT_TRUE(fa::suppress_small_cells(two_small, {}).ok());
  EXPECT_FALSE(two_small.cells[2].suppressed());  // two suppressed cells already hide each other

  fa::Table1D small_total{"arena", {"a", "b"}, {count(4), count(0)}, count(4)};
  ASSERT_TRUE(fa::suppress_small_cells(small_total, {}).ok());
  EXPECT_TRUE(small_total.cells[0].suppressed());
  EXPECT_TRUE(small_total.total.suppressed());
  EXPECT_FALSE(small_total.cells[1].suppressed());

  fa::Table1D inconsistent{"arena", {"a", "b"}, {count(4), count(9)}, count(14)};
  EXPECT_FALSE(fa::suppress_small_cells(inconsistent, {}).ok());
}

TEST(Disclosure, RandomOneDimensionalTablesNeverPublishASmallOrDerivableCell) {
  std::mt19937 rng(20261127);
  std::uniform_int_distribution<int> size(1, 9);
  std::uniform_int_distribution<int> pick(0, 9);
  std::uniform_int_distribution<int> threshold(3, 10);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    fa::Table1D t;
    t.dimension = "arena";
    const int k = threshold(rng);
    const int n = size(rng);
    for (int i = 0; i < n; ++i) {
      const int p = pick(rng);
      const std::int64_t v = p < 3 ? 0 : p < 7 ? 1 + p % 4 : 5 + p * 3;
      t.labels.push_back("v" + std::to_string(i));
      t.cells.push_back(count(v));
      t.total.value += v;
      t.total.frequency += v;
    }
    ASSERT_TRUE(fa::suppress_small_cells(t, fa::SuppressionPolicy{k}).ok());
    int suppressed = t.total.suppressed() ? 1 : 0;
    for (const auto& cell : t.cells) {
      suppressed += cell.suppressed() ? 1 : 0;
      if (!cell.suppressed()) {
        EXPECT_FALSE(cell.frequency > 0 && cell.frequency < k);
      } else {
        EXPECT_GT(cell.value, 0);  // so it can move down as well as up
      }
    }
    if (!t.total.suppressed()) {
      EXPECT_FALSE(t.total.frequency > 0 && t.total.frequency < k);
    }
    EXPECT_NE(suppressed, 1) << "iteration " << iteration;
  }
}

TEST(Disclosure, RandomTablesKeepEveryLineSafe) {
  std::mt19937 rng(4711);
  std::uniform_int_distribution<std::size_t> size(1, 8);
  std::uniform_int_distribution<int> threshold(3, 10);
  for (int iteration = 0; iteration < 1500; ++iteration) {
    auto t = random_table(rng, size(rng), size(rng), iteration % 3 == 0);
    const int k = threshold(rng);
    ASSERT_TRUE(fa::suppress_small_cells(t, fa::SuppressionPolicy{k}).ok());
    expect_lines_safe(t, k, "iteration " + std::to_string(iteration));
    if (HasFailure()) return;
  }
}

TEST(Disclosure, RandomMediumTablesGiveEverySuppressedCellAPerturbation) {
  std::mt19937 rng(90210);
  std::uniform_int_distribution<std::size_t> size(2, 6);
  for (int iteration = 0; iteration < 600; ++iteration) {
    auto t = random_table(rng, size(rng), size(rng), false);
    ASSERT_TRUE(fa::suppress_small_cells(t, fa::SuppressionPolicy{5}).ok());
    GridView g{t};
    for (std::size_t r = 0; r < g.rows(); ++r) {
      for (std::size_t c = 0; c < g.columns(); ++c) {
        if (g.at(r, c).suppressed()) {
          EXPECT_TRUE(has_safe_perturbation(t, r, c)) << "iteration " << iteration << " cell " << r << "," << c;
        }
      }
    }
    if (HasFailure()) return;
  }
}

TEST(Disclosure, RandomSmallTablesLeaveNoSuppressedValueDetermined) {
  std::mt19937 rng(1789);
  std::uniform_int_distribution<std::size_t> size(1, 3);
  int checked_tables = 0;
  for (int iteration = 0; iteration < 2000 && checked_tables < 400; ++iteration) {
    auto t = random_table(rng, size(rng), size(rng), false);
    ASSERT_TRUE(fa::suppress_small_cells(t, fa::SuppressionPolicy{5}).ok());
    std::vector<std::pair<std::size_t, std::size_t>> where;
    GridView g{t};
    std::size_t suppressed = 0;
    for (std::size_t r = 0; r < g.rows(); ++r) {
      for (std::size_t c = 0; c < g.columns(); ++c) suppressed += g.at(r, c).suppressed() ? 1 : 0;
    }
    if (suppressed == 0 || suppressed > 10) continue;
    ++checked_tables;
    const auto movable = movable_by_brute_force(t, where);
    for (std::size_t i = 0; i < movable.size(); ++i) {
      EXPECT_TRUE(movable[i]) << "iteration " << iteration << ": cell " << where[i].first << "," << where[i].second
                              << " is determined by the published values";
    }
    if (HasFailure()) return;
  }
  EXPECT_GE(checked_tables, 100);  // the generator must actually produce suppressions to check
}

// An evaluator can ask for the one-way tables of both dimensions as well as the two-way table. Their
// margins must agree: a margin hidden in one and shown in the other would let the hidden cells be solved.
// Here everything any of the three tables shows counts as published, and the cells still hidden must
// still be able to move.
TEST(Disclosure, OneWayAndTwoWayTablesOfTheSameDataStaySafeTogether) {
  std::mt19937 rng(65537);
  std::uniform_int_distribution<std::size_t> size(1, 3);
  int agreeing = 0;
  int tables = 0;
  int leaky_when_disagreeing = 0;
  for (int iteration = 0; iteration < 1500 && tables < 400; ++iteration) {
    auto t = random_table(rng, size(rng), size(rng), false);
    ASSERT_TRUE(fa::suppress_small_cells(t, {}).ok());
    fa::Table1D rows{"r", t.row_labels, t.row_totals, t.grand_total};
    fa::Table1D columns{"c", t.column_labels, t.column_totals, t.grand_total};
    ASSERT_TRUE(fa::suppress_small_cells(rows, {}).ok());
    ASSERT_TRUE(fa::suppress_small_cells(columns, {}).ok());
    // Every margin the one-way tables hide, the two-way table hides too.
    bool same = true;
    for (std::size_t r = 0; r < rows.cells.size(); ++r) {
      if (rows.cells[r].suppressed()) {
        EXPECT_TRUE(t.row_totals[r].suppressed()) << iteration;
      }
      same = same && rows.cells[r].suppressed() == t.row_totals[r].suppressed();
    }
    for (std::size_t c = 0; c < columns.cells.size(); ++c) {
      if (columns.cells[c].suppressed()) {
        EXPECT_TRUE(t.column_totals[c].suppressed()) << iteration;
      }
      same = same && columns.cells[c].suppressed() == t.column_totals[c].suppressed();
    }
    EXPECT_EQ(rows.total.suppressed(), t.grand_total.suppressed());
    EXPECT_EQ(columns.total.suppressed(), t.grand_total.suppressed());
    GridView g{t};
    std::size_t suppressed = 0;
    for (std::size_t r = 0; r < g.rows(); ++r) {
      for (std::size_t c = 0; c < g.columns(); ++c) suppressed += g.at(r, c).suppressed() ? 1 : 0;
    }
    if (suppressed == 0 || suppressed > 10) continue;
    ++tables;
    // What the three tables show together: a margin shown by a one-way table counts as published.
    fa::Table2D together = t;
    for (std::size_t r = 0; r < rows.cells.size(); ++r) {
      if (!rows.cells[r].suppressed()) together.row_totals[r].suppression = fa::Suppression::none;
    }
    for (std::size_t c = 0; c < columns.cells.size(); ++c) {
      if (!columns.cells[c].suppressed()) together.column_totals[c].suppression = fa::Suppression::none;
    }
    std::vector<std::pair<std::size_t, std::size_t>> where;
    const auto movable = movable_by_brute_force(together, where);
    const bool safe = std::all_of(movable.begin(), movable.end(), [](bool m) { return m; });
    if (!same) {
      leaky_when_disagreeing += safe ? 0 : 1;
      continue;  // the interior forced an extra margin: counted, not claimed safe together
    }
    ++agreeing;
    for (std::size_t i = 0; i < movable.size(); ++i) {
      EXPECT_TRUE(movable[i]) << "iteration " << iteration << " cell " << where[i].first << "," << where[i].second;
    }
    if (HasFailure()) return;
  }
  // Agreement is the rule, extra margins the exception (sparse interiors with no cycle of non-zero cells).
  EXPECT_GE(agreeing * 100, tables * 95) << agreeing << " of " << tables;
  std::printf("one-way and two-way margins agree in %d of %d random tables; of the others, %d leak together\n",
              agreeing, tables, leaky_when_disagreeing);
}
