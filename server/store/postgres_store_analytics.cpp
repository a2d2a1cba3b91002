// PostgresStore: rollups, criteria targets, rebuilds, retention and row counts.
#include "store/postgres_store.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "store/postgres_rollups.hpp"
#include "store/review_rollups.hpp"
#include "store/rollup_store.hpp"

namespace faltlogg::server {

using pg::param;

std::vector<analytics::RollupRow> PostgresStore::rollup_rows(const RollupQuery& query) {
  Lease c(*this);
  return read_pg_rollup_rows(*c, query);
}

std::map<std::string, double, std::less<>> PostgresStore::criteria_targets(const std::string& district_id,
                                                                           const std::string& pack_id) {
  Lease c(*this);
  auto rows = c->query("SELECT criterion_id, target FROM criteria_target WHERE district_id = $1 AND pack_id = $2",
                       {param(district_id), param(pack_id)});
  std::map<std::string, double, std::less<>> targets;
  for (int i = 0; i < rows.size(); ++i) targets[rows.text(i, 0)] = rows.real(i, 1);
  return targets;
}

core::Status PostgresStore::set_criteria_target(const CriteriaTargetChange& change, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent&) -> core::Status {
    c.query("INSERT INTO criteria_target (district_id, pack_id, criterion_id, target, set_by, set_at)"
            " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (district_id, pack_id, criterion_id)"
            " DO UPDATE SET target = $4, set_by = $5, set_at = $6",
            {param(change.district_id), param(change.pack_id), param(change.criterion_id), param(change.target),
             param(audit.actor_id), param(core::format_rfc3339(core::now_millis()))});
    return core::Ok{};
  });
}

std::optional<std::string> PostgresStore::retention_horizon() {
  Lease c(*this);
  auto rows = c->query("SELECT purged_before_ms FROM retention_state WHERE id = 1");
  if (rows.empty() || rows.integer(0, 0) == 0) return std::nullopt;
  return analytics::format_month(analytics::to_stockholm_local(rows.integer(0, 0)).date) + "-01";
}

core::Result<std::int64_t> PostgresStore::rebuild_rollups(const std::string& from_date, const AuditEvent& audit) {
  auto month = rebuild_from_month(from_date, retention_horizon());
  if (!month) return month.problem();
  const std::string from_month = *month;
  const std::string from_day = from_month + "-01";
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Result<std::int64_t> {
    auto counted = recount_rollups(c, from_month);
    if (counted) event.detail = "from=" + from_day + " records=" + std::to_string(*counted);
    return counted;
  });
}

// Migration 0009 (decision 0074) marks a recount when reviews were stored before their counters existed.
// Every node starting at once gets here; the first to take the write lock recounts and clears the mark,
// the others find it gone inside their own transaction and write nothing.
void PostgresStore::rebuild_rollups_if_pending() {
  {
    Lease c(*this);
    if (c->query("SELECT 1 FROM rollup_rebuild_pending").empty()) return;
  }
  auto month = rebuild_from_month(retention_horizon().value_or("1970-01-01"), retention_horizon());
  if (!month) throw std::runtime_error("cannot recount the rollups: " + month.problem().detail);
  const std::string from_month = *month;
  auto rebuilt = audited_write(AuditEvent{"server", "rollups_rebuild", "rollup_cell", ""},
                               [&](pg::Connection& c, AuditEvent& event) -> core::Result<std::int64_t> {
    if (c.query("DELETE FROM rollup_rebuild_pending").affected() == 0) {
      // Not an error: another node recounted. A problem only so that audited_write commits nothing.
      return core::make_problem("conflict", 409, "Conflict", "another node recounted the rollups");
    }
    auto counted = recount_rollups(c, from_month);
    if (counted) event.detail = "from=" + from_month + "-01 records=" + std::to_string(*counted);
    return counted;
  });
  if (!rebuilt && rebuilt.problem().code != "conflict") {
    throw std::runtime_error("cannot recount the rollups: " + rebuilt.problem().detail);
  }
}

