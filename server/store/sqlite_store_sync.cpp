// Push, pull and review: the parts of SqliteStore that move records.
#include "store/sqlite_store.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "store/review_rollups.hpp"
#include "store/rollup_store.hpp"
#include "store/sync_rules.hpp"

#include <boost/json.hpp>

namespace faltlogg::server {

namespace {

using core::protocol::PushResult;
using core::protocol::PushStatus;

constexpr const char* kRecordColumns =
    "r.id, r.form_id, r.form_version, r.hlc, r.deleted, r.occurred_at, r.data_json";

std::string now_text() { return core::format_rfc3339(core::now_millis()); }

// The statements of one push batch, prepared once per batch rather than once per record, and the
// batch's share of the sequence: read once, counted up in memory, written back before its savepoint is
// released. Rollup deltas are only collected here: the group's RollupWriter gets them once the batch has
// succeeded, so a batch rolled back to its savepoint leaves no delta behind.
class PushWriter {
 public:
  PushWriter(sqlite::Connection& c, const PushBatch& batch, std::string_view case_key_secret)
      : batch_(batch),
        case_key_secret_(case_key_secret),
        // Everything decide_push needs about one incoming record in one statement: its stored head (with what
        // its rollup subtraction needs), the stored version under its hlc, and whether its id was purged.
        lookup_(c.prepare(std::string("SELECT r.id IS NOT NULL, r.author_id, r.server_seq, r.rollup_district_id,"
                                      " r.rollup_team_id, r.first_received_at_ms, ") +
                          kRecordColumns + ", " + kReviewSummaryColumns +
                          ", v.digest IS NOT NULL, v.digest, v.server_seq, p.record_id IS NOT NULL"
                          " FROM (SELECT ?1 AS id) k"
                          " LEFT JOIN records r ON r.id = k.id"
                          " LEFT JOIN record_versions v ON v.record_id = k.id AND v.hlc = ?2"
                          " LEFT JOIN purged_records p ON p.record_id = k.id")),
        insert_version_(c.prepare("INSERT INTO record_versions (record_id, hlc, digest, server_seq) VALUES (?, ?, ?, ?)")),
        upsert_record_(c.prepare(
            "INSERT INTO records (id, author_id, device_id, team_id, form_id, form_version, hlc, deleted,"
            " occurred_at, occurred_at_ms, data_json, server_seq, received_at, first_received_at_ms,"
            " rollup_district_id, rollup_team_id)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?4)"
            " ON CONFLICT(id) DO UPDATE SET device_id = ?3, team_id = ?4, form_id = ?5, form_version = ?6,"
            " hlc = ?7, deleted = ?8, occurred_at = ?9, occurred_at_ms = ?10, data_json = ?11, server_seq = ?12,"
            " received_at = ?13")),
        received_at_ms_(batch.received_at_ms.value_or(core::now_millis())),
        received_at_(core::format_rfc3339(received_at_ms_)) {
    auto team = c.prepare("SELECT district_id FROM teams WHERE id = ?");
    team.bind(1, batch.team_id);
    if (team.step()) district_id_ = team.text(0);
    auto select = c.prepare("SELECT last_seq FROM sequence WHERE id = 1");
    if (!select.step()) throw sqlite::SqliteError(0, "sequence row missing");
    last_seq_ = select.integer(0);
  }

  // The base rollup deltas of every record this batch accepted.
  const std::vector<analytics::RollupRow>& rollup_deltas() const { return deltas_; }

  void store_sequence(sqlite::Connection& c) {
    c.prepare("UPDATE sequence SET last_seq = ? WHERE id = 1").bind(1, last_seq_).run();
  }

