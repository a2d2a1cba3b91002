#include "bench_data.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/cell_key.hpp"
#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/analytics/time_band.hpp"
#include "faltlogg/core/time.hpp"
#include "store/rollup_store.hpp"
#include "store/sqlite_db.hpp"
#include "store/sqlite_store.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <stdexcept>

namespace faltlogg::bench {

namespace an = faltlogg::server::analytics;
namespace json = boost::json;

const std::vector<std::string> kArenas = {"skola", "fritid", "utomhus", "centrum", "kollektivtrafik",
                                          "evenemang", "digital", "annat"};
const std::vector<std::string> kContactKinds = {"uppsokande", "relation", "stodsamtal", "foralder",
                                                "grupp", "samverkan", "slussning"};
const std::vector<std::string> kConcerns = {
    "alkohol", "narkotika", "nikotin", "kriminalitet", "vald", "vapen", "rekrytering", "psykisk_ohalsa",
    "sjalvskada", "skolfranvaro", "hemforhallanden", "sexuell_utsatthet", "heder", "digital_utsatthet",
    "otrygghet", "ingen"};
const std::vector<std::string> kActions = {"samtal", "mi", "hanvisning", "foljt", "vardnadshavare",
                                           "orosanmalan", "samrad", "akut"};
const std::vector<std::string> kPartners = {"skola", "polis", "fritid", "sspf", "nattvandrare",
                                            "socialtjanst", "region", "civilsamhalle"};
const std::vector<std::string> kAgeBands = {"u13", "13_15", "16_17", "18_20", "o20", "okand"};

std::string district_id(int district) {
  std::string id = std::to_string(district);
  id.insert(id.begin(), 'D');  // not "D" + ...: GCC 12 -O3 warns -Wrestrict on that (a false positive)
  return id;
}
std::string team_id(int district, int team) { return district_id(district) + "-T" + std::to_string(team); }

namespace {

namespace sq = faltlogg::server::sqlite;

const std::vector<std::string> kGenders = {"flicka", "pojke", "annat_okant"};

struct Rng {  // splitmix64: fast, deterministic, good enough for a synthetic spread
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  // Index by weight: plausible skew (street and school work common, events and digital rarer).
  int pick(const std::vector<int>& weights) {
    int total = 0;
    for (int w : weights) total += w;
    int r = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if ((r -= weights[i]) < 0) return static_cast<int>(i);
    }
    return 0;
  }
};

const std::vector<int> kArenaWeights = {20, 20, 25, 12, 8, 5, 7, 3};
const std::vector<int> kKindWeights = {35, 25, 12, 6, 8, 9, 5};
const std::vector<int> kAgeWeights = {8, 35, 30, 15, 5, 7};
const std::vector<int> kDistrictWeights = {22, 18, 15, 12, 11, 9, 8, 5};
// Local hour of the contact: mostly afternoon and evening, some night.
const std::vector<int> kHourWeights = {2, 1, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4, 4, 5, 6, 8, 10, 12, 12, 11, 10, 8, 5, 3};

struct Generated {
  core::Record record;
  an::RecordContext context;
  std::string district_id, team_id;
  std::int64_t ages[6] = {};
  int concerns = 0, actions = 0, partners = 0;
  core::Millis occurred = 0;
};

int pick_mask(Rng& rng, int options, int max_count) {
  int mask = 0;
  const int count = 1 + rng.below(max_count);
  for (int i = 0; i < count; ++i) mask |= 1 << rng.below(options);
  return mask;
}

json::array names_of(int mask, const std::vector<std::string>& options) {
  json::array out;
  for (std::size_t i = 0; i < options.size(); ++i) {
    if ((mask >> i) & 1) out.emplace_back(options[i]);
  }
  return out;
}

Generated make_contact(Rng& rng, std::int64_t index, int day) {
  Generated g;
  const int district = rng.pick(kDistrictWeights) + 1;
  g.district_id = district_id(district);
  g.team_id = team_id(district, rng.below(kTeamsPerDistrict) + 1);
  const auto first_day = std::chrono::sys_days{std::chrono::year{kBenchYear} / 1 / 1};
  // Stockholm is UTC+1/+2: shifting the local hour by one keeps the spread; the library derives the day.
  const core::Millis day_start = (first_day + std::chrono::days{day}).time_since_epoch().count() * 86'400'000LL;
  g.occurred = day_start + (rng.pick(kHourWeights) - 1) * 3'600'000LL + rng.below(60) * 60'000LL;
  const bool late = rng.chance(4);
  const core::Millis delay = late ? (73 + rng.below(200)) * 3'600'000LL : (1 + rng.below(60)) * 3'600'000LL;
  g.context = an::RecordContext{g.district_id, g.team_id, g.occurred + delay, {}, {}};

  json::object data;
  const int kind = rng.pick(kKindWeights);
  data["arena"] = kArenas[static_cast<std::size_t>(rng.pick(kArenaWeights))];
  data["contact_kind"] = kContactKinds[static_cast<std::size_t>(kind)];
  data["duration_min"] = 5 + rng.below(rng.chance(80) ? 60 : 235);
  if (kContactKinds[static_cast<std::size_t>(kind)] != "samverkan" || rng.chance(30)) {
    json::object youths;
    const int people = 1 + rng.below(rng.chance(70) ? 2 : 6);
    for (int p = 0; p < people; ++p) ++g.ages[rng.pick(kAgeWeights)];
    for (std::size_t age = 0; age < kAgeBands.size(); ++age) {
      if (g.ages[age] == 0) continue;
      json::value& row = youths[kGenders[static_cast<std::size_t>(rng.below(3))]];
      if (!row.is_object()) row.emplace_object();
      row.get_object()[kAgeBands[age]] = g.ages[age];
    }
    data["youths"] = std::move(youths);
  }
  if (rng.chance(15)) data["parents"] = 1 + rng.below(2);
  g.concerns = rng.chance(55) ? (1 << 15) : pick_mask(rng, 15, 2);
  if (rng.chance(80)) data["concerns"] = names_of(g.concerns, kConcerns);
  else g.concerns = 0;
  if (rng.chance(70)) {
    g.actions = pick_mask(rng, 8, 2);
    data["actions"] = names_of(g.actions, kActions);
  }
  if (rng.chance(20)) {
    g.partners = pick_mask(rng, 8, 2);
    data["partners"] = names_of(g.partners, kPartners);
  }
  data["in_pair"] = rng.chance(88);
  g.record = core::Record{"bench-" + std::to_string(index), std::string(an::kFieldContactForm), 1, "", false,
                          core::format_rfc3339(g.occurred), std::move(data)};
  return g;
}

constexpr std::string_view kRawSchema = R"sql(
CREATE TABLE contact_raw (
  day TEXT NOT NULL, district_id TEXT NOT NULL, team_id TEXT NOT NULL, arena TEXT NOT NULL,
  contact_kind TEXT NOT NULL, time_band TEXT NOT NULL, minutes INTEGER NOT NULL,
  y_u13 INTEGER NOT NULL, y_13_15 INTEGER NOT NULL, y_16_17 INTEGER NOT NULL, y_18_20 INTEGER NOT NULL,
  y_o20 INTEGER NOT NULL, y_okand INTEGER NOT NULL, in_pair INTEGER NOT NULL, parents INTEGER NOT NULL,
  concerns INTEGER NOT NULL, actions INTEGER NOT NULL, partners INTEGER NOT NULL,
  occurred_ms INTEGER NOT NULL, first_received_ms INTEGER NOT NULL, record_key INTEGER NOT NULL)
)sql";

