// Rollups: additive counters per (period, district, team, dimensions). A record contributes its facts with
// sign +1 when stored and -1 when replaced or deleted, so an edit is "subtract the old, add the new" and
// every rollup equals the sum over the records that are not deleted, whatever order writes arrived in.
#pragma once

#include "faltlogg/core/result.hpp"

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faltlogg::server::analytics {

enum class RollupKind {
  contact_daily,  // faltkontakt; dimensions arena, contact_kind, time_band
  session_daily,  // familjebehandling; dimensions setting, session_kind, basis, time_band
  case_monthly,   // familjebehandling per pseudonymous case and month; dimension case_key
};
std::string_view to_string(RollupKind kind);
std::optional<RollupKind> rollup_kind_from_string(std::string_view text);

// How coarse a stored row is (decision 0026). Every record contributes at its kind's own grain (`base`:
// a day for the daily kinds, a month for case_monthly); the store keeps the daily kinds' rows summed
// three more ways in the same transaction, so reports over whole months read a few thousand rows
// instead of millions:
enum class RollupGrain {
  base,            // period = day (daily kinds) or month (case_monthly); district, team and dimensions
  month,           // period = month; district, team and dimensions (team leads' whole-month reports)
  district_month,  // period = month; district and dimensions, team_id "" (evaluators, all districts)
  team_month,      // period = month; district and team, no dimensions (team-months for per_team_month)
};
std::string_view to_string(RollupGrain grain);
std::optional<RollupGrain> rollup_grain_from_string(std::string_view text);

struct RollupKey {
  RollupKind kind = RollupKind::contact_daily;
  std::string period;  // Stockholm local "YYYY-MM-DD" for daily kinds, "YYYY-MM" for case_monthly
  std::string district_id;
  std::string team_id;
  std::map<std::string, std::string> dimensions;
  RollupGrain grain = RollupGrain::base;  // last, so {kind, period, district, team, dims} stays a base key

  friend auto operator<=>(const RollupKey&, const RollupKey&) = default;
  friend bool operator==(const RollupKey&, const RollupKey&) = default;
};

using Counters = std::map<std::string, std::int64_t, std::less<>>;

struct RollupRow {
  RollupKey key;
  Counters counters;
  friend bool operator==(const RollupRow&, const RollupRow&) = default;
};

// What one record contributes to the rollups; empty for a deleted record.
struct RecordFacts {
  std::vector<RollupRow> contributions;
};

// The facts times sign (+1 add, -1 remove).
std::vector<RollupRow> rollup_deltas(const RecordFacts& facts, int sign);
// Replacing `before` by `after` (either may be null: insert, delete), merged per key; counters that
// cancel out are left out so an edit that changes nothing rollup-relevant yields no deltas.
std::vector<RollupRow> rollup_deltas_for_change(const RecordFacts* before, const RecordFacts* after);

// The deltas at every stored grain: `base_deltas` (rows of grain base) followed by their sums per
// month, per district-month and per team-month for the daily kinds. case_monthly rows only exist at base.
// Summing is linear, so the coarse rows of a change are the coarse sums of its deltas.
std::vector<RollupRow> with_coarser_grains(std::vector<RollupRow> base_deltas);

// Whether a row counts in the inclusive period [from, to] (Stockholm local dates): base rows of daily
// kinds by their day, month-period rows when their month overlaps the period.
bool row_in_period(const RollupKey& key, std::chrono::year_month_day from, std::chrono::year_month_day to);

// In-memory rollups (rebuilds, tests, reports over a loaded slice); the server keeps the same rows in SQLite.
class RollupSet {
 public:
  // All or nothing: a delta that would drive a counter below zero (removing facts never added) is refused
  // with a Problem ("rollup_inconsistent") and the set is left unchanged.
  core::Status apply(const std::vector<RollupRow>& deltas);
  std::vector<RollupRow> rows() const;
  const Counters* find(const RollupKey& key) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::map<RollupKey, Counters> rows_;
};

// The dimensions a kind's rows carry, the counter that counts its records (contacts or sessions), and
// whether a counter name can occur in it (fixed names, or a known prefix followed by an option value).
const std::vector<std::string_view>& dimensions_of(RollupKind kind);
std::string_view record_counter(RollupKind kind);
bool is_known_counter(RollupKind kind, std::string_view name);

// The value a row has for a grouping dimension: "day", "week" ("2026-W25"), "month", "district_id",
// "team_id", or one of the row's own dimensions. nullopt when the row has no such dimension.
std::optional<std::string> dimension_value(const RollupKey& key, std::string_view dimension);

// Canonical text of the dimensions for storage ("arena=skola;contact_kind=relation;time_band=dag"),
// with '%', ';' and '=' percent-escaped so that no value can forge another dimension.
std::string encode_dimensions(const std::map<std::string, std::string>& dimensions);
std::optional<std::map<std::string, std::string>> decode_dimensions(std::string_view text);

// Stored form (decision 0026): one SQLite row per key and grain, its counters in one blob. A counter is
// named once in rollup_counter_name and referred to by id; the blob holds (id, value) pairs as LEB128
// varints, ids ascending, values zigzag-encoded. Counters that are zero are left out; a row whose
// counters are all zero is deleted, so deleted data leaves no trace.
using CounterIds = std::vector<std::pair<std::uint32_t, std::int64_t>>;
std::string encode_counter_blob(const CounterIds& counters);
// nullopt for a blob this code did not write (truncated, ids not ascending, a zero value).
std::optional<CounterIds> decode_counter_blob(std::string_view blob);
// The same walk without building a vector: calls on_counter(id, value) for each pair in order, and returns
// false (having called it for a prefix only) for a blob decode_counter_blob refuses. For the read path,
// where a report decodes tens of thousands of blobs.
template <typename OnCounter>
bool visit_counter_blob(std::string_view blob, OnCounter on_counter) {
  std::size_t at = 0;
  auto get = [&](std::uint64_t& value) {
    value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= blob.size()) return false;
      const auto byte = static_cast<unsigned char>(blob[at++]);
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  };
  std::uint64_t previous = 0;
  bool first = true;
  while (at < blob.size()) {
    std::uint64_t id = 0, zigzag = 0;
    if (!get(id) || !get(zigzag) || id > 0xFFFFFFFFULL) return false;
    const auto value = static_cast<std::int64_t>((zigzag >> 1) ^ (~(zigzag & 1) + 1));
    if (value == 0 || (!first && previous >= id)) return false;
    on_counter(static_cast<std::uint32_t>(id), value);
    previous = id;
    first = false;
  }
  return true;
}

