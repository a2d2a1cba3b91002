// The two sides of the analytics benchmark: rollups + library evaluation, and a plain GROUP BY over the
// raw table. Each returns the same comparable answer.
#pragma once

#include "faltlogg/analytics/disclosure.hpp"

#include <sqlite3.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::bench {

struct Year {
  std::string from;  // "YYYY-MM-DD", inclusive
  std::string to;
};
Year bench_year();

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

CriteriaAnswer criteria_from_rollups(sqlite3* db, const Year& year);
// Prototype of a monthly level beside the daily one (see README.md): the same counters summed per month,
// reading only the counters the pack names. Valid for whole-month periods only.
CriteriaAnswer criteria_from_monthly_prototype(sqlite3* db, const Year& year);
CriteriaAnswer criteria_from_group_by(sqlite3* db, const Year& year);
// Where the last rollup-side criteria call spent its time: SQL read into RollupRows, then evaluation.
struct ReadSplit {
  double read_ms = 0;
  double evaluate_ms = 0;
  std::size_t rows = 0;  // RollupRows (keys) handed to evaluate_criteria
};
ReadSplit last_split();
bool same_criteria(const CriteriaAnswer& ours, const CriteriaAnswer& theirs);  // prints the first difference

// Contacts by district x arena over the year, suppressed for evaluators with k = 5.
server::analytics::Table2D aggregate_from_rollups(sqlite3* db, const Year& year);
server::analytics::Table2D aggregate_from_group_by(sqlite3* db, const Year& year);
bool same_table(const server::analytics::Table2D& ours, const server::analytics::Table2D& theirs);

}  // namespace faltlogg::bench
