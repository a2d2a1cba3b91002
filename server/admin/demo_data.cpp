// Demo data: clearly fictional districts, teams and people, and a realistic spread of field contacts
// and family sessions over the last 90 days (more in evenings and weekends, as field work is).
// `--profile skewed` adds the hard cases for disclosure control (decision 0027): a tiny district, a night
// team with few contacts and a family team with few cases; `--late-records N` later adds N contacts of
// last month synced now, as a tablet left in a locker would, and some more reviews (the audit harvests
// before and after). Team leads review their teams' records (D2/D3, decision 0074).
#include "admin/admin_cli.hpp"
#include "admin/demo_data_v2.hpp"

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "faltlogg/core/validation.hpp"

#include <charconv>
#include <map>
#include <ostream>
#include <random>
#include <set>

namespace faltlogg::server {

namespace {

constexpr core::Millis kMinute = 60'000;
constexpr core::Millis kDay = 24 * 60 * kMinute;

struct DemoTeam {
  const char* name;
  const char* district;
  std::vector<std::string> areas;
  std::vector<std::string> area_names;  // what people read, in the order of areas
  int max_per_day = 3;     // records per author and working day: uniform 0..max
  int every_nth_day = 1;   // works one day in n
  bool nights_only = false;
  int cases = 12;          // family teams: case codes drawn from this many
};

struct DemoUser {
  const char* username;
  const char* display_name;
  RoleSet roles;
  const char* team;
};

const std::vector<DemoTeam> kTeams = {
    {"Fältgruppen Norrvik", "Norrvik (fiktiv)", {"norrvik-centrum", "norrvik-strand", "ekbacken"},
     {"Norrvik centrum", "Norrviks strand", "Ekbacken"}},
    {"Fältgruppen Sjöberga", "Sjöberga (fiktiv)", {"sjoberga-torg", "lilla-holmen", "tallparken"},
     {"Sjöberga torg", "Lilla Holmen", "Tallparken"}},
    {"Familjebehandling Norrvik", "Norrvik (fiktiv)", {"norrvik-centrum"}, {"Norrvik centrum"}, 2},
};

// The skewed profile: small groups an evaluator must never be able to count.
const std::vector<DemoTeam> kSkewedTeams = {
    {"Fältgruppen Lillö", "Lillö (fiktiv)", {"lillo-hamn"}, {"Lillö hamn"}, 1, 6},
    {"Nattfältarna Sjöberga", "Sjöberga (fiktiv)", {"sjoberga-torg"}, {"Sjöberga torg"}, 1, 4, true},
    {"Familjebehandling Lillö", "Lillö (fiktiv)", {"lillo-hamn"}, {"Lillö hamn"}, 1, 5, false, 3},
};

const std::vector<DemoUser> kUsers = {
    {"falt.anna", "Anna Exempel", Role::field_worker, "Fältgruppen Norrvik"},
    {"falt.omar", "Omar Exempel", Role::field_worker, "Fältgruppen Norrvik"},
    {"falt.lina", "Lina Exempel", Role::field_worker, "Fältgruppen Sjöberga"},
    {"falt.erik", "Erik Exempel", Role::field_worker, "Fältgruppen Sjöberga"},
    {"fam.sara", "Sara Exempel", Role::family_therapist, "Familjebehandling Norrvik"},
    {"fam.jonas", "Jonas Exempel", Role::family_therapist, "Familjebehandling Norrvik"},
    {"lead.maria", "Maria Exempel", Role::team_lead, "Fältgruppen Norrvik"},
    // A lead who also does field work: logs and syncs own records, reviews the colleagues' (issue 11).
    {"lead.ali", "Ali Exempel", {Role::team_lead, Role::field_worker}, "Fältgruppen Sjöberga"},
    {"lead.karin", "Karin Exempel", Role::team_lead, "Familjebehandling Norrvik"},
    {"fou.eva", "Eva Exempel", Role::evaluator, "Fältgruppen Norrvik"},
    {"admin", "Systemförvaltare Exempel", Role::admin, "Fältgruppen Norrvik"},
};

const std::vector<DemoUser> kSkewedUsers = {
    {"falt.linnea", "Linnea Exempel", Role::field_worker, "Fältgruppen Lillö"},
    {"natt.nils", "Nils Exempel", Role::field_worker, "Nattfältarna Sjöberga"},
    {"fam.lisa", "Lisa Exempel", Role::family_therapist, "Familjebehandling Lillö"},
    {"lead.lotta", "Lotta Exempel", Role::team_lead, "Fältgruppen Lillö"},
};

template <typename T>
const T& pick(std::mt19937& rng, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

boost::json::array pick_some(std::mt19937& rng, const std::vector<std::string>& options, int max_count) {
  std::set<std::string> chosen;
  const int count = std::uniform_int_distribution<int>(0, max_count)(rng);
  for (int i = 0; i < count; ++i) chosen.insert(pick(rng, options));
  boost::json::array out;
  for (const auto& value : chosen) out.emplace_back(value);
  return out;
}

// Field work happens in the afternoon and evening more than in the morning; some at night.
core::Millis contact_time(std::mt19937& rng, core::Millis day_start, bool nights_only = false) {
  static const std::vector<int> hours = {9, 10, 13, 14, 15, 16, 17, 18, 19, 19, 20, 20, 21, 21, 22, 23};
  static const std::vector<int> night_hours = {23, 24, 25, 26};  // 23:00-03:00 local, spilling into the next day
  const int hour = nights_only ? pick(rng, night_hours) : pick(rng, hours);
  return day_start + hour * 60 * kMinute + std::uniform_int_distribution<int>(0, 59)(rng) * kMinute;
}

boost::json::object field_contact(std::mt19937& rng, const DemoTeam& team) {
  static const std::vector<std::string> arenas = {"skola", "fritid", "utomhus", "utomhus", "centrum",
                                                  "kollektivtrafik", "evenemang", "digital", "annat"};
  static const std::vector<std::string> kinds = {"uppsokande", "uppsokande", "relation", "relation", "stodsamtal",
                                                 "foralder", "grupp", "samverkan", "slussning"};
  static const std::vector<std::string> concerns = {"alkohol", "narkotika", "nikotin", "kriminalitet", "vald",
                                                    "rekrytering", "psykisk_ohalsa", "skolfranvaro", "otrygghet"};
  static const std::vector<std::string> actions = {"samtal", "mi", "hanvisning", "foljt", "vardnadshavare", "samrad"};
  static const std::vector<std::string> partners = {"skola", "polis", "fritid", "sspf", "nattvandrare", "region"};
  static const std::vector<std::string> genders = {"flicka", "pojke", "annat_okant"};
  static const std::vector<std::string> ages = {"13_15", "13_15", "16_17", "16_17", "18_20", "u13", "okand"};
  const std::string kind = pick(rng, kinds);
  boost::json::object youths;
  const int groups = kind == "samverkan" ? 0 : std::uniform_int_distribution<int>(1, 3)(rng);
  for (int i = 0; i < groups; ++i) {
    auto& row = youths[pick(rng, genders)];
    if (!row.is_object()) row = boost::json::object{};
    row.as_object()[pick(rng, ages)] = std::uniform_int_distribution<int>(1, 5)(rng);
  }
  boost::json::array concern_list = pick_some(rng, concerns, 2);
  if (concern_list.empty()) concern_list.emplace_back("ingen");
  return {{"duration_min", pick(rng, std::vector<int>{10, 15, 20, 30, 45, 60, 90})},
          {"area_id", pick(rng, team.areas)},
          {"arena", pick(rng, arenas)},
          {"contact_kind", kind},
          {"youths", std::move(youths)},
          {"parents", std::uniform_int_distribution<int>(0, 10)(rng) < 2 ? 1 : 0},
          {"concerns", std::move(concern_list)},
          {"actions", pick_some(rng, actions, 2)},
          {"partners", pick_some(rng, partners, 1)},
          {"in_pair", std::uniform_int_distribution<int>(0, 9)(rng) < 9}};
}

boost::json::object family_session(std::mt19937& rng, int case_number) {
  static const std::vector<std::string> settings = {"hembesok", "mottagning", "mottagning", "digitalt", "telefon"};
  static const std::vector<std::string> kinds = {"kartlaggning", "behandling", "behandling", "uppfoljning", "avslut"};
  static const std::vector<std::string> focus = {"foraldraskap", "relationer", "konflikter", "barnets_beteende",
                                                 "skola", "psykisk_ohalsa"};
  static const std::vector<std::string> methods = {"familjesamtal", "foraldraprogram", "mi", "natverksmote", "kbt"};
  return {{"case_code", "NV-2026-" + std::to_string(1000 + case_number)},
          {"duration_min", pick(rng, std::vector<int>{45, 60, 90})},
          {"basis", std::uniform_int_distribution<int>(0, 3)(rng) == 0 ? "utan_behovsprovning" : "beslut"},
          {"setting", pick(rng, settings)},
          {"session_kind", pick(rng, kinds)},
          {"participants", boost::json::array{"barn", "vardnadshavare"}},
          {"focus", pick_some(rng, focus, 2)},
          {"methods", pick_some(rng, methods, 2)},
          {"child_heard", std::uniform_int_distribution<int>(0, 3)(rng) > 0},
          {"goal_rating", std::uniform_int_distribution<int>(2, 5)(rng)}};
}

// One author's records, pushed in batches through the same path the API uses.
std::size_t seed_records(Store& store, const core::FormRegistry& forms, const User& user, const DemoTeam& team,
                         std::mt19937& rng, core::Millis now) {
  const bool family = user.roles.has(Role::family_therapist);
  const core::FormDefinition* form = forms.latest(family ? "familjebehandling" : "faltkontakt");
  // The older half of the 90 days was written before the tablets moved to v2 (decision 0070).
  const core::FormDefinition* before_v2 = family ? form : forms.find("faltkontakt", 1);
  if (form == nullptr || before_v2 == nullptr) return 0;
  auto device = store.create_session(user.id, "demo-seed", core::hash_hex(core::make_uuid_v4()), now,
                                     {"admin-cli", "demo_seed_device", "", ""});
  if (!device) return 0;
  core::ValidationContext validation;
  validation.now_ms = now;
  validation.references["areas"] = std::set<std::string>(team.areas.begin(), team.areas.end());
  const core::Millis today = now - now % kDay;
  std::size_t accepted = 0;
  // One batch per day, received hours to days later, as tablets that sync now and then
  // would: the rollups then see realistic first-received times (C9, synced within 72 h).
  for (int day = 90; day >= 1; --day) {
    if (day % team.every_nth_day != 0) continue;
    PushBatch batch{core::make_uuid_v4(), user.id, device->id, user.team_id, {}, std::nullopt};
    const int per_day = std::uniform_int_distribution<int>(0, team.max_per_day)(rng);
    core::Millis latest = today - day * kDay;
    for (int i = 0; i < per_day; ++i) {
      const core::FormDefinition& written = day > 45 ? *before_v2 : *form;
      core::Record record;
      record.id = core::make_uuid_v4();
      record.form_id = written.id;
      record.form_version = written.version;
      const core::Millis occurred = contact_time(rng, today - day * kDay, team.nights_only);
      latest = std::max(latest, occurred);
      record.occurred_at = core::format_rfc3339(occurred);
      record.hlc = core::Hlc{occurred + 5 * kMinute, 0, device->id}.to_string();
      if (family) {
        record.data = family_session(rng, std::uniform_int_distribution<int>(0, team.cases - 1)(rng));
      } else {
        record.data = field_contact(rng, team);
        if (written.version >= 2) record.data = field_contact_as_v2(rng, record.data);
      }
      if (!core::validate_record(written, record, validation).empty()) continue;
      batch.items.push_back({record.id, std::move(record), std::nullopt});
    }
    if (batch.items.empty()) continue;
    // Mostly within two days; about one day in ten waits 3-6 days (a tablet left in a locker).
    const bool late = std::uniform_int_distribution<int>(0, 9)(rng) == 0;
    const int delay_hours = late ? std::uniform_int_distribution<int>(73, 144)(rng)
                                 : std::uniform_int_distribution<int>(1, 50)(rng);
    batch.received_at_ms = std::min(now, latest + delay_hours * 60 * kMinute);
    auto outcome = store.apply_push_batch(batch, {user.id, "push", batch.batch_id, "demo"});
    if (outcome) accepted += outcome->accepted;
  }
  const std::size_t count = accepted;
  return count;
}

// The team's family cases (familjearende), one record each, written by one therapist: started over the
// 90 days, every third closed a few days ago.
std::size_t seed_cases(Store& store, const core::FormRegistry& forms, const User& user, const DemoTeam& team,
                       core::Millis now) {
  const core::FormDefinition* form = forms.latest("familjearende");
  if (form == nullptr) return 0;
  auto device = store.create_session(user.id, "demo-cases", core::hash_hex(core::make_uuid_v4()), now,
                                     {"admin-cli", "demo_seed_device", "", ""});
  if (!device) return 0;
  core::ValidationContext validation;
  validation.now_ms = now;
  PushBatch batch{core::make_uuid_v4(), user.id, device->id, user.team_id, {}, now};
  for (int n = 0; n < team.cases; ++n) {
    const core::Millis start = now - (88 - 3 * n) * kDay;
    core::Record record = demo_case_record("NV", n, start, now - (2 + n % 5) * kDay);
    record.hlc = core::Hlc{now, static_cast<std::uint32_t>(n), device->id}.to_string();
    if (!core::validate_record(*form, record, validation).empty()) continue;
    batch.items.push_back({record.id, std::move(record), std::nullopt});
  }
  auto outcome = store.apply_push_batch(batch, {user.id, "push", batch.batch_id, "demo"});
  return outcome ? outcome->accepted : 0;
}

}  // namespace

namespace {

core::Status add_places(Store& store, const std::vector<DemoTeam>& teams, std::set<std::string>& districts,
                        const AuditEvent& event) {
  for (const DemoTeam& team : teams) {
    if (districts.insert(team.district).second) {
      if (auto d = store.add_district(team.district, event); !d) return d.problem();
    }
    if (auto t = store.add_team(team.name, team.district, team.areas, event); !t) return t.problem();
    std::vector<Area> named;
    for (std::size_t i = 0; i < team.areas.size(); ++i) named.push_back({team.areas[i], team.area_names[i]});
    if (auto n = store.set_team_areas(team.name, named, event); !n) return n.problem();
  }
  return core::Ok{};
}

core::Result<std::size_t> add_people(Store& store, const core::FormRegistry& forms, const std::vector<DemoUser>& users,
                                     const std::vector<DemoTeam>& teams, core::KdfStrength kdf, std::mt19937& rng,
                                     core::Millis now, std::ostream& out) {
  const AuditEvent event{"admin-cli", "demo_data", "", ""};
  std::size_t records = 0;
  std::set<std::string> teams_with_cases;
  for (const DemoUser& demo : users) {
    const std::string password = std::string(demo.username) + "-demo";
    auto user = store.add_user(demo.username, demo.display_name, demo.roles, demo.team,
                               core::hash_password(password, core::KdfParams::of(kdf)), event);
    if (!user) return user.problem();
    out << "  " << demo.username << "  /  " << password << "   (" << to_string(demo.roles) << ", " << demo.team << ")\n";
    if (logs_records(demo.roles)) {
      for (const DemoTeam& team : teams) {
        if (team.name != std::string_view(demo.team)) continue;
        records += seed_records(store, forms, *user, team, rng, now);
        if (demo.roles.has(Role::family_therapist) && teams_with_cases.insert(team.name).second) {
          records += seed_cases(store, forms, *user, team, now);
        }
      }
    }
  }
  return records;
}

// Every demo team lead reviews the own team's records (seed_reviews); `share_in_tenths` of those still
// unreviewed.
std::size_t add_reviews(Store& store, bool skewed, std::mt19937& rng, int share_in_tenths = 7) {
  std::size_t stored = 0;
  for (const auto* list : {&kUsers, &kSkewedUsers}) {
    if (list == &kSkewedUsers && !skewed) continue;
    for (const DemoUser& demo : *list) {
      if (!demo.roles.has(Role::team_lead)) continue;
      if (auto lead = store.find_user_by_username(demo.username)) stored += seed_reviews(store, *lead, rng, share_in_tenths);
    }
  }
  return stored;
}

// Field contacts of last month, first received now: one batch per author of the named teams.
core::Result<std::size_t> add_late_records(Store& store, const core::FormRegistry& forms, int count, core::Millis now,
                                           std::ostream& out) {
  const core::FormDefinition* form = forms.latest("faltkontakt");
  if (form == nullptr) return core::make_problem("invalid_request", 400, "No form", "the faltkontakt form is missing");
  std::vector<std::pair<User, const DemoTeam*>> authors;
  for (const auto* list : {&kUsers, &kSkewedUsers}) {
    for (const DemoUser& demo : *list) {
      if (!demo.roles.has(Role::field_worker)) continue;
      auto user = store.find_user_by_username(demo.username);
      if (!user) continue;
      for (const auto* teams : {&kTeams, &kSkewedTeams}) {
        for (const DemoTeam& team : *teams) {
          if (team.name == std::string_view(demo.team)) authors.emplace_back(*user, &team);
        }
      }
    }
  }
  if (authors.empty()) {
    return core::make_problem("invalid_request", 400, "No demo data", "run faltlogg-admin demo-data first");
  }
  std::mt19937 rng(static_cast<std::mt19937::result_type>(now));
  const core::Millis today = now - now % kDay;
  std::size_t accepted = 0;
  for (int i = 0; i < count; ++i) {
    const auto& [user, team] = authors[static_cast<std::size_t>(i) % authors.size()];
    auto device = store.create_session(user.id, "demo-late", core::hash_hex(core::make_uuid_v4()), now,
                                       {"admin-cli", "demo_late_device", "", ""});
    if (!device) continue;
    core::ValidationContext validation;
    validation.now_ms = now;
    validation.references["areas"] = std::set<std::string>(team->areas.begin(), team->areas.end());
    // Last month: 32-58 days ago lands in the previous calendar month or the one before, both closed.
    const int days_ago = std::uniform_int_distribution<int>(32, 58)(rng);
    core::Record record;
    record.id = core::make_uuid_v4();
    record.form_id = form->id;
    record.form_version = form->version;
    const core::Millis occurred = contact_time(rng, today - days_ago * kDay, team->nights_only);
    record.occurred_at = core::format_rfc3339(occurred);
    record.hlc = core::Hlc{now, 0, device->id}.to_string();
    record.data = field_contact_as_v2(rng, field_contact(rng, *team));
    if (!core::validate_record(*form, record, validation).empty()) continue;
    PushBatch batch{core::make_uuid_v4(), user.id, device->id, user.team_id, {}, now};
    batch.items.push_back({record.id, std::move(record), std::nullopt});
    auto outcome = store.apply_push_batch(batch, {user.id, "push", batch.batch_id, "demo-late"});
    if (outcome) accepted += outcome->accepted;
  }
  out << "Late records synced now: " << accepted << "\n";
  // And the leads have reviewed some more since (a review moves its record's counters and key).
  out << "Late reviews: " << add_reviews(store, true, rng, 2) << "\n";
  return accepted;
}

std::optional<int> parse_count(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 10000) return std::nullopt;
  return value;
}

}  // namespace

core::Status load_demo_data(Store& store, core::KdfStrength kdf, std::ostream& out, const DemoDataOptions& options) {
  auto forms = core::FormRegistry::load_directory(core::default_forms_dir());
  if (!forms) return forms.problem();
  const core::Millis now = core::now_millis();
  if (options.late_records > 0) {
    auto late = add_late_records(store, *forms, options.late_records, now, out);
    return late ? core::Status(core::Ok{}) : core::Status(late.problem());
  }
  const AuditEvent event{"admin-cli", "demo_data", "", ""};
  std::set<std::string> districts;
  if (auto ok = add_places(store, kTeams, districts, event); !ok) return ok;
  if (options.skewed) {
    if (auto ok = add_places(store, kSkewedTeams, districts, event); !ok) return ok;
  }
  std::mt19937 rng(20261127);
  out << "Demo users (fictional; password = username + \"-demo\"):\n";
  auto records = add_people(store, *forms, kUsers, kTeams, kdf, rng, now, out);
  if (!records) return records.problem();
  std::size_t total = *records;
  if (options.skewed) {
    auto more = add_people(store, *forms, kSkewedUsers, kSkewedTeams, kdf, rng, now, out);
    if (!more) return more.problem();
    total += *more;
  }
  out << "Records over the last 90 days: " << total << "\n";
  out << "Reviews by the team leads: " << add_reviews(store, options.skewed, rng) << "\n";
  return core::Ok{};
}

core::Result<DemoDataOptions> parse_demo_data_options(const std::map<std::string, std::string>& options) {
  DemoDataOptions parsed;
  for (const auto& [name, value] : options) {
    if (name == "profile") {
      if (value != "plain" && value != "skewed") {
        return core::invalid_request("--profile must be plain or skewed");
      }
      parsed.skewed = value == "skewed";
    } else if (name == "late-records") {
      auto count = parse_count(value);
      if (!count) return core::invalid_request("--late-records must be a whole number 1-10000");
      parsed.late_records = *count;
    } else {
      return core::invalid_request("unknown option --" + name);
    }
  }
  if (parsed.skewed && parsed.late_records > 0) {
    return core::invalid_request("--late-records adds to existing demo data; run it on its own");
  }
  return parsed;
}

}  // namespace faltlogg::server
