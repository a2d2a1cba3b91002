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
// move both ways in a cycle; cells with no contacts at all hide nothing and are taken only if nothing else
// closes a cycle (which cannot happen in a consistent table, but the fallback keeps the loop total).
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

using Cost = std::pair<std::int64_t, std::int64_t>;  // (frequency newly suppressed, cells newly suppressed)
constexpr Cost kUnreached{std::numeric_limits<std::int64_t>::max(), 0};

// Cheapest path from grid row `from_row` to grid column `to_column` not using the cell (from_row, to_column);
// together with that cell it is a cycle. Returns false when no path exists within the tier.
bool close_cycle(Grid& grid, std::size_t from_row, std::size_t to_column, Tier tier) {
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
      if (!cell.suppressed() && !usable(cell, tier)) continue;
      const Cost step = cell.suppressed() ? Cost{0, 0} : Cost{cell.frequency, 1};
      const Cost reached{cost[node].first + step.first, cost[node].second + step.second};
      const std::size_t next = is_row ? rows + other : other;
      if (!done[next] && reached < cost[next]) {
        cost[next] = reached;
        previous[next] = node;
      }
    }
  }
  for (std::size_t node = rows + to_column; node != from_row; node = previous[node]) {
    const std::size_t before = previous[node];
    const std::size_t r = node < rows ? node : before;
    const std::size_t c = node < rows ? before - rows : node - rows;
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
  for (Tier tier : {Tier::movable, Tier::has_contacts, Tier::any}) {
    TableCell* best = nullptr;
    for (TableCell* cell : line) {
      if (!cell->suppressed() && usable(*cell, tier) && (best == nullptr || cell->frequency < best->frequency)) {
        best = cell;
      }
    }
    if (best != nullptr) {
      best->suppression = Suppression::secondary;
      break;
    }
  }
  return core::Ok{};
}

core::Status suppress_small_cells(Table2D& table, const SuppressionPolicy& policy) {
  if (auto ok = check_policy(policy); !ok) return ok;
  if (auto ok = check_consistent(table); !ok) return ok;
  Table2D work = table;  // published only when every cell is protected
  Grid grid(work);
  for (std::size_t r = 0; r < grid.rows(); ++r) {
    for (std::size_t c = 0; c < grid.columns(); ++c) {
      TableCell& cell = grid.at(r, c);
      cell.suppression = sensitive(cell, policy) ? Suppression::primary : Suppression::none;
    }
  }
  // Each round adds at least one cell (a cell on a cycle stays on it), so this ends.
  while (const auto unprotected = find_unprotected(grid)) {
    const auto [r, c] = *unprotected;
    const bool closed = close_cycle(grid, r, c, Tier::movable) || close_cycle(grid, r, c, Tier::has_contacts) ||
                        close_cycle(grid, r, c, Tier::any);
    // With at least one row and one column the grid always has a cycle through any cell; this guards the
    // loop against a shape that slipped past the checks.
    if (!closed) return inconsistent("a suppressed cell cannot be protected in this table");
  }
  table = std::move(work);
  return core::Ok{};
}

}  // namespace faltlogg::server::analytics
