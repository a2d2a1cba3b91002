#include "store/sqlite_store.hpp"

#include "audit/audit_chain.hpp"
#include "faltlogg/core/uuid.hpp"
#include "store/case_key_secret.hpp"
#include "store/migrations.hpp"
#include "store/rollup_store.hpp"
#include "store/team_areas.hpp"

#include <boost/json.hpp>

#include <set>

namespace faltlogg::server {

namespace {

std::string now_text() { return core::format_rfc3339(core::now_millis()); }

core::Problem conflict(std::string detail) {
  return core::make_problem("conflict", 409, "Conflict", std::move(detail));
}

core::Problem not_found(std::string detail) {
  return core::make_problem("not_found", 404, "Not found", std::move(detail));
}

}  // namespace

SqliteStore::ReaderLease::ReaderLease(SqliteStore& store) : store_(store) {
  std::unique_lock lock(store_.readers_mutex_);
  store_.readers_available_.wait(lock, [this] { return !store_.readers_.empty(); });
  connection_ = std::move(store_.readers_.back());
  store_.readers_.pop_back();
}

SqliteStore::ReaderLease::~ReaderLease() {
  {
    std::lock_guard lock(store_.readers_mutex_);
    store_.readers_.push_back(std::move(connection_));
  }
  store_.readers_available_.notify_one();
}

std::filesystem::path SqliteStore::database_file(const std::filesystem::path& data_dir) {
  return data_dir / "faltlogg.db";
}

SqliteStore::SqliteStore(const std::filesystem::path& data_dir, std::size_t reader_count)
    : file_(database_file(data_dir)) {
  std::filesystem::create_directories(data_dir);
  case_key_secret_ = load_or_create_case_key_secret(data_dir);
  writer_ = std::make_unique<sqlite::Connection>(file_, sqlite::Connection::Mode::read_write_create);
  writer_->exec("PRAGMA journal_mode = WAL");
  // FULL: a push is acknowledged only after its commit reached the disk, as PROTOCOL.md promises.
  writer_->exec("PRAGMA synchronous = FULL");
  // Each push of a group commit runs in a SAVEPOINT (decision 0080), whose sub-journal keeps the original
  // of every page the batch changes. On disk (the default past 64 KiB) that doubled the bytes written per
  // record; in memory it is a few MB at most for a 500-record batch, freed at the next savepoint.
  writer_->exec("PRAGMA temp_store = MEMORY");
  apply_migrations(*writer_);
  for (std::size_t i = 0; i < std::max<std::size_t>(reader_count, 1); ++i) {
    auto reader = std::make_unique<sqlite::Connection>(file_, sqlite::Connection::Mode::read_write_create);
    reader->exec("PRAGMA query_only = ON");
    readers_.push_back(std::move(reader));
  }
  rebuild_rollups_if_pending();
  checkpointer_ = std::make_unique<WalCheckpointer>(file_, *writer_);
}

void SqliteStore::rebuild_rollups_if_pending() {
  {
    auto pending = writer_->prepare("SELECT 1 FROM rollup_rebuild_pending");
    if (!pending.step()) return;
  }
  // From the retention horizon: purged records cannot be recounted (their rollups stay as they are).
  auto rebuilt = rebuild_rollups(retention_horizon().value_or("1970-01-01"), {"server", "rollups_rebuild", "rollup_cell", ""});
  if (!rebuilt) throw std::runtime_error("cannot count the records stored before analytics: " + rebuilt.problem().detail);
  writer_->exec("DELETE FROM rollup_rebuild_pending");
}

SqliteStore::~SqliteStore() {
  checkpointer_.reset();  // its thread and WAL hook go before the writer connection closes
}

std::int64_t SqliteStore::next_seq(sqlite::Connection& c) {
  auto update = c.prepare("UPDATE sequence SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq");
  if (!update.step()) throw sqlite::SqliteError(0, "sequence row missing");
  return update.integer(0);
}

std::int64_t SqliteStore::last_seq(sqlite::Connection& c) {
  auto select = c.prepare("SELECT last_seq FROM sequence WHERE id = 1");
  return select.step() ? select.integer(0) : 0;
}

void SqliteStore::append_audit_in_tx(sqlite::Connection& c, const AuditEvent& event) {
  auto head = c.prepare("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
  if (!head.step()) throw sqlite::SqliteError(0, "audit head missing");
  const std::int64_t seq = head.integer(0) + 1;
  const std::string prev = head.text(1);
  const std::string at = now_text();
  const std::string hash = audit::entry_hash(prev, seq, at, event);
  c.prepare("INSERT INTO audit_log (seq, at, actor_id, action, subject, detail, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, seq).bind(2, at).bind(3, event.actor_id).bind(4, event.action)
      .bind(5, event.subject).bind(6, event.detail).bind(7, prev).bind(8, hash)
      .run();
  c.prepare("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1").bind(1, seq).bind(2, hash).run();
}

core::Status SqliteStore::append_audit(const AuditEvent& event) {
  return audited_write(event, [](sqlite::Connection&, AuditEvent&) -> core::Status { return core::Ok{}; });
}

core::Result<District> SqliteStore::add_district(const std::string& name, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Result<District> {
    auto exists = c.prepare("SELECT 1 FROM districts WHERE name = ?");
    exists.bind(1, name);
    if (exists.step()) return conflict("a district with this name exists already");
    District district{core::make_uuid_v4(), name};
    c.prepare("INSERT INTO districts (id, name, created_at) VALUES (?, ?, ?)")
        .bind(1, district.id).bind(2, name).bind(3, now_text()).run();
    event.subject = district.id;
    return district;
  });
}

core::Result<Team> SqliteStore::add_team(const std::string& name, const std::string& district_name,
                                         const std::vector<std::string>& areas, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Result<Team> {
    auto district = c.prepare("SELECT id FROM districts WHERE name = ?");
    district.bind(1, district_name);
    if (!district.step()) return not_found("no district with this name");
    auto exists = c.prepare("SELECT 1 FROM teams WHERE name = ?");
    exists.bind(1, name);
    if (exists.step()) return conflict("a team with this name exists already");
    Team team{core::make_uuid_v4(), district.text(0), name, areas, {}};
    c.prepare("INSERT INTO teams (id, district_id, name, areas_json, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(1, team.id).bind(2, team.district_id).bind(3, name).bind(4, area_ids_to_json(areas)).bind(5, now_text())
        .run();
    event.subject = team.id;
    return team;
  });
}

core::Result<User> SqliteStore::add_user(const std::string& username, const std::string& display_name, RoleSet roles,
                                         const std::string& team_name, const std::string& password_hash,
                                         const AuditEvent& audit) {
  if (auto allowed = check_role_combination(roles); !allowed) return allowed.problem();
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Result<User> {
    auto team = c.prepare("SELECT id, district_id FROM teams WHERE name = ?");
    team.bind(1, team_name);
    if (!team.step()) return not_found("no team with this name");
    auto exists = c.prepare("SELECT 1 FROM users WHERE username = ?");
    exists.bind(1, username);
    if (exists.step()) return conflict("a user with this username exists already");
    User user{core::make_uuid_v4(), username, display_name, roles, team.text(0), team.text(1), password_hash};
    c.prepare("INSERT INTO users (id, username, display_name, role, team_id, password_hash, created_at)"
              " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, user.id).bind(2, username).bind(3, display_name).bind(4, to_string(roles.list().front()))
        .bind(5, user.team_id).bind(6, password_hash).bind(7, now_text())
        .run();
    auto insert_role = c.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
    for (Role role : roles.list()) {
      insert_role.reset();
      insert_role.bind(1, user.id).bind(2, to_string(role)).run();
    }
    event.subject = user.id;
    if (event.detail.empty()) event.detail = "roles=" + to_string(roles);
    return user;
  });
}

namespace {
constexpr const char* kUserSelect =
    "SELECT u.id, u.username, u.display_name,"
    " (SELECT group_concat(r.role, ',') FROM user_roles r WHERE r.user_id = u.id),"
    " u.team_id, t.district_id, u.password_hash, u.disabled_at"
    " FROM users u JOIN teams t ON t.id = u.team_id";
}  // namespace

User SqliteStore::user_from_row(const sqlite::Statement& row) {
  User user;
  user.id = row.text(0);
  user.username = row.text(1);
  user.display_name = row.text(2);
  // Every name in user_roles passed its CHECK; an empty set (no row) grants nothing.
  user.roles = {};
  if (!row.is_null(3)) {
    if (auto roles = role_set_from_string(row.text(3))) user.roles = *roles;
  }
  user.team_id = row.text(4);
  user.district_id = row.text(5);
  user.password_hash = row.text(6);
  user.disabled = !row.is_null(7);
  return user;
}

std::optional<User> SqliteStore::load_user(sqlite::Connection& c, std::string_view where_column,
                                           const std::string& value) {
  std::string sql = std::string(kUserSelect) + " WHERE u.";
  sql += where_column;
  sql += " = ?";
  auto select = c.prepare(sql);
  select.bind(1, value);
  if (!select.step()) return std::nullopt;
  return user_from_row(select);
}

std::vector<User> SqliteStore::list_users() {
  ReaderLease reader(*this);
  auto select = reader->prepare(std::string(kUserSelect) + " ORDER BY u.username");
  std::vector<User> users;
  while (select.step()) users.push_back(user_from_row(select));
  return users;
}

core::Status SqliteStore::disable_user(const std::string& username, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Status {
    auto user = load_user(c, "username", username);
    if (!user) return not_found("no user with this username");
    const std::string now = now_text();
    c.prepare("UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL").bind(1, now).bind(2, user->id).run();
    c.prepare("UPDATE devices SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
        .bind(1, now).bind(2, user->id).run();
    event.subject = user->id;
    return core::Ok{};
  });
}

core::Status SqliteStore::set_password_hash(const std::string& username, const std::string& password_hash,
                                            const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Status {
    auto user = load_user(c, "username", username);
    if (!user) return not_found("no user with this username");
    c.prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, password_hash).bind(2, user->id).run();
    event.subject = user->id;
    return core::Ok{};
  });
}

