// PostgresStore: push, pull, reviews and team activity. The per-record rules are decide_push.
#include "store/postgres_store.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "store/postgres_rollups.hpp"
#include "store/review_rollups.hpp"
#include "store/rollup_store.hpp"
#include "store/sync_rules.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace faltlogg::server {

using pg::param;

namespace {

using core::protocol::PushResult;
using core::protocol::PushStatus;

constexpr const char* kRecordColumns = "r.id, r.form_id, r.form_version, r.hlc, r.deleted, r.occurred_at, r.data_json";

// One push batch inside its transaction (the write lock is held, so the sequence is this batch's alone).
// Round trips do not grow with the batch: the stored heads, versions and purge marks of every record in
// it are read with three `= ANY($1)` queries first, kept up to date in memory as records are accepted
// (one batch may carry two versions of a record), and the accepted rows are written with two `unnest`
// statements at the end.
class PgPushWriter {
 public:
  PgPushWriter(pg::Connection& c, const PushBatch& batch, std::string_view case_key_secret)
      : c_(c),
        batch_(batch),
        case_key_secret_(case_key_secret),
        rollups_(c),
        received_at_ms_(batch.received_at_ms.value_or(core::now_millis())),
        received_at_(core::format_rfc3339(received_at_ms_)) {
    auto team = c.prepared("push_team", "SELECT district_id FROM teams WHERE id = $1", {param(batch.team_id)});
    if (!team.empty()) district_id_ = team.text(0, 0);
    last_seq_ = c.prepared("push_seq", "SELECT last_seq FROM sequence WHERE id = 1 FOR UPDATE", {}).integer(0, 0);
    prefetch();
  }

  PushResult apply(const PushItem& item) {
    if (item.rejection || !item.record) {
      return push_rejected(item.id, item.rejection.value_or(core::make_problem("invalid_record", 400, "Invalid record", "")));
    }
    const core::Record& record = *item.record;
    const auto stored_it = stored_.find(record.id);
    const StoredRecord* stored = stored_it == stored_.end() ? nullptr : &stored_it->second;
    const auto version_it = versions_.find({record.id, record.hlc});
    const std::string digest = core::record_content_digest(record);
    const PushDecision decision = decide_push(
        stored ? std::optional<StoredHead>(stored->head) : std::nullopt,
        version_it == versions_.end() ? std::nullopt : std::optional<StoredVersion>(version_it->second),
        !stored && purged_.contains(record.id), {batch_.user_id, record.hlc, digest});
    switch (decision.kind) {
      case PushDecisionKind::duplicate: return push_with_seq(record.id, PushStatus::duplicate, decision.server_seq);
      case PushDecisionKind::stale: return push_with_seq(record.id, PushStatus::stale, decision.server_seq);
      case PushDecisionKind::conflict:
      case PushDecisionKind::gone:
      case PushDecisionKind::forbidden: return push_rejected(record.id, push_problem(decision.kind));
      case PushDecisionKind::accept: break;
    }
    auto deltas =
        push_rollup_change(record, stored, {district_id_, batch_.team_id, received_at_ms_, case_key_secret_, {}});
    if (!deltas) return push_rejected(record.id, facts_problem(deltas.problem()));
    const std::int64_t seq = ++last_seq_;
    versions_[{record.id, record.hlc}] = StoredVersion{digest, seq};
    version_rows_.push_back({record.id, record.hlc, digest, std::to_string(seq)});
    remember_head(record, stored, seq);
    rollups_.add(*deltas);
    return push_with_seq(record.id, PushStatus::accepted, seq);
  }

  // Throws RollupInconsistent: the caller returns a Problem, so the whole batch rolls back.
  void finish() {
    write_versions();
    write_records();
    rollups_.flush();
    c_.prepared("push_seq_store", "UPDATE sequence SET last_seq = $1 WHERE id = 1", {param(last_seq_)});
  }