void insert_raw(sq::Statement& insert, const Generated& g) {
  const auto local = an::to_stockholm_local(g.occurred);
  const json::object& d = g.record.data;
  insert.reset();
  insert.bind(1, an::format_date(local.date))
      .bind(2, g.district_id)
      .bind(3, g.team_id)
      .bind(4, std::string_view(d.at("arena").as_string()))
      .bind(5, std::string_view(d.at("contact_kind").as_string()))
      .bind(6, an::to_string(an::time_band_at(local)))
      .bind(7, d.at("duration_min").as_int64());
  for (int age = 0; age < 6; ++age) insert.bind(8 + age, g.ages[age]);
  insert.bind(14, std::int64_t{d.at("in_pair").as_bool() ? 1 : 0})
      .bind(15, d.contains("parents") ? d.at("parents").as_int64() : std::int64_t{0})
      .bind(16, g.concerns)
      .bind(17, g.actions)
      .bind(18, g.partners)
      .bind(19, g.occurred)
      .bind(20, g.context.first_received_at)
      .bind(21, static_cast<std::int64_t>(an::record_key(g.record.id, g.context.case_key_secret)));
  insert.run();
}

std::vector<an::RollupRow> deltas_of(const Generated& g) {
  auto facts = an::facts_for_record(g.record, g.context);
  if (!facts) throw std::runtime_error("facts_for_record refused a generated contact: " + facts.problem().detail);
  return an::rollup_deltas(*facts, +1);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Contacts on day `day` (0-based) of the year: N spread evenly, the remainder over the year.
std::int64_t contacts_on(std::int64_t contacts, int day) {
  return contacts * (day + 1) / 365 - contacts * day / 365;
}

// The server's schema: a SqliteStore creates the file and runs the migrations, then is closed so the
// generator can write with its own connection.
std::filesystem::path create_store(const std::filesystem::path& data_dir) {
  { server::SqliteStore store(data_dir, 1); }
  return server::SqliteStore::database_file(data_dir);
}

std::string describe(const an::RollupKey& key) {
  return std::string(an::to_string(key.grain)) + " " + key.period + " " + key.district_id + " " + key.team_id +
         " " + an::encode_dimensions(key.dimensions);
}

}  // namespace