std::optional<User> SqliteStore::find_user_by_username(const std::string& username) {
  ReaderLease reader(*this);
  return load_user(*reader, "username", username);
}

std::optional<User> SqliteStore::find_user(const std::string& user_id) {
  ReaderLease reader(*this);
  return load_user(*reader, "id", user_id);
}

std::optional<District> SqliteStore::find_district(const std::string& district_id) {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT id, name FROM districts WHERE id = ?");
  select.bind(1, district_id);
  if (!select.step()) return std::nullopt;
  return District{select.text(0), select.text(1)};
}

core::Result<Device> SqliteStore::create_session(const std::string& user_id, const std::string& device_name,
                                                 const std::string& token_hash, core::Millis expires_at_ms,
                                                 const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Result<Device> {
    if (!load_user(c, "id", user_id)) return not_found("no user with this id");
    Device device{core::make_uuid_v4(), user_id, device_name, now_text(), std::nullopt};
    c.prepare("INSERT INTO devices (id, user_id, name, created_at) VALUES (?, ?, ?, ?)")
        .bind(1, device.id).bind(2, user_id).bind(3, device_name).bind(4, device.created_at).run();
    c.prepare("INSERT INTO tokens (token_hash, user_id, device_id, created_at, expires_at_ms)"
              " VALUES (?, ?, ?, ?, ?)")
        .bind(1, token_hash).bind(2, user_id).bind(3, device.id).bind(4, device.created_at).bind(5, expires_at_ms)
        .run();
    event.subject = device.id;
    return device;
  });
}

