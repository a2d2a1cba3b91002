// Criteria packs are data (shared/criteria/*.json): each criterion is an indicator over rollups, a
// comparison with a target the admin may override per district, and a minimum amount of data below which
// the status is insufficient_data.
#pragma once

#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/result.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::server::analytics {

enum class IndicatorKind {
  share,               // sum(numerator) / sum(denominator)
  per_team_month,      // sum(value) / number of (team, month) with records
  distinct_per_month,  // distinct values of `dimension` with value > 0, in the poorest month
  per_case_month,      // sum(value) / number of (case, month) with sessions
  case_trend_share,    // cases with goal ratings on >= 2 days / cases
  distribution,        // counts by `dimension` or by counters named `counter_prefix`*; no single value
  case_distribution,   // distinct cases (case_monthly rows with `value` > 0) by counters `counter_prefix`*;
                       // value = mean of `mean_of` per case when given (decision 0072)
};
std::string_view to_string(IndicatorKind kind);

enum class Comparison { at_least, at_most };
std::string_view to_string(Comparison comparison);

// A sum of counters over the rows whose dimensions match: `where` keeps rows whose value is listed for
// every named dimension; `where_not` drops rows whose value is listed for any named dimension.
struct CounterSum {
  std::vector<std::string> counters;
  std::map<std::string, std::vector<std::string>> where;
  std::map<std::string, std::vector<std::string>> where_not;
};

struct IndicatorDef {
  IndicatorKind kind = IndicatorKind::share;
  RollupKind rollup = RollupKind::contact_daily;
  CounterSum numerator;    // share
  CounterSum denominator;  // share
  CounterSum value;        // per_team_month, distinct_per_month, per_case_month, distribution by dimension
  std::string dimension;   // distinct_per_month, distribution
  std::string counter_prefix;                // distribution by counters
  std::vector<std::string> required_values;  // distinct_per_month: must be present every month
  CounterSum mean_of;                        // case_distribution: summed per case, value = sum / cases
  // Sums reported beside the value, by label, in the breakdown (C2's night minutes, C8's core age group,
  // C5's partners); protected like every count (decision 0071).
  std::map<std::string, CounterSum> beside;
};

struct Target {
  Comparison comparison = Comparison::at_least;
  double value = 0;
};

struct CriterionDef {
  std::string id;
  std::string title_sv;
  std::string title_en;
  std::string source_note;  // where the criterion and its target come from ("lokalt mål, ej ur standardens text")
  std::string section_sv;   // a heading it belongs under ("Säkerhet"), or empty
  std::string section_en;
  IndicatorDef indicator;
  std::optional<Target> target;  // none: reported for follow-up, never met / not met
  // Indicator measure -> least value for a status other than insufficient_data (see measures_of()).
  std::map<std::string, double> minimum_data;
};

struct CriteriaPack {
  std::string id;
  int version = 0;
  std::string title_sv;
  std::string title_en;
  std::string form_id;
  // What the indicators are, said in every report ("aktivitetsindikatorer med lokala mål"); may be empty.
  std::string about_sv;
  std::string about_en;
  // The pack a report of form_id uses when none is named (`pack=`); else the latest version of the form's.
  bool default_for_form = false;
  std::vector<CriterionDef> criteria;

  const CriterionDef* find(std::string_view criterion_id) const;
};

// The measures an indicator kind reports beside its value, which minimum_data may name. Every kind has
// "records" (contacts or sessions in scope).
std::vector<std::string_view> measures_of(IndicatorKind kind);

// Strict: unknown members, unknown kinds/rollups/dimensions/counters, shares with targets outside [0, 1],
// duplicate ids and missing minimum data are refused with code "invalid_criteria_pack", naming the
// criterion and the member.
core::Result<CriteriaPack> parse_criteria_pack(const boost::json::value& json);
core::Result<CriteriaPack> load_criteria_pack_file(const std::filesystem::path& file);
// Every *.json in dir, sorted by (id, version); the first broken pack aborts with its Problem.
core::Result<std::vector<CriteriaPack>> load_criteria_directory(const std::filesystem::path& dir);
// The packs shipped in the source tree; FALTLOGG_CRITERIA_DIR in the environment overrides it.
std::filesystem::path default_criteria_dir();

// Per-district target overrides by criterion id (set by `faltlogg-admin criteria set-target`).
using TargetOverrides = std::map<std::string, double, std::less<>>;
// Refuses overrides naming an unknown criterion, one without a target, a non-finite or negative value,
// or a share outside [0, 1] (code "invalid_target").
core::Status check_target_overrides(const CriteriaPack& pack, const TargetOverrides& overrides);

}  // namespace faltlogg::server::analytics
