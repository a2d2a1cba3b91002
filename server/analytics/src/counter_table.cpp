#include "faltlogg/analytics/counter_table.hpp"

#include <algorithm>

namespace faltlogg::server::analytics {

namespace {

// Rows' counters iterate in name order, so a row is matched against the sorted column names by one merge walk
// (about one comparison per counter) instead of a tree search per counter. Names the columns lack go to `missing`.
template <typename OnMatch>
void merge_walk(const Counters& counters, const std::vector<std::string_view>& names, OnMatch on_match,
                std::vector<std::string_view>* missing) {
  std::size_t column = 0;
  for (const auto& [name, value] : counters) {
    const std::string_view key = name;
    while (column < names.size() && names[column] < key) ++column;
    if (column < names.size() && names[column] == key) {
      on_match(column, value);
      ++column;
    } else if (missing != nullptr) {
      missing->push_back(key);
    }
  }
}

}  // namespace

CounterTable::CounterTable(std::vector<const RollupRow*> rows) : rows_(std::move(rows)) {
  std::vector<std::string_view> missing;
  for (const RollupRow* row : rows_) {
    missing.clear();
    merge_walk(row->counters, names_, [](std::size_t, std::int64_t) {}, &missing);
    if (missing.empty()) continue;
    names_.insert(names_.end(), missing.begin(), missing.end());
    std::sort(names_.begin(), names_.end());
  }
  const std::size_t width = names_.size();
  values_.assign(rows_.size() * width, 0);
  held_.assign(rows_.size() * width, 0);
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    merge_walk(rows_[i]->counters, names_, [&](std::size_t column, std::int64_t value) {
      values_[i * width + column] = value;
      held_[i * width + column] = 1;
    }, nullptr);
  }
}

std::optional<std::size_t> CounterTable::column(std::string_view name) const {
  const auto it = std::lower_bound(names_.begin(), names_.end(), name);
  if (it == names_.end() || *it != name) return std::nullopt;
  return static_cast<std::size_t>(it - names_.begin());
}

}  // namespace faltlogg::server::analytics
