// The storage boundary of the server. Handlers see only this interface, so a PostgreSQL implementation
// can follow the SQLite one without touching them. Every mutating call is one transaction that also
// appends its audit entry: the action and its audit trail commit together or not at all.
#pragma once

#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/record.hpp"
#include "faltlogg/core/result.hpp"
#include "faltlogg/core/time.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::server {

enum class Role { field_worker, family_therapist, team_lead, evaluator, admin };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

struct District {
  std::string id;
  std::string name;
};

struct Team {
  std::string id;
  std::string district_id;
  std::string name;
  std::vector<std::string> areas;  // sub-area ids for the `area_id` reference field
};

struct User {
  std::string id;
  std::string username;
  std::string display_name;
  Role role = Role::field_worker;
  std::string team_id;
  std::string district_id;
  std::string password_hash;
  bool disabled = false;
};

struct Device {
  std::string id;
  std::string user_id;
  std::string name;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// Who did what to which object. Never carries personal data: ids and counts only.
struct AuditEvent {
  std::string actor_id;  // user id, "admin-cli" or "anonymous"
  std::string action;    // "login", "push", "review", "read_records", "device_revoke", ...
  std::string subject;   // object id the action concerns
  std::string detail;    // short, non-personal (counts, states)
};

struct AuditEntry {
  std::int64_t seq = 0;
  std::string at;
  AuditEvent event;
  std::string prev_hash;
  std::string hash;
};

struct AuditVerification {
  bool intact = true;
  std::int64_t entries = 0;
  std::int64_t first_bad_seq = 0;
  std::string reason;
  std::string head_hash;  // of the newest entry, when intact: record it outside the server to anchor
};

enum class TokenState { valid, unknown, expired, revoked, device_revoked };
struct TokenLookup {
  TokenState state = TokenState::unknown;
  User user;
  Device device;
};

// One record of a push as the handler prepared it: parsed and validated outside the transaction.
// A `rejection` is reported as is; otherwise the store decides accepted / duplicate / stale / conflict.
struct PushItem {
  std::string id;
  std::optional<core::Record> record;
  std::optional<core::Problem> rejection;
};

struct PushBatch {
  std::string batch_id;
  std::string user_id;
  std::string device_id;
  std::string team_id;
  std::vector<PushItem> items;
  // When the server received the batch; nullopt: now. Set only by demo data, whose 90 days of records
  // would otherwise all look synced today (and fail C9, synced within 72 h).
  std::optional<core::Millis> received_at_ms;
};

struct PushOutcome {
  std::string response_json;  // what the client gets; stored verbatim for replay
  bool replayed = false;
  std::size_t accepted = 0;
};

// Whose records a pull sees: an author's own, or a whole team's (team leads).
struct PullScope {
  enum class Kind { author, team };
  Kind kind = Kind::author;
  std::string id;
};

struct PullPage {
  std::vector<core::Record> records;
  std::vector<core::protocol::Review> reviews;
  std::int64_t next_cursor = 0;
  bool more = false;
};

struct RecordOwner {
  std::string record_id;
  std::string author_id;
  std::string team_id;
};

struct ReviewQuery {
  std::string team_id;
  std::optional<core::Millis> from;  // occurred_at >= from
  std::optional<core::Millis> to;    // occurred_at < to
  std::optional<std::string> state;  // "unreviewed" | "approved" | "needs_changes"
  std::size_t limit = 1000;
};

struct ReviewRow {
  core::Record record;
  std::string author_id;
  std::string review_state;  // "unreviewed" when no review exists yet
  std::string review_comment;
  std::int64_t server_seq = 0;
};

// Which rollup rows to read: one kind and grain, periods as that grain stores them ("YYYY-MM-DD" for the
// base grain of daily kinds, else "YYYY-MM"), both bounds inclusive, optionally one district and/or team.
struct RollupQuery {
  analytics::RollupKind kind = analytics::RollupKind::contact_daily;
  std::string from_period;
  std::string to_period;
  std::optional<std::string> district_id;
  std::optional<std::string> team_id;
  analytics::RollupGrain grain = analytics::RollupGrain::base;
  // Only these counters are read; a name ending in '.' stands for every counter with that prefix.
  // Empty: all counters.
  std::vector<std::string> counters{};
  // When set, rows are summed over everything not kept: dimensions not listed are dropped, and
  // district_id / team_id become "" unless listed. The period is always kept. Unset: rows as stored.
  std::optional<std::vector<std::string>> keep{};
};

struct UserChange {
  std::string user_id;
  std::optional<Role> role;
  std::optional<std::string> team_id;
};

struct CriteriaTargetChange {
  std::string district_id;
  std::string pack_id;
  std::string criterion_id;
  double target = 0;
};

// Retention (gallring): row-level records of `form_id` whose occurred_at is before the cutoff.
struct RetentionRequest {
  std::string form_id;
  core::Millis occurred_before_ms = 0;
};

struct RetentionOutcome {
  std::int64_t purged_records = 0;
  std::int64_t purged_through_seq = 0;  // pull cursors below this get cursor_expired
};

class Store {
 public:
  virtual ~Store() = default;

