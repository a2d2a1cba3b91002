#include "faltlogg/analytics/criteria_report.hpp"

#include "faltlogg/analytics/disclosure.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>

namespace faltlogg::server::analytics {

namespace json = boost::json;
namespace chr = std::chrono;

namespace {

constexpr int kMaxReportDays = 3660 + 2;  // ten years and their leap days

bool in_scope(const RollupKey& key, const ReportScope& scope) {
  return (!scope.district_id || key.district_id == *scope.district_id) &&
         (!scope.team_id || key.team_id == *scope.team_id);
}

bool in_period(const RollupKey& key, const ReportPeriod& period) { return row_in_period(key, period.from, period.to); }

// Counts are held as doubles beside shares; whole numbers go out as JSON integers ("40", not "4E1").
json::value number(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 9e15) {
    return json::value(static_cast<std::int64_t>(value));
  }
  return json::value(value);
}

json::object target_to_json(const CriterionResult& result) {
  if (!result.target) return {};
  return {{"comparison", to_string(result.target->comparison)},
          {"value", number(result.target->value)},
          {"overridden", result.target_overridden}};
}

std::int64_t published(const MeasureBasis& basis, const CellKeyPolicy& policy) {
  if (!basis.least_of.empty()) {
    std::int64_t least = std::numeric_limits<std::int64_t>::max();
    for (const MeasureBasis& part : basis.least_of) least = std::min(least, published(part, policy));
    return least;
  }
  return basis.measure.empty() ? protect_count(basis.cell, policy)
                               : protect_measure(basis.cell, basis.value, basis.measure, policy);
}

double measure_or_zero(const CriterionResult& result, const std::string& name) {
  const auto it = result.measures.find(name);
  return it == result.measures.end() ? 0.0 : it->second;
}

std::optional<double> quotient(double numerator, double denominator) {
  if (denominator <= 0) return std::nullopt;
  return numerator / denominator;
}

// The value from the published measures only, so it reveals nothing they do not.
std::optional<double> value_from_measures(const CriterionResult& result) {
  switch (result.kind) {
    case IndicatorKind::share: {
      const auto share = quotient(measure_or_zero(result, "numerator"), measure_or_zero(result, "denominator"));
      return share ? std::optional<double>(std::min(*share, 1.0)) : std::nullopt;  // noise may cross 1
    }
    case IndicatorKind::per_team_month: return quotient(measure_or_zero(result, "total"), measure_or_zero(result, "team_months"));
    case IndicatorKind::per_case_month: return quotient(measure_or_zero(result, "total"), measure_or_zero(result, "case_months"));
    case IndicatorKind::case_trend_share: {
      const auto share = quotient(measure_or_zero(result, "cases_with_trend"), measure_or_zero(result, "cases"));
      return share ? std::optional<double>(std::min(*share, 1.0)) : std::nullopt;
    }
    case IndicatorKind::case_distribution:
      return result.measures.count("mean_total") != 0
                 ? quotient(measure_or_zero(result, "mean_total"), measure_or_zero(result, "cases"))
                 : std::nullopt;
    case IndicatorKind::distinct_per_month:
    case IndicatorKind::distribution: return result.value;  // distinct values are public through zeros
  }
  return result.value;
}

CriterionResult protect_result(const CriterionResult& exact, const CellKeyPolicy& policy) {
  CriterionResult out = exact;
  for (const auto& [name, basis] : exact.basis) out.measures[name] = static_cast<double>(published(basis, policy));
  for (const auto& [label, basis] : exact.breakdown_basis) out.breakdown[label] = published(basis, policy);
  out.value = value_from_measures(out);
  out.status = status_of(out);
  out.basis.clear();
  out.breakdown_basis.clear();
  return out;
}

json::object criterion_to_json(const CriterionResult& result) {
  json::object out{{"id", result.id}, {"title_sv", result.title_sv}, {"title_en", result.title_en},
                   {"kind", to_string(result.kind)}};
  json::object measures;
  for (const auto& [name, value] : result.measures) measures[name] = number(value);
  out["value"] = result.value ? number(*result.value) : json::value(nullptr);
  out["target"] = result.target ? json::value(target_to_json(result)) : json::value(nullptr);
  out["status"] = to_string(result.status);
  out["measures"] = std::move(measures);
  json::object minimum;
  for (const auto& [name, value] : result.minimum_data) minimum[name] = number(value);
  out["minimum_data"] = std::move(minimum);
  json::object breakdown;
  for (const auto& [label, count] : result.breakdown) breakdown[label] = count;
  out["breakdown"] = std::move(breakdown);
  json::array missing;
  for (const auto& item : result.missing_required) missing.emplace_back(item);
  out["missing_required"] = std::move(missing);
  return out;
}

}  // namespace