 private:
  void prefetch() {
    std::vector<std::string> ids;
    for (const PushItem& item : batch_.items) {
      if (item.record) ids.push_back(item.record->id);
    }
    if (ids.empty()) return;
    const pg::Param id_array = pg::text_array_param(ids);
    auto heads = c_.prepared("push_stored",
                             std::string("SELECT r.author_id, r.server_seq, r.rollup_district_id, r.rollup_team_id,"
                                         " r.first_received_at_ms, ") +
                                 kRecordColumns + ", " + kReviewSummaryColumns + " FROM records r WHERE r.id = ANY($1::text[])",
                             {id_array});
    for (int i = 0; i < heads.size(); ++i) {
      StoredRecord stored;
      stored.head.author_id = heads.text(i, 0);
      stored.head.server_seq = heads.integer(i, 1);
      stored.district_id = heads.text(i, 2);
      stored.team_id = heads.text(i, 3);
      stored.first_received_at_ms = heads.integer(i, 4);
      stored.record = record_from_pg_row(heads, i, 5);
      stored.review = review_summary_from(heads.text(i, 12), heads.text(i, 13));
      stored.head.hlc = stored.record.hlc;
      stored_[stored.record.id] = std::move(stored);
    }
    auto versions = c_.prepared(
        "push_versions_find",
        "SELECT record_id, hlc, digest, server_seq FROM record_versions WHERE record_id = ANY($1::text[])", {id_array});
    for (int i = 0; i < versions.size(); ++i) {
      versions_[{versions.text(i, 0), versions.text(i, 1)}] = StoredVersion{versions.text(i, 2), versions.integer(i, 3)};
    }
    auto purged =
        c_.prepared("push_purged", "SELECT record_id FROM purged_records WHERE record_id = ANY($1::text[])", {id_array});
    for (int i = 0; i < purged.size(); ++i) purged_.insert(purged.text(i, 0));
  }

  // What a later version of the same record in this batch must see, and the row written at the end.
  // The rollup context (district, team, first arrival) stays that of the first store, as the upsert keeps it.
  void remember_head(const core::Record& record, const StoredRecord* stored, std::int64_t seq) {
    StoredRecord head;
    head.head = {batch_.user_id, record.hlc, seq};
    head.district_id = stored ? stored->district_id : district_id_;
    head.team_id = stored ? stored->team_id : batch_.team_id;
    head.first_received_at_ms = stored ? stored->first_received_at_ms : received_at_ms_;
    if (stored) head.review = stored->review;  // an edit keeps what its reviews say (decision 0074)
    head.record = record;
    stored_[record.id] = std::move(head);
    if (std::find(record_order_.begin(), record_order_.end(), record.id) == record_order_.end()) {
      record_order_.push_back(record.id);
    }
  }

  void write_versions() {
    if (version_rows_.empty()) return;
    std::array<std::vector<std::string>, 4> columns;
    for (const auto& row : version_rows_) {
      for (std::size_t i = 0; i < row.size(); ++i) columns[i].push_back(row[i]);
    }
    c_.prepared("push_versions",
                "INSERT INTO record_versions (record_id, hlc, digest, server_seq)"
                " SELECT u.id, u.hlc, u.digest, u.seq::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                " AS u(id, hlc, digest, seq)",
                {pg::text_array_param(columns[0]), pg::text_array_param(columns[1]), pg::text_array_param(columns[2]),
                 pg::text_array_param(columns[3])});
  }

  // One row per record id (its last accepted version): one INSERT … ON CONFLICT may not touch a row twice.
  void write_records() {
    if (record_order_.empty()) return;
    std::array<std::vector<std::string>, 12> columns;
    for (const std::string& id : record_order_) {
      const StoredRecord& head = stored_.at(id);
      const core::Record& r = head.record;
      const std::array<std::string, 12> row{r.id, r.form_id, std::to_string(r.form_version), r.hlc,
                                            r.deleted ? "1" : "0", r.occurred_at,
                                            std::to_string(core::parse_rfc3339(r.occurred_at).value_or(0)),
                                            boost::json::serialize(r.data), std::to_string(head.head.server_seq),
                                            std::to_string(head.first_received_at_ms), head.district_id, head.team_id};
      for (std::size_t i = 0; i < row.size(); ++i) columns[i].push_back(row[i]);
    }
    std::vector<pg::Param> params{param(batch_.user_id), param(batch_.device_id), param(batch_.team_id),
                                  param(received_at_)};
    for (const auto& column : columns) params.push_back(pg::text_array_param(column));
    c_.prepared(
        "push_records",
        "INSERT INTO records (id, author_id, device_id, team_id, form_id, form_version, hlc, deleted,"
        " occurred_at, occurred_at_ms, data_json, server_seq, received_at, first_received_at_ms,"
        " rollup_district_id, rollup_team_id)"
        " SELECT u.id, $1, $2, $3, u.form_id, u.form_version::integer, u.hlc, u.deleted::integer, u.occurred_at,"
        " u.occurred_at_ms::bigint, u.data_json, u.seq::bigint, $4, u.first_ms::bigint, u.district_id, u.team_id"
        " FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],"
        " $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])"
        " AS u(id, form_id, form_version, hlc, deleted, occurred_at, occurred_at_ms, data_json, seq, first_ms,"
        " district_id, team_id)"
        " ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id, team_id = excluded.team_id,"
        " form_id = excluded.form_id, form_version = excluded.form_version, hlc = excluded.hlc,"
        " deleted = excluded.deleted, occurred_at = excluded.occurred_at, occurred_at_ms = excluded.occurred_at_ms,"
        " data_json = excluded.data_json, server_seq = excluded.server_seq, received_at = excluded.received_at",
        params);
  }

