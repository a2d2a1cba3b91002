// Analytics benchmark (issue 6, decision 0026): the server's own read path — criteria_report_from_store and
// build_aggregate_from_store over a SqliteStore whose rollups RollupWriter wrote — over a year of N generated
// field contacts, beside the same numbers from a plain SQLite GROUP BY over a raw table in the same file, in
// the same run. Both answers are compared every round; a mismatch aborts naming what differs.
// Usage: analytics_bench [--contacts N] [--rounds R] [--seed S] [--data DIR] [--ours-only]
//   --data DIR   keep the generated store in DIR, or reuse it when DIR already holds one (same N and seed are
//                the caller's promise; generating 10 M takes ~9 minutes)
//   --ours-only  time only the store side of every case (for perf record; no GROUP BY, no comparison)
//   --case X     with --ours-only: only case X (a..e)
#include "bench_data.hpp"
#include "bench_queries.hpp"
#include "store_probe.hpp"
#include "store/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace faltlogg::bench;

struct Options {
  std::int64_t contacts = 10'000'000;
  int rounds = 7;
  std::uint64_t seed = 20250101;
  std::string data_dir;  // empty: a temporary directory, removed at the end
  bool ours_only = false;
  std::string only_case;  // with ours_only: "a".."e", empty for all
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--ours-only") {
      options.ours_only = true;
      continue;
    }
    if (arg == "--case" && i + 1 < argc) {
      options.only_case = argv[++i];
      continue;
    }
    if (arg == "--data" && i + 1 < argc) {
      options.data_dir = argv[++i];
      continue;
    }
    if (i + 1 >= argc) throw std::invalid_argument("missing value after " + arg);
    const long long value = std::stoll(argv[++i]);
    if (value <= 0) throw std::invalid_argument(arg + " must be positive");
    if (arg == "--contacts") options.contacts = value;
    else if (arg == "--rounds") options.rounds = static_cast<int>(value);
    else if (arg == "--seed") options.seed = static_cast<std::uint64_t>(value);
    else throw std::invalid_argument("unknown option " + arg);
  }
  return options;
}

struct Timing {
  std::vector<double> ms;
  double median() const {
    auto sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
  }
  double max() const { return *std::max_element(ms.begin(), ms.end()); }
};

double time_ms(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// One warm-up each, then alternating rounds so outside load on a shared machine hits both sides alike.
// Every round's answers are checked, not just the first.
template <typename Ours, typename Theirs, typename Same>
std::pair<Timing, Timing> measure(int rounds, Ours ours, Theirs theirs, Same same) {
  if (!same(ours(), theirs())) throw std::runtime_error("answers differ on the warm-up round");
  Timing a, b;
  for (int round = 0; round < rounds; ++round) {
    decltype(ours()) x;
    decltype(theirs()) y;
    a.ms.push_back(time_ms([&] { x = ours(); }));
    b.ms.push_back(time_ms([&] { y = theirs(); }));
    if (!same(x, y)) throw std::runtime_error("answers differ in round " + std::to_string(round + 1));
  }
  return {a, b};
}

void print_row(const std::string& name, std::int64_t n, const Timing& ours, const Timing& theirs) {
  std::printf("%-46s %10lld %9.1f %9.1f %12.1f %12.1f %8.1fx\n", name.c_str(), static_cast<long long>(n),
              ours.median(), ours.max(), theirs.median(), theirs.max(), theirs.median() / ours.median());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One extra call of a store-side case through a ProbeStore: how much of it is rollup_rows().
struct Split {
  double total_ms = 0;
  double read_ms = 0;
  std::size_t rows = 0;
  int queries = 0;
};

template <typename Case>
Split split_of(faltlogg::server::Store& store, Case run_case) {
  ProbeStore probe(store);
  Split split;
  split.total_ms = time_ms([&] { run_case(probe); });
  split.read_ms = probe.read_ms;
  split.rows = probe.rows;
  split.queries = probe.queries;
  return split;
}

void print_split(const std::string& name, const Split& split) {
  std::printf("  %-44s %8.1f ms = rollup_rows %8.1f ms (%d queries, %7zu rows) + evaluation %8.1f ms\n",
              name.c_str(), split.total_ms, split.read_ms, split.queries, split.rows, split.total_ms - split.read_ms);
}

// Row counts of the generated file, per rollup grain and of the raw table.
void print_counts(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  const char* sql =
      "SELECT 'rollup_cell ' || grain, count(*) FROM rollup_cell GROUP BY grain "
      "UNION ALL SELECT 'contact_raw', count(*) FROM contact_raw";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::printf("  %-28s %12lld rows\n", reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                static_cast<long long>(sqlite3_column_int64(stmt, 1)));
  }
  sqlite3_finalize(stmt);
}

void generate_and_report(const std::filesystem::path& data, const std::filesystem::path& file, const Options& options) {
  std::printf("generating %lld contacts in %s ...\n", static_cast<long long>(options.contacts), data.c_str());
  const auto generation_start = std::chrono::steady_clock::now();
  const GenerationStats stats = generate(data, options.contacts, options.seed);
  std::printf("generated %lld contacts in %.1f s (%s, %d transactions): schema %.1f s, facts %.1f s, "
              "contact_raw %.1f s, RollupWriter::add %.1f s, flush + commit %.1f s; file %.0f MB\n",
              static_cast<long long>(stats.contacts), seconds_since(generation_start), stats.pragmas.c_str(),
              stats.transactions, stats.seconds_schema, stats.seconds_facts, stats.seconds_raw,
              stats.seconds_rollup_add, stats.seconds_flush, static_cast<double>(std::filesystem::file_size(file)) / 1e6);
}

// The store side alone, R rounds per case, for a profiler; prints medians so a run still says something.
void run_ours_only(int rounds, const std::string& only, faltlogg::server::Store& store,
                   const std::vector<std::function<void(faltlogg::server::Store&)>>& cases) {
  const char* names = "abcde";
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (!only.empty() && only[0] != names[i]) continue;
    Timing timing;
    for (int round = 0; round < rounds; ++round) timing.ms.push_back(time_ms([&] { cases[i](store); }));
    std::printf("%c: median %.1f ms, max %.1f ms over %d rounds (store side only)\n", names[i], timing.median(),
                timing.max(), rounds);
  }
}

