#include "admin/admin_cli.hpp"

#include "admin/admin_analytics.hpp"
#include "admin/admin_backup.hpp"
#include "admin/admin_enrol.hpp"
#include "audit/audit_chain.hpp"
#include "config/server_config.hpp"
#include "faltlogg/core/crypto.hpp"
#include "admin/admin_migrate.hpp"
#include "store/open_store.hpp"

#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

namespace faltlogg::server {

namespace {

constexpr const char* kActor = "admin-cli";
constexpr std::size_t kMinPasswordLength = 8;
constexpr std::size_t kMaxPasswordLength = 1024;

const char* kUsage =
    "usage: faltlogg-admin (--data-dir DIR | --store postgresql://…) [--kdf interactive|moderate|test_fast] COMMAND\n"
    "       (--store: the PostgreSQL database several server nodes share; --data-dir alone: SQLite there)\n"
    "commands:\n"
    "  migrate --from DATA_DIR --to postgresql://…   (copies a SQLite store into an empty PostgreSQL database\n"
    "       and verifies counts, rollups and the audit chain; stop the server first)\n"
    "  district add NAME\n"
    "  team add NAME --district NAME [--areas ID[=NAME],...]   e.g. --areas \"ekbacken=Ekbacken,torget=Torget\"\n"
    "  team set-areas NAME --areas ID[=NAME],...   (replaces the list; tablets get it at their next sync)\n"
    "  user add USERNAME --role ROLE[,ROLE] --team NAME --password-stdin [--display-name NAME]\n"
    "       (roles: field_worker, family_therapist, team_lead, evaluator, admin; several comma-separated,\n"
    "        e.g. team_lead,field_worker; evaluator and admin are held alone)\n"
    "  user list\n"
    "  enrol USERNAME [--server-url https://HOST:PORT] [--cert SERVER.pem] [--qr ansi|none]\n"
    "       (a one-use code for a tablet, valid 15 minutes, printed with its URI and a QR code)\n"
    "  user set-password USERNAME --password-stdin\n"
    "  user disable USERNAME      (blocks login and revokes all the user's devices)\n"
    "  device list\n"
    "  device revoke ID\n"
    "  audit verify [--expect-head SEQ:HASH]\n"
    "  demo-data [--profile plain|skewed] [--late-records N]\n"
    "       (skewed: also a tiny district, a night team, a small family team; --late-records N on\n"
    "        existing demo data: N contacts of the last closed months synced now)\n"
    "  criteria set-target --district ID --pack P --criterion C --target X\n"
    "  criteria set-setting --district ID --pack P --setting c8_age_band|c3_digital --value 13-17|on|off\n"
    "  rollups rebuild [--from YYYY-MM-DD]   (never before the retention horizon)\n"
    "  export aggregates --measure M --by DIM[,DIM] --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json]\n"
    "       [--district ID] [--form faltkontakt|familjebehandling] [--suppression-k 3-10]   (evaluator view)\n"
    "  backup DIR      (a consistent copy while the server runs; DIR must be new)\n"
    "  restore DIR     (the server must be stopped; tablets then pull again, losing nothing)\n"
    "  retention run [--months N] [--family-months N]\n"
    "       (deletes field contacts older than N months, default 24; rollups are kept)\n"
    "FALTLOGG_DATA_DIR and FALTLOGG_KDF are read from the environment when the options are absent.\n";

struct Invocation {
  std::string data_dir;
  std::string store;  // empty: SQLite in data_dir
  core::KdfStrength kdf = core::KdfStrength::interactive;
  std::vector<std::string> words;               // command words and positional arguments
  std::map<std::string, std::string> options;   // --name value
  bool password_stdin = false;
};

std::optional<std::string> parse_invocation(const std::vector<std::string>& args, Invocation& inv) {
  if (auto dir = process_env("FALTLOGG_DATA_DIR")) inv.data_dir = *dir;
  if (auto store = process_env("FALTLOGG_STORE")) inv.store = *store;
  if (auto kdf = process_env("FALTLOGG_KDF")) {
    auto strength = kdf_from_string(*kdf);
    if (!strength) return "FALTLOGG_KDF must be interactive, moderate or test_fast";
    inv.kdf = *strength;
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--password-stdin") {
      inv.password_stdin = true;
    } else if (arg.rfind("--", 0) == 0) {
      if (i + 1 >= args.size()) return arg + " needs a value";
      const std::string value = args[++i];
      if (arg == "--data-dir") {
        inv.data_dir = value;
      } else if (arg == "--store") {
        if (!value.empty() && !is_postgres_uri(value)) return "--store must be a postgresql:// URI";
        inv.store = value;
      } else if (arg == "--kdf") {
        auto strength = kdf_from_string(value);
        if (!strength) return "--kdf must be interactive, moderate or test_fast";
        inv.kdf = *strength;
      } else {
        inv.options[arg.substr(2)] = value;
      }
    } else {
      inv.words.push_back(arg);
    }
  }
  if (inv.words.empty()) return "a command is required";
  const bool migrate = inv.words.front() == "migrate";
  if (inv.data_dir.empty() && inv.store.empty() && !migrate) return "--data-dir or --store is required";
  return std::nullopt;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

class AdminCommands {
 public:
  AdminCommands(Invocation inv, std::istream& in, std::ostream& out, std::ostream& err)
      : inv_(std::move(inv)), in_(in), out_(out), err_(err) {}

