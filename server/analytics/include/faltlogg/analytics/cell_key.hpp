// Disclosure control by the cell-key method (decision 0027; ABS TableBuilder, ONS and Eurostat census
// outputs). Every record carries a secret pseudo-random key; the rollups carry the sum of the keys as one
// more additive counter, so any published cell knows the key of exactly the records behind it. The
// published value is the true value plus noise looked up by (value, cell key): the same records always
// give the same number, whichever table, order, period or request they are published in, and any change
// to the records behind a cell (a late record, an edit, a deletion) draws new noise.
#pragma once

#include "faltlogg/core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace faltlogg::server::analytics {

// The counter that carries the sum of record keys in every rollup row. It is never a measure: aggregates
// and criteria packs cannot name it (is_known_counter says no), and nothing renders it.
inline constexpr std::string_view kRecordKeyCounter = "record_key_sum";

// A record's key in [0, 2^32): keyed BLAKE2b of its id under the server secret (the case key secret,
// domain-separated), so an edit keeps its key and nobody without the secret can compute it. With a
// secret shorter than 16 bytes (unit tests only) the hash is unkeyed.
std::uint32_t record_key(std::string_view record_id, std::string_view secret);
// A family case's key for distinct-case counts, from its (already keyed) case pseudonym.
std::uint32_t case_record_key(std::string_view case_key_hex);
// A case-month's key (F1's case-months), from the case's key and the month "YYYY-MM".
std::uint32_t case_month_key(std::string_view case_key_hex, std::string_view month);

struct CellKeyPolicy {
  int k = 5;            // values 1..k-1 are never published; the admin may choose 3-10
  int max_noise = 20;   // D: |published - true| <= D for true values >= k; small values publish in [k, k+D]
};
inline constexpr int kCellKeyMaxNoise = 20;

// The perturbation table, as a function: 0 stays 0; a value 1..k-1 publishes as k + g, where g does not
// depend on the value (so the published number says nothing about which small value it was); a value
// v >= k publishes as v + p, p two-sided geometric (P(p) proportional to 0.5^|p|, |p| <= D), and when
// v + p would fall below k it publishes as k + g instead. `draw` is the cell's 64-bit uniform key.
std::int64_t perturb_value(std::int64_t value, std::uint64_t draw, const CellKeyPolicy& policy);

// The cell's draw for one measure: the key sum modulo 2^32 mixed with the measure's name, so every
// measure of a cell gets its own independent-looking noise and the record count of the same records
// ("" as measure) gets the same noise in every table and report.
std::uint64_t cell_draw(std::int64_t key_sum, std::string_view measure);

// A cell as the rollups give it: `records` (contacts, sessions or cases) behind it, their key sum, and
// the true value of the measure. The record count is protected as itself; any other measure is first
// scaled to the protected record count (a cell of one 45-minute contact published as 7 contacts shows
// 7 x 45 minutes), then perturbed with its own draw. A cell whose protected record count is 0 publishes
// 0 for every measure. `measure` names the quantity ("" for the record count itself).
struct CellBasis {
  std::int64_t records = 0;
  std::int64_t key_sum = 0;
};
std::int64_t protect_count(const CellBasis& cell, const CellKeyPolicy& policy);
std::int64_t protect_measure(const CellBasis& cell, std::int64_t value, std::string_view measure,
                             const CellKeyPolicy& policy);

// What every protected output says about its numbers (JSON "disclosure_control", CSV header lines).
inline constexpr std::string_view kCellKeyMethod = "cell_key";
inline constexpr std::string_view kCellKeyRule =
    "values are perturbed by the cell-key method: the same records always give the same number; 0 means no "
    "records; a value 1..k-1 is never published; other values differ from the true one by at most max_noise "
    "(most by 0-2), so totals and shares do not add up exactly";
inline constexpr std::string_view kExactRule = "exact numbers of your own team";

}  // namespace faltlogg::server::analytics
