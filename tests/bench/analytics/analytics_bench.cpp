// Analytics benchmark (issue 6): the criteria report and a two-way aggregate over a year of N generated
// field contacts, from the rollup table and the library's evaluation, beside the same numbers from a plain
// SQLite GROUP BY over the raw table, in the same run. Both answers are compared; a mismatch aborts.
// Usage: analytics_bench [--contacts N] [--rounds R] [--seed S]
#include "bench_data.hpp"
#include "bench_queries.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
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
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
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
  std::printf("%-34s %10lld %9.1f %9.1f %11.1f %11.1f %8.1fx\n", name.c_str(), static_cast<long long>(n),
              ours.median(), ours.max(), theirs.median(), theirs.max(), theirs.median() / ours.median());
}

int run(const Options& options) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("faltlogg-analytics-bench-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "bench.sqlite";
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + file.string());
  int status = 0;
  try {
    std::printf("generating %lld contacts in %s ...\n", static_cast<long long>(options.contacts), dir.c_str());
    const GenerationStats stats = generate(db, options.contacts, options.seed);
    std::printf("generated %lld contacts: facts %.1f s, raw table %.1f s, rollups %.1f s; %lld rollup keys, "
                "%lld rollup_counter rows; monthly prototype %lld rows in %.1f s; file %.0f MB\n",
                static_cast<long long>(stats.contacts), stats.seconds_facts, stats.seconds_raw, stats.seconds_rollup,
                static_cast<long long>(stats.rollup_keys), static_cast<long long>(stats.rollup_counter_rows),
                static_cast<long long>(stats.monthly_rows), stats.seconds_monthly,
                static_cast<double>(std::filesystem::file_size(file)) / 1e6);
    if (!stats.sample_matches_rollup_set) throw std::runtime_error("bulk rollups differ from RollupSet::apply");
    const Year year = bench_year();
    const auto report = measure(options.rounds, [&] { return criteria_from_rollups(db, year); },
                                [&] { return criteria_from_group_by(db, year); }, same_criteria);
    const ReadSplit daily_split = last_split();
    const auto monthly = measure(options.rounds, [&] { return criteria_from_monthly_prototype(db, year); },
                                 [&] { return criteria_from_group_by(db, year); }, same_criteria);
    const ReadSplit monthly_split = last_split();
    const auto table = measure(options.rounds, [&] { return aggregate_from_rollups(db, year); },
                               [&] { return aggregate_from_group_by(db, year); }, same_table);
    std::printf("\n%-34s %10s %9s %9s %11s %11s %9s\n", "case", "N", "ours med", "ours max", "GROUP BY med",
                "GROUP BY max", "ratio");
    print_row("criteria C1-C9, all districts, year", options.contacts, report.first, report.second);
    print_row("criteria, monthly prototype", options.contacts, monthly.first, monthly.second);
    print_row("contacts district x arena, year, k=5", options.contacts, table.first, table.second);
    std::printf("\nlast round, rollup side: daily %zu keys, read %.1f ms + evaluate %.1f ms; "
                "monthly prototype %zu keys, read %.1f ms + evaluate %.1f ms\n",
                daily_split.rows, daily_split.read_ms, daily_split.evaluate_ms, monthly_split.rows,
                monthly_split.read_ms, monthly_split.evaluate_ms);
    std::printf("ms over %d rounds after one warm-up; answers equal in every round. Goal: < 50 ms and >= 20x.\n",
                options.rounds);
  } catch (...) {
    sqlite3_close(db);
    std::filesystem::remove_all(dir);
    throw;
  }
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
  return status;
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
