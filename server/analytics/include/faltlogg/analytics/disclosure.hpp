// Disclosure control for published tables (decision 0027, replacing 0025's per-table suppression): every
// cell, margin and total is perturbed by the cell-key method (cell_key.hpp) from the records behind it.
// Nothing is hidden and nothing is marked, so no marker can say that a value is small.
#pragma once

#include "faltlogg/analytics/cell_key.hpp"
#include "faltlogg/core/result.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace faltlogg::server::analytics {

struct TableCell {
  std::int64_t value = 0;      // the measure (contacts, minutes, youths, sessions, ...); published value once protected
  std::int64_t frequency = 0;  // contacts (or sessions) behind the value
  std::int64_t key_sum = 0;    // sum of the record keys behind the value (kRecordKeyCounter)
};

struct SuppressionPolicy {
  int k = 5;  // values 1..k-1 are never published to evaluators; the admin may choose 3-10
};
inline constexpr int kMinK = 3;
inline constexpr int kMaxK = 10;
core::Status check_policy(const SuppressionPolicy& policy);  // "invalid_threshold" outside 3-10
CellKeyPolicy cell_key_policy(const SuppressionPolicy& policy);

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

// Replaces every value (cells, margins, total) by its published value: protect_count when `measure` is
// the record counter itself (`is_record_count`), else protect_measure under the measure's name. A cell
// is protected from its own records and key only, so the same records give the same number in every
// table; margins are not forced to add up. Tables whose totals do not add up, or with negative cells,
// are refused ("inconsistent_table") unchanged.
core::Status protect_table(Table1D& table, const CellKeyPolicy& policy, std::string_view measure, bool is_record_count);
core::Status protect_table(Table2D& table, const CellKeyPolicy& policy, std::string_view measure, bool is_record_count);

}  // namespace faltlogg::server::analytics
