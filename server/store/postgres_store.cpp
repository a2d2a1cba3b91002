// PostgresStore: the pool, migrations, secrets, the audit chain, accounts, sessions and enrolment.
#include "store/postgres_store.hpp"

#include "audit/audit_chain.hpp"
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/uuid.hpp"
#include "store/case_key_secret.hpp"
#include "store/migrations.hpp"
#include "store/team_areas.hpp"

#include <algorithm>

namespace faltlogg::server {

using pg::param;

namespace {

// Any constant shared by every node: the advisory lock that serializes migrations at start-up.
constexpr std::int64_t kMigrationLock = 0x66616c746c6f67;  // "faltlog"

core::Problem conflict(std::string detail) { return core::make_problem("conflict", 409, "Conflict", std::move(detail)); }
core::Problem not_found(std::string detail) { return core::make_problem("not_found", 404, "Not found", std::move(detail)); }

constexpr const char* kUserSelect =
    "SELECT u.id, u.username, u.display_name,"
    " (SELECT string_agg(r.role, ',' ORDER BY r.role) FROM user_roles r WHERE r.user_id = u.id),"
    " u.team_id, t.district_id, u.password_hash, u.disabled_at"
    " FROM users u JOIN teams t ON t.id = u.team_id";

User user_from_row(const pg::Rows& rows, int row) {
  User user;
  user.id = rows.text(row, 0);
  user.username = rows.text(row, 1);
  user.display_name = rows.text(row, 2);
  user.roles = {};
  if (!rows.is_null(row, 3)) {
    if (auto roles = role_set_from_string(rows.text(row, 3))) user.roles = *roles;
  }
  user.team_id = rows.text(row, 4);
  user.district_id = rows.text(row, 5);
  user.password_hash = rows.text(row, 6);
  user.disabled = !rows.is_null(row, 7);
  return user;
}

Device device_from_row(const pg::Rows& rows, int row) {
  return Device{rows.text(row, 0), rows.text(row, 1), rows.text(row, 2), rows.text(row, 3),
                rows.optional_text(row, 4)};
}

void insert_roles(pg::Connection& c, const std::string& user_id, const RoleSet& roles) {
  for (Role role : roles.list()) {
    c.query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)", {param(user_id), param(to_string(role))});
  }
}

}  // namespace

PostgresStore::Lease::Lease(PostgresStore& store) : store_(store) {
  {
    std::unique_lock lock(store_.pool_mutex_);
    store_.pool_available_.wait(lock, [this] { return !store_.pool_.empty(); });
    connection_ = std::move(store_.pool_.back());
    store_.pool_.pop_back();
  }
  if (!connection_ || !connection_->healthy()) {
    // The database restarted or the network blipped: reconnect once; a failure throws (503/500).
    try {
      connection_ = std::make_unique<pg::Connection>(store_.conninfo_);
    } catch (...) {
      connection_.reset();
      std::lock_guard lock(store_.pool_mutex_);
      store_.pool_.push_back(nullptr);
      store_.pool_available_.notify_one();
      throw;
    }
  }
}

PostgresStore::Lease::~Lease() {
  {
    std::lock_guard lock(store_.pool_mutex_);
    store_.pool_.push_back(std::move(connection_));
  }
  store_.pool_available_.notify_one();
}

PostgresStore::PostgresStore(std::string conninfo, std::size_t connections) : conninfo_(std::move(conninfo)) {
  for (std::size_t i = 0; i < std::max<std::size_t>(connections, 1); ++i) {
    pool_.push_back(std::make_unique<pg::Connection>(conninfo_));
  }
  apply_migrations();
  load_case_key_secret();
  rebuild_rollups_if_pending();
}

PostgresStore::~PostgresStore() = default;

void PostgresStore::apply_migrations() {
  Lease c(*this);
  c->query("SELECT pg_advisory_lock($1)", {param(kMigrationLock)});
  try {
    c->exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    for (const Migration& migration : embedded_postgres_migrations()) {
      const int version = migration_version(migration.name);
      pg::Transaction tx(*c);
      if (!c->query("SELECT 1 FROM schema_migrations WHERE version = $1", {param(version)}).empty()) continue;
      c->exec(migration.sql);
      c->query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
               {param(version), param(migration.name), param(core::format_rfc3339(core::now_millis()))});
      tx.commit();
    }
  } catch (...) {
    c->query("SELECT pg_advisory_unlock($1)", {param(kMigrationLock)});
    throw;
  }
  c->query("SELECT pg_advisory_unlock($1)", {param(kMigrationLock)});
}