  int run() {
    const auto& w = inv_.words;
    auto is = [&](std::initializer_list<const char*> expected) {
      if (w.size() < expected.size()) return false;
      std::size_t i = 0;
      for (const char* word : expected) {
        if (w[i++] != word) return false;
      }
      return true;
    };
    // These two work on files, not through the store: opening it would run migrations on what is copied.
    if (is({"migrate"}) && w.size() == 1) {
      const auto from = option("from");
      const auto to = option("to");
      if (!from || !to) return fail("migrate needs --from DATA_DIR --to postgresql://…");
      return admin_migrate(*from, *to, out_, err_);
    }
    const bool on_postgres = !inv_.store.empty();
    if ((is({"backup"}) || is({"restore"})) && on_postgres) {
      return fail("backup and restore copy the SQLite store; back PostgreSQL up with its own tools (pg_dump)");
    }
    if (is({"backup"}) && w.size() == 2) return admin_backup(inv_.data_dir, w[1], out_, err_);
    if (is({"restore"}) && w.size() == 2) return admin_restore(inv_.data_dir, w[1], out_, err_);
    const auto store_ptr = open_store(inv_.store, inv_.data_dir, 1);
    Store& store = *store_ptr;
    if (is({"district", "add"}) && w.size() == 3) return report(store.add_district(w[2], event("district_add")));
    if (is({"team", "add"}) && w.size() == 3) return team_add(store);
    if (is({"team", "set-areas"}) && w.size() == 3) return team_set_areas(store);
    if (is({"enrol"}) && w.size() == 2) return admin_enrol(store, inv_.data_dir, w[1], inv_.options, out_, err_);
    if (is({"user", "add"}) && w.size() == 3) return user_add(store);
    if (is({"user", "list"}) && w.size() == 2) return user_list(store);
    if (is({"user", "set-password"}) && w.size() == 3) return user_set_password(store);
    if (is({"user", "disable"}) && w.size() == 3) return report(store.disable_user(w[2], event("user_disable")));
    if (is({"device", "list"}) && w.size() == 2) return device_list(store);
    if (is({"device", "revoke"}) && w.size() == 3) return report(store.revoke_device(w[2], event("device_revoke", w[2])));
    if (is({"audit", "verify"}) && w.size() == 2) return audit_verify(store);
    if (is({"criteria", "set-target"}) && w.size() == 2) return admin_criteria_set_target(store, inv_.options, out_, err_);
    if (is({"criteria", "set-setting"}) && w.size() == 2) return admin_criteria_set_setting(store, inv_.options, out_, err_);
    if (is({"rollups", "rebuild"}) && w.size() == 2) return admin_rollups_rebuild(store, inv_.options, out_, err_);
    if (is({"export", "aggregates"}) && w.size() == 2) return admin_export_aggregates(store, inv_.options, out_, err_);
    if (is({"retention", "run"}) && w.size() == 2) {
      return admin_retention_run(store, inv_.options, core::now_millis(), out_, err_);
    }
    if (is({"demo-data"}) && w.size() == 1) {
      auto options = parse_demo_data_options(inv_.options);
      if (!options) return fail(options.problem().detail);
      return report(load_demo_data(store, inv_.kdf, out_, *options));
    }
    return fail("unknown command\n\n" + std::string(kUsage));
  }

 private:
  static AuditEvent event(std::string action, std::string subject = "") {
    return {kActor, std::move(action), std::move(subject), ""};
  }

  int fail(const std::string& message) {
    err_ << "faltlogg-admin: " << message << "\n";
    return 1;
  }

  template <typename T>
  int report(const core::Result<T>& result) {
    if (!result) return fail(result.problem().detail);
    out_ << "ok\n";
    return 0;
  }

  std::optional<std::string> option(const std::string& name) {
    auto it = inv_.options.find(name);
    if (it == inv_.options.end()) return std::nullopt;
    return it->second;
  }

