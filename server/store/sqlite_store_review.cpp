// Review and team activity: the parts of SqliteStore a team lead reads and writes.
#include "store/sqlite_store.hpp"

#include "faltlogg/core/uuid.hpp"
#include "store/review_rollups.hpp"
#include "store/rollup_store.hpp"

namespace faltlogg::server {

namespace {

constexpr const char* kRecordColumns =
    "r.id, r.form_id, r.form_version, r.hlc, r.deleted, r.occurred_at, r.data_json";

std::string now_text() { return core::format_rfc3339(core::now_millis()); }

}  // namespace

std::optional<RecordOwner> SqliteStore::record_owner(const std::string& record_id) {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT id, author_id, team_id FROM records WHERE id = ?");
  select.bind(1, record_id);
  if (!select.step()) return std::nullopt;
  return RecordOwner{select.text(0), select.text(1), select.text(2)};
}

std::vector<ReviewRow> SqliteStore::team_records(const ReviewQuery& query) {
  ReaderLease reader(*this);
  const std::string sql = std::string("SELECT * FROM (SELECT ") + kRecordColumns +
                          ", r.author_id, r.server_seq,"
                          " COALESCE((SELECT v.state FROM reviews v WHERE v.record_id = r.id"
                          "   ORDER BY v.server_seq DESC LIMIT 1), 'unreviewed') AS review_state,"
                          " COALESCE((SELECT v.comment FROM reviews v WHERE v.record_id = r.id"
                          "   ORDER BY v.server_seq DESC LIMIT 1), '') AS review_comment,"
                          " COALESCE(u.display_name, '') AS author_name,"
                          " r.occurred_at_ms AS occurred_ms"
                          " FROM records r LEFT JOIN users u ON u.id = r.author_id"
                          " WHERE r.team_id = ?1 AND r.deleted = 0"
                          "   AND (?2 IS NULL OR r.occurred_at_ms >= ?2) AND (?3 IS NULL OR r.occurred_at_ms < ?3)"
                          "   AND (?6 IS NULL OR r.author_id = ?6))"
                          " WHERE (?4 IS NULL OR review_state = ?4) ORDER BY occurred_ms DESC, id LIMIT ?5";
  auto select = reader->prepare(sql);
  select.bind(1, query.team_id);
  query.from ? select.bind(2, *query.from) : select.bind_null(2);
  query.to ? select.bind(3, *query.to) : select.bind_null(3);
  select.bind_optional(4, query.state);
  select.bind(5, static_cast<std::int64_t>(query.limit));
  select.bind_optional(6, query.author_id);
  std::vector<ReviewRow> rows;
  while (select.step()) {
    rows.push_back({record_from_columns(select, 0), select.text(7), select.text(11), select.text(9),
                    select.text(10), select.integer(8)});
  }
  return rows;
}

core::protocol::Review SqliteStore::insert_review(sqlite::Connection& c, const RecordOwner& record,
                                                  const std::string& reviewer_id, const std::string& state,
                                                  const std::string& comment) {
  const std::optional<StoredRecord> before = load_reviewed_record(c, record.record_id);
  core::protocol::Review review{core::make_uuid_v4(), record.record_id, state, comment, reviewer_id, now_text(),
                                next_seq(c)};
  c.prepare("INSERT INTO reviews (id, record_id, author_id, team_id, reviewer_id, state, comment, created_at,"
            " server_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, review.id).bind(2, record.record_id).bind(3, record.author_id).bind(4, record.team_id)
      .bind(5, reviewer_id).bind(6, state).bind(7, comment).bind(8, review.created_at).bind(9, review.server_seq)
      .run();
  // The review moves the record's review counters in the same transaction (decision 0074).
  if (before) apply_review_rollups(c, *before, case_key_secret_);
  return review;
}

core::Result<core::protocol::Review> SqliteStore::add_review(const RecordOwner& record,
                                                             const std::string& reviewer_id,
                                                             const std::string& state, const std::string& comment,
                                                             const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent&) -> core::Result<core::protocol::Review> {
    try {
      return insert_review(c, record, reviewer_id, state, comment);
    } catch (const RollupInconsistent&) {
      return review_rollups_problem();  // not committed: the review row goes with it
    }
  });
}

// Not audited_write: one audit entry per record, not one per call.
core::Result<std::vector<BulkReviewOutcome>> SqliteStore::add_reviews(const BulkReviewRequest& request) {
  std::lock_guard lock(writer_mutex_);
  sqlite::Transaction tx(*writer_);
  try {
    auto outcomes = bulk_reviews_in_tx(request);
    tx.commit();
    return outcomes;
  } catch (const RollupInconsistent&) {
    return review_rollups_problem();  // not committed: no review of the request is stored
  }
}

std::vector<BulkReviewOutcome> SqliteStore::bulk_reviews_in_tx(const BulkReviewRequest& request) {
  auto owner = writer_->prepare("SELECT id, author_id, team_id FROM records WHERE id = ?");
  std::vector<BulkReviewOutcome> outcomes;
  outcomes.reserve(request.record_ids.size());
  for (const std::string& id : request.record_ids) {
    owner.reset();
    owner.bind(1, id);
    BulkReviewOutcome outcome{id, BulkReviewStatus::not_found, std::nullopt};
    if (owner.step()) {
      const RecordOwner record{owner.text(0), owner.text(1), owner.text(2)};
      if (record.team_id != request.team_id) {
        // An attempt on another team's record is worth a trace; an unknown id is not (nothing was there).
        outcome.status = BulkReviewStatus::forbidden;
        append_audit_in_tx(*writer_, {request.reviewer_id, "review_refused", id, "other team"});
      } else {
        outcome.status = BulkReviewStatus::reviewed;
        outcome.review = insert_review(*writer_, record, request.reviewer_id, request.state, request.comment);
        append_audit_in_tx(*writer_, {request.reviewer_id, "review", id, request.state + " bulk"});
      }
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

std::vector<ActivityRow> SqliteStore::team_activity_rows(const std::string& team_id, core::Millis from_ms,
                                                         core::Millis to_ms) {
  ReaderLease reader(*this);
  // duration_min is what both forms call the time spent; a record without it counts 0 minutes.
  auto select = reader->prepare(
      "SELECT author_id, occurred_at_ms, first_received_at_ms,"
      " COALESCE(CAST(json_extract(data_json, '$.duration_min') AS INTEGER), 0)"
      " FROM records WHERE team_id = ? AND deleted = 0 AND occurred_at_ms >= ? AND occurred_at_ms < ?"
      " ORDER BY occurred_at_ms");
  select.bind(1, team_id).bind(2, from_ms).bind(3, to_ms);
  std::vector<ActivityRow> rows;
  while (select.step()) {
    rows.push_back({select.text(0), select.integer(1), select.integer(2), select.integer(3)});
  }
  return rows;
}

}  // namespace faltlogg::server