  pg::Connection& c_;
  const PushBatch& batch_;
  std::string_view case_key_secret_;
  PgRollupWriter rollups_;
  core::Millis received_at_ms_;
  std::string received_at_;
  std::string district_id_;
  std::int64_t last_seq_ = 0;
  std::map<std::string, StoredRecord> stored_;
  std::map<std::pair<std::string, std::string>, StoredVersion> versions_;
  std::set<std::string> purged_;
  std::vector<std::array<std::string, 4>> version_rows_;
  std::vector<std::string> record_order_;  // ids of accepted records, first acceptance first
};

}  // namespace

core::Record record_from_pg_row(const pg::Rows& rows, int row, int first) {
  core::Record record;
  record.id = rows.text(row, first);
  record.form_id = rows.text(row, first + 1);
  record.form_version = static_cast<int>(rows.integer(row, first + 2));
  record.hlc = rows.text(row, first + 3);
  record.deleted = rows.integer(row, first + 4) != 0;
  record.occurred_at = rows.text(row, first + 5);
  boost::system::error_code ec;
  boost::json::value data = boost::json::parse(rows.text(row, first + 6), ec);
  if (!ec && data.is_object()) record.data = std::move(data.as_object());
  return record;
}

core::Result<PushOutcome> PostgresStore::apply_push_batch(const PushBatch& batch, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Result<PushOutcome> {
    // Under the write lock: a batch id committed by any node is seen here, so a replay never re-applies.
    auto prior = c.prepared("push_prior", "SELECT user_id, response_json FROM push_batches WHERE batch_id = $1",
                            {param(batch.batch_id)});
    if (!prior.empty()) {
      if (prior.text(0, 0) != batch.user_id) {
        return core::make_problem("conflict", 409, "Conflict", "This batch_id was used by another user.");
      }
      event.action = "push_replay";
      return PushOutcome{prior.text(0, 1), true, 0};
    }
    return apply_new_batch(c, batch, event);
  });
}

core::Result<PushOutcome> PostgresStore::apply_new_batch(pg::Connection& c, const PushBatch& batch,
                                                         AuditEvent& event) {
  core::protocol::PushResponse response;
  response.batch_id = batch.batch_id;
  PushOutcome outcome;
  PgPushWriter writer(c, batch, case_key_secret_);
  try {
    for (const PushItem& item : batch.items) {
      response.results.push_back(writer.apply(item));
      if (response.results.back().status == PushStatus::accepted) ++outcome.accepted;
    }
    writer.finish();
  } catch (const RollupInconsistent&) {
    return core::make_problem("rollup_inconsistent", 500, "Internal error",
                              "The statistics of this store are inconsistent; nothing was stored.");
  }
  outcome.response_json = core::to_json_text(core::protocol::to_json(response));
  c.prepared("push_batch_insert",
             "INSERT INTO push_batches (batch_id, user_id, device_id, response_json, created_at)"
             " VALUES ($1, $2, $3, $4, $5)",
             {param(batch.batch_id), param(batch.user_id), param(batch.device_id), param(outcome.response_json),
              param(core::format_rfc3339(core::now_millis()))});
  event.detail = push_summary(response);
  return outcome;
}