  // Decides one record's fate inside the batch transaction; check and write share that transaction,
  // and (record_id, hlc) is the primary key of record_versions, so no race can store two contents.
  PushResult apply(const PushItem& item) {
    if (item.rejection || !item.record) {
      return push_rejected(item.id, item.rejection.value_or(core::make_problem("invalid_record", 400, "Invalid record", "")));
    }
    const core::Record& record = *item.record;
    const Lookup found = look_up(record.id, record.hlc);
    const std::optional<StoredRecord>& stored = found.stored;
    const std::string digest = core::record_content_digest(record);
    const PushDecision decision =
        decide_push(stored ? std::optional<StoredHead>(stored->head) : std::nullopt, found.version,
                    !stored && found.purged, {batch_.user_id, record.hlc, digest});
    switch (decision.kind) {
      case PushDecisionKind::duplicate: return push_with_seq(record.id, PushStatus::duplicate, decision.server_seq);
      case PushDecisionKind::stale: return push_with_seq(record.id, PushStatus::stale, decision.server_seq);
      case PushDecisionKind::conflict:
      case PushDecisionKind::gone:
      case PushDecisionKind::forbidden: return push_rejected(record.id, push_problem(decision.kind));
      case PushDecisionKind::accept: break;
    }
    // Facts before any write: a record that cannot be counted is rejected whole, never stored uncounted.
    auto deltas = push_rollup_change(record, stored ? &*stored : nullptr,
                                     {district_id_, batch_.team_id, received_at_ms_, case_key_secret_, {}});
    if (!deltas) return push_rejected(record.id, facts_problem(deltas.problem()));
    const std::int64_t seq = ++last_seq_;
    insert_version_.reset();
    insert_version_.bind(1, record.id).bind(2, record.hlc).bind(3, digest).bind(4, seq).run();
    upsert_record_.reset();
    upsert_record_.bind(1, record.id).bind(2, batch_.user_id).bind(3, batch_.device_id).bind(4, batch_.team_id)
        .bind(5, record.form_id).bind(6, record.form_version).bind(7, record.hlc).bind(8, record.deleted ? 1 : 0)
        .bind(9, record.occurred_at).bind(10, core::parse_rfc3339(record.occurred_at).value_or(0))
        .bind(11, boost::json::serialize(record.data)).bind(12, seq).bind(13, received_at_)
        .bind(14, received_at_ms_).bind(15, district_id_)
        .run();
    deltas_.insert(deltas_.end(), std::make_move_iterator(deltas->begin()), std::make_move_iterator(deltas->end()));
    return push_with_seq(record.id, PushStatus::accepted, seq);
  }

 private:
  struct Lookup {
    std::optional<StoredRecord> stored;   // the stored head of the id and what its rollup subtraction needs
    std::optional<StoredVersion> version;  // the stored version under the incoming hlc
    bool purged = false;                   // the id was purged by retention
  };

  Lookup look_up(const std::string& id, const std::string& hlc) {
    lookup_.reset();
    lookup_.bind(1, id).bind(2, hlc);
    if (!lookup_.step()) throw sqlite::SqliteError(0, "push lookup returned no row");
    Lookup found;
    if (lookup_.integer(0) != 0) {
      StoredRecord row;
      row.head.author_id = lookup_.text(1);
      row.head.server_seq = lookup_.integer(2);
      row.district_id = lookup_.text(3);
      row.team_id = lookup_.text(4);
      row.first_received_at_ms = lookup_.integer(5);
      row.record = record_from_columns(lookup_, 6);
      row.review = review_summary_from(lookup_.text(13), lookup_.text(14));
      row.head.hlc = row.record.hlc;
      found.stored = std::move(row);
    }
    if (lookup_.integer(15) != 0) found.version = StoredVersion{lookup_.text(16), lookup_.integer(17)};
    found.purged = lookup_.integer(18) != 0;
    lookup_.reset();
    return found;
  }

