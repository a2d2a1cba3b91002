#include "faltlogg/analytics/disclosure.hpp"

namespace faltlogg::server::analytics {

namespace {

core::Problem inconsistent(std::string detail) {
  return core::make_problem("inconsistent_table", 500, "Inconsistent table", std::move(detail));
}

bool adds_up(const std::vector<const TableCell*>& parts, const TableCell& total) {
  TableCell sum;
  for (const TableCell* part : parts) {
    if (part->value < 0 || part->frequency < 0) return false;
    sum.value += part->value;
    sum.frequency += part->frequency;
    sum.key_sum += part->key_sum;
  }
  return sum.value == total.value && sum.frequency == total.frequency && sum.key_sum == total.key_sum;
}

void protect(TableCell& cell, const CellKeyPolicy& policy, std::string_view measure, bool is_record_count) {
  const CellBasis basis{cell.frequency, cell.key_sum};
  cell.value = is_record_count ? protect_count(basis, policy) : protect_measure(basis, cell.value, measure, policy);
}

}  // namespace

core::Status check_policy(const SuppressionPolicy& policy) {
  if (policy.k < kMinK || policy.k > kMaxK) {
    return core::make_problem("invalid_threshold", 400, "Invalid threshold",
                              "k must be between " + std::to_string(kMinK) + " and " + std::to_string(kMaxK));
  }
  return core::Ok{};
}

CellKeyPolicy cell_key_policy(const SuppressionPolicy& policy) { return CellKeyPolicy{policy.k, kCellKeyMaxNoise}; }

core::Status protect_table(Table1D& table, const CellKeyPolicy& policy, std::string_view measure, bool is_record_count) {
  if (table.labels.size() != table.cells.size()) return inconsistent("labels and cells differ in number");
  std::vector<const TableCell*> parts;
  for (const TableCell& cell : table.cells) parts.push_back(&cell);
  if (!adds_up(parts, table.total)) return inconsistent("the cells do not add up to the total");
  for (TableCell& cell : table.cells) protect(cell, policy, measure, is_record_count);
  protect(table.total, policy, measure, is_record_count);
  return core::Ok{};
}

core::Status protect_table(Table2D& table, const CellKeyPolicy& policy, std::string_view measure, bool is_record_count) {
  const std::size_t rows = table.row_labels.size();
  const std::size_t columns = table.column_labels.size();
  if (table.cells.size() != rows || table.row_totals.size() != rows || table.column_totals.size() != columns) {
    return inconsistent("labels, cells and margins differ in number");
  }
  std::vector<const TableCell*> all_rows;
  for (std::size_t r = 0; r < rows; ++r) {
    if (table.cells[r].size() != columns) return inconsistent("a row has the wrong number of cells");
    std::vector<const TableCell*> line;
    for (const TableCell& cell : table.cells[r]) line.push_back(&cell);
    if (!adds_up(line, table.row_totals[r])) return inconsistent("a row does not add up to its total");
    all_rows.push_back(&table.row_totals[r]);
  }
  for (std::size_t c = 0; c < columns; ++c) {
    std::vector<const TableCell*> line;
    for (std::size_t r = 0; r < rows; ++r) line.push_back(&table.cells[r][c]);
    if (!adds_up(line, table.column_totals[c])) return inconsistent("a column does not add up to its total");
  }
  if (!adds_up(all_rows, table.grand_total)) return inconsistent("the row totals do not add up to the grand total");
  for (auto& line : table.cells) {
    for (TableCell& cell : line) protect(cell, policy, measure, is_record_count);
  }
  for (TableCell& cell : table.row_totals) protect(cell, policy, measure, is_record_count);
  for (TableCell& cell : table.column_totals) protect(cell, policy, measure, is_record_count);
  protect(table.grand_total, policy, measure, is_record_count);
  return core::Ok{};
}

}  // namespace faltlogg::server::analytics
