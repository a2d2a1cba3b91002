// The PostgreSQL side of the analytics rollups: one row per counter (rollup_value), changed by additive
// upserts so that concurrent writers never read-modify-write a cell, and read back summed and projected
// as SQLite's reader does (RollupQuery's counters and keep).
#pragma once

#include "faltlogg/analytics/rollup.hpp"
#include "store/pg_db.hpp"
#include "store/store.hpp"

#include <map>
#include <tuple>
#include <vector>

namespace faltlogg::server {

class PgRollupWriter {
 public:
  explicit PgRollupWriter(pg::Connection& c) : c_(c) {}
  // Deltas of grain base; the coarser grains are derived at flush().
  void add(const std::vector<analytics::RollupRow>& base_deltas);
  // One statement for every changed counter at every grain; throws RollupInconsistent (and the caller's
  // transaction rolls back) when a counter would go below zero. Counters that reach zero are removed.
  void flush();

 private:
  pg::Connection& c_;
  std::map<analytics::RollupKey, analytics::Counters> pending_;
};

std::vector<analytics::RollupRow> read_pg_rollup_rows(pg::Connection& c, const RollupQuery& query);

}  // namespace faltlogg::server
