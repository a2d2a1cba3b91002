#include "faltlogg/analytics/disclosure.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <optional>
#include <utility>

namespace faltlogg::server::analytics {

namespace {

core::Problem inconsistent(std::string detail) {
  return core::make_problem("inconsistent_table", 500, "Inconsistent table", std::move(detail));
}

bool sensitive(const TableCell& cell, const SuppressionPolicy& policy) {
  return cell.frequency > 0 && cell.frequency < policy.k;
}

// How willing we are to suppress a published cell to protect others. Cells whose value is positive can
// move both ways in a cycle; cells at zero can only rise and are taken only when no cell with a value
// closes the cycle.
enum class Tier { movable = 0, has_contacts = 1, any = 2 };

bool usable(const TableCell& cell, Tier tier) {
  switch (tier) {
    case Tier::movable: return cell.frequency > 0 && cell.value > 0;
    case Tier::has_contacts: return cell.frequency > 0;
    case Tier::any: return true;
  }
  return true;
}

// The 2-D table with its margins as one (R+1) x (C+1) grid: row R holds the column totals, column C the
// row totals. Each grid row and grid column is one published linear relation (its cells sum to its margin).
class Grid {
 public:
  explicit Grid(Table2D& table)
      : table_(table), rows_(table.row_labels.size()), columns_(table.column_labels.size()) {}
  std::size_t rows() const { return rows_ + 1; }
  std::size_t columns() const { return columns_ + 1; }
  TableCell& at(std::size_t r, std::size_t c) {
    if (r == rows_ && c == columns_) return table_.grand_total;
    if (r == rows_) return table_.column_totals[c];
    if (c == columns_) return table_.row_totals[r];
    return table_.cells[r][c];
  }

