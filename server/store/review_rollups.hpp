// Review state in the rollups (decision 0074): a review changes the facts of the record it reviews, so
// the store writes the difference in the review's own transaction, on both backends. The columns below
// are also what the push path and the rebuilds read, so every path computes a record's facts with the
// same review summary.
#pragma once

#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/rollup.hpp"
#include "store/pg_db.hpp"
#include "store/sqlite_db.hpp"
#include "store/sync_rules.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faltlogg::server {

// Two SELECT columns over `records r` (SQLite and PostgreSQL alike): the latest review's state and the
// first review's created_at, '' when the record has none.
extern const char* const kReviewSummaryColumns;

// The summary from those two columns. A created_at that does not parse (only this code writes it) is
// an error, never a silent "late".
analytics::ReviewSummary review_summary_from(std::string latest_state, const std::string& first_created_at);

// The base-grain deltas of the review summary of `stored` becoming `after`: the record's facts with the
// old summary subtracted, with the new one added. Only review counters differ, so that is all it moves.
// Throws RollupInconsistent when the stored record has no facts (ingest never stores such a record).
std::vector<analytics::RollupRow> review_rollup_change(const StoredRecord& stored, const analytics::ReviewSummary& after,
                                                       std::string_view case_key_secret);

// A stored record with its facts context and review summary; nullopt for an unknown id.
std::optional<StoredRecord> load_reviewed_record(sqlite::Connection& c, const std::string& record_id);
std::optional<StoredRecord> load_reviewed_record(pg::Connection& c, const std::string& record_id);

// Called after a review row was inserted in the caller's transaction, with the record as it was loaded
// before: writes the record's review counters' change at every grain.
void apply_review_rollups(sqlite::Connection& c, const StoredRecord& before, std::string_view case_key_secret);
void apply_review_rollups(pg::Connection& c, const StoredRecord& before, std::string_view case_key_secret);

// What a review answers when its record's rollups disagree with the store (a bug, never user input): the
// review's transaction rolls back whole, so no review is stored without its counters.
core::Problem review_rollups_problem();

}  // namespace faltlogg::server