void PostgresStore::load_case_key_secret() {
  Lease c(*this);
  const core::Bytes fresh = core::random_bytes(kCaseKeySecretBytes);
  // The first node to start creates it; every later one (and every restart) reads the same bytes.
  c->query("INSERT INTO server_secret (name, value) VALUES ('case_key', $1::bytea) ON CONFLICT (name) DO NOTHING",
           {pg::bytea_param(std::string_view(reinterpret_cast<const char*>(fresh.data()), fresh.size()))});
  auto rows = c->query("SELECT value FROM server_secret WHERE name = 'case_key'");
  case_key_secret_ = rows.bytea(0, 0);
  if (case_key_secret_.size() < kCaseKeySecretBytes) throw pg::PgError("", "the case key secret is too short");
}

void PostgresStore::set_case_key_secret_for_migration(const std::string& secret) {
  Lease c(*this);
  c->query("UPDATE server_secret SET value = $1::bytea WHERE name = 'case_key'", {pg::bytea_param(secret)});
  case_key_secret_ = secret;
}

void PostgresStore::lock_writes(pg::Connection& c) {
  c.prepared("lock_writes", "SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE", {});
}

std::int64_t PostgresStore::next_seq(pg::Connection& c) {
  auto rows = c.prepared("next_seq", "UPDATE sequence SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq", {});
  return rows.integer(0, 0);
}

void PostgresStore::append_audit_in_tx(pg::Connection& c, const AuditEvent& event) {
  auto head = c.prepared("audit_head", "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE", {});
  if (head.empty()) throw pg::PgError("", "audit head missing");
  const std::int64_t seq = head.integer(0, 0) + 1;
  const std::string prev = head.text(0, 1);
  const std::string at = core::format_rfc3339(core::now_millis());
  const std::string hash = audit::entry_hash(prev, seq, at, event);
  c.prepared("audit_insert",
             "INSERT INTO audit_log (seq, at, actor_id, action, subject, detail, prev_hash, hash)"
             " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {param(seq), param(at), param(event.actor_id), param(event.action), param(event.subject),
              param(event.detail), param(prev), param(hash)});
  c.prepared("audit_head_update", "UPDATE audit_head SET last_seq = $1, last_hash = $2 WHERE id = 1",
             {param(seq), param(hash)});
}

core::Status PostgresStore::append_audit(const AuditEvent& event) {
  return audited_write(event, [](pg::Connection&, AuditEvent&) -> core::Status { return core::Ok{}; });
}

std::vector<AuditEntry> PostgresStore::audit_entries() {
  Lease c(*this);
  auto rows = c->query("SELECT seq, at, actor_id, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq");
  std::vector<AuditEntry> entries;
  entries.reserve(static_cast<std::size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    entries.push_back({rows.integer(i, 0), rows.text(i, 1),
                       {rows.text(i, 2), rows.text(i, 3), rows.text(i, 4), rows.text(i, 5)}, rows.text(i, 6),
                       rows.text(i, 7)});
  }
  return entries;
}

AuditVerification PostgresStore::verify_audit() {
  std::vector<AuditEntry> entries;
  std::int64_t head_seq = 0;
  std::string head_hash;
  {
    // One snapshot for the entries and the head, so a write in between cannot look like tampering.
    Lease c(*this);
    pg::Transaction tx(*c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    auto head = c->query("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
    if (head.empty()) return {false, 0, 0, "the audit head is missing", ""};
    head_seq = head.integer(0, 0);
    head_hash = head.text(0, 1);
    auto rows = c->query("SELECT seq, at, actor_id, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq");
    for (int i = 0; i < rows.size(); ++i) {
      entries.push_back({rows.integer(i, 0), rows.text(i, 1),
                         {rows.text(i, 2), rows.text(i, 3), rows.text(i, 4), rows.text(i, 5)}, rows.text(i, 6),
                         rows.text(i, 7)});
    }
    tx.commit();
  }
  return audit::verify_chain(entries, head_seq, head_hash);
}

core::Result<District> PostgresStore::add_district(const std::string& name, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Result<District> {
    if (!c.query("SELECT 1 FROM districts WHERE name = $1", {param(name)}).empty()) {
      return conflict("a district with this name exists already");
    }
    District district{core::make_uuid_v4(), name};
    c.query("INSERT INTO districts (id, name, created_at) VALUES ($1, $2, $3)",
            {param(district.id), param(name), param(core::format_rfc3339(core::now_millis()))});
    event.subject = district.id;
    return district;
  });
}

core::Result<Team> PostgresStore::add_team(const std::string& name, const std::string& district_name,
                                           const std::vector<std::string>& areas, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Result<Team> {
    auto district = c.query("SELECT id FROM districts WHERE name = $1", {param(district_name)});
    if (district.empty()) return not_found("no district with this name");
    if (!c.query("SELECT 1 FROM teams WHERE name = $1", {param(name)}).empty()) {
      return conflict("a team with this name exists already");
    }
    Team team{core::make_uuid_v4(), district.text(0, 0), name, areas, {}};
    c.query("INSERT INTO teams (id, district_id, name, areas_json, created_at) VALUES ($1, $2, $3, $4, $5)",
            {param(team.id), param(team.district_id), param(name), param(area_ids_to_json(areas)),
             param(core::format_rfc3339(core::now_millis()))});
    event.subject = team.id;
    return team;
  });
}

