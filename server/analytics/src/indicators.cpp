// The arithmetic of each indicator kind over rollup rows already filtered to one period and scope.
#include "faltlogg/analytics/criteria_report.hpp"

#include "indicators_cases.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace faltlogg::server::analytics {

namespace {

using Rows = std::vector<const RollupRow*>;

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

std::int64_t counter_of(const Counters& counters, std::string_view name) {
  const auto it = counters.find(name);
  return it == counters.end() ? 0 : it->second;
}

std::int64_t row_sum(const RollupRow& row, const CounterSum& sum) {
  if (!matches(row.key, sum)) return 0;
  std::int64_t total = 0;
  for (const auto& name : sum.counters) total += counter_of(row.counters, name);
  return total;
}

std::int64_t total_of(const Rows& rows, const CounterSum& sum) {
  std::int64_t total = 0;
  for (const RollupRow* row : rows) total += row_sum(*row, sum);
  return total;
}

std::int64_t records_of(const Rows& rows, RollupKind kind) {
  std::int64_t total = 0;
  for (const RollupRow* row : rows) total += counter_of(row->counters, record_counter(kind));
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
MeasureBasis basis_of(const Rows& rows, const CounterSum& sum, RollupKind kind) {
  MeasureBasis basis;
  basis.measure = measure_name(sum, kind);
  for (const RollupRow* row : rows) {
    if (!matches(row->key, sum)) continue;
    basis.cell.records += counter_of(row->counters, record_counter(kind));
    basis.cell.key_sum += counter_of(row->counters, kRecordKeyCounter);
    basis.value += row_sum(*row, sum);
  }
  return basis;
}

MeasureBasis records_basis(const Rows& rows, RollupKind kind) {
  return basis_of(rows, CounterSum{{std::string(record_counter(kind))}, {}, {}}, kind);
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

void share(const IndicatorDef& def, const Rows& rows, CriterionResult& out) {
  const std::int64_t numerator = total_of(rows, def.numerator);
  const std::int64_t denominator = total_of(rows, def.denominator);
  out.measures["numerator"] = static_cast<double>(numerator);
  out.measures["denominator"] = static_cast<double>(denominator);
  out.basis["numerator"] = basis_of(rows, def.numerator, def.rollup);
  out.basis["denominator"] = basis_of(rows, def.denominator, def.rollup);
  out.value = ratio(numerator, denominator);
}

// Distinct (group, month) pairs that have records; the group is the team or the case.
std::int64_t group_months(const Rows& rows, RollupKind kind, bool by_case) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const RollupRow* row : rows) {
    if (counter_of(row->counters, record_counter(kind)) <= 0) continue;
    const auto& group = by_case ? dimension_or_empty(row->key, "case_key") : row->key.team_id;
    seen.emplace(group, row->key.period.substr(0, 7));
  }
  return static_cast<std::int64_t>(seen.size());
}

// Case-months are about people: each brings a key of its own (team-months are not, and have none).
MeasureBasis case_months_basis(const Rows& rows, RollupKind kind) {
  std::set<std::pair<std::string, std::string>> seen;
  MeasureBasis basis;
  for (const RollupRow* row : rows) {
    if (counter_of(row->counters, record_counter(kind)) <= 0) continue;
    const auto& key = dimension_or_empty(row->key, "case_key");
    const std::string month = row->key.period.substr(0, 7);
    if (seen.emplace(key, month).second) count_group(basis, case_month_key(key, month));
  }
  return basis;
}

void per_group_month(const IndicatorDef& def, const Rows& rows, CriterionResult& out, bool by_case) {
  const std::int64_t total = total_of(rows, def.value);
  const std::int64_t months = group_months(rows, def.rollup, by_case);
  out.measures["total"] = static_cast<double>(total);
  out.measures[by_case ? "case_months" : "team_months"] = static_cast<double>(months);
  out.value = ratio(total, months);
  out.basis["total"] = basis_of(rows, def.value, def.rollup);
  if (by_case) out.basis["case_months"] = case_months_basis(rows, def.rollup);
}

void distinct_per_month(const IndicatorDef& def, const Rows& rows, CriterionResult& out) {
  std::map<std::string, std::set<std::string>> present;  // month -> dimension values with a positive sum
  std::map<std::string, std::int64_t> month_totals;
  std::map<std::string, Rows> month_rows;
  for (const RollupRow* row : rows) {
    if (counter_of(row->counters, record_counter(def.rollup)) <= 0) continue;
    const std::string month = row->key.period.substr(0, 7);
    month_totals[month] += row_sum(*row, def.value);
    month_rows[month].push_back(row);
    const auto it = row->key.dimensions.find(def.dimension);
    if (it != row->key.dimensions.end() && row_sum(*row, def.value) > 0) present[month].insert(it->second);
  }
  std::int64_t least_distinct = std::numeric_limits<std::int64_t>::max();
  std::int64_t least_total = std::numeric_limits<std::int64_t>::max();
  for (const auto& [month, total] : month_totals) {
    const auto distinct = static_cast<std::int64_t>(present[month].size());
    out.breakdown[month] = distinct;
    least_distinct = std::min(least_distinct, distinct);
    least_total = std::min(least_total, total);
    for (const auto& required : def.required_values) {
      if (present[month].count(required) == 0) out.missing_required.push_back(month + ":" + required);
    }
  }
  out.measures["months"] = static_cast<double>(month_totals.size());
  out.measures["least_month_total"] = month_totals.empty() ? 0.0 : static_cast<double>(least_total);
  MeasureBasis least;
  least.value = month_totals.empty() ? 0 : least_total;
  for (const auto& [month, in_month] : month_rows) least.least_of.push_back(basis_of(in_month, def.value, def.rollup));
  out.basis["least_month_total"] = std::move(least);
  if (!month_totals.empty()) out.value = static_cast<double>(least_distinct);
}

struct RatingSums {
  std::int64_t n = 0, t = 0, tt = 0, tr = 0, r = 0, sessions = 0;
};

void case_trend_share(const Rows& rows, CriterionResult& out) {
  std::map<std::string, RatingSums> cases;
  for (const RollupRow* row : rows) {
    RatingSums& s = cases[dimension_or_empty(row->key, "case_key")];
    s.sessions += counter_of(row->counters, counter::sessions);
    s.n += counter_of(row->counters, counter::goal_ratings);
    s.r += counter_of(row->counters, counter::goal_rating_sum);
    s.t += counter_of(row->counters, counter::rating_sum_t);
    s.tt += counter_of(row->counters, counter::rating_sum_tt);
    s.tr += counter_of(row->counters, counter::rating_sum_tr);
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

void distribution(const IndicatorDef& def, const Rows& rows, CriterionResult& out) {
  std::int64_t total = 0;
  std::map<std::string, Rows> by_label;
  for (const RollupRow* row : rows) {
    if (!def.counter_prefix.empty()) {
      for (const auto& [name, value] : row->counters) {
        if (name.size() > def.counter_prefix.size() && name.compare(0, def.counter_prefix.size(), def.counter_prefix) == 0) {
          out.breakdown[name.substr(def.counter_prefix.size())] += value;
        }
      }
      continue;
    }
    const auto it = row->key.dimensions.find(def.dimension);
    const std::int64_t amount = row_sum(*row, def.value);
    if (it != row->key.dimensions.end() && amount != 0) {
      out.breakdown[it->second] += amount;
      by_label[it->second].push_back(row);
    }
    total += amount;
  }
  // Multi-choice counts can add up to more than the sessions, so their base is the number of sessions.
  out.measures["total"] = static_cast<double>(def.counter_prefix.empty() ? total : records_of(rows, def.rollup));
  if (def.counter_prefix.empty()) {
    out.basis["total"] = basis_of(rows, def.value, def.rollup);
    for (const auto& [label, in_label] : by_label) out.breakdown_basis[label] = basis_of(in_label, def.value, def.rollup);
    return;
  }
  out.basis["total"] = records_basis(rows, def.rollup);
  for (const auto& [label, count] : out.breakdown) {
    out.breakdown_basis[label] = basis_of(rows, CounterSum{{def.counter_prefix + label}, {}, {}}, def.rollup);
  }
}

// Sums beside the value (decision 0071): breakdown entries, each protected from its own records.
void add_beside(const IndicatorDef& def, const Rows& rows, CriterionResult& out) {
  for (const auto& [label, sum] : def.beside) {
    out.breakdown[label] = total_of(rows, sum);
    out.breakdown_basis[label] = basis_of(rows, sum, def.rollup);
  }
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

CriterionResult evaluate_criterion(const CriterionDef& criterion, const std::vector<const RollupRow*>& all_rows,
                                   const std::optional<Target>& target) {
  const IndicatorDef& def = criterion.indicator;
  // Team-month rows (decision 0026) say which teams worked which month when the dimension rows were
  // summed over teams; they serve per_team_month alone, and it prefers them when given.
  Rows rows;
  Rows team_months;
  for (const RollupRow* row : all_rows) {
    if (row->key.kind != def.rollup) continue;
    (row->key.grain == RollupGrain::team_month ? team_months : rows).push_back(row);
  }
  if (def.kind == IndicatorKind::per_team_month && !team_months.empty()) rows = std::move(team_months);
  CriterionResult out;
  out.id = criterion.id;
  out.title_sv = criterion.title_sv;
  out.title_en = criterion.title_en;
  out.kind = def.kind;
  out.target = target;
  out.minimum_data = criterion.minimum_data;
  out.measures["records"] = static_cast<double>(records_of(rows, def.rollup));
  out.basis["records"] = records_basis(rows, def.rollup);
  switch (def.kind) {
    case IndicatorKind::share: share(def, rows, out); break;
    case IndicatorKind::per_team_month: per_group_month(def, rows, out, false); break;
    case IndicatorKind::per_case_month: per_group_month(def, rows, out, true); break;
    case IndicatorKind::distinct_per_month: distinct_per_month(def, rows, out); break;
    case IndicatorKind::case_trend_share: case_trend_share(rows, out); break;
    case IndicatorKind::distribution: distribution(def, rows, out); break;
    case IndicatorKind::case_distribution: case_distribution(def, rows, out); break;
  }
  add_beside(def, rows, out);
  out.status = status_of(out);
  return out;
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
