// The SQLite side of the analytics rollups (decision 0026): applying signed deltas inside the caller's
// transaction at every grain, and reading rows back, summed and projected in C++ so that a report reads
// a few thousand small rows.
#pragma once

#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/result.hpp"
#include "store/sqlite_db.hpp"
#include "store/store.hpp"

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace faltlogg::server {

// Thrown when a counter would go below zero: the store and its rollups disagree, which is a bug and
// never user input. Thrown inside a write transaction, so everything the batch wrote rolls back.
class RollupInconsistent : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Prepared once per transaction. Base deltas are summed in memory per key and written by flush(),
// together with their month, district-month and team-month sums: a push batch's records mostly share a
// few days, so a batch reads and writes one row per distinct key and grain.
class RollupWriter {
 public:
  explicit RollupWriter(sqlite::Connection& c);
  // Deltas of grain base (facts_for_record via rollup_deltas*); the coarser grains are derived here.
  void add(const std::vector<analytics::RollupRow>& base_deltas);
  // Writes the summed deltas; throws RollupInconsistent when a counter would go below zero, which the
  // caller's transaction must roll back. Call it before commit.
  void flush();

 private:
  std::uint32_t counter_id(const std::string& name);
  void write(const analytics::RollupKey& key, const analytics::Counters& delta);

  sqlite::Connection& connection_;
  sqlite::Statement select_;
  sqlite::Statement upsert_;
  sqlite::Statement delete_;
  std::unordered_map<std::string, std::uint32_t> ids_;  // rollup_counter_name, loaded at the first flush
  bool ids_loaded_ = false;
  std::map<analytics::RollupKey, analytics::Counters> pending_;
};

// RollupQuery's filters, the same for every backend: a counter named in `wanted` (or under a prefix ending in
// '.'; all when empty), and a key part kept when `keep` is unset or lists it.
bool rollup_counter_wanted(const std::vector<std::string>& wanted, std::string_view name);
bool rollup_part_kept(const std::optional<std::vector<std::string>>& keep, std::string_view part);

// The rows of one rollup kind and grain within the periods (inclusive) and scope, summed as the query's
// `keep` says. A stored row that does not decode throws std::runtime_error (a 500: only this code
// writes the table).
std::vector<analytics::RollupRow> read_rollup_rows(sqlite::Connection& c, const RollupQuery& query);

// The problem a push answers when a record's facts cannot be computed: the record is rejected whole,
// so it never enters the store without entering the rollups.
core::Problem facts_problem(const core::Problem& cause);

}  // namespace faltlogg::server