core::Result<User> PostgresStore::add_user(const std::string& username, const std::string& display_name,
                                           RoleSet roles, const std::string& team_name,
                                           const std::string& password_hash, const AuditEvent& audit) {
  if (auto allowed = check_role_combination(roles); !allowed) return allowed.problem();
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Result<User> {
    auto team = c.query("SELECT id, district_id FROM teams WHERE name = $1", {param(team_name)});
    if (team.empty()) return not_found("no team with this name");
    if (!c.query("SELECT 1 FROM users WHERE username = $1", {param(username)}).empty()) {
      return conflict("a user with this username exists already");
    }
    User user{core::make_uuid_v4(), username, display_name, roles, team.text(0, 0), team.text(0, 1), password_hash};
    c.query("INSERT INTO users (id, username, display_name, role, team_id, password_hash, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7)",
            {param(user.id), param(username), param(display_name), param(to_string(roles.list().front())),
             param(user.team_id), param(password_hash), param(core::format_rfc3339(core::now_millis()))});
    insert_roles(c, user.id, roles);
    event.subject = user.id;
    if (event.detail.empty()) event.detail = "roles=" + to_string(roles);
    return user;
  });
}

core::Status PostgresStore::set_team_areas(const std::string& team_name, const std::vector<Area>& areas,
                                           const AuditEvent& audit) {
  if (auto valid = check_areas(areas); !valid) return valid;
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Status {
    auto team = c.query("SELECT id FROM teams WHERE name = $1", {param(team_name)});
    if (team.empty()) return not_found("no team with this name");
    c.query("UPDATE teams SET areas_json = $1 WHERE id = $2", {param(areas_to_json(areas)), param(team.text(0, 0))});
    event.subject = team.text(0, 0);
    event.detail = "areas=" + std::to_string(areas.size());
    return core::Ok{};
  });
}

std::optional<User> PostgresStore::load_user(pg::Connection& c, std::string_view where_column,
                                             const std::string& value) {
  auto rows = c.query(std::string(kUserSelect) + " WHERE u." + std::string(where_column) + " = $1", {param(value)});
  if (rows.empty()) return std::nullopt;
  return user_from_row(rows, 0);
}

std::optional<User> PostgresStore::find_user_by_username(const std::string& username) {
  Lease c(*this);
  return load_user(*c, "username", username);
}

std::optional<User> PostgresStore::find_user(const std::string& user_id) {
  Lease c(*this);
  return load_user(*c, "id", user_id);
}

std::vector<User> PostgresStore::list_users() {
  Lease c(*this);
  auto rows = c->query(std::string(kUserSelect) + " ORDER BY u.username");
  std::vector<User> users;
  for (int i = 0; i < rows.size(); ++i) users.push_back(user_from_row(rows, i));
  return users;
}

std::vector<User> PostgresStore::team_members(const std::string& team_id) {
  Lease c(*this);
  auto rows = c->query(std::string(kUserSelect) + " WHERE u.team_id = $1 ORDER BY u.display_name, u.username",
                       {param(team_id)});
  std::vector<User> users;
  for (int i = 0; i < rows.size(); ++i) users.push_back(user_from_row(rows, i));
  return users;
}

core::Status PostgresStore::disable_user(const std::string& username, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Status {
    auto user = load_user(c, "username", username);
    if (!user) return not_found("no user with this username");
    const std::string now = core::format_rfc3339(core::now_millis());
    c.query("UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL", {param(now), param(user->id)});
    c.query("UPDATE devices SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            {param(now), param(user->id)});
    event.subject = user->id;
    return core::Ok{};
  });
}

core::Status PostgresStore::set_password_hash(const std::string& username, const std::string& password_hash,
                                              const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Status {
    auto user = load_user(c, "username", username);
    if (!user) return not_found("no user with this username");
    c.query("UPDATE users SET password_hash = $1 WHERE id = $2", {param(password_hash), param(user->id)});
    event.subject = user->id;
    return core::Ok{};
  });
}

