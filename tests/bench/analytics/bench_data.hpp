// Synthetic field contacts for the analytics benchmark, written to a real SQLite file twice: as raw facts
// (what a plain GROUP BY needs) and as the library's rollup_counter table, filled through
// facts_for_record + rollup_deltas, so both sides of the benchmark count the same contacts.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace faltlogg::bench {

inline constexpr int kDistricts = 8;
inline constexpr int kTeamsPerDistrict = 5;
inline constexpr int kBenchYear = 2025;

// Option lists of faltkontakt v1 in form order; the raw table stores multi-choice fields as bit masks
// over these indices.
extern const std::vector<std::string> kArenas;
extern const std::vector<std::string> kContactKinds;
extern const std::vector<std::string> kConcerns;  // "ingen" is the last one
extern const std::vector<std::string> kActions;
extern const std::vector<std::string> kPartners;
extern const std::vector<std::string> kAgeBands;

// Prototype monthly level: rollup_counter summed per month, same columns but `month` for `period`.
inline constexpr std::string_view kMonthlyTable = "rollup_month_prototype";

struct GenerationStats {
  std::int64_t contacts = 0;
  std::int64_t rollup_keys = 0;
  std::int64_t rollup_counter_rows = 0;
  double seconds_facts = 0;     // records built and run through facts_for_record + rollup_deltas
  double seconds_raw = 0;       // raw table written
  double seconds_rollup = 0;    // rollup_counter written
  double seconds_monthly = 0;   // the monthly prototype summed from rollup_counter
  std::int64_t monthly_rows = 0;
  bool sample_matches_rollup_set = false;  // our accumulation equals RollupSet::apply on a sample
};

// Creates tables `contact_raw` and the rollup schema in `db` and fills them with `contacts` generated
// field contacts over kBenchYear (deterministic for a given seed). Throws std::runtime_error on failure.
GenerationStats generate(sqlite3* db, std::int64_t contacts, std::uint64_t seed);

}  // namespace faltlogg::bench
