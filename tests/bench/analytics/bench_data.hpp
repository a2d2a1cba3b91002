// Synthetic field contacts for the analytics benchmark, written to a server database file twice: as raw
// facts (what a plain GROUP BY needs) and as the server's own rollups (rollup_cell at every grain),
// written by RollupWriter from facts_for_record + rollup_deltas, so both sides count the same contacts.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
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

// Ids the rollups carry (RecordContext): district "D<d>", team "D<d>-T<t>".
std::string district_id(int district);  // 1-based
std::string team_id(int district, int team);

struct GenerationStats {
  std::int64_t contacts = 0;
  int transactions = 0;           // one per month: RollupWriter::flush() + commit
  double seconds_schema = 0;      // SqliteStore constructed (migrations) and closed
  double seconds_facts = 0;       // records built and run through facts_for_record + rollup_deltas
  double seconds_raw = 0;         // contact_raw rows inserted
  double seconds_rollup_add = 0;  // RollupWriter::add
  double seconds_flush = 0;       // RollupWriter::flush (coarser grains, select + upsert per key) + commit
  std::string pragmas;            // what generation ran with (not what the server runs with)
};

// Creates the server's database in `data_dir` (SqliteStore, so the schema is the migrations'), closes it,
// then fills `contact_raw` and the rollups with `contacts` generated field contacts over kBenchYear, in day
// order, one transaction per month (deterministic for a given seed). Throws on failure.
GenerationStats generate(const std::filesystem::path& data_dir, std::int64_t contacts, std::uint64_t seed);

// On `contacts` generated contacts in a fresh store in `data_dir`: the rows SqliteStore::rollup_rows reads
// back at every grain equal RollupSet::apply of the same deltas (with_coarser_grains for the coarse
// grains). Returns an empty string when equal, else where they first differ.
std::string check_store_against_rollup_set(const std::filesystem::path& data_dir, int contacts, std::uint64_t seed);

}  // namespace faltlogg::bench
