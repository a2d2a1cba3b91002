// The SQLite side of the analytics rollups: applying signed deltas inside the caller's transaction and
// reading rows back, with the statements server/analytics/README.md prescribes.
#pragma once

#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/result.hpp"
#include "store/sqlite_db.hpp"
#include "store/store.hpp"

#include <map>
#include <stdexcept>
#include <vector>

namespace faltlogg::server {

// Thrown when a counter would go below zero: the store and its rollups disagree, which is a bug and
// never user input. Thrown inside a write transaction, so everything the batch wrote rolls back.
class RollupInconsistent : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Prepared once per transaction. Deltas are summed in memory per (key, counter) and written by
// flush(): a push batch's records mostly share a few days, so this turns ~10 upserts per record into
// one per distinct counter (each upsert with RETURNING costs SQLite an ephemeral table).
class RollupWriter {
 public:
  explicit RollupWriter(sqlite::Connection& c);
  void add(const std::vector<analytics::RollupRow>& deltas);
  // Writes the summed deltas; throws RollupInconsistent when a counter would go below zero, which the
  // caller's transaction must roll back. Call it before commit.
  void flush();

 private:
  void write(const analytics::RollupKey& key, std::string_view counter, std::int64_t delta);

  sqlite::Statement upsert_;
  sqlite::Statement delete_zero_;
  std::map<analytics::RollupKey, analytics::Counters> pending_;
};

// The rows of one rollup kind within the periods (inclusive) and scope. A stored row that does not
// decode throws std::runtime_error (a 500: the table was written by this code only).
std::vector<analytics::RollupRow> read_rollup_rows(sqlite::Connection& c, const RollupQuery& query);

// The problem a push answers when a record's facts cannot be computed: the record is rejected whole,
// so it never enters the store without entering the rollups.
core::Problem facts_problem(const core::Problem& cause);

}  // namespace faltlogg::server
