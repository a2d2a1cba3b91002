// Criteria evaluation: a pack's criteria over the rollup rows of one period and scope.
#pragma once

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/cell_key.hpp"
#include "faltlogg/analytics/counter_table.hpp"
#include "faltlogg/analytics/criteria_pack.hpp"
#include "faltlogg/analytics/rollup.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::server::analytics {

// What every report says about what it counted (DOMAIN.md): review state does not filter.
inline constexpr std::string_view kCountingRule =
    "every record that is not deleted counts, whatever its review state";

enum class CriterionStatus {
  met,
  not_met,
  insufficient_data,  // below the criterion's minimum data, never a misleading "not met"
  informational,      // the indicator has no target (follow-up packs)
};
std::string_view to_string(CriterionStatus status);

struct ReportPeriod {
  Date from;  // Stockholm local dates, both inclusive
  Date to;
};

// From the first day of a month to the last day of a month (possibly another one).
bool covers_whole_months(const ReportPeriod& period);
// Evaluators' finest time grain is the month (DOMAIN.md): any other period could be differenced against
// a neighbouring one down to days. Refused with a 400 "invalid_period" that says what to send.
core::Status check_evaluator_period(const ReportPeriod& period);

struct ReportScope {
  std::optional<std::string> district_id;  // none: every district
  std::optional<std::string> team_id;      // none: every team of the district(s)
};

// What an evaluator's number is protected from (decision 0027): the records and key sum behind it, its
// true value and the name its noise is drawn under ("" for a count of the records themselves, which
// then equals the same count in any aggregate). A `least_of` basis publishes the least of its parts'
// protected values (C3's poorest month).
struct MeasureBasis {
  CellBasis cell;
  std::int64_t value = 0;
  std::string measure;
  std::vector<MeasureBasis> least_of{};
};

struct CriterionResult {
  std::string id;
  std::string title_sv;
  std::string title_en;
  IndicatorKind kind = IndicatorKind::share;
  std::optional<double> value;    // none when there is nothing to divide by, or for distributions
  std::optional<Target> target;   // the effective target, after a district override
  bool target_overridden = false;
  CriterionStatus status = CriterionStatus::insufficient_data;
  std::map<std::string, double> measures;           // the indicator values behind `value` (see measures_of)
  std::map<std::string, std::int64_t> breakdown;    // per month (distinct_per_month) or per category
  std::map<std::string, double> minimum_data;
  std::vector<std::string> missing_required;        // distinct_per_month: "2026-03:digital", ...
  // Counts of people, contacts, sessions or cases, and magnitudes (minutes), by measure and by breakdown
  // label; measures without a basis (months, team-months, distinct arenas) are published as they are.
  std::map<std::string, MeasureBasis> basis;
  std::map<std::string, MeasureBasis> breakdown_basis;
};

struct CriteriaReport {
  std::string pack_id;
  int pack_version = 0;
  std::string form_id;
  ReportPeriod period;
  ReportScope scope;
  std::string counting_rule{kCountingRule};
  std::vector<CriterionResult> results;
};

// What evaluate_criteria refuses before it looks at any row: a period that ends before it starts or spans
// more than ten years, and invalid overrides. A store can call it before reading rollups.
core::Status check_report_request(const CriteriaPack& pack, const ReportPeriod& period,
                                  const TargetOverrides& overrides = {});

// Rows outside the period or scope are ignored, so a caller may pass a superset. Rows with a month period
// (case_monthly, and the month grains of decision 0026) count when their month overlaps the period: ask
// for whole months with them. Rows of one grain family only: either base rows, or month / district_month
// rows plus team_month rows, which per_team_month counts team-months from and everything else ignores.
// Refuses what check_report_request refuses, with its Problem.
core::Result<CriteriaReport> evaluate_criteria(const CriteriaPack& pack, const std::vector<RollupRow>& rows,
                                               const ReportPeriod& period, const ReportScope& scope,
                                               const TargetOverrides& overrides = {});

// The counters evaluating `pack`'s criteria on `kind` reads (RollupQuery::counters form: a name ending in
// '.' stands for a prefix), so a store can skip the rest. Always includes the kind's record counter.
std::vector<std::string> counters_read_by(const CriteriaPack& pack, RollupKind kind);

// The evaluator's view of a report (decision 0027): every measure and breakdown with a basis replaced by
// its cell-key protected value, and value and status recomputed from the protected numbers only.
CriteriaReport protect_report(const CriteriaReport& report, const CellKeyPolicy& policy);
// The status a result's (possibly protected) measures and value give, by its own minimum data and target.
CriterionStatus status_of(const CriterionResult& result);

// JSON for the criteria endpoint. With protect_k (evaluators), the numbers are protect_report's and the
// "disclosure_control" block says so; without (team leads, own team), exact numbers.
boost::json::object report_to_json(const CriteriaReport& report, std::optional<int> protect_k = std::nullopt);
// The "disclosure_control" block of every JSON output: method, k, max_noise, additive, rule.
boost::json::object disclosure_control_json(std::optional<int> protect_k);

// One criterion's indicator over already filtered rows (exposed for tests and the aggregates endpoint).
CriterionResult evaluate_criterion(const CriterionDef& criterion, const std::vector<const RollupRow*>& rows,
                                   const std::optional<Target>& target);
// The same over a table built once for all of a report's criteria (what evaluate_criteria does).
CriterionResult evaluate_criterion(const CriterionDef& criterion, const CounterTable& table,
                                   const std::optional<Target>& target);

}  // namespace faltlogg::server::analytics
