#include "faltlogg/analytics/aggregate_table.hpp"

#include "faltlogg/core/json.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace faltlogg::server::analytics {

namespace chr = std::chrono;

namespace {

core::Problem invalid(std::string detail) {
  return core::make_problem("invalid_aggregate", 400, "Invalid aggregate request", std::move(detail));
}

bool allowed_dimension(std::string_view dimension, RollupKind rollup, Audience audience) {
  if (dimension == "month" || dimension == "district_id") return true;
  if (dimension == "day" || dimension == "week" || dimension == "team_id") return audience == Audience::team_lead;
  const auto& dims = dimensions_of(rollup);
  return dimension != "case_key" && std::find(dims.begin(), dims.end(), dimension) != dims.end();
}

bool known_dimension(std::string_view dimension, RollupKind rollup) {
  return allowed_dimension(dimension, rollup, Audience::team_lead);
}

bool selected(const RollupKey& key, const AggregateRequest& request) {
  if (key.kind != request.rollup) return false;
  if (request.scope.district_id && key.district_id != *request.scope.district_id) return false;
  if (request.scope.team_id && key.team_id != *request.scope.team_id) return false;
  return row_in_period(key, request.period.from, request.period.to);
}

std::int64_t counter_of(const Counters& counters, std::string_view name) {
  const auto it = counters.find(name);
  return it == counters.end() ? 0 : it->second;
}

void add(TableCell& cell, std::int64_t value, std::int64_t frequency, std::int64_t key_sum) {
  cell.value += value;
  cell.frequency += frequency;
  cell.key_sum += key_sum;
}

// Evaluators get every value perturbed (decision 0027); team leads see their own team's rows anyway and
// get exact numbers.
template <typename Table>
core::Status publish(Table& table, const AggregateRequest& request) {
  if (request.audience == Audience::team_lead) return core::Ok{};
  const bool is_record_count = request.measure == record_counter(request.rollup);
  return protect_table(table, cell_key_policy(request.policy), request.measure, is_record_count);
}

}  // namespace

core::Status check_aggregate_request(const AggregateRequest& request) {
  if (auto ok = check_policy(request.policy); !ok) return ok;
  if (request.rollup == RollupKind::case_monthly) return invalid("aggregates are not published per case");
  if (!is_known_counter(request.rollup, request.measure)) {
    return invalid("unknown measure " + core::quote_for_detail(request.measure));
  }
  if (request.by.empty() || request.by.size() > 2) return invalid("by takes one or two dimensions");
  if (request.by.size() == 2 && request.by[0] == request.by[1]) return invalid("by names the same dimension twice");
  for (const auto& dimension : request.by) {
    if (!known_dimension(dimension, request.rollup)) {
      return invalid("unknown dimension " + core::quote_for_detail(dimension));
    }
    if (!allowed_dimension(dimension, request.rollup, request.audience)) {
      return core::make_problem("forbidden", 403, "Forbidden",
                                "evaluators see months and districts at the finest, not " +
                                    core::quote_for_detail(dimension));
    }
  }
  if (!request.period.from.ok() || !request.period.to.ok() ||
      chr::sys_days{request.period.to} < chr::sys_days{request.period.from}) {
    return core::make_problem("invalid_period", 400, "Invalid period", "the period must end on or after its start");
  }
  if (request.audience == Audience::evaluator) return check_evaluator_period(request.period);
  return core::Ok{};
}

core::Result<Aggregate> build_aggregate(const std::vector<RollupRow>& rows, const AggregateRequest& request) {
  if (auto ok = check_aggregate_request(request); !ok) return ok.problem();
  const std::string_view frequency_counter = record_counter(request.rollup);
  const bool two_way = request.by.size() == 2;
  std::map<std::string, TableCell> totals_by_row;
  std::map<std::string, TableCell> totals_by_column;
  std::map<std::pair<std::string, std::string>, TableCell> cells;
  TableCell grand;
  for (const RollupRow& row : rows) {
    if (!selected(row.key, request)) continue;
    const std::int64_t value = counter_of(row.counters, request.measure);
    const std::int64_t frequency = counter_of(row.counters, frequency_counter);
    const std::int64_t key_sum = counter_of(row.counters, kRecordKeyCounter);
    if (frequency == 0 && value == 0) continue;
    const std::string r = dimension_value(row.key, request.by[0]).value_or("");
    const std::string c = two_way ? dimension_value(row.key, request.by[1]).value_or("") : "";
    add(totals_by_row[r], value, frequency, key_sum);
    if (two_way) {
      add(totals_by_column[c], value, frequency, key_sum);
      add(cells[{r, c}], value, frequency, key_sum);
    }
    add(grand, value, frequency, key_sum);
  }
  Aggregate out{request.rollup, request.measure, request.period, request.scope, request.policy.k,
                request.audience == Audience::evaluator, Table1D{}};
  if (!two_way) {
    Table1D table{request.by[0], {}, {}, grand};
    for (const auto& [label, cell] : totals_by_row) {
      table.labels.push_back(label);
      table.cells.push_back(cell);
    }
    if (auto ok = publish(table, request); !ok) return ok.problem();
    out.table = std::move(table);
    return out;
  }
  Table2D table;
  table.row_dimension = request.by[0];
  table.column_dimension = request.by[1];
  for (const auto& [label, cell] : totals_by_row) {
    table.row_labels.push_back(label);
    table.row_totals.push_back(cell);
  }
  for (const auto& [label, cell] : totals_by_column) {
    table.column_labels.push_back(label);
    table.column_totals.push_back(cell);
  }
  table.cells.assign(table.row_labels.size(), std::vector<TableCell>(table.column_labels.size()));
  for (std::size_t r = 0; r < table.row_labels.size(); ++r) {
    for (std::size_t c = 0; c < table.column_labels.size(); ++c) {
      const auto it = cells.find({table.row_labels[r], table.column_labels[c]});
      if (it != cells.end()) table.cells[r][c] = it->second;
    }
  }
  table.grand_total = grand;
  if (auto ok = publish(table, request); !ok) return ok.problem();
  out.table = std::move(table);
  return out;
}

}  // namespace faltlogg::server::analytics