core::Result<PullPage> PostgresStore::pull_since(const PullScope& scope, std::int64_t cursor, std::size_t limit) {
  Lease c(*this);
  // One snapshot for the checks, the records and the reviews. Every number below last_seq in it has
  // committed: numbers are given out under the write lock, which is held until commit.
  pg::Transaction snapshot(*c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  auto state = c->prepared("pull_state",
                           "SELECT (SELECT purged_through_seq FROM retention_state WHERE id = 1),"
                           " (SELECT last_seq FROM sequence WHERE id = 1)",
                           {});
  const bool below_purge = cursor > 0 && cursor < state.integer(0, 0);
  if (below_purge || cursor > state.integer(0, 1)) {
    return core::make_problem("cursor_expired", 410, "Cursor expired",
                              "This server cannot continue from that cursor; pull again from 0.");
  }
  const bool by_author = scope.kind == PullScope::Kind::author;
  const std::string column = by_author ? "author_id" : "team_id";
  const auto fetch = static_cast<std::int64_t>(limit + 1);
  auto records = c->prepared(by_author ? "pull_records_author" : "pull_records_team",
                             std::string("SELECT ") + kRecordColumns + ", r.server_seq FROM records r WHERE r." +
                                 column + " = $1 AND r.server_seq > $2 ORDER BY r.server_seq LIMIT $3",
                             {param(scope.id), param(cursor), param(fetch)});
  auto reviews = c->prepared(by_author ? "pull_reviews_author" : "pull_reviews_team",
                             "SELECT id, record_id, state, comment, reviewer_id, created_at, server_seq FROM reviews"
                             " WHERE " + column + " = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3",
                             {param(scope.id), param(cursor), param(fetch)});
  snapshot.commit();
  PullPage page;
  page.next_cursor = cursor;
  int r = 0;
  int v = 0;
  while (static_cast<std::size_t>(r + v) < limit && (r < records.size() || v < reviews.size())) {
    const bool take_record =
        v >= reviews.size() || (r < records.size() && records.integer(r, 7) < reviews.integer(v, 6));
    if (take_record) {
      page.next_cursor = records.integer(r, 7);
      page.records.push_back(record_from_pg_row(records, r++, 0));
    } else {
      page.next_cursor = reviews.integer(v, 6);
      page.reviews.push_back({reviews.text(v, 0), reviews.text(v, 1), reviews.text(v, 2), reviews.text(v, 3),
                              reviews.text(v, 4), reviews.text(v, 5), reviews.integer(v, 6)});
      ++v;
    }
  }
  page.more = r < records.size() || v < reviews.size();
  return page;
}

std::optional<RecordOwner> PostgresStore::record_owner(const std::string& record_id) {
  Lease c(*this);
  auto rows = c->query("SELECT id, author_id, team_id FROM records WHERE id = $1", {param(record_id)});
  if (rows.empty()) return std::nullopt;
  return RecordOwner{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2)};
}

std::vector<ReviewRow> PostgresStore::team_records(const ReviewQuery& query) {
  Lease c(*this);
  const std::string sql = std::string("SELECT * FROM (SELECT ") + kRecordColumns +
                          ", r.author_id, r.server_seq,"
                          " COALESCE((SELECT v.state FROM reviews v WHERE v.record_id = r.id"
                          "   ORDER BY v.server_seq DESC LIMIT 1), 'unreviewed') AS review_state,"
                          " COALESCE((SELECT v.comment FROM reviews v WHERE v.record_id = r.id"
                          "   ORDER BY v.server_seq DESC LIMIT 1), '') AS review_comment,"
                          " COALESCE(u.display_name, '') AS author_name,"
                          " r.occurred_at_ms AS occurred_ms"
                          " FROM records r LEFT JOIN users u ON u.id = r.author_id"
                          " WHERE r.team_id = $1 AND r.deleted = 0"
                          "   AND ($2::bigint IS NULL OR r.occurred_at_ms >= $2::bigint)"
                          "   AND ($3::bigint IS NULL OR r.occurred_at_ms < $3::bigint)"
                          "   AND ($6::text IS NULL OR r.author_id = $6::text)) AS t"
                          " WHERE ($4::text IS NULL OR review_state = $4::text) ORDER BY occurred_ms DESC, id LIMIT $5";
  auto rows = c->query(sql, {param(query.team_id), query.from ? param(*query.from) : std::nullopt,
                             query.to ? param(*query.to) : std::nullopt, query.state,
                             param(static_cast<std::int64_t>(query.limit)), query.author_id});
  std::vector<ReviewRow> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({record_from_pg_row(rows, i, 0), rows.text(i, 7), rows.text(i, 11), rows.text(i, 9),
                   rows.text(i, 10), rows.integer(i, 8)});
  }
  return out;
}

