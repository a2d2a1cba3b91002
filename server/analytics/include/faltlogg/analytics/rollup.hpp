// Rollups: additive counters per (period, district, team, dimensions). A record contributes its facts with
// sign +1 when stored and -1 when replaced or deleted, so an edit is "subtract the old, add the new" and
// every rollup equals the sum over the records that are not deleted, whatever order writes arrived in.
#pragma once

#include "faltlogg/core/result.hpp"

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

struct RollupKey {
  RollupKind kind = RollupKind::contact_daily;
  std::string period;  // Stockholm local "YYYY-MM-DD" for daily kinds, "YYYY-MM" for case_monthly
  std::string district_id;
  std::string team_id;
  std::map<std::string, std::string> dimensions;

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

// SQLite (3.24+ upsert) schema and statements for the rollup rows, for the store's migration.
// One row per (rollup, period, district, team, dimensions, counter); the upsert adds a signed delta.
extern const std::string_view kRollupSchemaSql;
// Parameters: ?1 rollup, ?2 period, ?3 district_id, ?4 team_id, ?5 dims, ?6 counter, ?7 delta. It RETURNs
// the new value: the store must roll the whole transaction back when that is negative (facts removed that
// were never added), as RollupSet::apply refuses it; a first insert of a negative delta returns it as is.
extern const std::string_view kRollupUpsertSql;
// Same key parameters ?1..?6; removes a counter that came back to zero so deleted data leaves no trace.
extern const std::string_view kRollupDeleteZeroSql;

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
// case_monthly: least-squares sums over (t = day number, r = goal rating) so the trend of a case over any
// run of months is exact and still invertible.
inline constexpr std::string_view rating_sum_t = "rating_sum_t";
inline constexpr std::string_view rating_sum_tt = "rating_sum_tt";
inline constexpr std::string_view rating_sum_tr = "rating_sum_tr";
}  // namespace counter

}  // namespace faltlogg::server::analytics
