// The rows one criteria report evaluates, with their counters in dense columns (decision 0028).
// Evaluating a pack reads a handful of counters from every row many times over (records, key sums,
// numerators, denominators, per criterion); by name in a std::map that was most of a report's time at 10 M
// contacts. Here every name the rows hold gets a column once, an indicator resolves the names it needs to
// columns once, and reads numbers by index.
#pragma once

#include "faltlogg/analytics/rollup.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace faltlogg::server::analytics {

class CounterTable {
 public:
  // The rows must outlive the table (it keeps pointers to them and views of their counter names).
  explicit CounterTable(std::vector<const RollupRow*> rows);

  std::size_t size() const { return rows_.size(); }
  const RollupRow& row(std::size_t i) const { return *rows_[i]; }
  // The column of a counter name, or nullopt when no row holds it (it is then 0 everywhere).
  std::optional<std::size_t> column(std::string_view name) const;
  std::int64_t value(std::size_t i, std::size_t column) const { return values_[i * names_.size() + column]; }
  std::int64_t value(std::size_t i, std::optional<std::size_t> column) const { return column ? value(i, *column) : 0; }
  // Whether row i holds the counter at all (a stored 0 counts), as iterating its map would show.
  bool holds(std::size_t i, std::size_t column) const { return held_[i * names_.size() + column] != 0; }
  // Column names in ascending order.
  const std::vector<std::string_view>& names() const { return names_; }

 private:
  std::vector<const RollupRow*> rows_;
  std::vector<std::string_view> names_;  // sorted; views into the rows' counter keys
  std::vector<std::int64_t> values_;     // row-major, rows_.size() × names_.size()
  std::vector<std::uint8_t> held_;
};

}  // namespace faltlogg::server::analytics