int run(const Options& options) {
  const bool keep = !options.data_dir.empty();
  const auto dir = keep ? std::filesystem::path(options.data_dir)
                        : std::filesystem::temp_directory_path() /
                              ("faltlogg-analytics-bench-" +
                               std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  sqlite3* db = nullptr;
  try {
    // The store must read back at every grain exactly what RollupSet::apply makes of the same deltas.
    const std::string sample = check_store_against_rollup_set(dir / "sample", 3000, options.seed ^ 0x5A5A5A5AULL);
    if (!sample.empty()) throw std::runtime_error("store rollups differ from RollupSet::apply on a sample: " + sample);
    std::filesystem::remove_all(dir / "sample");
    std::printf("sample of 3000 contacts: SqliteStore::rollup_rows equals RollupSet::apply at every grain\n");

    const auto data = dir / "data";
    const auto file = faltlogg::server::SqliteStore::database_file(data);
    if (keep && std::filesystem::exists(file)) {
      std::printf("reusing the store in %s (generated earlier with --data)\n", data.c_str());
    } else {
      generate_and_report(data, file, options);
    }

    const auto open_start = std::chrono::steady_clock::now();
    faltlogg::server::SqliteStore store(data);  // the server's settings: WAL, migrations, reader pool
    std::printf("SqliteStore reopened in %.1f s\n", seconds_since(open_start));
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + file.string());
    }
    print_counts(db);

    const Period year = bench_year();
    const Period part{std::to_string(kBenchYear) + "-03-15", std::to_string(kBenchYear) + "-04-14"};
    const Team team{district_id(1), team_id(1, 1)};
    using faltlogg::server::Store;
    const auto case_a = [&](Store& s) { return criteria_from_store(s, year, std::nullopt); };
    const auto case_b = [&](Store& s) { return aggregate_from_store(s, year); };
    const auto case_c = [&](Store& s) { return criteria_from_store(s, part, std::nullopt); };
    const auto case_d = [&](Store& s) { return criteria_from_store(s, year, team); };
    const auto case_e = [&](Store& s) { return criteria_from_store(s, part, team); };
    if (options.ours_only) {
      run_ours_only(options.rounds, options.only_case, store, {case_a, case_b, case_c, case_d, case_e});
      sqlite3_close(db);
      if (!keep) std::filesystem::remove_all(dir);
      return 0;
    }
    const auto all = measure(options.rounds, [&] { return case_a(store); },
                             [&] { return criteria_from_group_by(db, year, std::nullopt); }, same_criteria);
    const auto table = measure(options.rounds, [&] { return case_b(store); },
                               [&] { return aggregate_from_group_by(db, year); }, same_table);
    const auto days = measure(options.rounds, [&] { return case_c(store); },
                              [&] { return criteria_from_group_by(db, part, std::nullopt); }, same_criteria);
    const auto lead = measure(options.rounds, [&] { return case_d(store); },
                              [&] { return criteria_from_group_by(db, year, team); }, same_criteria);
    const auto lead_days = measure(options.rounds, [&] { return case_e(store); },
                                   [&] { return criteria_from_group_by(db, part, team); }, same_criteria);
    const Split split_a = split_of(store, case_a), split_b = split_of(store, case_b);
    const Split split_c = split_of(store, case_c), split_d = split_of(store, case_d);
    const Split split_e = split_of(store, case_e);
    std::printf("\n%-46s %10s %9s %9s %12s %12s %9s\n", "case", "N", "ours med", "ours max", "GROUP BY med",
                "GROUP BY max", "ratio");
    print_row("a. criteria C1-C9, all districts, 2025", options.contacts, all.first, all.second);
    print_row("b. contacts district x arena, 2025, k=5", options.contacts, table.first, table.second);
    print_row("c. criteria, all districts, " + part.from.substr(5) + ".." + part.to.substr(5), options.contacts,
              days.first, days.second);
    print_row("d. criteria, team " + team.team_id + ", 2025", options.contacts, lead.first, lead.second);
    print_row("e. criteria, team " + team.team_id + ", " + part.from.substr(5) + ".." + part.to.substr(5),
              options.contacts, lead_days.first, lead_days.second);
    std::printf("ms over %d rounds after one warm-up, alternating; answers equal in every round. "
                "Goal for a and b: < 50 ms and >= 20x.\n", options.rounds);
    std::printf("\nwhere the store side spends its time (one extra call each):\n");
    print_split("a", split_a);
    print_split("b", split_b);
    print_split("c", split_c);
    print_split("d", split_d);
    print_split("e", split_e);
  } catch (...) {
    sqlite3_close(db);
    if (!keep) std::filesystem::remove_all(dir);
    throw;
  }
  sqlite3_close(db);
  if (!keep) std::filesystem::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows even when stdout is a file
  try {
    return run(parse_options(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "analytics_bench: " << e.what() << "\n";
    return 1;
  }
}