 private:
  Table2D& table_;
  std::size_t rows_;
  std::size_t columns_;
};

// Nodes: grid rows 0..R, then grid columns R+1..R+C+1; every suppressed cell is an edge between its row and
// its column. A suppressed cell is safe iff it is not a bridge of that graph (it lies on a cycle).
bool connected_without(Grid& grid, std::size_t from_row, std::size_t to_column) {
  const std::size_t rows = grid.rows();
  const std::size_t nodes = rows + grid.columns();
  std::vector<bool> seen(nodes, false);
  std::deque<std::size_t> queue{from_row};
  seen[from_row] = true;
  while (!queue.empty()) {
    const std::size_t node = queue.front();
    queue.pop_front();
    if (node == rows + to_column) return true;
    const bool is_row = node < rows;
    const std::size_t others = is_row ? grid.columns() : rows;
    for (std::size_t other = 0; other < others; ++other) {
      const std::size_t r = is_row ? node : other;
      const std::size_t c = is_row ? other : node - rows;
      if ((r == from_row && c == to_column) || !grid.at(r, c).suppressed()) continue;
      const std::size_t next = is_row ? rows + other : other;
      if (!seen[next]) {
        seen[next] = true;
        queue.push_back(next);
      }
    }
  }
  return false;
}

std::optional<std::pair<std::size_t, std::size_t>> find_unprotected(Grid& grid) {
  for (std::size_t r = 0; r < grid.rows(); ++r) {
    for (std::size_t c = 0; c < grid.columns(); ++c) {
      if (grid.at(r, c).suppressed() && !connected_without(grid, r, c)) return std::pair{r, c};
    }
  }
  return std::nullopt;
}

// A zero cell whose row or column total is zero is known to be zero (counts are never negative): it
// hides nothing and cannot carry a cycle.
bool pinned_at_zero(Grid& grid, std::size_t r, std::size_t c) {
  if (grid.at(r, c).value != 0) return false;
  return grid.at(r, grid.columns() - 1).value == 0 || grid.at(grid.rows() - 1, c).value == 0;
}

// Going round a cycle, the change alternates +1/-1 (with the opposite sign on a margin, which totals the
// cells it meets). A cell at zero can only go up, so every zero on the cycle must get the same sign;
// otherwise neither direction keeps all counts >= 0 and the cycle hides nothing.
bool zeros_can_all_rise(Grid& grid, const std::vector<std::pair<std::size_t, std::size_t>>& cycle) {
  int zero_sign = 0;
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    const auto [r, c] = cycle[i];
    if (grid.at(r, c).value != 0) continue;
    const bool is_margin = (r + 1 == grid.rows()) != (c + 1 == grid.columns());
    const int sign = ((i % 2 == 0) ? 1 : -1) * (is_margin ? -1 : 1);
    if (zero_sign != 0 && sign != zero_sign) return false;
    zero_sign = sign;
  }
  return true;
}

using Cost = std::pair<std::int64_t, std::int64_t>;  // (frequency newly suppressed, cells newly suppressed)
constexpr Cost kUnreached{std::numeric_limits<std::int64_t>::max(), 0};

// Cheapest path from grid row `from_row` to grid column `to_column` not using the cell (from_row, to_column);
// together with that cell it is a cycle. Returns false when no path exists within the tier.
// Which way a zero cell may be crossed when searching from the row to the column. Going round the closed
// cycle, cells crossed column -> row change with the cell being protected and cells crossed row -> column
// against it; allowing zeros on one side only puts every zero of the cycle on the same side.
// `either` is the last resort that always finds a cycle (margins of zero-valued lines, e.g. youths
// at collaboration meetings, leave nothing else); it protects the line structure but not necessarily
// against the knowledge that counts are never negative.
enum class ZeroSide { column_to_row, row_to_column, either };

bool close_cycle(Grid& grid, std::size_t from_row, std::size_t to_column, Tier tier, bool margins_locked,
                 ZeroSide zero_side) {
  const std::size_t rows = grid.rows();
  const std::size_t nodes = rows + grid.columns();
  std::vector<Cost> cost(nodes, kUnreached);
  std::vector<std::size_t> previous(nodes, nodes);
  std::vector<bool> done(nodes, false);
  cost[from_row] = {0, 0};
  for (;;) {
    std::size_t node = nodes;
    for (std::size_t n = 0; n < nodes; ++n) {
      if (!done[n] && cost[n] != kUnreached && (node == nodes || cost[n] < cost[node])) node = n;
    }
    if (node == nodes) return false;
    if (node == rows + to_column) break;
    done[node] = true;
    const bool is_row = node < rows;
    const std::size_t others = is_row ? grid.columns() : rows;
    for (std::size_t other = 0; other < others; ++other) {
      const std::size_t r = is_row ? node : other;
      const std::size_t c = is_row ? other : node - rows;
      if (r == from_row && c == to_column) continue;
      const TableCell& cell = grid.at(r, c);
      const bool is_margin = r + 1 == grid.rows() || c + 1 == grid.columns();
      const bool restricted = zero_side != ZeroSide::either;
      if (!cell.suppressed() &&
          (!usable(cell, tier) || (margins_locked && is_margin) || (restricted && pinned_at_zero(grid, r, c)))) {
        continue;
      }
      if (restricted && cell.value == 0 && is_row != (zero_side == ZeroSide::row_to_column)) continue;
      const Cost step = cell.suppressed() ? Cost{0, 0} : Cost{cell.frequency, 1};
      const Cost reached{cost[node].first + step.first, cost[node].second + step.second};
      const std::size_t next = is_row ? rows + other : other;
      if (!done[next] && reached < cost[next]) {
        cost[next] = reached;
        previous[next] = node;
      }
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> cycle{{from_row, to_column}};
  for (std::size_t node = rows + to_column; node != from_row; node = previous[node]) {
    const std::size_t before = previous[node];
    cycle.emplace_back(node < rows ? node : before, node < rows ? before - rows : node - rows);
  }
  if (zero_side != ZeroSide::either && !zeros_can_all_rise(grid, cycle)) return false;
  for (const auto& [r, c] : cycle) {
    TableCell& cell = grid.at(r, c);
    if (!cell.suppressed()) cell.suppression = Suppression::secondary;
  }
  return true;
}

core::Status check_sum(const std::vector<const TableCell*>& parts, const TableCell& total, const std::string& what) {
  std::int64_t value = 0;
  std::int64_t frequency = 0;
  for (const TableCell* cell : parts) {
    if (cell->value < 0 || cell->frequency < 0) return inconsistent(what + " has a negative cell");
    value += cell->value;
    frequency += cell->frequency;
  }
  if (value != total.value || frequency != total.frequency) return inconsistent(what + " does not add up to its total");
  return core::Ok{};
}

core::Status check_consistent(const Table2D& t) {
  const std::size_t rows = t.row_labels.size();
  const std::size_t columns = t.column_labels.size();
  if (t.cells.size() != rows || t.row_totals.size() != rows || t.column_totals.size() != columns ||
      std::any_of(t.cells.begin(), t.cells.end(), [&](const auto& row) { return row.size() != columns; })) {
    return inconsistent("the table's shape does not match its labels");
  }
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<const TableCell*> parts;
    for (const auto& cell : t.cells[r]) parts.push_back(&cell);
    if (auto ok = check_sum(parts, t.row_totals[r], "row " + std::to_string(r + 1)); !ok) return ok;
  }
  for (std::size_t c = 0; c < columns; ++c) {
    std::vector<const TableCell*> parts;
    for (const auto& row : t.cells) parts.push_back(&row[c]);
    if (auto ok = check_sum(parts, t.column_totals[c], "column " + std::to_string(c + 1)); !ok) return ok;
  }
  std::vector<const TableCell*> margins;
  for (const auto& cell : t.row_totals) margins.push_back(&cell);
  return check_sum(margins, t.grand_total, "the row totals");
}

}  // namespace

core::Status check_policy(const SuppressionPolicy& policy) {
  if (policy.k < kMinK || policy.k > kMaxK) {
    return core::make_problem("invalid_threshold", 400, "Invalid suppression threshold",
                              "the suppression threshold must be between " + std::to_string(kMinK) + " and " +
                                  std::to_string(kMaxK));
  }
  return core::Ok{};
}

core::Status suppress_small_cells(Table1D& table, const SuppressionPolicy& policy) {
  if (auto ok = check_policy(policy); !ok) return ok;
  if (table.cells.size() != table.labels.size()) return inconsistent("the table's shape does not match its labels");
  std::vector<const TableCell*> parts;
  for (const auto& cell : table.cells) parts.push_back(&cell);
  if (auto ok = check_sum(parts, table.total, "the table"); !ok) return ok;

  std::vector<TableCell*> line;
  for (auto& cell : table.cells) line.push_back(&cell);
  line.push_back(&table.total);
  for (TableCell* cell : line) cell->suppression = sensitive(*cell, policy) ? Suppression::primary : Suppression::none;
  if (std::count_if(line.begin(), line.end(), [](const TableCell* c) { return c->suppressed(); }) != 1) {
    return core::Ok{};
  }
  // One suppressed cell would equal the total minus the rest: hide the smallest other cell as well.
  // Never the total if a cell will do: every other table of the same data publishes that total.
  for (bool allow_total : {false, true}) {
    for (Tier tier : {Tier::movable, Tier::has_contacts, Tier::any}) {
      TableCell* best = nullptr;
      for (TableCell* cell : line) {
        if (cell == &table.total && !allow_total) continue;
        if (!cell->suppressed() && usable(*cell, tier) && (best == nullptr || cell->frequency < best->frequency)) {
          best = cell;
        }
      }
      if (best != nullptr) {
        best->suppression = Suppression::secondary;
        return core::Ok{};
      }
    }
  }
  return core::Ok{};
}

namespace {

// The margins of a two-way table are exactly the one-way tables of its two dimensions, which an
// evaluator can request too. Suppressing them first, by the one-way rule, and then protecting the
// interior without suppressing further margins makes both requests publish the same margins; otherwise
// a margin hidden here but shown there (or the reverse) can be combined to recover a hidden cell.
void suppress_margins_as_one_way_tables(Table2D& table, const SuppressionPolicy& policy) {
  Table1D rows{table.row_dimension, table.row_labels, table.row_totals, table.grand_total};
  Table1D columns{table.column_dimension, table.column_labels, table.column_totals, table.grand_total};
  // Both are consistent (checked by the caller), so these cannot fail.
  (void)suppress_small_cells(rows, policy);
  (void)suppress_small_cells(columns, policy);
  for (std::size_t r = 0; r < rows.cells.size(); ++r) table.row_totals[r].suppression = rows.cells[r].suppression;
  for (std::size_t c = 0; c < columns.cells.size(); ++c) {
    table.column_totals[c].suppression = columns.cells[c].suppression;
  }
  // The grand total is only ever suppressed as primary (a one-way table never picks its total as
  // secondary), so both one-way tables agree on it.
  table.grand_total.suppression = rows.total.suppression;
}

}  // namespace

core::Status suppress_small_cells(Table2D& table, const SuppressionPolicy& policy) {
  if (auto ok = check_policy(policy); !ok) return ok;
  if (auto ok = check_consistent(table); !ok) return ok;
  Table2D work = table;  // published only when every cell is protected
  suppress_margins_as_one_way_tables(work, policy);
  Grid grid(work);
  for (std::size_t r = 0; r + 1 < grid.rows(); ++r) {
    for (std::size_t c = 0; c + 1 < grid.columns(); ++c) {
      TableCell& cell = grid.at(r, c);
      cell.suppression = sensitive(cell, policy) ? Suppression::primary : Suppression::none;
    }
  }
  // Each round adds at least one cell (a cell on a cycle stays on it), so this ends.
  while (const auto unprotected = find_unprotected(grid)) {
    const auto [r, c] = *unprotected;
    // Published margins stay published whenever the interior allows a cycle, zeros included (see
    // suppress_margins_as_one_way_tables); only then may the table hide a margin its one-way table shows.
    bool closed = false;
    for (const auto& [tier, margins_locked] : {std::pair{Tier::movable, true}, std::pair{Tier::has_contacts, true},
                                               std::pair{Tier::any, true}, std::pair{Tier::movable, false},
                                               std::pair{Tier::has_contacts, false}, std::pair{Tier::any, false}}) {
      for (ZeroSide side : {ZeroSide::column_to_row, ZeroSide::row_to_column}) {
        closed = closed || close_cycle(grid, r, c, tier, margins_locked, side);
      }
    }
    closed = closed || close_cycle(grid, r, c, Tier::any, false, ZeroSide::either);
    // With at least one row and one column the grid always has a cycle through any cell; this guards the
    // loop against a shape that slipped past the checks.
    if (!closed) return inconsistent("a suppressed cell cannot be protected in this table");
  }
  table = std::move(work);
  return core::Ok{};
}

}  // namespace faltlogg::server::analytics