  // Reference data and accounts (admin CLI). Name clashes give Problem "conflict".
  virtual core::Result<District> add_district(const std::string& name, const AuditEvent& audit) = 0;
  virtual core::Result<Team> add_team(const std::string& name, const std::string& district_name,
                                      const std::vector<std::string>& areas, const AuditEvent& audit) = 0;
  virtual core::Result<User> add_user(const std::string& username, const std::string& display_name, Role role,
                                      const std::string& team_name, const std::string& password_hash,
                                      const AuditEvent& audit) = 0;
  virtual std::optional<User> find_user_by_username(const std::string& username) = 0;
  virtual std::optional<User> find_user(const std::string& user_id) = 0;
  virtual std::vector<User> list_users() = 0;
  // Disabling also revokes every device of the user, so open sessions end with device_revoked.
  virtual core::Status disable_user(const std::string& username, const AuditEvent& audit) = 0;
  virtual core::Status set_password_hash(const std::string& username, const std::string& password_hash,
                                         const AuditEvent& audit) = 0;
  virtual std::optional<Team> find_team(const std::string& team_id) = 0;
  virtual std::optional<District> find_district(const std::string& district_id) = 0;

  // Sessions: a login creates a device and a token in one transaction with its audit entry.
  virtual Device create_session(const std::string& user_id, const std::string& device_name,
                                const std::string& token_hash, core::Millis expires_at_ms,
                                const AuditEvent& audit) = 0;
  virtual TokenLookup lookup_token(const std::string& token_hash, core::Millis now_ms) = 0;
  virtual void revoke_token(const std::string& token_hash, const AuditEvent& audit) = 0;

  virtual std::vector<Device> list_devices() = 0;
  virtual std::optional<Device> find_device(const std::string& device_id) = 0;
  // Problem not_found for an unknown device; revoking twice is not an error.
  virtual core::Status revoke_device(const std::string& device_id, const AuditEvent& audit) = 0;

  // One transaction per batch; returns the stored response when batch_id was committed before.
  // Problem "conflict" when batch_id belongs to another user.
  virtual core::Result<PushOutcome> apply_push_batch(const PushBatch& batch, const AuditEvent& audit) = 0;
  // Problem "cursor_expired" (410) when cursor is beyond anything this store ever issued.
  virtual core::Result<PullPage> pull_since(const PullScope& scope, std::int64_t cursor, std::size_t limit) = 0;

  virtual std::optional<RecordOwner> record_owner(const std::string& record_id) = 0;
  virtual std::vector<ReviewRow> team_records(const ReviewQuery& query) = 0;
  virtual core::protocol::Review add_review(const RecordOwner& record, const std::string& reviewer_id,
                                            const std::string& state, const std::string& comment,
                                            const AuditEvent& audit) = 0;

  // Analytics. Rollups change only inside apply_push_batch and rebuild_rollups.
  virtual std::vector<analytics::RollupRow> rollup_rows(const RollupQuery& query) = 0;
  virtual std::map<std::string, double, std::less<>> criteria_targets(const std::string& district_id,
                                                                       const std::string& pack_id) = 0;
  virtual void set_criteria_target(const CriteriaTargetChange& change, const AuditEvent& audit) = 0;
  // Recounts every rollup row of days (and months) from `from` (YYYY-MM-DD, Stockholm) on, from the
  // stored records, in one transaction. Returns the number of records counted.
  virtual core::Result<std::int64_t> rebuild_rollups(const std::string& from_date, const AuditEvent& audit) = 0;
  // Deletes the records (and their versions and reviews) but leaves their facts in the rollups.
  virtual RetentionOutcome purge_records(const RetentionRequest& request, const AuditEvent& audit) = 0;
  // The oldest occurred_at still stored; rebuilds must not reach before the retention horizon.
  virtual std::optional<std::string> retention_horizon() = 0;

  virtual void append_audit(const AuditEvent& event) = 0;
  virtual std::vector<AuditEntry> audit_entries() = 0;
  virtual AuditVerification verify_audit() = 0;

  // Row counts by table: tests use them to prove bad input changed nothing.
  virtual std::map<std::string, std::int64_t> row_counts() = 0;

  // The web console's admin pages (api/admin_api.*), sorted by name.
  virtual std::vector<District> list_districts() = 0;
  virtual std::vector<Team> list_teams() = 0;
  // Changes a user's role and/or team (problem not_found for an unknown user or team).
  virtual core::Status update_user(const UserChange& change, const AuditEvent& audit) = 0;
};

}  // namespace faltlogg::server