std::optional<Device> SqliteStore::load_device(sqlite::Connection& c, const std::string& device_id) {
  auto select = c.prepare("SELECT id, user_id, name, created_at, revoked_at FROM devices WHERE id = ?");
  select.bind(1, device_id);
  if (!select.step()) return std::nullopt;
  return Device{select.text(0), select.text(1), select.text(2), select.text(3), select.optional_text(4)};
}

TokenLookup SqliteStore::lookup_token(const std::string& token_hash, core::Millis now_ms) {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT user_id, device_id, expires_at_ms, revoked_at FROM tokens WHERE token_hash = ?");
  select.bind(1, token_hash);
  TokenLookup lookup;
  if (!select.step()) return lookup;
  const std::string user_id = select.text(0);
  const std::string device_id = select.text(1);
  auto user = load_user(*reader, "id", user_id);
  auto device = load_device(*reader, device_id);
  if (!user || !device) return lookup;
  lookup.user = *user;
  lookup.device = *device;
  // Device revocation wins over every other state: the client must learn to wipe itself.
  if (device->revoked_at) {
    lookup.state = TokenState::device_revoked;
  } else if (!select.is_null(3)) {
    lookup.state = TokenState::revoked;
  } else if (select.integer(2) <= now_ms) {
    lookup.state = TokenState::expired;
  } else {
    lookup.state = TokenState::valid;
  }
  return lookup;
}

