#include "admin/admin_migrate.hpp"

#include "store/case_key_secret.hpp"
#include "store/data_dir_lock.hpp"
#include "store/pg_db.hpp"
#include "store/postgres_store.hpp"
#include "store/sqlite_store.hpp"

#include <array>

namespace faltlogg::server {

namespace {

struct TableCopy {
  const char* table;
  const char* columns;
};

// In foreign-key order. Same table and column names on both sides (postgresql/0001_initial.sql).
constexpr std::array<TableCopy, 14> kTables{{
    {"districts", "id, name, created_at"},
    {"teams", "id, district_id, name, areas_json, created_at"},
    {"users", "id, username, display_name, role, team_id, password_hash, created_at, disabled_at"},
    {"user_roles", "user_id, role"},
    {"devices", "id, user_id, name, created_at, revoked_at"},
    {"tokens", "token_hash, user_id, device_id, created_at, expires_at_ms, revoked_at"},
    {"enrolment_codes", "code_hash, user_id, created_by, created_at, expires_at_ms, used_at, device_id"},
    {"records",
     "id, author_id, device_id, team_id, form_id, form_version, hlc, deleted, occurred_at, occurred_at_ms, data_json,"
     " server_seq, received_at, first_received_at_ms, rollup_district_id, rollup_team_id"},
    {"record_versions", "record_id, hlc, digest, server_seq"},
    {"push_batches", "batch_id, user_id, device_id, response_json, created_at"},
    {"reviews", "id, record_id, author_id, team_id, reviewer_id, state, comment, created_at, server_seq"},
    {"audit_log", "seq, at, actor_id, action, subject, detail, prev_hash, hash"},
    {"criteria_target", "district_id, pack_id, criterion_id, target, set_by, set_at"},
    {"purged_records", "record_id, purged_at"},
}};

int column_count(const char* columns) {
  int count = 1;
  for (const char* c = columns; *c != '\0'; ++c) count += *c == ',' ? 1 : 0;
  return count;
}

std::int64_t copy_table(sqlite::Connection& from, pg::Connection& to, const TableCopy& copy) {
  const int columns = column_count(copy.columns);
  std::string placeholders;
  for (int i = 1; i <= columns; ++i) placeholders += (i > 1 ? ", $" : "$") + std::to_string(i);
  const std::string insert =
      std::string("INSERT INTO ") + copy.table + " (" + copy.columns + ") VALUES (" + placeholders + ")";
  auto select = from.prepare(std::string("SELECT ") + copy.columns + " FROM " + copy.table);
  std::int64_t rows = 0;
  std::vector<pg::Param> params(static_cast<std::size_t>(columns));
  while (select.step()) {
    for (int i = 0; i < columns; ++i) params[static_cast<std::size_t>(i)] = select.optional_text(i);
    to.prepared(std::string("copy_") + copy.table, insert, params);
    ++rows;
  }
  return rows;
}

// rollup_cell (a blob of counter ids per cell) becomes rollup_value (one row per counter).
std::int64_t copy_rollups(sqlite::Connection& from, pg::Connection& to) {
  std::map<std::uint32_t, std::string> names;
  auto name_rows = from.prepare("SELECT id, name FROM rollup_counter_name");
  while (name_rows.step()) names[static_cast<std::uint32_t>(name_rows.integer(0))] = name_rows.text(1);
  auto cells = from.prepare("SELECT grain, rollup, period, district_id, team_id, dims, counters FROM rollup_cell");
  std::int64_t values = 0;
  while (cells.step()) {
    auto counters = analytics::decode_counter_blob(cells.blob_view(6));
    if (!counters) throw std::runtime_error("a rollup cell of the SQLite store does not decode");
    for (const auto& [id, value] : *counters) {
      auto name = names.find(id);
      if (name == names.end()) throw std::runtime_error("a rollup cell names an unknown counter");
      to.prepared("copy_rollup",
                  "INSERT INTO rollup_value (grain, rollup, period, district_id, team_id, dims, counter, value)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  {cells.text(0), cells.text(1), cells.text(2), cells.text(3), cells.text(4), cells.text(5),
                   name->second, pg::param(value)});
      ++values;
    }
  }
  return values;
}

void copy_state(sqlite::Connection& from, pg::Connection& to) {
  auto seq = from.prepare("SELECT last_seq FROM sequence WHERE id = 1");
  if (!seq.step()) throw std::runtime_error("the SQLite store has no sequence row");
  to.query("UPDATE sequence SET last_seq = $1 WHERE id = 1", {pg::param(seq.integer(0))});
  auto head = from.prepare("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
  if (!head.step()) throw std::runtime_error("the SQLite store has no audit head");
  to.query("UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1",
           {pg::param(head.integer(0)), head.text(1)});
  auto retention = from.prepare("SELECT purged_through_seq, purged_before_ms FROM retention_state WHERE id = 1");
  if (retention.step()) {
    to.query("UPDATE retention_state SET purged_through_seq = $1, purged_before_ms = $2 WHERE id = 1",
             {pg::param(retention.integer(0)), pg::param(retention.integer(1))});
  }
}

std::vector<analytics::RollupRow> every_rollup_row(Store& store) {
  std::vector<analytics::RollupRow> all;
  for (auto kind : {analytics::RollupKind::contact_daily, analytics::RollupKind::session_daily,
                    analytics::RollupKind::case_monthly}) {
    for (auto grain : {analytics::RollupGrain::base, analytics::RollupGrain::month,
                       analytics::RollupGrain::district_month, analytics::RollupGrain::team_month}) {
      RollupQuery query;
      query.kind = kind;
      query.grain = grain;
      query.from_period = "0000";
      query.to_period = "9999";
      auto rows = store.rollup_rows(query);
      all.insert(all.end(), rows.begin(), rows.end());
    }
  }
  return all;
}

}  // namespace

int admin_migrate(const std::filesystem::path& from_dir, const std::string& to_uri, std::ostream& out,
                  std::ostream& err) {
  if (!std::filesystem::exists(SqliteStore::database_file(from_dir))) {
    err << "faltlogg-admin: no SQLite store in " << from_dir.string() << "\n";
    return 1;
  }
  const auto lock = DataDirLock::try_acquire(from_dir);
  if (!lock) {
    err << "faltlogg-admin: a faltlogg-server is running on " << from_dir.string() << "; stop it, then migrate\n";
    return 1;
  }
  // Opening the stores brings the source to the newest schema and creates the target's.
  SqliteStore source(from_dir, 1);
  PostgresStore target(to_uri, 1);
  pg::Connection to(to_uri);
  {
    auto used = to.query("SELECT (SELECT count(*) FROM districts) + (SELECT count(*) FROM audit_log)");
    if (used.integer(0, 0) != 0) {
      err << "faltlogg-admin: the PostgreSQL database is not empty; migrate into a new database\n";
      return 1;
    }
  }
  sqlite::Connection from(SqliteStore::database_file(from_dir), sqlite::Connection::Mode::read_only);
  {
    sqlite::Transaction snapshot(from, sqlite::Transaction::Kind::deferred);
    pg::Transaction tx(to);
    to.query("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE");  // no node may write meanwhile
    for (const TableCopy& copy : kTables) out << copy.table << ": " << copy_table(from, to, copy) << "\n";
    out << "rollup values: " << copy_rollups(from, to) << "\n";
    copy_state(from, to);
    tx.commit();
  }
  target.set_case_key_secret_for_migration(load_or_create_case_key_secret(from_dir));

  auto expected = source.row_counts();
  auto copied = target.row_counts();
  if (copied != expected) {
    for (const auto& [table, count] : expected) {
      if (copied[table] != count) err << table << ": " << count << " in SQLite, " << copied[table] << " copied\n";
    }
    err << "faltlogg-admin: the copy does not match; drop the PostgreSQL database and migrate again\n";
    return 1;
  }
  if (every_rollup_row(source) != every_rollup_row(target)) {
    err << "faltlogg-admin: the rollups differ after the copy; drop the PostgreSQL database and migrate again\n";
    return 1;
  }
  const auto source_audit = source.verify_audit();
  const auto target_audit = target.verify_audit();
  if (!target_audit.intact || target_audit.head_hash != source_audit.head_hash ||
      target_audit.entries != source_audit.entries) {
    err << "faltlogg-admin: the audit chain does not verify after the copy (" << target_audit.reason
        << "); drop the PostgreSQL database and migrate again\n";
    return 1;
  }
  if (auto audited = target.append_audit({"admin-cli", "migrate_from_sqlite", "", "records=" + std::to_string(expected["records"])});
      !audited) {
    err << "faltlogg-admin: the copy verified, but its audit row could not be written (" << audited.problem().detail
        << "); run the migration again on a fresh PostgreSQL database\n";
    return 1;
  }
  out << "verified: row counts, rollups, audit chain (" << target_audit.entries << " entries, head "
      << target_audit.head_hash << ")\n";
  return 0;
}

}  // namespace faltlogg::server
