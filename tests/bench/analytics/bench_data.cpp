#include "bench_data.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/time_band.hpp"
#include "faltlogg/core/time.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>
#include <unordered_map>

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

namespace {

const std::vector<std::string> kGenders = {"flicka", "pojke", "annat_okant"};
constexpr char kSep = '\x01';  // sorts below every printable byte, so joined keys sort as tuples

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

Generated make_contact(Rng& rng, std::int64_t index) {
  Generated g;
  const int district = rng.pick(kDistrictWeights);
  g.district_id = "D" + std::to_string(district + 1);
  g.team_id = g.district_id + "-T" + std::to_string(rng.below(kTeamsPerDistrict) + 1);
  const auto first_day = std::chrono::sys_days{std::chrono::year{kBenchYear} / 1 / 1};
  const int day = rng.below(365);
  // Stockholm is UTC+1/+2: shifting the local hour by one keeps the spread; the library derives the day.
  const core::Millis day_start = (first_day + std::chrono::days{day}).time_since_epoch().count() * 86'400'000LL;
  g.occurred = day_start + (rng.pick(kHourWeights) - 1) * 3'600'000LL + rng.below(60) * 60'000LL;
  const bool late = rng.chance(4);
  const core::Millis delay = late ? (73 + rng.below(200)) * 3'600'000LL : (1 + rng.below(60)) * 3'600'000LL;
  g.context = an::RecordContext{g.district_id, g.team_id, g.occurred + delay, {}};

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

// Rollup rows summed in memory with interned counter names: the same sums RollupSet::apply keeps, in a
// fraction of its memory (10 M contacts make millions of keys).
class Accumulator {
 public:
  void add(const std::vector<an::RollupRow>& deltas) {
    for (const an::RollupRow& row : deltas) {
      std::string key = row.key.period + kSep + row.key.district_id + kSep + row.key.team_id + kSep +
                        an::encode_dimensions(row.key.dimensions);
      auto& values = sums_[std::move(key)];
      for (const auto& [name, value] : row.counters) {
        const std::size_t id = intern(name);
        if (values.size() <= id) values.resize(id + 1, 0);
        values[id] += value;
      }
    }
  }
  // key parts -> counter name -> value, in primary-key order.
  std::map<std::string, std::map<std::string, std::int64_t>> sorted() const {
    std::map<std::string, std::map<std::string, std::int64_t>> out;
    for (const auto& [key, values] : sums_) {
      auto& counters = out[key];
      for (std::size_t id = 0; id < values.size(); ++id) {
        if (values[id] != 0) counters[names_[id]] = values[id];
      }
    }
    return out;
  }
  std::size_t keys() const { return sums_.size(); }
  const std::unordered_map<std::string, std::vector<std::int64_t>>& sums() const { return sums_; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::size_t intern(const std::string& name) {
    const auto [it, inserted] = ids_.try_emplace(name, names_.size());
    if (inserted) names_.push_back(name);
    return it->second;
  }
  std::unordered_map<std::string, std::vector<std::int64_t>> sums_;
  std::unordered_map<std::string, std::size_t> ids_;
  std::vector<std::string> names_;
};

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown";
    sqlite3_free(error);
    throw std::runtime_error("sqlite: " + message + " in: " + sql.substr(0, 80));
  }
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void text(int i, const std::string& v) { sqlite3_bind_text(stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void integer(int i, std::int64_t v) { sqlite3_bind_int64(stmt, i, v); }
  void run(sqlite3* db) {
    if (sqlite3_step(stmt) != SQLITE_DONE) throw std::runtime_error(std::string("sqlite step: ") + sqlite3_errmsg(db));
    sqlite3_reset(stmt);
  }
};

constexpr std::string_view kRawSchema = R"sql(
CREATE TABLE contact_raw (
  day TEXT NOT NULL, district_id TEXT NOT NULL, team_id TEXT NOT NULL, arena TEXT NOT NULL,
  contact_kind TEXT NOT NULL, time_band TEXT NOT NULL, minutes INTEGER NOT NULL,
  y_u13 INTEGER NOT NULL, y_13_15 INTEGER NOT NULL, y_16_17 INTEGER NOT NULL, y_18_20 INTEGER NOT NULL,
  y_o20 INTEGER NOT NULL, y_okand INTEGER NOT NULL, in_pair INTEGER NOT NULL, parents INTEGER NOT NULL,
  concerns INTEGER NOT NULL, actions INTEGER NOT NULL, partners INTEGER NOT NULL,
  occurred_ms INTEGER NOT NULL, first_received_ms INTEGER NOT NULL)
)sql";

void insert_raw(Statement& insert, sqlite3* db, const Generated& g) {
  const auto local = an::to_stockholm_local(g.occurred);
  const json::object& d = g.record.data;
  insert.text(1, an::format_date(local.date));
  insert.text(2, g.district_id);
  insert.text(3, g.team_id);
  insert.text(4, std::string(d.at("arena").as_string()));
  insert.text(5, std::string(d.at("contact_kind").as_string()));
  insert.text(6, std::string(an::to_string(an::time_band_at(local))));
  insert.integer(7, d.at("duration_min").as_int64());
  for (int age = 0; age < 6; ++age) insert.integer(8 + age, g.ages[age]);
  insert.integer(14, d.at("in_pair").as_bool() ? 1 : 0);
  insert.integer(15, d.contains("parents") ? d.at("parents").as_int64() : 0);
  insert.integer(16, g.concerns);
  insert.integer(17, g.actions);
  insert.integer(18, g.partners);
  insert.integer(19, g.occurred);
  insert.integer(20, g.context.first_received_at);
  insert.run(db);
}

std::vector<an::RollupRow> deltas_of(const Generated& g) {
  auto facts = an::facts_for_record(g.record, g.context);
  if (!facts) throw std::runtime_error("facts_for_record refused a generated contact: " + facts.problem().detail);
  return an::rollup_deltas(*facts, +1);
}

// The accumulation must equal the library's own RollupSet on the same records, or the benchmark would
// compare against a table the server could never hold.
bool sample_matches(std::uint64_t seed) {
  Rng rng{seed};
  Accumulator ours;
  an::RollupSet theirs;
  for (int i = 0; i < 3000; ++i) {
    const auto deltas = deltas_of(make_contact(rng, i));
    ours.add(deltas);
    if (!theirs.apply(deltas)) return false;
  }
  std::map<std::string, std::map<std::string, std::int64_t>> expected;
  for (const an::RollupRow& row : theirs.rows()) {
    auto& counters = expected[row.key.period + kSep + row.key.district_id + kSep + row.key.team_id + kSep +
                              an::encode_dimensions(row.key.dimensions)];
    for (const auto& [name, value] : row.counters) counters[name] = value;
  }
  return expected == ours.sorted();
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void write_rollups(sqlite3* db, const Accumulator& sums, GenerationStats& stats) {
  // Plain INSERT of the final sums in primary-key order: the upsert adds each delta, so the table holds
  // these sums either way; sorted inserts keep the 10 M-contact build within minutes.
  std::vector<const std::pair<const std::string, std::vector<std::int64_t>>*> keys;
  keys.reserve(sums.keys());
  for (const auto& entry : sums.sums()) keys.push_back(&entry);
  std::sort(keys.begin(), keys.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::vector<std::size_t> by_name(sums.names().size());
  for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(), [&](std::size_t a, std::size_t b) { return sums.names()[a] < sums.names()[b]; });
  Statement insert(db, "INSERT INTO rollup_counter (rollup, period, district_id, team_id, dims, counter, value) "
                       "VALUES ('contact_daily', ?1, ?2, ?3, ?4, ?5, ?6)");
  for (const auto* entry : keys) {
    const std::string& key = entry->first;
    const auto a = key.find(kSep), b = key.find(kSep, a + 1), c = key.find(kSep, b + 1);
    insert.text(1, key.substr(0, a));
    insert.text(2, key.substr(a + 1, b - a - 1));
    insert.text(3, key.substr(b + 1, c - b - 1));
    insert.text(4, key.substr(c + 1));
    for (std::size_t id : by_name) {
      if (id >= entry->second.size() || entry->second[id] == 0) continue;
      insert.text(5, sums.names()[id]);
      insert.integer(6, entry->second[id]);
      insert.run(db);
      ++stats.rollup_counter_rows;
    }
  }
  stats.rollup_keys = static_cast<std::int64_t>(keys.size());
}

}  // namespace

GenerationStats generate(sqlite3* db, std::int64_t contacts, std::uint64_t seed) {
  GenerationStats stats;
  stats.contacts = contacts;
  stats.sample_matches_rollup_set = sample_matches(seed ^ 0x5A5A5A5AULL);
  exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
  exec(db, std::string(kRawSchema));
  exec(db, std::string(an::kRollupSchemaSql));
  exec(db, "BEGIN");
  Accumulator sums;
  {
    Statement insert(db, "INSERT INTO contact_raw VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)");
    Rng rng{seed};
    for (std::int64_t i = 0; i < contacts; ++i) {
      auto start = std::chrono::steady_clock::now();
      const Generated g = make_contact(rng, i);
      sums.add(deltas_of(g));
      stats.seconds_facts += seconds_since(start);
      start = std::chrono::steady_clock::now();
      insert_raw(insert, db, g);
      stats.seconds_raw += seconds_since(start);
    }
  }
  const auto start = std::chrono::steady_clock::now();
  write_rollups(db, sums, stats);
  exec(db, "COMMIT");
  exec(db, "ANALYZE");
  stats.seconds_rollup = seconds_since(start);
  const auto month_start = std::chrono::steady_clock::now();
  const std::string table(kMonthlyTable);
  exec(db, "CREATE TABLE " + table + " (month TEXT NOT NULL, district_id TEXT NOT NULL, team_id TEXT NOT NULL, "
           "dims TEXT NOT NULL, counter TEXT NOT NULL, value INTEGER NOT NULL, "
           "PRIMARY KEY (month, district_id, team_id, dims, counter)) WITHOUT ROWID");
  exec(db, "INSERT INTO " + table + " SELECT substr(period, 1, 7), district_id, team_id, dims, counter, sum(value) "
           "FROM rollup_counter WHERE rollup = 'contact_daily' GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
  stats.monthly_rows = sqlite3_changes(db);
  exec(db, "ANALYZE");
  stats.seconds_monthly = seconds_since(month_start);
  return stats;
}

}  // namespace faltlogg::bench