  // "id=Name,id2" -> areas; an item without '=' uses its id as its name.
  static std::vector<Area> parse_areas(const std::string& text) {
    std::vector<Area> areas;
    for (const std::string& item : split_list(text)) {
      const std::size_t eq = item.find('=');
      if (eq == std::string::npos) {
        areas.push_back({item, item});
      } else {
        areas.push_back({item.substr(0, eq), item.substr(eq + 1)});
      }
    }
    return areas;
  }

  int team_add(Store& store) {
    auto district = option("district");
    if (!district) return fail("team add needs --district NAME");
    const std::vector<Area> areas = parse_areas(option("areas").value_or(""));
    if (auto valid = check_areas(areas); !valid) return fail(valid.problem().detail);
    std::vector<std::string> ids;
    for (const Area& area : areas) ids.push_back(area.id);
    auto team = store.add_team(inv_.words[2], *district, ids, event("team_add"));
    if (!team) return fail(team.problem().detail);
    if (!areas.empty()) {
      if (auto named = store.set_team_areas(inv_.words[2], areas, event("team_set_areas")); !named) {
        return fail(named.problem().detail);
      }
    }
    out_ << team->id << "\n";
    return 0;
  }

  int team_set_areas(Store& store) {
    auto areas = option("areas");
    if (!areas) return fail("team set-areas needs --areas ID[=NAME],...");
    return report(store.set_team_areas(inv_.words[2], parse_areas(*areas), event("team_set_areas")));
  }

  int user_add(Store& store) {
    auto role_name = option("role");
    auto team = option("team");
    if (!role_name || !team || !inv_.password_stdin) {
      return fail("user add needs --role ROLE --team NAME --password-stdin");
    }
    auto roles = role_set_from_string(*role_name);
    if (!roles) return fail(roles.problem().detail);
    auto hash = read_password_hash();
    if (!hash) return fail("the password must be 8-1024 characters (one line on stdin)");
    auto user = store.add_user(inv_.words[2], option("display-name").value_or(inv_.words[2]), *roles, *team, *hash,
                               event("user_add"));
    if (!user) return fail(user.problem().detail);
    out_ << user->id << "\n";
    return 0;
  }

  // One line from stdin, hashed with the configured Argon2id strength; nullopt when too short or long.
  std::optional<std::string> read_password_hash() {
    std::string password;
    std::getline(in_, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength) return std::nullopt;
    return core::hash_password(password, core::KdfParams::of(inv_.kdf));
  }

  int user_list(Store& store) {
    for (const User& user : store.list_users()) {
      out_ << user.id << "\t" << user.username << "\t" << to_string(user.roles) << "\t" << user.team_id << "\t"
           << (user.disabled ? "disabled" : "active") << "\n";
    }
    return 0;
  }

  int user_set_password(Store& store) {
    if (!inv_.password_stdin) return fail("user set-password needs --password-stdin");
    auto hash = read_password_hash();
    if (!hash) return fail("the password must be 8-1024 characters (one line on stdin)");
    return report(store.set_password_hash(inv_.words[2], *hash, event("user_set_password")));
  }

  int device_list(Store& store) {
    for (const Device& device : store.list_devices()) {
      auto user = store.find_user(device.user_id);
      out_ << device.id << "\t" << (user ? user->username : device.user_id) << "\t" << device.name << "\t"
           << device.created_at << "\t" << (device.revoked_at ? "revoked " + *device.revoked_at : "active") << "\n";
    }
    return 0;
  }

  int audit_verify(Store& store) {
    AuditVerification result = store.verify_audit();
    if (!result.intact) return fail("audit log BROKEN: " + result.reason);
    if (auto anchor = option("expect-head")) {
      if (auto problem = audit::check_anchor(store.audit_entries(), *anchor)) return fail("audit log BROKEN: " + *problem);
    }
    out_ << "audit log intact: " << result.entries << " entries\n"
         << "head (record this outside the server; check later with --expect-head): " << result.entries << ":"
         << result.head_hash << "\n";
    return 0;
  }

  Invocation inv_;
  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace

int run_admin(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    out << kUsage;
    return 0;
  }
  Invocation inv;
  if (auto error = parse_invocation(args, inv)) {
    err << "faltlogg-admin: " << *error << "\n\n" << kUsage;
    return 2;
  }
  try {
    core::ensure_sodium();
    return AdminCommands(std::move(inv), in, out, err).run();
  } catch (const std::exception& error) {
    err << "faltlogg-admin: " << error.what() << "\n";
    return 1;
  }
}

}  // namespace faltlogg::server