core::protocol::Review PostgresStore::insert_review(pg::Connection& c, const RecordOwner& record,
                                                    const std::string& reviewer_id, const std::string& state,
                                                    const std::string& comment) {
  const std::optional<StoredRecord> before = load_reviewed_record(c, record.record_id);
  core::protocol::Review review{core::make_uuid_v4(), record.record_id, state, comment, reviewer_id,
                                core::format_rfc3339(core::now_millis()), next_seq(c)};
  c.prepared("review_insert",
             "INSERT INTO reviews (id, record_id, author_id, team_id, reviewer_id, state, comment, created_at,"
             " server_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
             {param(review.id), param(record.record_id), param(record.author_id), param(record.team_id),
              param(reviewer_id), param(state), param(comment), param(review.created_at), param(review.server_seq)});
  // The review moves the record's review counters in the same transaction (decision 0074).
  if (before) apply_review_rollups(c, *before, case_key_secret_);
  return review;
}

core::Result<core::protocol::Review> PostgresStore::add_review(const RecordOwner& record,
                                                               const std::string& reviewer_id,
                                                               const std::string& state, const std::string& comment,
                                                               const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent&) -> core::Result<core::protocol::Review> {
    try {
      return insert_review(c, record, reviewer_id, state, comment);
    } catch (const RollupInconsistent&) {
      return review_rollups_problem();  // not committed: the review row goes with it
    }
  });
}

core::Result<std::vector<BulkReviewOutcome>> PostgresStore::add_reviews(const BulkReviewRequest& request) {
  Lease c(*this);
  pg::Transaction tx(*c);
  lock_writes(*c);
  std::vector<BulkReviewOutcome> outcomes;
  try {
    outcomes = bulk_reviews_in_tx(*c, request);
  } catch (const RollupInconsistent&) {
    return review_rollups_problem();  // not committed: no review of the request is stored
  }
  tx.commit();
  return outcomes;
}

std::vector<BulkReviewOutcome> PostgresStore::bulk_reviews_in_tx(pg::Connection& c, const BulkReviewRequest& request) {
  std::vector<BulkReviewOutcome> outcomes;
  for (const std::string& id : request.record_ids) {
    auto owner = c.prepared("review_owner", "SELECT id, author_id, team_id FROM records WHERE id = $1", {param(id)});
    BulkReviewOutcome outcome{id, BulkReviewStatus::not_found, std::nullopt};
    if (!owner.empty()) {
      const RecordOwner record{owner.text(0, 0), owner.text(0, 1), owner.text(0, 2)};
      if (record.team_id != request.team_id) {
        outcome.status = BulkReviewStatus::forbidden;
        append_audit_in_tx(c, {request.reviewer_id, "review_refused", id, "other team"});
      } else {
        outcome.status = BulkReviewStatus::reviewed;
        outcome.review = insert_review(c, record, request.reviewer_id, request.state, request.comment);
        append_audit_in_tx(c, {request.reviewer_id, "review", id, request.state + " bulk"});
      }
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

std::vector<ActivityRow> PostgresStore::team_activity_rows(const std::string& team_id, core::Millis from_ms,
                                                           core::Millis to_ms) {
  Lease c(*this);
  // duration_min as SQLite's json_extract + CAST reads it: a number (or numeric text), else 0.
  auto rows = c->query(
      "SELECT author_id, occurred_at_ms, first_received_at_ms,"
      " COALESCE(CASE WHEN jsonb_typeof(data_json::jsonb -> 'duration_min') = 'number'"
      "   THEN trunc((data_json::jsonb ->> 'duration_min')::numeric)::bigint END, 0)"
      " FROM records WHERE team_id = $1 AND deleted = 0 AND occurred_at_ms >= $2 AND occurred_at_ms < $3"
      " ORDER BY occurred_at_ms",
      {param(team_id), param(from_ms), param(to_ms)});
  std::vector<ActivityRow> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.text(i, 0), rows.integer(i, 1), rows.integer(i, 2), rows.integer(i, 3)});
  }
  return out;
}

}  // namespace faltlogg::server