  const PushBatch& batch_;
  std::string_view case_key_secret_;
  sqlite::Statement lookup_;
  sqlite::Statement insert_version_;
  sqlite::Statement upsert_record_;
  std::vector<analytics::RollupRow> deltas_;
  core::Millis received_at_ms_;
  std::string received_at_;
  std::string district_id_;  // of the batch's team now: the context of records stored for the first time
  std::int64_t last_seq_ = 0;
};

}  // namespace

core::Record record_from_columns(const sqlite::Statement& row, int first) {
  core::Record record;
  record.id = row.text(first);
  record.form_id = row.text(first + 1);
  record.form_version = static_cast<int>(row.integer(first + 2));
  record.hlc = row.text(first + 3);
  record.deleted = row.integer(first + 4) != 0;
  record.occurred_at = row.text(first + 5);
  boost::system::error_code ec;
  boost::json::value data = boost::json::parse(row.text(first + 6), ec);
  if (!ec && data.is_object()) record.data = std::move(data.as_object());
  return record;
}

core::Result<PushOutcome> SqliteStore::apply_push_batch(const PushBatch& batch, const AuditEvent& audit) {
  PendingPush push;
  push.batch = &batch;
  push.audit = &audit;
  push_queue_.submit(push, [this](const std::vector<PendingPush*>& group) { commit_push_group(group); });
  if (push.error) std::rethrow_exception(push.error);
  return std::move(*push.result);
}

void SqliteStore::commit_push_group(const std::vector<PendingPush*>& group) {
  std::lock_guard lock(writer_mutex_);
  if (try_push_group(group)) return;
  // The group's summed rollup deltas would take a counter below zero (a bug, never input): find the batch
  // by committing each alone, as before group commit; only that batch is refused.
  for (PendingPush* push : group) {
    if (!try_push_group({push})) {
      push->result = core::make_problem("rollup_inconsistent", 500, "Internal error",
                                        "The statistics of this store are inconsistent; nothing was stored.");
    }
  }
}

bool SqliteStore::try_push_group(const std::vector<PendingPush*>& group) {
  for (PendingPush* push : group) {
    push->result.reset();
    push->error = nullptr;
  }
  try {
    sqlite::Transaction tx(*writer_);
    RollupWriter rollups(*writer_);
    for (PendingPush* push : group) push_in_savepoint(*push, rollups);
    try {
      rollups.flush();
    } catch (const RollupInconsistent&) {
      return false;  // tx rolls back
    }
    if (before_group_commit_) before_group_commit_(group.size());
    tx.commit();
  } catch (...) {
    // BEGIN, a savepoint, the rollups or COMMIT failed (disk full, I/O): nothing of the group is stored,
    // and every push of it gets the error its handler would have got alone.
    const std::exception_ptr error = std::current_exception();
    for (PendingPush* push : group) {
      push->result.reset();
      push->error = error;
    }
  }
  return true;
}

void SqliteStore::push_in_savepoint(PendingPush& push, RollupWriter& rollups) {
  sqlite::Connection& c = *writer_;
  AuditEvent event = *push.audit;
  std::vector<analytics::RollupRow> deltas;
  c.exec("SAVEPOINT push_batch");
  try {
    auto result = apply_one_batch(c, *push.batch, event, deltas);
    if (result) {
      append_audit_in_tx(c, event);
      c.exec("RELEASE push_batch");
    } else {
      c.exec("ROLLBACK TO push_batch");
      c.exec("RELEASE push_batch");
      deltas.clear();
    }
    push.result = std::move(result);
  } catch (const sqlite::SqliteError&) {
    // SQLite may have ended the whole transaction (SQLITE_FULL, I/O errors): then the group fails.
    if (sqlite3_get_autocommit(c.raw()) != 0) throw;
    c.exec("ROLLBACK TO push_batch");
    c.exec("RELEASE push_batch");
    push.error = std::current_exception();
    return;
  } catch (...) {
    c.exec("ROLLBACK TO push_batch");
    c.exec("RELEASE push_batch");
    push.error = std::current_exception();
    return;
  }
  // Outside the savepoint's try: should this throw, the whole group fails rather than commit a stored
  // batch without its counts.
  rollups.add(deltas);
}

core::Result<PushOutcome> SqliteStore::apply_one_batch(sqlite::Connection& c, const PushBatch& batch,
                                                       AuditEvent& event,
                                                       std::vector<analytics::RollupRow>& deltas) {
  auto prior = c.prepare("SELECT user_id, response_json FROM push_batches WHERE batch_id = ?");
  prior.bind(1, batch.batch_id);
  if (prior.step()) {
    if (prior.text(0) != batch.user_id) {
      return core::make_problem("conflict", 409, "Conflict", "This batch_id was used by another user.");
    }
    event.action = "push_replay";
    return PushOutcome{prior.text(1), true, 0};
  }
  return apply_new_batch(c, batch, event, deltas);
}

core::Result<PushOutcome> SqliteStore::apply_new_batch(sqlite::Connection& c, const PushBatch& batch,
                                                       AuditEvent& event,
                                                       std::vector<analytics::RollupRow>& deltas) {
  core::protocol::PushResponse response;
  response.batch_id = batch.batch_id;
  PushOutcome outcome;
  PushWriter push_writer(c, batch, case_key_secret_);
  for (const PushItem& item : batch.items) {
    response.results.push_back(push_writer.apply(item));
    if (response.results.back().status == PushStatus::accepted) ++outcome.accepted;
  }
  push_writer.store_sequence(c);
  deltas = push_writer.rollup_deltas();
  outcome.response_json = core::to_json_text(core::protocol::to_json(response));
  c.prepare("INSERT INTO push_batches (batch_id, user_id, device_id, response_json, created_at)"
            " VALUES (?, ?, ?, ?, ?)")
      .bind(1, batch.batch_id).bind(2, batch.user_id).bind(3, batch.device_id).bind(4, outcome.response_json)
      .bind(5, now_text())
      .run();
  event.detail = push_summary(response);
  return outcome;
}

std::vector<core::Record> SqliteStore::pull_records(sqlite::Connection& c, const PullScope& scope,
                                                    std::int64_t cursor, std::size_t limit,
                                                    std::vector<std::int64_t>& seqs) {
  std::string sql = std::string("SELECT ") + kRecordColumns + ", r.server_seq FROM records r WHERE " +
                    (scope.kind == PullScope::Kind::author ? "r.author_id" : "r.team_id") +
                    " = ? AND r.server_seq > ? ORDER BY r.server_seq LIMIT ?";
  auto select = c.prepare(sql);
  select.bind(1, scope.id).bind(2, cursor).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::Record> records;
  while (select.step()) {
    records.push_back(record_from_columns(select, 0));
    seqs.push_back(select.integer(7));
  }
  return records;
}

std::vector<core::protocol::Review> SqliteStore::pull_reviews(sqlite::Connection& c, const PullScope& scope,
                                                              std::int64_t cursor, std::size_t limit) {
  std::string sql = std::string(
                        "SELECT id, record_id, state, comment, reviewer_id, created_at, server_seq FROM reviews WHERE ") +
                    (scope.kind == PullScope::Kind::author ? "author_id" : "team_id") +
                    " = ? AND server_seq > ? ORDER BY server_seq LIMIT ?";
  auto select = c.prepare(sql);
  select.bind(1, scope.id).bind(2, cursor).bind(3, static_cast<std::int64_t>(limit));
  std::vector<core::protocol::Review> reviews;
  while (select.step()) {
    reviews.push_back({select.text(0), select.text(1), select.text(2), select.text(3), select.text(4),
                       select.text(5), select.integer(6)});
  }
  return reviews;
}

core::Result<PullPage> SqliteStore::pull_since(const PullScope& scope, std::int64_t cursor, std::size_t limit) {
  ReaderLease reader(*this);
  // One read transaction: records and reviews come from the same snapshot.
  sqlite::Transaction snapshot(*reader, sqlite::Transaction::Kind::deferred);
  auto purged = reader->prepare("SELECT purged_through_seq FROM retention_state WHERE id = 1");
  // A cursor below the last retention run may have missed records that are gone now; starting over
  // from 0 gives the client the store as it is.
  const bool below_purge = purged.step() && cursor > 0 && cursor < purged.integer(0);
  purged.reset();
  if (below_purge || cursor > last_seq(*reader)) {
    return core::make_problem("cursor_expired", 410, "Cursor expired",
                              "This server cannot continue from that cursor; pull again from 0.");
  }
  std::vector<std::int64_t> record_seqs;
  auto records = pull_records(*reader, scope, cursor, limit + 1, record_seqs);
  auto reviews = pull_reviews(*reader, scope, cursor, limit + 1);

  // Merge both streams in server_seq order and cut the page after `limit` items.
  PullPage page;
  page.next_cursor = cursor;
  std::size_t r = 0;
  std::size_t v = 0;
  while (r + v < limit && (r < records.size() || v < reviews.size())) {
    const bool take_record = v >= reviews.size() || (r < records.size() && record_seqs[r] < reviews[v].server_seq);
    if (take_record) {
      page.next_cursor = record_seqs[r];
      page.records.push_back(std::move(records[r++]));
    } else {
      page.next_cursor = reviews[v].server_seq;
      page.reviews.push_back(std::move(reviews[v++]));
    }
  }
  page.more = r < records.size() || v < reviews.size();
  return page;
}

}  // namespace faltlogg::server