std::optional<Team> PostgresStore::find_team(const std::string& team_id) {
  Lease c(*this);
  auto rows = c->query("SELECT id, district_id, name, areas_json FROM teams WHERE id = $1", {param(team_id)});
  if (rows.empty()) return std::nullopt;
  Team team{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2), {}, {}};
  parse_team_areas(rows.text(0, 3), team);
  return team;
}

std::optional<District> PostgresStore::find_district(const std::string& district_id) {
  Lease c(*this);
  auto rows = c->query("SELECT id, name FROM districts WHERE id = $1", {param(district_id)});
  if (rows.empty()) return std::nullopt;
  return District{rows.text(0, 0), rows.text(0, 1)};
}

std::vector<District> PostgresStore::list_districts() {
  Lease c(*this);
  auto rows = c->query("SELECT id, name FROM districts ORDER BY name");
  std::vector<District> out;
  for (int i = 0; i < rows.size(); ++i) out.push_back({rows.text(i, 0), rows.text(i, 1)});
  return out;
}

std::vector<Team> PostgresStore::list_teams() {
  Lease c(*this);
  auto rows = c->query("SELECT id, district_id, name, areas_json FROM teams ORDER BY name");
  std::vector<Team> out;
  for (int i = 0; i < rows.size(); ++i) {
    Team team{rows.text(i, 0), rows.text(i, 1), rows.text(i, 2), {}, {}};
    parse_team_areas(rows.text(i, 3), team);
    out.push_back(std::move(team));
  }
  return out;
}

core::Status PostgresStore::update_user(const UserChange& change, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Status {
    auto user = load_user(c, "id", change.user_id);
    if (!user) return not_found("no user with this id");
    if (change.team_id) {
      if (c.query("SELECT 1 FROM teams WHERE id = $1", {param(*change.team_id)}).empty()) {
        return not_found("no team with this id");
      }
      c.query("UPDATE users SET team_id = $1 WHERE id = $2", {param(*change.team_id), param(user->id)});
    }
    if (change.roles) {
      if (auto ok = check_role_combination(*change.roles); !ok) return ok.problem();
      c.query("UPDATE users SET role = $1 WHERE id = $2",
              {param(to_string(change.roles->list().front())), param(user->id)});
      c.query("DELETE FROM user_roles WHERE user_id = $1", {param(user->id)});
      insert_roles(c, user->id, *change.roles);
    }
    event.subject = user->id;
    return core::Ok{};
  });
}

core::Result<Device> PostgresStore::create_session(const std::string& user_id, const std::string& device_name,
                                                   const std::string& token_hash, core::Millis expires_at_ms,
                                                   const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Result<Device> {
    if (!load_user(c, "id", user_id)) return not_found("no user with this id");
    Device device{core::make_uuid_v4(), user_id, device_name, core::format_rfc3339(core::now_millis()), std::nullopt};
    c.query("INSERT INTO devices (id, user_id, name, created_at) VALUES ($1, $2, $3, $4)",
            {param(device.id), param(user_id), param(device_name), param(device.created_at)});
    c.query("INSERT INTO tokens (token_hash, user_id, device_id, created_at, expires_at_ms)"
            " VALUES ($1, $2, $3, $4, $5)",
            {param(token_hash), param(user_id), param(device.id), param(device.created_at), param(expires_at_ms)});
    event.subject = device.id;
    return device;
  });
}

std::optional<Device> PostgresStore::load_device(pg::Connection& c, const std::string& device_id) {
  auto rows = c.query("SELECT id, user_id, name, created_at, revoked_at FROM devices WHERE id = $1", {param(device_id)});
  if (rows.empty()) return std::nullopt;
  return device_from_row(rows, 0);
}

TokenLookup PostgresStore::lookup_token(const std::string& token_hash, core::Millis now_ms) {
  Lease c(*this);
  auto token = c->prepared("lookup_token",
                           "SELECT user_id, device_id, expires_at_ms, revoked_at FROM tokens WHERE token_hash = $1",
                           {param(token_hash)});
  TokenLookup lookup;
  if (token.empty()) return lookup;
  auto user = load_user(*c, "id", token.text(0, 0));
  auto device = load_device(*c, token.text(0, 1));
  if (!user || !device) return lookup;
  lookup.user = *user;
  lookup.device = *device;
  if (device->revoked_at) {
    lookup.state = TokenState::device_revoked;
  } else if (!token.is_null(0, 3)) {
    lookup.state = TokenState::revoked;
  } else if (token.integer(0, 2) <= now_ms) {
    lookup.state = TokenState::expired;
  } else {
    lookup.state = TokenState::valid;
  }
  return lookup;
}