core::Status SqliteStore::revoke_token(const std::string& token_hash, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent&) -> core::Status {
    c.prepare("UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
        .bind(1, now_text()).bind(2, token_hash).run();
    return core::Ok{};
  });
}

std::vector<Device> SqliteStore::list_devices() {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT id, user_id, name, created_at, revoked_at FROM devices ORDER BY created_at, id");
  std::vector<Device> devices;
  while (select.step()) {
    devices.push_back({select.text(0), select.text(1), select.text(2), select.text(3), select.optional_text(4)});
  }
  return devices;
}

std::optional<Device> SqliteStore::find_device(const std::string& device_id) {
  ReaderLease reader(*this);
  return load_device(*reader, device_id);
}

core::Status SqliteStore::revoke_device(const std::string& device_id, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent&) -> core::Status {
    if (!load_device(c, device_id)) return not_found("no device with this id");
    c.prepare("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(1, now_text()).bind(2, device_id).run();
    return core::Ok{};
  });
}

std::vector<AuditEntry> SqliteStore::audit_entries() {
  ReaderLease reader(*this);
  auto select = reader->prepare(
      "SELECT seq, at, actor_id, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq");
  std::vector<AuditEntry> entries;
  while (select.step()) {
    AuditEntry entry;
    entry.seq = select.integer(0);
    entry.at = select.text(1);
    entry.event = {select.text(2), select.text(3), select.text(4), select.text(5)};
    entry.prev_hash = select.text(6);
    entry.hash = select.text(7);
    entries.push_back(std::move(entry));
  }
  return entries;
}

AuditVerification SqliteStore::verify_audit() {
  std::vector<AuditEntry> entries = audit_entries();
  ReaderLease reader(*this);
  auto head = reader->prepare("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
  if (!head.step()) return {false, 0, 0, "the audit head is missing", ""};
  return audit::verify_chain(entries, head.integer(0), head.text(1));
}

std::map<std::string, std::int64_t> SqliteStore::row_counts() {
  ReaderLease reader(*this);
  std::map<std::string, std::int64_t> counts;
  for (const char* table : {"districts", "teams", "users", "devices", "tokens", "records", "record_versions",
                            "push_batches", "reviews", "audit_log", "rollup_cell", "criteria_target",
                            "purged_records", "user_roles", "enrolment_codes"}) {
    auto select = reader->prepare(std::string("SELECT count(*) FROM ") + table);
    select.step();
    counts[table] = select.integer(0);
  }
  return counts;
}

}  // namespace faltlogg::server
