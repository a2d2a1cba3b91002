#include "faltlogg/analytics/criteria_report.hpp"

#include "faltlogg/analytics/disclosure.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
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

// Counts of contacts, sessions or cases; months and team-months are not about people.
bool is_count_of_people_or_contacts(const std::string& measure) {
  static const std::set<std::string> counts = {"records", "numerator", "denominator", "total",
                                               "cases",   "cases_with_trend", "least_month_total"};
  return counts.count(measure) > 0;
}

bool small(double value, int k) { return value > 0 && value < k; }

// Counts that are part of another published count: the difference is a count too (39 of 40 contacts with
// concern referred says one was not). A part whose complement is below k is suppressed like a small cell.
std::set<std::string> small_complements(const CriterionResult& result, int k) {
  std::vector<std::pair<std::string, std::string>> nested;  // (whole, part)
  for (const char* part : {"numerator", "denominator", "total", "least_month_total"}) nested.emplace_back("records", part);
  nested.emplace_back("denominator", "numerator");
  nested.emplace_back("cases", "cases_with_trend");
  std::set<std::string> parts;
  for (const auto& [whole, part] : nested) {
    const auto w = result.measures.find(whole);
    const auto p = result.measures.find(part);
    if (w != result.measures.end() && p != result.measures.end() && small(w->second - p->second, k)) parts.insert(part);
  }
  return parts;
}

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

// A breakdown that adds up to a published measure is a 1-D table with its total: suppress it as one.
void suppress_breakdown(const CriterionResult& result, int k, json::object& out) {
  Table1D table;
  std::int64_t sum = 0;
  for (const auto& [label, count] : result.breakdown) {
    table.labels.push_back(label);
    table.cells.push_back(TableCell{count, count, Suppression::none});
    sum += count;
  }
  table.total = TableCell{sum, sum, Suppression::none};
  const bool adds_up = result.kind != IndicatorKind::distribution || result.breakdown.empty() ||
                       result.measures.at("total") == static_cast<double>(sum);
  json::object breakdown;
  if (adds_up && suppress_small_cells(table, SuppressionPolicy{k}).ok()) {
    for (std::size_t i = 0; i < table.labels.size(); ++i) {
      breakdown[table.labels[i]] = table.cells[i].suppressed() ? json::value(nullptr) : json::value(table.cells[i].value);
    }
  } else {
    // Multi-choice counts have no total they add up to: primary suppression is all that applies.
    for (const auto& [label, count] : result.breakdown) {
      breakdown[label] = small(static_cast<double>(count), k) ? json::value(nullptr) : json::value(count);
    }
  }
  out["breakdown"] = std::move(breakdown);
}

json::object criterion_to_json(const CriterionResult& result, std::optional<int> k) {
  json::object out{{"id", result.id}, {"title_sv", result.title_sv}, {"title_en", result.title_en},
                   {"kind", to_string(result.kind)}};
  json::array suppressed;
  json::object measures;
  bool value_hidden = false;
  const std::set<std::string> complements = k ? small_complements(result, *k) : std::set<std::string>{};
  for (const auto& [name, value] : result.measures) {
    if (k && is_count_of_people_or_contacts(name) && (small(value, *k) || complements.count(name) > 0)) {
      measures[name] = nullptr;
      suppressed.emplace_back(name);
      // Every count listed is behind the value: fewer than k contacts in scope (records) hides it too.
      value_hidden = true;
    } else {
      measures[name] = number(value);
    }
  }
  out["value"] = (result.value && !value_hidden) ? number(*result.value) : json::value(nullptr);
  out["target"] = result.target ? json::value(target_to_json(result)) : json::value(nullptr);
  out["status"] = value_hidden ? json::value(nullptr) : json::value(to_string(result.status));
  if (value_hidden) {
    suppressed.emplace_back("value");
    suppressed.emplace_back("status");
  }
  out["measures"] = std::move(measures);
  json::object minimum;
  for (const auto& [name, value] : result.minimum_data) minimum[name] = number(value);
  out["minimum_data"] = std::move(minimum);
  if (k && result.kind != IndicatorKind::distinct_per_month) {
    suppress_breakdown(result, *k, out);
  } else {
    json::object breakdown;
    for (const auto& [label, count] : result.breakdown) breakdown[label] = count;
    out["breakdown"] = std::move(breakdown);
  }
  json::array missing;
  for (const auto& item : result.missing_required) missing.emplace_back(item);
  out["missing_required"] = std::move(missing);
  out["suppressed"] = !suppressed.empty();
  if (!suppressed.empty()) out["suppressed_parts"] = std::move(suppressed);
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
  for (const CriterionDef& criterion : pack.criteria) {
    std::optional<Target> target = criterion.target;
    const auto override_it = overrides.find(criterion.id);
    const bool overridden = override_it != overrides.end();
    if (overridden) target->value = override_it->second;  // check_target_overrides: target exists
    CriterionResult result = evaluate_criterion(criterion, selected, target);
    result.target_overridden = overridden;
    report.results.push_back(std::move(result));
  }
  return report;
}

json::object report_to_json(const CriteriaReport& report, std::optional<int> suppress_below) {
  json::object scope{{"district_id", report.scope.district_id ? json::value(*report.scope.district_id) : nullptr},
                     {"team_id", report.scope.team_id ? json::value(*report.scope.team_id) : nullptr}};
  json::array criteria;
  for (const auto& result : report.results) criteria.push_back(criterion_to_json(result, suppress_below));
  return {{"pack", {{"id", report.pack_id}, {"version", report.pack_version}, {"form_id", report.form_id}}},
          {"period", {{"from", format_date(report.period.from)}, {"to", format_date(report.period.to)}}},
          {"scope", std::move(scope)},
          {"counting_rule", report.counting_rule},
          {"suppression", suppress_below ? json::value({{"k", *suppress_below}}) : json::value(nullptr)},
          {"criteria", std::move(criteria)}};
}

}  // namespace faltlogg::server::analytics