// The statements that read and write the rollup tables; the tables themselves are the store's numbered
// migration 0006_rollup_cells.sql (SQLite) and its PostgreSQL twin.
// Parameters ?1 grain, ?2 rollup, ?3 period, ?4 district_id, ?5 team_id, ?6 dims (encode_dimensions).
extern const std::string_view kRollupSelectCellSql;  // -> counters
extern const std::string_view kRollupDeleteCellSql;
extern const std::string_view kRollupUpsertCellSql;  // ?7 counters blob

// Well-known counter names. Multi-choice and grid values are counted under "<prefix><option value>"
// so a new option in a form pack needs no code change.
namespace counter {
inline constexpr std::string_view contacts = "contacts";
inline constexpr std::string_view minutes = "minutes";
inline constexpr std::string_view youths = "youths";                  // all youths met
inline constexpr std::string_view youths_prefix = "youths.";          // youths.<gender> and youths.<age band>
inline constexpr std::string_view parents = "parents";                // parents met (people)
inline constexpr std::string_view contacts_in_pair = "contacts_in_pair";
inline constexpr std::string_view contacts_with_parents = "contacts_with_parents";
inline constexpr std::string_view contacts_with_concern = "contacts_with_concern";
inline constexpr std::string_view contacts_with_concern_and_referral = "contacts_with_concern_and_referral";
inline constexpr std::string_view collaboration_contacts = "collaboration_contacts";
inline constexpr std::string_view synced_within_72h = "synced_within_72h";
// Review state (decision 0074), on contact_daily and session_daily rows: reviewed at all, latest review
// "needs_changes" (D2), first review within 14 days of arrival (D3).
inline constexpr std::string_view reviewed = "reviewed";
inline constexpr std::string_view needs_changes = "needs_changes";
inline constexpr std::string_view reviewed_within_14d = "reviewed_within_14d";
inline constexpr std::string_view concern_prefix = "concern.";
inline constexpr std::string_view action_prefix = "action.";
inline constexpr std::string_view partner_prefix = "partner.";
inline constexpr std::string_view sessions = "sessions";
inline constexpr std::string_view sessions_child_heard = "sessions_child_heard";
inline constexpr std::string_view goal_ratings = "goal_ratings";
inline constexpr std::string_view goal_rating_sum = "goal_rating_sum";
inline constexpr std::string_view participant_prefix = "participant.";
inline constexpr std::string_view focus_prefix = "focus.";
inline constexpr std::string_view method_prefix = "method.";
// Version 2 (decision 0070), counted for v1 records through the v1 -> v2 mapping too.
inline constexpr std::string_view kontakt_prefix = "kontakt.";      // kontakt.ny, kontakt.kand, ...
inline constexpr std::string_view aktivitet_prefix = "aktivitet.";  // aktivitet.<one of ten>
// C4: contacts outside school and collaboration meetings, and those of them done in pairs.
inline constexpr std::string_view pair_eligible = "pair_eligible";
inline constexpr std::string_view pair_eligible_in_pair = "pair_eligible_in_pair";
// C10: young people seen (never fewer than those talked with) and talked with, where seen was given.
inline constexpr std::string_view unga_sedda = "unga_sedda";
inline constexpr std::string_view youths_where_seen = "youths_where_seen";
// The case record familjearende v1, on case_monthly rows keyed by the case: its start month and its
// closing month. Counted per distinct case (decision 0072).
inline constexpr std::string_view cases_started = "cases_started";
inline constexpr std::string_view cases_closed = "cases_closed";
inline constexpr std::string_view case_children = "case_children";
inline constexpr std::string_view cases_manual = "cases_manual";
inline constexpr std::string_view case_weeks = "case_weeks";  // insats length at closing, whole weeks
inline constexpr std::string_view malgrupp_prefix = "malgrupp.";  // malgrupp.alder_<band>, malgrupp.kon_<gender>
inline constexpr std::string_view grund_prefix = "grund.";
inline constexpr std::string_view kategori_prefix = "kategori.";
inline constexpr std::string_view anledning_prefix = "anledning.";
inline constexpr std::string_view avslut_prefix = "avslut.";
// case_monthly: least-squares sums over (t = day number, r = goal rating) so the trend of a case over any
// run of months is exact and still invertible.
inline constexpr std::string_view rating_sum_t = "rating_sum_t";
inline constexpr std::string_view rating_sum_tt = "rating_sum_tt";
inline constexpr std::string_view rating_sum_tr = "rating_sum_tr";
}  // namespace counter

}  // namespace faltlogg::server::analytics
