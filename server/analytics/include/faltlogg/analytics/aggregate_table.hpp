// Aggregates: one counter of the rollups, summed by one or two dimensions, with disclosure control applied.
#pragma once

#include "faltlogg/analytics/criteria_report.hpp"
#include "faltlogg/analytics/disclosure.hpp"
#include "faltlogg/analytics/rollup.hpp"

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace faltlogg::server::analytics {

// Evaluators see a month at the finest in time and a district at the finest in place (DOMAIN.md);
// team leads also see days, weeks and teams (their own, by scope).
enum class Audience { team_lead, evaluator };

struct AggregateRequest {
  RollupKind rollup = RollupKind::contact_daily;  // contact_daily or session_daily (never per case)
  std::string measure = "contacts";               // a counter of that rollup, e.g. minutes, youths.13_15
  std::vector<std::string> by;                    // one or two dimensions, e.g. {"arena", "time_band"}
  ReportPeriod period;
  ReportScope scope;
  Audience audience = Audience::evaluator;
  SuppressionPolicy policy;
};

using AggregateTable = std::variant<Table1D, Table2D>;

struct Aggregate {
  RollupKind rollup = RollupKind::contact_daily;
  std::string measure;
  ReportPeriod period;
  ReportScope scope;
  int k = 5;
  bool protected_values = true;  // evaluators: cell-key perturbed (decision 0027); team leads: exact
  AggregateTable table;
  // Display names by dimension and value ("district_id" -> id -> "Norrvik"), filled by the server from its
  // districts and teams: CSV shows the name, JSON keeps the id in the cells and lists the names in "labels".
  std::map<std::string, std::map<std::string, std::string>> names{};
};

// Problems: "invalid_aggregate" (unknown measure or dimension, zero or more than two dimensions, the same
// dimension twice, per-case rollups), "forbidden" (a grain finer than the audience may see),
// "invalid_threshold", "invalid_period".
core::Status check_aggregate_request(const AggregateRequest& request);
// Categories are those present in the rows, in sorted order; cells of absent combinations are zero.
// For evaluators every value is perturbed by the cell-key method from the contacts (or sessions) and the
// record key sum behind it (protect_table); team leads get exact values.
core::Result<Aggregate> build_aggregate(const std::vector<RollupRow>& rows, const AggregateRequest& request);

}  // namespace faltlogg::server::analytics
