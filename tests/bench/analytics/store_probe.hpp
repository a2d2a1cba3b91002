// A Store that forwards every call to another one and times rollup_rows(): run once beside the measured
// rounds, it splits a report's time into "reading rollups" (SQLite, blob decoding and summing in
// read_rollup_rows) and "the rest" (evaluate_criteria / build_aggregate), and counts the rows read.
// It must list every pure virtual of server::Store, so a change there needs the same change here.
#pragma once

#include "store/store.hpp"

#include <chrono>

namespace faltlogg::bench {

class ProbeStore final : public server::Store {
 public:
  explicit ProbeStore(server::Store& inner) : inner_(inner) {}

  double read_ms = 0;
  std::size_t rows = 0;
  int queries = 0;

  std::vector<server::analytics::RollupRow> rollup_rows(const server::RollupQuery& query) override {
    const auto start = std::chrono::steady_clock::now();
    auto out = inner_.rollup_rows(query);
    read_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    rows += out.size();
    ++queries;
    return out;
  }

  core::Result<server::District> add_district(const std::string& name, const server::AuditEvent& audit) override {
    return inner_.add_district(name, audit);
  }
  core::Result<server::Team> add_team(const std::string& name, const std::string& district_name,
                                      const std::vector<std::string>& areas, const server::AuditEvent& audit) override {
    return inner_.add_team(name, district_name, areas, audit);
  }
  core::Result<server::User> add_user(const std::string& username, const std::string& display_name,
                                      server::RoleSet roles, const std::string& team_name,
                                      const std::string& password_hash, const server::AuditEvent& audit) override {
    return inner_.add_user(username, display_name, roles, team_name, password_hash, audit);
  }
  core::Status set_team_areas(const std::string& team_name, const std::vector<server::Area>& areas,
                              const server::AuditEvent& audit) override {
    return inner_.set_team_areas(team_name, areas, audit);
  }
  std::optional<server::User> find_user_by_username(const std::string& username) override {
    return inner_.find_user_by_username(username);
  }
  std::optional<server::User> find_user(const std::string& user_id) override { return inner_.find_user(user_id); }
  std::vector<server::User> list_users() override { return inner_.list_users(); }
  std::vector<server::User> team_members(const std::string& team_id) override { return inner_.team_members(team_id); }
  core::Status disable_user(const std::string& username, const server::AuditEvent& audit) override {
    return inner_.disable_user(username, audit);
  }
  core::Status set_password_hash(const std::string& username, const std::string& password_hash,
                                 const server::AuditEvent& audit) override {
    return inner_.set_password_hash(username, password_hash, audit);
  }
  std::optional<server::Team> find_team(const std::string& team_id) override { return inner_.find_team(team_id); }
  std::optional<server::District> find_district(const std::string& district_id) override {
    return inner_.find_district(district_id);
  }
  core::Result<server::Device> create_session(const std::string& user_id, const std::string& device_name,
                                              const std::string& token_hash, core::Millis expires_at_ms,
                                              const server::AuditEvent& audit) override {
    return inner_.create_session(user_id, device_name, token_hash, expires_at_ms, audit);
  }
  server::TokenLookup lookup_token(const std::string& token_hash, core::Millis now_ms) override {
    return inner_.lookup_token(token_hash, now_ms);
  }
  core::Status revoke_token(const std::string& token_hash, const server::AuditEvent& audit) override {
    return inner_.revoke_token(token_hash, audit);
  }
  core::Status create_enrolment(const server::EnrolmentCode& code, const server::AuditEvent& audit) override {
    return inner_.create_enrolment(code, audit);
  }
  core::Result<server::EnrolledSession> redeem_enrolment(const server::EnrolmentRedemption& redemption) override {
    return inner_.redeem_enrolment(redemption);
  }
  std::vector<server::Device> list_devices() override { return inner_.list_devices(); }
  std::optional<server::Device> find_device(const std::string& device_id) override { return inner_.find_device(device_id); }
  core::Status revoke_device(const std::string& device_id, const server::AuditEvent& audit) override {
    return inner_.revoke_device(device_id, audit);
  }
  core::Result<server::PushOutcome> apply_push_batch(const server::PushBatch& batch,
                                                     const server::AuditEvent& audit) override {
    return inner_.apply_push_batch(batch, audit);
  }
  core::Result<server::PullPage> pull_since(const server::PullScope& scope, std::int64_t cursor,
                                            std::size_t limit) override {
    return inner_.pull_since(scope, cursor, limit);
  }
  std::optional<server::RecordOwner> record_owner(const std::string& record_id) override {
    return inner_.record_owner(record_id);
  }
  std::vector<server::ReviewRow> team_records(const server::ReviewQuery& query) override {
    return inner_.team_records(query);
  }
  core::Result<core::protocol::Review> add_review(const server::RecordOwner& record, const std::string& reviewer_id,
                                                  const std::string& state, const std::string& comment,
                                                  const server::AuditEvent& audit) override {
    return inner_.add_review(record, reviewer_id, state, comment, audit);
  }
  core::Result<std::vector<server::BulkReviewOutcome>> add_reviews(const server::BulkReviewRequest& request) override {
    return inner_.add_reviews(request);
  }
  std::vector<server::ActivityRow> team_activity_rows(const std::string& team_id, core::Millis from_ms,
                                                      core::Millis to_ms) override {
    return inner_.team_activity_rows(team_id, from_ms, to_ms);
  }
  std::map<std::string, double, std::less<>> criteria_targets(const std::string& district_id,
                                                               const std::string& pack_id) override {
    return inner_.criteria_targets(district_id, pack_id);
  }
  core::Status set_criteria_target(const server::CriteriaTargetChange& change,
                                   const server::AuditEvent& audit) override {
    return inner_.set_criteria_target(change, audit);
  }
  core::Result<std::int64_t> rebuild_rollups(const std::string& from_date, const server::AuditEvent& audit) override {
    return inner_.rebuild_rollups(from_date, audit);
  }
  core::Result<server::RetentionOutcome> purge_records(const server::RetentionRequest& request,
                                                       const server::AuditEvent& audit) override {
    return inner_.purge_records(request, audit);
  }
  std::optional<std::string> retention_horizon() override { return inner_.retention_horizon(); }
  core::Status append_audit(const server::AuditEvent& event) override { return inner_.append_audit(event); }
  std::vector<server::AuditEntry> audit_entries() override { return inner_.audit_entries(); }
  server::AuditVerification verify_audit() override { return inner_.verify_audit(); }
  std::vector<server::District> list_districts() override { return inner_.list_districts(); }
  std::vector<server::Team> list_teams() override { return inner_.list_teams(); }
  core::Status update_user(const server::UserChange& change, const server::AuditEvent& audit) override {
    return inner_.update_user(change, audit);
  }
  std::map<std::string, std::int64_t> row_counts() override { return inner_.row_counts(); }

 private:
  server::Store& inner_;
};

}  // namespace faltlogg::bench
