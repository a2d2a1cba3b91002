// Disclosure control for published tables: primary suppression of small cells and secondary suppression
// so that no suppressed value can be derived from the published cells and margins (DOMAIN.md).
#pragma once

#include "faltlogg/core/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace faltlogg::server::analytics {

enum class Suppression { none, primary, secondary };

struct TableCell {
  std::int64_t value = 0;      // the published measure (contacts, minutes, youths, sessions, ...)
  std::int64_t frequency = 0;  // what sensitivity is judged on: contacts (or sessions) behind the value
  Suppression suppression = Suppression::none;
  bool suppressed() const { return suppression != Suppression::none; }
};

struct SuppressionPolicy {
  int k = 5;  // a cell with 1..k-1 contacts is sensitive; the admin may choose 3-10
};
inline constexpr int kMinK = 3;
inline constexpr int kMaxK = 10;
core::Status check_policy(const SuppressionPolicy& policy);  // "invalid_threshold" outside 3-10

// A one-dimensional table with its total.
struct Table1D {
  std::string dimension;
  std::vector<std::string> labels;
  std::vector<TableCell> cells;
  TableCell total;
};

// A two-dimensional table with row totals, column totals and the grand total.
struct Table2D {
  std::string row_dimension;
  std::string column_dimension;
  std::vector<std::string> row_labels;
  std::vector<std::string> column_labels;
  std::vector<std::vector<TableCell>> cells;  // [row][column]
  std::vector<TableCell> row_totals;
  std::vector<TableCell> column_totals;
  TableCell grand_total;
};

// Marks cells (margins included) suppressed, never removes them.
// Primary: frequency 1..k-1 (zero cells say that nobody was met, which identifies no one, and are never
// primary). Secondary, one-way: the smallest other cell, never the total if a cell will do. Secondary,
// two-way: first the margins exactly as their one-way tables would be suppressed (an evaluator can fetch
// those too); then, until every suppressed cell lies on a cycle of suppressed cells through rows and
// columns (margin row and column included), add the published cells that close such a cycle at the least
// total frequency — interior cells first, zeros (all on the side that can rise) before any further margin.
// A cycle lets every suppressed value move by +-1 with all published sums unchanged and no count negative,
// so no suppressed value is determined; in particular no row or column has exactly one suppressed cell.
// (Last resort, for measures that are zero over a whole line with contacts: a cycle ignoring the zero
// rules, which keeps the line structure safe but may let nonnegativity narrow a value.)
// Tables whose totals do not add up, or with negative cells, are refused ("inconsistent_table") unchanged.
core::Status suppress_small_cells(Table1D& table, const SuppressionPolicy& policy);
core::Status suppress_small_cells(Table2D& table, const SuppressionPolicy& policy);

}  // namespace faltlogg::server::analytics
