// The embedded default Store: one SQLite file in WAL mode, one writer connection behind a mutex
// (SQLite allows one writer at a time anyway) and a small pool of reader connections so pulls and
// lookups never wait for a push to commit. Pushes that wait for the writer are committed together, one
// transaction per group (decision 0080), and WAL checkpoints run on their own thread, off the push path.
#pragma once

#include "store/push_group_queue.hpp"
#include "store/sqlite_db.hpp"
#include "store/store.hpp"
#include "store/wal_checkpointer.hpp"

#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace faltlogg::server {

class RollupWriter;

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) DIR/faltlogg.db and applies pending migrations. Throws on failure.
  explicit SqliteStore(const std::filesystem::path& data_dir, std::size_t reader_count = 4);
  ~SqliteStore() override;

  static std::filesystem::path database_file(const std::filesystem::path& data_dir);

  // Called by the leader of a push group inside its transaction, just before COMMIT, with the number of
  // batches in it. Only for the fail point that kills the server there (tests); set before serving.
  void set_before_group_commit(std::function<void(std::size_t batches)> hook) { before_group_commit_ = std::move(hook); }

  core::Result<District> add_district(const std::string& name, const AuditEvent& audit) override;
  core::Result<Team> add_team(const std::string& name, const std::string& district_name,
                              const std::vector<std::string>& areas, const AuditEvent& audit) override;
  core::Result<User> add_user(const std::string& username, const std::string& display_name, RoleSet roles,
                              const std::string& team_name, const std::string& password_hash,
                              const AuditEvent& audit) override;
  core::Status set_team_areas(const std::string& team_name, const std::vector<Area>& areas,
                              const AuditEvent& audit) override;
  std::optional<User> find_user_by_username(const std::string& username) override;
  std::optional<User> find_user(const std::string& user_id) override;
  std::vector<User> list_users() override;
  std::vector<User> team_members(const std::string& team_id) override;
  core::Status disable_user(const std::string& username, const AuditEvent& audit) override;
  core::Status set_password_hash(const std::string& username, const std::string& password_hash,
                                 const AuditEvent& audit) override;
  std::optional<Team> find_team(const std::string& team_id) override;
  std::optional<District> find_district(const std::string& district_id) override;

  core::Result<Device> create_session(const std::string& user_id, const std::string& device_name,
                                      const std::string& token_hash, core::Millis expires_at_ms,
                                      const AuditEvent& audit) override;
  TokenLookup lookup_token(const std::string& token_hash, core::Millis now_ms) override;
  core::Status revoke_token(const std::string& token_hash, const AuditEvent& audit) override;

  core::Status create_enrolment(const EnrolmentCode& code, const AuditEvent& audit) override;
  core::Result<EnrolledSession> redeem_enrolment(const EnrolmentRedemption& redemption) override;

  std::vector<Device> list_devices() override;
  std::optional<Device> find_device(const std::string& device_id) override;
  core::Status revoke_device(const std::string& device_id, const AuditEvent& audit) override;

  core::Result<PushOutcome> apply_push_batch(const PushBatch& batch, const AuditEvent& audit) override;
  core::Result<PullPage> pull_since(const PullScope& scope, std::int64_t cursor, std::size_t limit) override;

  std::optional<RecordOwner> record_owner(const std::string& record_id) override;
  std::vector<ReviewRow> team_records(const ReviewQuery& query) override;
  core::Result<core::protocol::Review> add_review(const RecordOwner& record, const std::string& reviewer_id,
                                                  const std::string& state, const std::string& comment,
                                                  const AuditEvent& audit) override;
  core::Result<std::vector<BulkReviewOutcome>> add_reviews(const BulkReviewRequest& request) override;
  std::vector<ActivityRow> team_activity_rows(const std::string& team_id, core::Millis from_ms,
                                              core::Millis to_ms) override;

  std::vector<analytics::RollupRow> rollup_rows(const RollupQuery& query) override;
  std::map<std::string, double, std::less<>> criteria_targets(const std::string& district_id,
                                                               const std::string& pack_id) override;
  core::Status set_criteria_target(const CriteriaTargetChange& change, const AuditEvent& audit) override;
  core::Result<std::int64_t> rebuild_rollups(const std::string& from_date, const AuditEvent& audit) override;
  core::Result<RetentionOutcome> purge_records(const RetentionRequest& request, const AuditEvent& audit) override;
  std::optional<std::string> retention_horizon() override;

  core::Status append_audit(const AuditEvent& event) override;
  std::vector<AuditEntry> audit_entries() override;
  AuditVerification verify_audit() override;
  std::map<std::string, std::int64_t> row_counts() override;

  std::vector<District> list_districts() override;
  std::vector<Team> list_teams() override;
  core::Status update_user(const UserChange& change, const AuditEvent& audit) override;

 private:
  // A reader connection borrowed from the pool for one call.
  class ReaderLease {
   public:
    explicit ReaderLease(SqliteStore& store);
    ~ReaderLease();
    ReaderLease(const ReaderLease&) = delete;
    ReaderLease& operator=(const ReaderLease&) = delete;
    sqlite::Connection& operator*() { return *connection_; }
    sqlite::Connection* operator->() { return connection_.get(); }

   private:
    SqliteStore& store_;
    std::unique_ptr<sqlite::Connection> connection_;
  };

  // The transaction + audit pattern of every write: under the writer lock, one transaction in which
  // `body(connection, event)` does the work and may complete the audit event (subject, detail). A value
  // appends the event and commits both; a Problem rolls back, so a refused write leaves no trace but the
  // one the caller chooses to audit itself.
  template <typename Body>
  auto audited_write(AuditEvent event, Body&& body) {
    std::lock_guard lock(writer_mutex_);
    sqlite::Transaction tx(*writer_);
    auto result = body(*writer_, event);
    if (result) {
      append_audit_in_tx(*writer_, event);
      tx.commit();
    }
    return result;
  }

  void rebuild_rollups_if_pending();
  // Group commit (decision 0080): the leader of a group runs this under the writer lock.
  void commit_push_group(const std::vector<PendingPush*>& group);
  // One transaction for the whole group, one savepoint per batch. False: the summed rollup deltas would
  // take a counter below zero and nothing was stored; every push is answered otherwise.
  bool try_push_group(const std::vector<PendingPush*>& group);
  void push_in_savepoint(PendingPush& push, RollupWriter& rollups);
  core::Result<PushOutcome> apply_one_batch(sqlite::Connection& c, const PushBatch& batch, AuditEvent& event,
                                            std::vector<analytics::RollupRow>& deltas);
  core::Result<PushOutcome> apply_new_batch(sqlite::Connection& c, const PushBatch& batch, AuditEvent& event,
                                            std::vector<analytics::RollupRow>& deltas);
  // Recounts every rollup row from `from_month` (YYYY-MM) on inside the caller's transaction.
  core::Result<std::int64_t> recount_rollups(sqlite::Connection& c, const std::string& from_month);
  static RetentionOutcome purge_in_tx(sqlite::Connection& c, const RetentionRequest& request);
  std::int64_t next_seq(sqlite::Connection& c);
  std::int64_t last_seq(sqlite::Connection& c);
  void append_audit_in_tx(sqlite::Connection& c, const AuditEvent& event);
  std::optional<User> load_user(sqlite::Connection& c, std::string_view where_column, const std::string& value);
  static User user_from_row(const sqlite::Statement& row);
  std::optional<Device> load_device(sqlite::Connection& c, const std::string& device_id);
  std::vector<core::Record> pull_records(sqlite::Connection& c, const PullScope& scope, std::int64_t cursor,
                                         std::size_t limit, std::vector<std::int64_t>& seqs);
  core::protocol::Review insert_review(sqlite::Connection& c, const RecordOwner& record,
                                       const std::string& reviewer_id, const std::string& state,
                                       const std::string& comment);
  std::vector<BulkReviewOutcome> bulk_reviews_in_tx(const BulkReviewRequest& request);
  std::vector<core::protocol::Review> pull_reviews(sqlite::Connection& c, const PullScope& scope,
                                                   std::int64_t cursor, std::size_t limit);

  std::filesystem::path file_;
  std::string case_key_secret_;  // keys case pseudonyms in the rollups; never logged
  std::mutex writer_mutex_;
  std::unique_ptr<sqlite::Connection> writer_;
  std::mutex readers_mutex_;
  std::condition_variable readers_available_;
  std::vector<std::unique_ptr<sqlite::Connection>> readers_;
  PushGroupQueue push_queue_;
  std::function<void(std::size_t)> before_group_commit_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // after writer_: stopped before it closes
};

// Builds a Record from a stored row's columns (shared by pull and review listings).
core::Record record_from_columns(const sqlite::Statement& row, int first_column);

}  // namespace faltlogg::server