core::Status PostgresStore::revoke_token(const std::string& token_hash, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent&) -> core::Status {
    c.query("UPDATE tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
            {param(core::format_rfc3339(core::now_millis())), param(token_hash)});
    return core::Ok{};
  });
}

std::vector<Device> PostgresStore::list_devices() {
  Lease c(*this);
  auto rows = c->query("SELECT id, user_id, name, created_at, revoked_at FROM devices ORDER BY created_at, id");
  std::vector<Device> devices;
  for (int i = 0; i < rows.size(); ++i) devices.push_back(device_from_row(rows, i));
  return devices;
}

std::optional<Device> PostgresStore::find_device(const std::string& device_id) {
  Lease c(*this);
  return load_device(*c, device_id);
}

core::Status PostgresStore::revoke_device(const std::string& device_id, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent&) -> core::Status {
    if (!load_device(c, device_id)) return not_found("no device with this id");
    c.query("UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            {param(core::format_rfc3339(core::now_millis())), param(device_id)});
    return core::Ok{};
  });
}

core::Status PostgresStore::create_enrolment(const EnrolmentCode& code, const AuditEvent& audit) {
  return audited_write(audit, [&](pg::Connection& c, AuditEvent& event) -> core::Status {
    if (!load_user(c, "id", code.user_id)) return not_found("no user with this id");
    const core::Millis now = code.created_at_ms;
    c.query("UPDATE enrolment_codes SET expires_at_ms = $1 WHERE user_id = $2 AND used_at IS NULL"
            " AND expires_at_ms > $1",
            {param(now), param(code.user_id)});
    c.query("INSERT INTO enrolment_codes (code_hash, user_id, created_by, created_at, expires_at_ms)"
            " VALUES ($1, $2, $3, $4, $5)",
            {param(code.code_hash), param(code.user_id), param(code.created_by),
             param(core::format_rfc3339(core::now_millis())), param(code.expires_at_ms)});
    event.subject = code.user_id;
    return core::Ok{};
  });
}

core::Result<EnrolledSession> PostgresStore::redeem_enrolment(const EnrolmentRedemption& redemption) {
  // The audit event is the redeemer's, known only inside: the body fills it in.
  return audited_write(AuditEvent{}, [&](pg::Connection& c, AuditEvent& event) -> core::Result<EnrolledSession> {
    auto code = c.query("SELECT user_id, expires_at_ms, used_at FROM enrolment_codes WHERE code_hash = $1",
                        {param(redemption.code_hash)});
    if (code.empty()) {
      return core::make_problem("unauthorized", 401, "Unauthorized", "This enrolment code is not valid.");
    }
    const std::string user_id = code.text(0, 0);
    if (!code.is_null(0, 2)) {
      return core::make_problem("enrolment_used", 410, "Enrolment code used",
                                "This enrolment code was used already. Ask for a new code.");
    }
    if (code.integer(0, 1) <= redemption.now_ms) {
      return core::make_problem("enrolment_expired", 410, "Enrolment code expired",
                                "This enrolment code has expired (codes are valid 15 minutes). Ask for a new code.");
    }
    auto user = load_user(c, "id", user_id);
    if (!user || user->disabled) {
      return core::make_problem("unauthorized", 401, "Unauthorized", "This enrolment code is not valid.");
    }
    Device device{core::make_uuid_v4(), user_id, redemption.device_name, core::format_rfc3339(core::now_millis()),
                  std::nullopt};
    c.query("INSERT INTO devices (id, user_id, name, created_at) VALUES ($1, $2, $3, $4)",
            {param(device.id), param(user_id), param(device.name), param(device.created_at)});
    c.query("INSERT INTO tokens (token_hash, user_id, device_id, created_at, expires_at_ms)"
            " VALUES ($1, $2, $3, $4, $5)",
            {param(redemption.token_hash), param(user_id), param(device.id), param(device.created_at),
             param(redemption.token_expires_at_ms)});
    auto spent = c.query("UPDATE enrolment_codes SET used_at = $1, device_id = $2 WHERE code_hash = $3"
                         " AND used_at IS NULL",
                         {param(device.created_at), param(device.id), param(redemption.code_hash)});
    if (spent.affected() != 1) throw pg::PgError("", "enrolment code changed inside its transaction");
    event = {user_id, "enrol", device.id, ""};
    return EnrolledSession{std::move(*user), std::move(device)};
  });
}

}  // namespace faltlogg::server
