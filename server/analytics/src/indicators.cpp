// The arithmetic of each indicator kind over rollup rows already filtered to one period and scope.
#include "faltlogg/analytics/criteria_report.hpp"

#include "indicators_cases.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace faltlogg::server::analytics {

namespace {

// Indices into the report's CounterTable.
using Rows = std::vector<std::size_t>;

bool listed(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool matches(const RollupKey& key, const CounterSum& sum) {
  for (const auto& [dimension, values] : sum.where) {
    const auto it = key.dimensions.find(dimension);
    if (it == key.dimensions.end() || !listed(values, it->second)) return false;
  }
  for (const auto& [dimension, values] : sum.where_not) {
    const auto it = key.dimensions.find(dimension);
    if (it != key.dimensions.end() && listed(values, it->second)) return false;
  }
  return true;
}

const std::string& dimension_or_empty(const RollupKey& key, const std::string& dimension) {
  static const std::string kEmpty;
  const auto it = key.dimensions.find(dimension);
  return it == key.dimensions.end() ? kEmpty : it->second;
}

// A counter sum with its names resolved to the table's columns once (names no row holds add nothing).
struct Resolved {
  const CounterSum* sum = nullptr;
  std::vector<std::size_t> columns;
};

Resolved resolve(const CounterTable& table, const CounterSum& sum) {
  Resolved out{&sum, {}};
  for (const auto& name : sum.counters) {
    if (const auto column = table.column(name)) out.columns.push_back(*column);
  }
  return out;
}

// The evaluation's fixed columns: the kind's record counter and the record key sum.
struct Fixed {
  std::optional<std::size_t> records;
  std::optional<std::size_t> key_sum;
};

Fixed fixed_columns(const CounterTable& table, RollupKind kind) {
  return {table.column(record_counter(kind)), table.column(kRecordKeyCounter)};
}

std::int64_t row_sum(const CounterTable& table, std::size_t row, const Resolved& sum) {
  if (!matches(table.row(row).key, *sum.sum)) return 0;
  std::int64_t total = 0;
  for (const std::size_t column : sum.columns) total += table.value(row, column);
  return total;
}

std::int64_t records_of(const CounterTable& table, const Rows& rows, const Fixed& fixed) {
  std::int64_t total = 0;
  for (const std::size_t row : rows) total += table.value(row, fixed.records);
  return total;
}

// The name a sum's noise is drawn under: "" when it counts the records themselves (then it equals the
// same count in an aggregate), else its counters joined ("minutes", "youths.13_15+youths.16_17").
std::string measure_name(const CounterSum& sum, RollupKind kind) {
  if (sum.counters.size() == 1 && sum.counters[0] == record_counter(kind)) return "";
  std::string name;
  for (const auto& counter : sum.counters) name += (name.empty() ? "" : "+") + counter;
  return name;
}

// The records and key sum of the rows a sum selects, with the sum's value.
MeasureBasis basis_of(const CounterTable& table, const Rows& rows, const Resolved& sum, RollupKind kind,
                      const Fixed& fixed) {
  MeasureBasis basis;
  basis.measure = measure_name(*sum.sum, kind);
  for (const std::size_t row : rows) {
    if (!matches(table.row(row).key, *sum.sum)) continue;
    basis.cell.records += table.value(row, fixed.records);
    basis.cell.key_sum += table.value(row, fixed.key_sum);
    for (const std::size_t column : sum.columns) basis.value += table.value(row, column);
  }
  return basis;
}

MeasureBasis records_basis(const CounterTable& table, const Rows& rows, RollupKind kind, const Fixed& fixed) {
  const CounterSum records{{std::string(record_counter(kind))}, {}, {}};
  return basis_of(table, rows, resolve(table, records), kind, fixed);
}

// A count of distinct groups (cases, case-months) as its own records: each group brings its own key.
void count_group(MeasureBasis& basis, std::uint32_t key) {
  basis.cell.records += 1;
  basis.cell.key_sum += key;
  basis.value += 1;
}

std::optional<double> ratio(std::int64_t numerator, std::int64_t denominator) {
  if (denominator <= 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// What every indicator kind needs: the table, its rows of the indicator's kind, and the fixed columns.
struct Input {
  const CounterTable& table;
  const Rows& rows;
  const IndicatorDef& def;
  Fixed fixed;
};

void share(const Input& in, CriterionResult& out) {
  const Resolved numerator = resolve(in.table, in.def.numerator);
  const Resolved denominator = resolve(in.table, in.def.denominator);
  out.basis["numerator"] = basis_of(in.table, in.rows, numerator, in.def.rollup, in.fixed);
  out.basis["denominator"] = basis_of(in.table, in.rows, denominator, in.def.rollup, in.fixed);
  const std::int64_t num = out.basis["numerator"].value;
  const std::int64_t den = out.basis["denominator"].value;
  out.measures["numerator"] = static_cast<double>(num);
  out.measures["denominator"] = static_cast<double>(den);
  out.value = ratio(num, den);
}

// Distinct (group, month) pairs that have records; the group is the team or the case.
std::int64_t group_months(const Input& in, bool by_case) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const std::size_t row : in.rows) {
    if (in.table.value(row, in.fixed.records) <= 0) continue;
    const RollupKey& key = in.table.row(row).key;
    const auto& group = by_case ? dimension_or_empty(key, "case_key") : key.team_id;
    seen.emplace(group, key.period.substr(0, 7));
  }
  return static_cast<std::int64_t>(seen.size());
}

// Case-months are about people: each brings a key of its own (team-months are not, and have none).
MeasureBasis case_months_basis(const Input& in) {
  std::set<std::pair<std::string, std::string>> seen;
  MeasureBasis basis;
  for (const std::size_t row : in.rows) {
    if (in.table.value(row, in.fixed.records) <= 0) continue;
    const RollupKey& key = in.table.row(row).key;
    const auto& case_key = dimension_or_empty(key, "case_key");
    const std::string month = key.period.substr(0, 7);
    if (seen.emplace(case_key, month).second) count_group(basis, case_month_key(case_key, month));
  }
  return basis;
}

void per_group_month(const Input& in, CriterionResult& out, bool by_case) {
  out.basis["total"] = basis_of(in.table, in.rows, resolve(in.table, in.def.value), in.def.rollup, in.fixed);
  const std::int64_t total = out.basis["total"].value;
  const std::int64_t months = group_months(in, by_case);
  out.measures["total"] = static_cast<double>(total);
  out.measures[by_case ? "case_months" : "team_months"] = static_cast<double>(months);
  out.value = ratio(total, months);
  if (by_case) out.basis["case_months"] = case_months_basis(in);
}

void distinct_per_month(const Input& in, CriterionResult& out) {
  const Resolved value = resolve(in.table, in.def.value);
  std::map<std::string, std::set<std::string>> present;  // month -> dimension values with a positive sum
  std::map<std::string, std::int64_t> month_totals;
  std::map<std::string, Rows> month_rows;
  for (const std::size_t row : in.rows) {
    if (in.table.value(row, in.fixed.records) <= 0) continue;
    const RollupKey& key = in.table.row(row).key;
    const std::string month = key.period.substr(0, 7);
    const std::int64_t amount = row_sum(in.table, row, value);
    month_totals[month] += amount;
    month_rows[month].push_back(row);
    const auto it = key.dimensions.find(in.def.dimension);
    if (it != key.dimensions.end() && amount > 0) present[month].insert(it->second);
  }
  std::int64_t least_distinct = std::numeric_limits<std::int64_t>::max();
  std::int64_t least_total = std::numeric_limits<std::int64_t>::max();
  for (const auto& [month, total] : month_totals) {
    const auto distinct = static_cast<std::int64_t>(present[month].size());
    out.breakdown[month] = distinct;
    least_distinct = std::min(least_distinct, distinct);
    least_total = std::min(least_total, total);
    for (const auto& required : in.def.required_values) {
      if (present[month].count(required) == 0) out.missing_required.push_back(month + ":" + required);
    }
  }
  out.measures["months"] = static_cast<double>(month_totals.size());
  out.measures["least_month_total"] = month_totals.empty() ? 0.0 : static_cast<double>(least_total);
  MeasureBasis least;
  least.value = month_totals.empty() ? 0 : least_total;
  for (const auto& [month, in_month] : month_rows) {
    least.least_of.push_back(basis_of(in.table, in_month, value, in.def.rollup, in.fixed));
  }
  out.basis["least_month_total"] = std::move(least);
  if (!month_totals.empty()) out.value = static_cast<double>(least_distinct);
}

struct RatingSums {
  std::int64_t n = 0, t = 0, tt = 0, tr = 0, r = 0, sessions = 0;
};

void case_trend_share(const Input& in, CriterionResult& out) {
  const CounterTable& table = in.table;
  const auto sessions = table.column(counter::sessions), ratings = table.column(counter::goal_ratings);
  const auto rating_sum = table.column(counter::goal_rating_sum), sum_t = table.column(counter::rating_sum_t);
  const auto sum_tt = table.column(counter::rating_sum_tt), sum_tr = table.column(counter::rating_sum_tr);
  std::map<std::string, RatingSums> cases;
  for (const std::size_t row : in.rows) {
    RatingSums& s = cases[dimension_or_empty(table.row(row).key, "case_key")];
    s.sessions += table.value(row, sessions);
    s.n += table.value(row, ratings);
    s.r += table.value(row, rating_sum);
    s.t += table.value(row, sum_t);
    s.tt += table.value(row, sum_tt);
    s.tr += table.value(row, sum_tr);
  }
  std::int64_t total = 0, with_trend = 0, improving = 0, declining = 0, stable = 0;
  MeasureBasis cases_basis, trend_basis;
  std::map<std::string, MeasureBasis> trend_bases;
  for (const auto& [key, s] : cases) {
    if (s.sessions <= 0) continue;
    ++total;
    const std::uint32_t case_key = case_record_key(key);
    count_group(cases_basis, case_key);
    // Least squares over (day, rating): a trend needs ratings on at least two different days, which is
    // exactly when the spread of the days, n*sum(t^2) - sum(t)^2, is positive.
    if (s.n < 2 || s.n * s.tt - s.t * s.t <= 0) continue;
    ++with_trend;
    count_group(trend_basis, case_key);
    const std::int64_t slope_sign = s.n * s.tr - s.t * s.r;
    (slope_sign > 0 ? improving : slope_sign < 0 ? declining : stable) += 1;
    count_group(trend_bases[slope_sign > 0 ? "improving" : slope_sign < 0 ? "declining" : "stable"], case_key);
  }
  out.basis["cases"] = cases_basis;
  out.basis["cases_with_trend"] = trend_basis;
  for (const char* name : {"improving", "stable", "declining"}) out.breakdown_basis[name] = trend_bases[name];
  out.measures["cases"] = static_cast<double>(total);
  out.measures["cases_with_trend"] = static_cast<double>(with_trend);
  out.breakdown["improving"] = improving;
  out.breakdown["stable"] = stable;
  out.breakdown["declining"] = declining;
  out.value = ratio(with_trend, total);
}

// Multi-choice counters under a prefix ("concern."): one label per counter a row of the kind holds.
void prefix_distribution(const Input& in, CriterionResult& out) {
  const std::string& prefix = in.def.counter_prefix;
  const auto& names = in.table.names();
  for (std::size_t column = 0; column < names.size(); ++column) {
    const std::string_view name = names[column];
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
    bool held = false;
    std::int64_t sum = 0;
    for (const std::size_t row : in.rows) {
      held = held || in.table.holds(row, column);
      sum += in.table.value(row, column);
    }
    if (held) out.breakdown[std::string(name.substr(prefix.size()))] += sum;
  }
  // Multi-choice counts can add up to more than the sessions, so their base is the number of sessions.
  out.measures["total"] = static_cast<double>(records_of(in.table, in.rows, in.fixed));
  out.basis["total"] = records_basis(in.table, in.rows, in.def.rollup, in.fixed);
  for (const auto& [label, count] : out.breakdown) {
    const CounterSum one{{prefix + label}, {}, {}};
    out.breakdown_basis[label] = basis_of(in.table, in.rows, resolve(in.table, one), in.def.rollup, in.fixed);
  }
}

void distribution(const Input& in, CriterionResult& out) {
  if (!in.def.counter_prefix.empty()) {
    prefix_distribution(in, out);
    return;
  }
  const Resolved value = resolve(in.table, in.def.value);
  std::int64_t total = 0;
  std::map<std::string, Rows> by_label;
  for (const std::size_t row : in.rows) {
    const RollupKey& key = in.table.row(row).key;
    const auto it = key.dimensions.find(in.def.dimension);
    const std::int64_t amount = row_sum(in.table, row, value);
    if (it != key.dimensions.end() && amount != 0) {
      out.breakdown[it->second] += amount;
      by_label[it->second].push_back(row);
    }
    total += amount;
  }
  out.measures["total"] = static_cast<double>(total);
  out.basis["total"] = basis_of(in.table, in.rows, value, in.def.rollup, in.fixed);
  for (const auto& [label, in_label] : by_label) {
    out.breakdown_basis[label] = basis_of(in.table, in_label, value, in.def.rollup, in.fixed);
  }
}

// Sums beside the value (decision 0071): breakdown entries, each protected from its own records.
void add_beside(const Input& in, CriterionResult& out) {
  for (const auto& [label, sum] : in.def.beside) {
    out.breakdown_basis[label] = basis_of(in.table, in.rows, resolve(in.table, sum), in.def.rollup, in.fixed);
    out.breakdown[label] = out.breakdown_basis[label].value;
  }
}

// The rows themselves, for the kinds that walk few rows by name (case_distribution over case-months).
std::vector<const RollupRow*> row_pointers(const CounterTable& table, const Rows& rows) {
  std::vector<const RollupRow*> out;
  out.reserve(rows.size());
  for (const std::size_t row : rows) out.push_back(&table.row(row));
  return out;
}

bool meets(double value, const Target& target) {
  return target.comparison == Comparison::at_least ? value >= target.value : value <= target.value;
}

}  // namespace

CriterionStatus status_of(const CriterionResult& result) {
  for (const auto& [measure, least] : result.minimum_data) {
    const auto it = result.measures.find(measure);
    if (it == result.measures.end() || it->second < least) return CriterionStatus::insufficient_data;
  }
  if (result.kind == IndicatorKind::distribution || result.kind == IndicatorKind::case_distribution) {
    return CriterionStatus::informational;
  }
  if (!result.value) return CriterionStatus::insufficient_data;
  if (!result.target) return CriterionStatus::informational;
  const bool all_required_present = result.missing_required.empty();
  return meets(*result.value, *result.target) && all_required_present ? CriterionStatus::met : CriterionStatus::not_met;
}

CriterionResult evaluate_criterion(const CriterionDef& criterion, const CounterTable& table,
                                   const std::optional<Target>& target) {
  const IndicatorDef& def = criterion.indicator;
  // Team-month rows (decision 0026) say which teams worked which month when the dimension rows were
  // summed over teams; they serve per_team_month alone, and it prefers them when given.
  Rows rows;
  Rows team_months;
  for (std::size_t row = 0; row < table.size(); ++row) {
    const RollupKey& key = table.row(row).key;
    if (key.kind != def.rollup) continue;
    (key.grain == RollupGrain::team_month ? team_months : rows).push_back(row);
  }
  if (def.kind == IndicatorKind::per_team_month && !team_months.empty()) rows = std::move(team_months);
  const Input in{table, rows, def, fixed_columns(table, def.rollup)};
  CriterionResult out;
  out.id = criterion.id;
  out.title_sv = criterion.title_sv;
  out.title_en = criterion.title_en;
  out.kind = def.kind;
  out.target = target;
  out.minimum_data = criterion.minimum_data;
  out.basis["records"] = records_basis(table, rows, def.rollup, in.fixed);
  out.measures["records"] = static_cast<double>(out.basis["records"].value);
  switch (def.kind) {
    case IndicatorKind::share: share(in, out); break;
    case IndicatorKind::per_team_month: per_group_month(in, out, false); break;
    case IndicatorKind::per_case_month: per_group_month(in, out, true); break;
    case IndicatorKind::distinct_per_month: distinct_per_month(in, out); break;
    case IndicatorKind::case_trend_share: case_trend_share(in, out); break;
    case IndicatorKind::distribution: distribution(in, out); break;
    case IndicatorKind::case_distribution: case_distribution(def, row_pointers(table, rows), out); break;
  }
  add_beside(in, out);
  out.status = status_of(out);
  return out;
}

CriterionResult evaluate_criterion(const CriterionDef& criterion, const std::vector<const RollupRow*>& rows,
                                   const std::optional<Target>& target) {
  return evaluate_criterion(criterion, CounterTable(rows), target);
}

std::vector<std::string> counters_read_by(const CriteriaPack& pack, RollupKind kind) {
  std::set<std::string> names{std::string(record_counter(kind)), std::string(kRecordKeyCounter)};
  auto add_sum = [&names](const CounterSum& sum) { names.insert(sum.counters.begin(), sum.counters.end()); };
  for (const CriterionDef& criterion : pack.criteria) {
    const IndicatorDef& def = criterion.indicator;
    if (def.rollup != kind) continue;
    add_sum(def.numerator);
    add_sum(def.denominator);
    add_sum(def.value);
    add_sum(def.mean_of);
    for (const auto& [label, sum] : def.beside) add_sum(sum);
    // A prefix ends in '.' (the pack reader refuses any other), which is also how a query names one.
    if (!def.counter_prefix.empty()) names.insert(def.counter_prefix);
    if (def.kind == IndicatorKind::case_trend_share) {
      for (std::string_view name : {counter::sessions, counter::goal_ratings, counter::goal_rating_sum,
                                    counter::rating_sum_t, counter::rating_sum_tt, counter::rating_sum_tr}) {
        names.emplace(name);
      }
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace faltlogg::server::analytics
