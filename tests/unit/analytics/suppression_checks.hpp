// Independent checks of suppressed tables for the tests: brute force over +-1 changes.
#pragma once

#include "faltlogg/analytics/disclosure.hpp"

#include <cstdint>
#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

namespace faltlogg::server::analytics::testing {

// The table with its margins as one grid (row R = column totals, column C = row totals).
struct GridView {
  Table2D& t;
  std::size_t rows() const { return t.row_labels.size() + 1; }
  std::size_t columns() const { return t.column_labels.size() + 1; }
  TableCell& at(std::size_t r, std::size_t c) const {
    const std::size_t R = t.row_labels.size();
    const std::size_t C = t.column_labels.size();
    if (r == R && c == C) return t.grand_total;
    if (r == R) return t.column_totals[c];
    if (c == C) return t.row_totals[r];
    return t.cells[r][c];
  }
};

// Every published relation of the table, checked on perturbed values.
inline bool sums_hold(const std::vector<std::vector<std::int64_t>>& v) {
  const std::size_t rows = v.size();
  const std::size_t columns = v[0].size();
  for (std::size_t r = 0; r < rows; ++r) {
    std::int64_t sum = 0;
    for (std::size_t c = 0; c + 1 < columns; ++c) sum += v[r][c];
    if (sum != v[r][columns - 1]) return false;
  }
  for (std::size_t c = 0; c < columns; ++c) {
    std::int64_t sum = 0;
    for (std::size_t r = 0; r + 1 < rows; ++r) sum += v[r][c];
    if (sum != v[rows - 1][c]) return false;
  }
  return true;
}

// Brute force, independent of the algorithm's cycle reasoning: try every change in {-1, 0, +1} of the
// suppressed cells that keeps every cell >= 0 and every published sum intact; a suppressed cell is safe if
// some such change moves it. Feasible for up to ~10 suppressed cells.
inline std::vector<bool> movable_by_brute_force(Table2D& t, std::vector<std::pair<std::size_t, std::size_t>>& where) {
  GridView g{t};
  std::vector<std::vector<std::int64_t>> values(g.rows(), std::vector<std::int64_t>(g.columns()));
  where.clear();
  for (std::size_t r = 0; r < g.rows(); ++r) {
    for (std::size_t c = 0; c < g.columns(); ++c) {
      values[r][c] = g.at(r, c).value;
      if (g.at(r, c).suppressed()) where.emplace_back(r, c);
    }
  }
  std::vector<bool> movable(where.size(), false);
  std::vector<int> delta(where.size(), -1);
  std::function<void(std::size_t)> visit = [&](std::size_t i) {
    if (i == where.size()) {
      if (std::all_of(delta.begin(), delta.end(), [](int d) { return d == 0; })) return;
      auto perturbed = values;
      for (std::size_t j = 0; j < where.size(); ++j) {
        auto& cell = perturbed[where[j].first][where[j].second];
        cell += delta[j];
        if (cell < 0) return;
      }
      if (!sums_hold(perturbed)) return;
      for (std::size_t j = 0; j < where.size(); ++j) movable[j] = movable[j] || delta[j] != 0;
      return;
    }
    for (int d : {-1, 0, 1}) {
      delta[i] = d;
      visit(i + 1);
    }
  };
  visit(0);
  return movable;
}

}  // namespace faltlogg::server::analytics::testing
