// The two sides of the analytics benchmark: the server's read path (criteria_report_from_store and
// build_aggregate_from_store over a SqliteStore), and a plain GROUP BY over the raw table plus arithmetic.
// Each returns the same comparable answer.
#pragma once

#include "faltlogg/analytics/disclosure.hpp"
#include "store/store.hpp"

#include <sqlite3.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::bench {

struct Period {
  std::string from;  // "YYYY-MM-DD", inclusive
  std::string to;
};
Period bench_year();

// Whose report: every district (evaluator), or one team (its team lead).
struct Team {
  std::string district_id;
  std::string team_id;
};

// What a criterion's published numbers are: value, measures, per-month breakdown, missing values.
struct CriterionAnswer {
  std::string id;
  std::optional<double> value;
  std::map<std::string, double> measures;
  std::map<std::string, std::int64_t> breakdown;
  std::vector<std::string> missing_required;
  friend bool operator==(const CriterionAnswer&, const CriterionAnswer&) = default;
};
using CriteriaAnswer = std::vector<CriterionAnswer>;

// stockholmsstandard-2021, C1-C9, through criteria_report_from_store (no target overrides).
CriteriaAnswer criteria_from_store(server::Store& store, const Period& period, const std::optional<Team>& team);
CriteriaAnswer criteria_from_group_by(sqlite3* db, const Period& period, const std::optional<Team>& team);
bool same_criteria(const CriteriaAnswer& ours, const CriteriaAnswer& theirs);  // prints the first difference

// Contacts by district_id x arena, evaluator audience, k = 5, through build_aggregate_from_store.
server::analytics::Table2D aggregate_from_store(server::Store& store, const Period& period);
server::analytics::Table2D aggregate_from_group_by(sqlite3* db, const Period& period);
bool same_table(const server::analytics::Table2D& ours, const server::analytics::Table2D& theirs);  // prints where

}  // namespace faltlogg::bench
