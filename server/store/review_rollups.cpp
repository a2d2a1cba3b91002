#include "store/review_rollups.hpp"

#include "store/postgres_rollups.hpp"
#include "store/postgres_store.hpp"
#include "store/rollup_store.hpp"
#include "store/sqlite_store.hpp"

namespace faltlogg::server {

namespace {

// Record columns at 3..9, then the review summary at 10 and 11.
constexpr const char* kSelectReviewed =
    "SELECT r.rollup_district_id, r.rollup_team_id, r.first_received_at_ms,"
    " r.id, r.form_id, r.form_version, r.hlc, r.deleted, r.occurred_at, r.data_json, ";

}  // namespace

const char* const kReviewSummaryColumns =
    "COALESCE((SELECT v.state FROM reviews v WHERE v.record_id = r.id ORDER BY v.server_seq DESC LIMIT 1), ''),"
    " COALESCE((SELECT v.created_at FROM reviews v WHERE v.record_id = r.id ORDER BY v.server_seq LIMIT 1), '')";

analytics::ReviewSummary review_summary_from(std::string latest_state, const std::string& first_created_at) {
  analytics::ReviewSummary summary;
  if (latest_state.empty()) return summary;
  const auto first = core::parse_rfc3339(first_created_at);
  if (!first) throw RollupInconsistent("a review's created_at does not parse");
  summary.latest_state = std::move(latest_state);
  summary.first_reviewed_at = *first;
  return summary;
}

std::vector<analytics::RollupRow> review_rollup_change(const StoredRecord& stored, const analytics::ReviewSummary& after,
                                                       std::string_view case_key_secret) {
  analytics::RecordContext context{stored.district_id, stored.team_id, stored.first_received_at_ms, case_key_secret,
                                   stored.review};
  auto before_facts = analytics::facts_for_record(stored.record, context);
  context.review = after;
  auto after_facts = analytics::facts_for_record(stored.record, context);
  if (!before_facts || !after_facts) throw RollupInconsistent("a reviewed record has no facts");
  return analytics::rollup_deltas_for_change(&*before_facts, &*after_facts);
}

std::optional<StoredRecord> load_reviewed_record(sqlite::Connection& c, const std::string& record_id) {
  auto select = c.prepare(std::string(kSelectReviewed) + kReviewSummaryColumns + " FROM records r WHERE r.id = ?");
  select.bind(1, record_id);
  if (!select.step()) return std::nullopt;
  StoredRecord stored;
  stored.district_id = select.text(0);
  stored.team_id = select.text(1);
  stored.first_received_at_ms = select.integer(2);
  stored.record = record_from_columns(select, 3);
  stored.review = review_summary_from(select.text(10), select.text(11));
  return stored;
}

std::optional<StoredRecord> load_reviewed_record(pg::Connection& c, const std::string& record_id) {
  auto rows = c.prepared("review_rollup_record",
                         std::string(kSelectReviewed) + kReviewSummaryColumns + " FROM records r WHERE r.id = $1",
                         {pg::param(record_id)});
  if (rows.empty()) return std::nullopt;
  StoredRecord stored;
  stored.district_id = rows.text(0, 0);
  stored.team_id = rows.text(0, 1);
  stored.first_received_at_ms = rows.integer(0, 2);
  stored.record = record_from_pg_row(rows, 0, 3);
  stored.review = review_summary_from(rows.text(0, 10), rows.text(0, 11));
  return stored;
}

core::Problem review_rollups_problem() {
  return core::make_problem("rollup_inconsistent", 500, "Internal error",
                            "The statistics of this store are inconsistent; the review was not stored.");
}

namespace {

// The same on both backends but for the rollup writer.
template <typename Writer, typename Connection>
void apply_with(Connection& c, const StoredRecord& before, std::string_view case_key_secret) {
  const auto after = load_reviewed_record(c, before.record.id);
  if (!after || after->review == before.review) return;
  Writer rollups(c);
  rollups.add(review_rollup_change(before, after->review, case_key_secret));
  rollups.flush();
}

}  // namespace

void apply_review_rollups(sqlite::Connection& c, const StoredRecord& before, std::string_view case_key_secret) {
  apply_with<RollupWriter>(c, before, case_key_secret);
}

void apply_review_rollups(pg::Connection& c, const StoredRecord& before, std::string_view case_key_secret) {
  apply_with<PgRollupWriter>(c, before, case_key_secret);
}

}  // namespace faltlogg::server