bool covers_whole_months(const ReportPeriod& period) {
  const chr::year_month_day after{chr::sys_days{period.to} + chr::days{1}};
  return period.from.ok() && period.to.ok() && period.from.day() == chr::day{1} && after.day() == chr::day{1};
}

core::Status check_evaluator_period(const ReportPeriod& period) {
  if (covers_whole_months(period)) return core::Ok{};
  return core::make_problem("invalid_period", 400, "Whole months only",
                            "evaluators see whole months: send from= the first day of a month and to= the last day "
                            "of a month, for example from=2026-01-01&to=2026-03-31");
}

std::string_view to_string(CriterionStatus status) {
  switch (status) {
    case CriterionStatus::met: return "met";
    case CriterionStatus::not_met: return "not_met";
    case CriterionStatus::insufficient_data: return "insufficient_data";
    case CriterionStatus::informational: return "informational";
  }
  return "insufficient_data";
}

core::Status check_report_request(const CriteriaPack& pack, const ReportPeriod& period,
                                  const TargetOverrides& overrides) {
  if (!period.from.ok() || !period.to.ok() || chr::sys_days{period.to} < chr::sys_days{period.from}) {
    return core::make_problem("invalid_period", 400, "Invalid period", "the period must end on or after its start");
  }
  if ((chr::sys_days{period.to} - chr::sys_days{period.from}).count() > kMaxReportDays) {
    return core::make_problem("invalid_period", 400, "Invalid period", "a report spans at most ten years");
  }
  return check_target_overrides(pack, overrides);
}

core::Result<CriteriaReport> evaluate_criteria(const CriteriaPack& pack, const std::vector<RollupRow>& rows,
                                               const ReportPeriod& period, const ReportScope& scope,
                                               const TargetOverrides& overrides) {
  if (auto ok = check_report_request(pack, period, overrides); !ok) return ok.problem();
  std::vector<const RollupRow*> selected;
  for (const RollupRow& row : rows) {
    if (in_scope(row.key, scope) && in_period(row.key, period)) selected.push_back(&row);
  }
  CriteriaReport report;
  report.pack_id = pack.id;
  report.pack_version = pack.version;
  report.form_id = pack.form_id;
  report.period = period;
  report.scope = scope;
  const CounterTable table(std::move(selected));
  for (const CriterionDef& criterion : pack.criteria) {
    std::optional<Target> target = criterion.target;
    const auto override_it = overrides.find(criterion.id);
    const bool overridden = override_it != overrides.end();
    if (overridden) target->value = override_it->second;  // check_target_overrides: target exists
    CriterionResult result = evaluate_criterion(criterion, table, target);
    result.target_overridden = overridden;
    report.results.push_back(std::move(result));
  }
  return report;
}

CriteriaReport protect_report(const CriteriaReport& report, const CellKeyPolicy& policy) {
  CriteriaReport out = report;
  for (auto& result : out.results) result = protect_result(result, policy);
  return out;
}

json::object disclosure_control_json(std::optional<int> protect_k) {
  if (!protect_k) return {{"method", "none"}, {"rule", kExactRule}};
  return {{"method", kCellKeyMethod}, {"k", *protect_k}, {"max_noise", kCellKeyMaxNoise}, {"additive", false},
          {"rule", kCellKeyRule}};
}

json::object report_to_json(const CriteriaReport& report, std::optional<int> protect_k) {
  const CriteriaReport shown =
      protect_k ? protect_report(report, CellKeyPolicy{*protect_k, kCellKeyMaxNoise}) : report;
  json::object scope{{"district_id", shown.scope.district_id ? json::value(*shown.scope.district_id) : nullptr},
                     {"team_id", shown.scope.team_id ? json::value(*shown.scope.team_id) : nullptr}};
  json::array criteria;
  for (const auto& result : shown.results) criteria.push_back(criterion_to_json(result));
  return {{"pack", {{"id", shown.pack_id}, {"version", shown.pack_version}, {"form_id", shown.form_id}}},
          {"period", {{"from", format_date(shown.period.from)}, {"to", format_date(shown.period.to)}}},
          {"scope", std::move(scope)},
          {"counting_rule", shown.counting_rule},
          {"disclosure_control", disclosure_control_json(protect_k)},
          {"criteria", std::move(criteria)}};
}

}  // namespace faltlogg::server::analytics
