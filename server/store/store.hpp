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
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::server {

enum class Role { field_worker, family_therapist, team_lead, evaluator, admin };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

// The roles of one user (PROTOCOL.md: `roles` is a list). Authorization asks whether any of them permits
// an action. Implicit from one Role, since most accounts hold exactly one.
class RoleSet {
 public:
  RoleSet() = default;
  RoleSet(Role role) { add(role); }  // NOLINT(google-explicit-constructor): one role is the common case
  RoleSet(std::initializer_list<Role> roles) {
    for (Role role : roles) add(role);
  }
  void add(Role role) { bits_ |= bit(role); }
  bool has(Role role) const { return (bits_ & bit(role)) != 0; }
  bool any_of(std::initializer_list<Role> roles) const {
    for (Role role : roles) {
      if (has(role)) return true;
    }
    return false;
  }
  bool empty() const { return bits_ == 0; }
  std::size_t size() const;
  std::vector<Role> list() const;  // in the order of the Role enum
  std::vector<std::string> names() const;
  friend bool operator==(const RoleSet&, const RoleSet&) = default;

 private:
  static unsigned bit(Role role) { return 1U << static_cast<unsigned>(role); }
  unsigned bits_ = 0;
};
std::string to_string(const RoleSet& roles);  // "team_lead,field_worker" order of the enum
// A comma-separated list of role names ("team_lead,field_worker"). Problem "invalid_role" for an
// unknown or repeated name, an empty list, or a combination the role table forbids: `evaluator` and
// `admin` are held alone (an evaluator never sees a row, an admin never record contents; decision 0042).
core::Result<RoleSet> role_set_from_string(std::string_view text);
core::Status check_role_combination(const RoleSet& roles);
// Roles that write records themselves (the push and the forms they may use follow from them).
inline bool logs_records(const RoleSet& roles) { return roles.any_of({Role::field_worker, Role::family_therapist}); }

struct District {
  std::string id;
  std::string name;
};

// A sub-area of a team: the id records carry in `area_id`, and the name people read.
struct Area {
  std::string id;
  std::string name;
};

// Problem invalid_request for an empty or over-long (64) id, an over-long (100) name or a repeated id.
core::Status check_areas(const std::vector<Area>& areas);

struct Team {
  std::string id;
  std::string district_id;
  std::string name;
  std::vector<std::string> areas;  // sub-area ids for the `area_id` reference field
  std::map<std::string, std::string, std::less<>> area_names;  // id -> display name, when one was given

  // The display name of a sub-area; its id when it has none.
  std::string area_name(const std::string& area_id) const {
    auto it = area_names.find(area_id);
    return it == area_names.end() || it->second.empty() ? area_id : it->second;
  }
};

struct User {
  std::string id;
  std::string username;
  std::string display_name;
  RoleSet roles = Role::field_worker;
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

// A one-use enrolment code for a tablet (PROTOCOL.md "Enrolment of a tablet"); only its hash is stored.
struct EnrolmentCode {
  std::string code_hash;
  std::string user_id;
  std::string created_by;  // user id, or "admin-cli"
  core::Millis created_at_ms = 0;
  core::Millis expires_at_ms = 0;
};

// Redeeming a code: the device and the session token it creates.
struct EnrolmentRedemption {
  std::string code_hash;
  std::string device_name;
  std::string token_hash;
  core::Millis token_expires_at_ms = 0;
  core::Millis now_ms = 0;
};

struct EnrolledSession {
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
  std::optional<std::string> author_id{};
};

struct ReviewRow {
  core::Record record;
  std::string author_id;
  std::string author_name;  // the author's display name
  std::string review_state;  // "unreviewed" when no review exists yet
  std::string review_comment;
  std::int64_t server_seq = 0;
};

// Many reviews by one team lead in one transaction (POST /api/v1/review/bulk).
struct BulkReviewRequest {
  std::string team_id;  // the reviewer's team: records of other teams are `forbidden`
  std::string reviewer_id;
  std::vector<std::string> record_ids;  // distinct, checked by the handler
  std::string state;
  std::string comment;
};

enum class BulkReviewStatus { reviewed, forbidden, not_found };
std::string_view to_string(BulkReviewStatus status);

struct BulkReviewOutcome {
  std::string record_id;
  BulkReviewStatus status = BulkReviewStatus::not_found;
  std::optional<core::protocol::Review> review;  // when reviewed
};

// One stored record, as much as team activity needs (no content but the duration).
struct ActivityRow {
  std::string author_id;
  core::Millis occurred_at_ms = 0;
  core::Millis first_received_at_ms = 0;
  std::int64_t minutes = 0;  // data.duration_min, 0 when absent
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
  std::optional<RoleSet> roles;  // replaces every role of the user
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

// The month a rollup rebuild from `from_date` (YYYY-MM-DD) starts at: whole months, since a case_monthly
// row sums a month. Problem invalid_request for a bad date, before_retention_horizon (409) when the month
// starts before `horizon` (purged records cannot be recounted). Shared by every backend.
core::Result<std::string> rebuild_from_month(const std::string& from_date, const std::optional<std::string>& horizon);

// The store is split by role, so a handler's dependency says which part it needs and a backend is
// checked part by part (tests/unit/server/store_conformance_*). One return style throughout (decision
// 0060): a lookup answers std::optional (absence is not an error), a listing a vector, and every write a
// core::Result / core::Status whose Problem means "nothing was written". Infrastructure failures (the
// database is gone, the disk is full) throw; the HTTP layer answers them 500/503.

// Reference data, accounts, devices, sessions and enrolment.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Reference data and accounts (admin CLI). Name clashes give Problem "conflict".
  virtual core::Result<District> add_district(const std::string& name, const AuditEvent& audit) = 0;
  virtual core::Result<Team> add_team(const std::string& name, const std::string& district_name,
                                      const std::vector<std::string>& areas, const AuditEvent& audit) = 0;
  // Problem "invalid_role" when the combination is not allowed (check_role_combination).
  virtual core::Result<User> add_user(const std::string& username, const std::string& display_name, RoleSet roles,
                                      const std::string& team_name, const std::string& password_hash,
                                      const AuditEvent& audit) = 0;
  // Replaces the team's sub-areas (ids and display names), in the order given. Problem not_found for an
  // unknown team, invalid_request for an empty, over-long (64 id / 100 name) or repeated id.
  virtual core::Status set_team_areas(const std::string& team_name, const std::vector<Area>& areas,
                                      const AuditEvent& audit) = 0;
  virtual std::optional<User> find_user_by_username(const std::string& username) = 0;
  virtual std::optional<User> find_user(const std::string& user_id) = 0;
  virtual std::vector<User> list_users() = 0;
  // The team's users (disabled ones included, marked), ordered by display name.
  virtual std::vector<User> team_members(const std::string& team_id) = 0;
  // Disabling also revokes every device of the user, so open sessions end with device_revoked.
  virtual core::Status disable_user(const std::string& username, const AuditEvent& audit) = 0;
  virtual core::Status set_password_hash(const std::string& username, const std::string& password_hash,
                                         const AuditEvent& audit) = 0;
  virtual std::optional<Team> find_team(const std::string& team_id) = 0;
  virtual std::optional<District> find_district(const std::string& district_id) = 0;
  // The web console's admin pages (api/admin_api.*), sorted by name.
  virtual std::vector<District> list_districts() = 0;
  virtual std::vector<Team> list_teams() = 0;
  // Changes a user's role and/or team (problem not_found for an unknown user or team).
  virtual core::Status update_user(const UserChange& change, const AuditEvent& audit) = 0;

  // Sessions: a login creates a device and a token in one transaction with its audit entry.
  // Problem not_found for an unknown user.
  virtual core::Result<Device> create_session(const std::string& user_id, const std::string& device_name,
                                              const std::string& token_hash, core::Millis expires_at_ms,
                                              const AuditEvent& audit) = 0;
  virtual TokenLookup lookup_token(const std::string& token_hash, core::Millis now_ms) = 0;
  // Revoking an unknown or revoked token is not an error (the audit entry is still written).
  virtual core::Status revoke_token(const std::string& token_hash, const AuditEvent& audit) = 0;

  // Stores a new code for the user and expires every earlier unused code of that user, so only the
  // newest printed or shown code works. Problem not_found for an unknown user.
  virtual core::Status create_enrolment(const EnrolmentCode& code, const AuditEvent& audit) = 0;
  // One transaction: marks the code used and creates the device and its token, or changes nothing.
  // Problems: "unauthorized" (401) unknown code or disabled user, "enrolment_used" (410),
  // "enrolment_expired" (410). Of concurrent redemptions of one code exactly one succeeds.
  virtual core::Result<EnrolledSession> redeem_enrolment(const EnrolmentRedemption& redemption) = 0;

  virtual std::vector<Device> list_devices() = 0;
  virtual std::optional<Device> find_device(const std::string& device_id) = 0;
  // Problem not_found for an unknown device; revoking twice is not an error.
  virtual core::Status revoke_device(const std::string& device_id, const AuditEvent& audit) = 0;
};

// Push and pull (PROTOCOL.md "Sync"); the per-record rules are decide_push (store/sync_rules.hpp).
class SyncStore {
 public:
  virtual ~SyncStore() = default;
  // One transaction per batch; returns the stored response when batch_id was committed before.
  // Problem "conflict" when batch_id belongs to another user.
  virtual core::Result<PushOutcome> apply_push_batch(const PushBatch& batch, const AuditEvent& audit) = 0;
  // Problem "cursor_expired" (410) when cursor is beyond anything this store ever issued, or below the
  // last retention run. A page never skips a record that commits later with a lower server_seq.
  virtual core::Result<PullPage> pull_since(const PullScope& scope, std::int64_t cursor, std::size_t limit) = 0;
};

// A team lead's reading and reviewing.
class ReviewStore {
 public:
  virtual ~ReviewStore() = default;
  virtual std::optional<RecordOwner> record_owner(const std::string& record_id) = 0;
  virtual std::vector<ReviewRow> team_records(const ReviewQuery& query) = 0;
  virtual core::Result<core::protocol::Review> add_review(const RecordOwner& record, const std::string& reviewer_id,
                                                          const std::string& state, const std::string& comment,
                                                          const AuditEvent& audit) = 0;
  // One transaction; one audit entry per reviewed record ("review") and per record of another team
  // ("review_refused"), subject the record id; outcomes in the order of the request.
  virtual core::Result<std::vector<BulkReviewOutcome>> add_reviews(const BulkReviewRequest& request) = 0;
  // The team's records that are not deleted, occurred_at in [from, to).
  virtual std::vector<ActivityRow> team_activity_rows(const std::string& team_id, core::Millis from_ms,
                                                      core::Millis to_ms) = 0;
};

// Rollups and criteria targets. Rollups change only inside apply_push_batch and rebuild_rollups.
class AnalyticsStore {
 public:
  virtual ~AnalyticsStore() = default;
  virtual std::vector<analytics::RollupRow> rollup_rows(const RollupQuery& query) = 0;
  virtual std::map<std::string, double, std::less<>> criteria_targets(const std::string& district_id,
                                                                       const std::string& pack_id) = 0;
  virtual core::Status set_criteria_target(const CriteriaTargetChange& change, const AuditEvent& audit) = 0;
  // Recounts every rollup row of days (and months) from `from` (YYYY-MM-DD, Stockholm) on, from the
  // stored records, in one transaction. Returns the number of records counted.
  virtual core::Result<std::int64_t> rebuild_rollups(const std::string& from_date, const AuditEvent& audit) = 0;
};

// Retention (gallring).
class RetentionStore {
 public:
  virtual ~RetentionStore() = default;
  // Deletes the records (and their versions and reviews) but leaves their facts in the rollups.
  virtual core::Result<RetentionOutcome> purge_records(const RetentionRequest& request, const AuditEvent& audit) = 0;
  // The oldest occurred_at still stored; rebuilds must not reach before the retention horizon.
  virtual std::optional<std::string> retention_horizon() = 0;
};

// The hash-chained audit log, and row counts that tests use to prove bad input changed nothing.
class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual core::Status append_audit(const AuditEvent& event) = 0;
  virtual std::vector<AuditEntry> audit_entries() = 0;
  virtual AuditVerification verify_audit() = 0;
  virtual std::map<std::string, std::int64_t> row_counts() = 0;
};

// Everything a server node needs; what SqliteStore (and PostgresStore) implement.
class Store : public AccountStore,
              public SyncStore,
              public ReviewStore,
              public AnalyticsStore,
              public RetentionStore,
              public AuditStore {};

}  // namespace faltlogg::server