core::Result<std::int64_t> PostgresStore::recount_rollups(pg::Connection& c, const std::string& from_month) {
  const std::string from_day = from_month + "-01";
  c.query("DELETE FROM rollup_value WHERE period >= $1", {param(from_month)});
  auto rows = c.query(std::string(
      "SELECT r.id, r.form_id, r.form_version, r.hlc, r.deleted, r.occurred_at, r.data_json, r.rollup_district_id,"
      " r.rollup_team_id, r.first_received_at_ms, ") + kReviewSummaryColumns +
      " FROM records r WHERE r.deleted = 0 ORDER BY r.server_seq");
  PgRollupWriter rollups(c);
  std::int64_t counted = 0;
  for (int i = 0; i < rows.size(); ++i) {
    const core::Record record = record_from_pg_row(rows, i, 0);
    const analytics::RecordContext context{rows.text(i, 7), rows.text(i, 8), rows.integer(i, 9), case_key_secret_,
                                           review_summary_from(rows.text(i, 10), rows.text(i, 11))};
    auto facts = analytics::facts_for_record(record, context);
    if (!facts) return facts.problem();
    analytics::RecordFacts kept;
    for (auto& row : facts->contributions) {
      const bool monthly = row.key.kind == analytics::RollupKind::case_monthly;
      if (row.key.period >= (monthly ? from_month : from_day)) kept.contributions.push_back(std::move(row));
    }
    if (kept.contributions.empty()) continue;
    rollups.add(analytics::rollup_deltas(kept, +1));
    ++counted;
  }
  rollups.flush();
  return counted;
}

core::Result<RetentionOutcome> PostgresStore::purge_records(const RetentionRequest& request,
                                                            const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Result<RetentionOutcome> {
    RetentionOutcome outcome;
    const std::vector<pg::Param> scope{param(request.form_id), param(request.occurred_before_ms)};
    auto selected = c.query(
        "SELECT count(*), COALESCE(max(server_seq), 0) FROM records WHERE form_id = $1 AND occurred_at_ms < $2", scope);
    outcome.purged_records = selected.integer(0, 0);
    const std::int64_t max_seq = selected.integer(0, 1);
    c.query("INSERT INTO purged_records (record_id, purged_at) SELECT id, $3 FROM records"
            " WHERE form_id = $1 AND occurred_at_ms < $2 ON CONFLICT (record_id) DO NOTHING",
            {param(request.form_id), param(request.occurred_before_ms), param(core::format_rfc3339(core::now_millis()))});
    c.query("DELETE FROM reviews WHERE record_id IN (SELECT id FROM records WHERE form_id = $1 AND occurred_at_ms < $2)",
            scope);
    c.query("DELETE FROM record_versions WHERE record_id IN"
            " (SELECT id FROM records WHERE form_id = $1 AND occurred_at_ms < $2)",
            scope);
    c.query("DELETE FROM records WHERE form_id = $1 AND occurred_at_ms < $2", scope);
    auto state = c.query("UPDATE retention_state SET purged_through_seq = GREATEST(purged_through_seq, $1),"
                         " purged_before_ms = GREATEST(purged_before_ms, $2) WHERE id = 1 RETURNING purged_through_seq",
                         {param(max_seq), param(request.occurred_before_ms)});
    outcome.purged_through_seq = state.integer(0, 0);
    event.detail = "form=" + request.form_id + " before=" + core::format_rfc3339(request.occurred_before_ms) +
                   " records=" + std::to_string(outcome.purged_records);
    return outcome;
  });
}

std::map<std::string, std::int64_t> PostgresStore::row_counts() {
  Lease c(*this);
  std::map<std::string, std::int64_t> counts;
  // rollup_cell counts cells as SQLite stores them (one row per key and grain), so both backends compare.
  for (const char* table : {"districts", "teams", "users", "devices", "tokens", "records", "record_versions",
                            "push_batches", "reviews", "audit_log", "criteria_target", "purged_records", "user_roles",
                            "enrolment_codes"}) {
    counts[table] = c->query(std::string("SELECT count(*) FROM ") + table).integer(0, 0);
  }
  counts["rollup_cell"] =
      c->query("SELECT count(*) FROM (SELECT DISTINCT grain, rollup, period, district_id, team_id, dims"
               " FROM rollup_value) AS cells")
          .integer(0, 0);
  return counts;
}

}  // namespace faltlogg::server