GenerationStats generate(const std::filesystem::path& data_dir, std::int64_t contacts, std::uint64_t seed) {
  GenerationStats stats;
  stats.contacts = contacts;
  auto start = std::chrono::steady_clock::now();
  const auto file = create_store(data_dir);
  stats.seconds_schema = seconds_since(start);

  sq::Connection c(file, sq::Connection::Mode::read_write_create);
  // Generation only: no journal, no fsync, a 1 GB page cache for the upserts. The measured reads run on
  // a SqliteStore opened afterwards with the server's own settings (WAL, default cache).
  stats.pragmas = "journal_mode=OFF synchronous=OFF cache_size=1GB";
  c.exec("PRAGMA journal_mode = OFF");
  c.exec("PRAGMA synchronous = OFF");
  c.exec("PRAGMA cache_size = -1048576");
  c.exec(kRawSchema);

  Rng rng{seed};
  std::int64_t index = 0;
  const auto first_day = std::chrono::sys_days{std::chrono::year{kBenchYear} / 1 / 1};
  int day = 0;
  for (int month = 1; month <= 12; ++month) {
    sq::Transaction tx(c);
    server::RollupWriter writer(c);
    auto insert = c.prepare("INSERT INTO contact_raw VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)");
    // Days of this month in UTC; the library derives the Stockholm day, so a contact at 23:xx UTC on a
    // month's last summer day lands in the next month's rollups (the upsert adds to what is there).
    for (; day < 365; ++day) {
      const std::chrono::year_month_day ymd{first_day + std::chrono::days{day}};
      if (static_cast<unsigned>(ymd.month()) != static_cast<unsigned>(month)) break;
      for (std::int64_t i = contacts_on(contacts, day); i > 0; --i, ++index) {
        start = std::chrono::steady_clock::now();
        const Generated g = make_contact(rng, index, day);
        const auto deltas = deltas_of(g);
        auto next = std::chrono::steady_clock::now();
        stats.seconds_facts += std::chrono::duration<double>(next - start).count();
        start = next;
        writer.add(deltas);
        next = std::chrono::steady_clock::now();
        stats.seconds_rollup_add += std::chrono::duration<double>(next - start).count();
        start = next;
        insert_raw(insert, g);
        stats.seconds_raw += seconds_since(start);
      }
    }
    start = std::chrono::steady_clock::now();
    writer.flush();
    tx.commit();
    stats.seconds_flush += seconds_since(start);
    ++stats.transactions;
  }
  if (index != contacts) throw std::runtime_error("generated " + std::to_string(index) + " contacts, not " + std::to_string(contacts));
  return stats;
}

std::string check_store_against_rollup_set(const std::filesystem::path& data_dir, int contacts, std::uint64_t seed) {
  const auto file = create_store(data_dir);
  Rng rng{seed};
  an::RollupSet expected;
  {
    sq::Connection c(file, sq::Connection::Mode::read_write_create);
    // Two transactions, so the second flush adds to rows the first one wrote (select + upsert).
    for (int half = 0; half < 2; ++half) {
      sq::Transaction tx(c);
      server::RollupWriter writer(c);
      for (int i = 0; i < contacts / 2; ++i) {
        const auto deltas = deltas_of(make_contact(rng, i, rng.below(365)));
        writer.add(deltas);
        if (auto ok = expected.apply(an::with_coarser_grains(deltas)); !ok) return "RollupSet::apply refused: " + ok.problem().detail;
      }
      writer.flush();
      tx.commit();
    }
  }
  server::SqliteStore store(data_dir, 1);
  const auto all = expected.rows();
  for (an::RollupGrain grain : {an::RollupGrain::base, an::RollupGrain::month, an::RollupGrain::district_month,
                                an::RollupGrain::team_month}) {
    const bool base = grain == an::RollupGrain::base;
    server::RollupQuery query{an::RollupKind::contact_daily, base ? "2000-01-01" : "2000-01", base ? "2100-12-31" : "2100-12",
                              std::nullopt, std::nullopt, grain};
    const auto ours = store.rollup_rows(query);
    std::vector<an::RollupRow> theirs;
    for (const auto& row : all) {
      if (row.key.grain == grain) theirs.push_back(row);
    }
    if (ours.size() != theirs.size()) {
      return "grain " + std::string(an::to_string(grain)) + ": the store reads " + std::to_string(ours.size()) +
             " rows, RollupSet holds " + std::to_string(theirs.size());
    }
    for (std::size_t i = 0; i < ours.size(); ++i) {
      if (ours[i] == theirs[i]) continue;
      std::string detail = "row " + describe(ours[i].key) + " vs " + describe(theirs[i].key) + ":";
      for (const auto& [name, value] : theirs[i].counters) {
        const auto it = ours[i].counters.find(name);
        const std::int64_t mine = it == ours[i].counters.end() ? 0 : it->second;
        if (mine != value) detail += " " + name + " store " + std::to_string(mine) + " vs set " + std::to_string(value);
      }
      return detail;
    }
  }
  return {};
}

}  // namespace faltlogg::bench
