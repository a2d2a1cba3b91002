// Analytics in SqliteStore: reading rollups, target overrides, rebuilds and retention (gallring).
// Rollups change on ingest in sqlite_store_sync.cpp; here only rebuild_rollups writes them.
#include "store/sqlite_store.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "store/review_rollups.hpp"
#include "store/rollup_store.hpp"

namespace faltlogg::server {

namespace {

std::string now_text() { return core::format_rfc3339(core::now_millis()); }

// "YYYY-MM" of a cutoff instant: the first month whose records retention has left whole.
std::string month_of(core::Millis instant) {
  return analytics::format_month(analytics::to_stockholm_local(instant).date);
}

}  // namespace

std::vector<analytics::RollupRow> SqliteStore::rollup_rows(const RollupQuery& query) {
  ReaderLease reader(*this);
  return read_rollup_rows(*reader, query);
}

std::map<std::string, double, std::less<>> SqliteStore::criteria_targets(const std::string& district_id,
                                                                         const std::string& pack_id) {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT criterion_id, target FROM criteria_target WHERE district_id = ? AND pack_id = ?");
  select.bind(1, district_id).bind(2, pack_id);
  std::map<std::string, double, std::less<>> targets;
  while (select.step()) targets[select.text(0)] = select.real(1);
  return targets;
}

core::Status SqliteStore::set_criteria_target(const CriteriaTargetChange& change, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent&) -> core::Status {
    c.prepare("INSERT INTO criteria_target (district_id, pack_id, criterion_id, target, set_by, set_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (district_id, pack_id, criterion_id)"
              " DO UPDATE SET target = ?4, set_by = ?5, set_at = ?6")
        .bind(1, change.district_id).bind(2, change.pack_id).bind(3, change.criterion_id).bind_real(4, change.target)
        .bind(5, audit.actor_id).bind(6, now_text())
        .run();
    return core::Ok{};
  });
}

std::optional<std::string> SqliteStore::retention_horizon() {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT purged_before_ms FROM retention_state WHERE id = 1");
  if (!select.step() || select.integer(0) == 0) return std::nullopt;
  return month_of(select.integer(0)) + "-01";
}

core::Result<std::int64_t> SqliteStore::rebuild_rollups(const std::string& from_date, const AuditEvent& audit) {
  auto month = rebuild_from_month(from_date, retention_horizon());
  if (!month) return month.problem();
  const std::string from_month = *month;
  const std::string from_day = from_month + "-01";
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Result<std::int64_t> {
    auto counted = recount_rollups(c, from_month);
    if (counted) event.detail = "from=" + from_day + " records=" + std::to_string(*counted);
    return counted;
  });
}

core::Result<std::int64_t> SqliteStore::recount_rollups(sqlite::Connection& c, const std::string& from_month) {
  const std::string from_day = from_month + "-01";
  // Every grain's period starts with its month, and days compare after their month: one bound serves all.
  c.prepare("DELETE FROM rollup_cell WHERE period >= ?1").bind(1, from_month).run();
  auto select = c.prepare(std::string(
      "SELECT r.id, r.form_id, r.form_version, r.hlc, r.deleted, r.occurred_at, r.data_json, r.rollup_district_id,"
      " r.rollup_team_id, r.first_received_at_ms, ") + kReviewSummaryColumns + " FROM records r WHERE r.deleted = 0");
  RollupWriter rollups(c);
  std::int64_t counted = 0;
  while (select.step()) {
    const core::Record record = record_from_columns(select, 0);
    const analytics::RecordContext context{select.text(7), select.text(8), select.integer(9), case_key_secret_,
                                           review_summary_from(select.text(10), select.text(11))};
    auto facts = analytics::facts_for_record(record, context);
    // Ingest refuses records without facts, so this only meets rows stored before analytics existed.
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

core::Result<RetentionOutcome> SqliteStore::purge_records(const RetentionRequest& request,
                                                          const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Result<RetentionOutcome> {
    RetentionOutcome outcome = purge_in_tx(c, request);
    event.detail = "form=" + request.form_id + " before=" + core::format_rfc3339(request.occurred_before_ms) +
                   " records=" + std::to_string(outcome.purged_records);
    return outcome;
  });
}

RetentionOutcome SqliteStore::purge_in_tx(sqlite::Connection& c, const RetentionRequest& request) {
  RetentionOutcome outcome;
  auto selected = c.prepare(
      "SELECT count(*), COALESCE(max(server_seq), 0) FROM records WHERE form_id = ?1 AND occurred_at_ms < ?2");
  selected.bind(1, request.form_id).bind(2, request.occurred_before_ms);
  selected.step();
  outcome.purged_records = selected.integer(0);
  const std::int64_t max_seq = selected.integer(1);
  selected.reset();
  // The rollups are left alone on purpose: they are the statistics that outlive the rows.
  const char* kPurgeStatements[] = {
      "INSERT OR IGNORE INTO purged_records (record_id, purged_at)"
      " SELECT id, ?3 FROM records WHERE form_id = ?1 AND occurred_at_ms < ?2",
      "DELETE FROM reviews WHERE record_id IN (SELECT id FROM records WHERE form_id = ?1 AND occurred_at_ms < ?2)",
      "DELETE FROM record_versions WHERE record_id IN"
      " (SELECT id FROM records WHERE form_id = ?1 AND occurred_at_ms < ?2)",
      "DELETE FROM records WHERE form_id = ?1 AND occurred_at_ms < ?2",
  };
  const std::string purged_at = now_text();
  for (const char* sql : kPurgeStatements) {
    auto statement = c.prepare(sql);
    statement.bind(1, request.form_id).bind(2, request.occurred_before_ms);
    if (std::string_view(sql).find("?3") != std::string_view::npos) statement.bind(3, purged_at);
    statement.run();
  }
  c.prepare("UPDATE retention_state SET purged_through_seq = max(purged_through_seq, ?1),"
                   " purged_before_ms = max(purged_before_ms, ?2) WHERE id = 1")
      .bind(1, max_seq).bind(2, request.occurred_before_ms).run();
  auto state = c.prepare("SELECT purged_through_seq FROM retention_state WHERE id = 1");
  state.step();
  outcome.purged_through_seq = state.integer(0);
  state.reset();
  return outcome;
}

}  // namespace faltlogg::server
