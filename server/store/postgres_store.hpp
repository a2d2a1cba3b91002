// The Store on PostgreSQL 15 (decision 0061), for several stateless server nodes on one database.
// A small pool of libpq connections; every write is one transaction that first locks the audit head
// row (SELECT … FOR UPDATE), so writes from every node are serialized like SQLite's one writer, the
// audit chain has one head, and server_seq numbers become visible in the order they were given out:
// a puller never passes a number whose transaction has not committed yet.
#pragma once

#include "store/pg_db.hpp"
#include "store/store.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace faltlogg::server {

class PostgresStore final : public Store {
 public:
  // Connects, applies pending migrations (store/migrations/postgresql) under an advisory lock so two
  // nodes starting together do not race, and loads (creating once) the shared case-key secret.
  explicit PostgresStore(std::string conninfo, std::size_t connections = 4);
  ~PostgresStore() override;

  // `faltlogg-admin migrate` only: takes over the SQLite data dir's case-key secret, so the copied
  // rollups and the records pushed later key the same cases alike.
  void set_case_key_secret_for_migration(const std::string& secret);

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
  std::vector<District> list_districts() override;
  std::vector<Team> list_teams() override;
  core::Status update_user(const UserChange& change, const AuditEvent& audit) override;

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

 private:
  // A connection borrowed from the pool for one call; a broken one is replaced on the next lease.
  class Lease {
   public:
    explicit Lease(PostgresStore& store);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    pg::Connection& operator*() { return *connection_; }
    pg::Connection* operator->() { return connection_.get(); }

   private:
    PostgresStore& store_;
    std::unique_ptr<pg::Connection> connection_;
  };

  // The transaction + audit pattern (decision 0060), with the write lock (the audit head row) taken
  // first: body(connection, event) works; a value appends the event and commits, a Problem rolls back.
  template <typename Body>
  auto audited_write(AuditEvent event, Body&& body) {
    Lease c(*this);
    pg::Transaction tx(*c);
    lock_writes(*c);
    auto result = body(*c, event);
    if (result) {
      append_audit_in_tx(*c, event);
      tx.commit();
    }
    return result;
  }

  static void lock_writes(pg::Connection& c);
  static void append_audit_in_tx(pg::Connection& c, const AuditEvent& event);
  static std::int64_t next_seq(pg::Connection& c);
  static std::optional<User> load_user(pg::Connection& c, std::string_view where_column, const std::string& value);
  static std::optional<Device> load_device(pg::Connection& c, const std::string& device_id);
  core::protocol::Review insert_review(pg::Connection& c, const RecordOwner& record,
                                       const std::string& reviewer_id, const std::string& state,
                                       const std::string& comment);
  std::vector<BulkReviewOutcome> bulk_reviews_in_tx(pg::Connection& c, const BulkReviewRequest& request);
  core::Result<PushOutcome> apply_new_batch(pg::Connection& c, const PushBatch& batch, AuditEvent& event);
  core::Result<std::int64_t> recount_rollups(pg::Connection& c, const std::string& from_month);
  void apply_migrations();
  void load_case_key_secret();
  void rebuild_rollups_if_pending();

  std::string conninfo_;
  std::string case_key_secret_;  // shared by every node through server_secret; never logged
  std::mutex pool_mutex_;
  std::condition_variable pool_available_;
  std::vector<std::unique_ptr<pg::Connection>> pool_;
};

// Builds a Record from the columns id, form_id, form_version, hlc, deleted, occurred_at, data_json
// starting at `first` (shared by pull, review listings and rebuilds).
core::Record record_from_pg_row(const pg::Rows& rows, int row, int first);

}  // namespace faltlogg::server
