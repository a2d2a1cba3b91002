#include "faltlogg/analytics/rollup.hpp"

#include "faltlogg/analytics/calendar.hpp"

#include <algorithm>
#include <limits>

namespace faltlogg::server::analytics {

namespace {

void add_scaled(Counters& into, const Counters& from, std::int64_t sign) {
  for (const auto& [name, value] : from) {
    auto& slot = into[name];
    slot += sign * value;
    if (slot == 0) into.erase(name);
  }
}

std::string percent_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (c == '%' || c == ';' || c == '=') {
      out += '%';
      out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      out += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> percent_unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ';' || text[i] == '=') return std::nullopt;
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    const int high = hex(text[i + 1]);
    const int low = hex(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

}  // namespace

std::string_view to_string(RollupKind kind) {
  switch (kind) {
    case RollupKind::contact_daily: return "contact_daily";
    case RollupKind::session_daily: return "session_daily";
    case RollupKind::case_monthly: return "case_monthly";
  }
  return "contact_daily";
}

std::optional<RollupKind> rollup_kind_from_string(std::string_view text) {
  for (RollupKind kind : {RollupKind::contact_daily, RollupKind::session_daily, RollupKind::case_monthly}) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

std::string_view to_string(RollupGrain grain) {
  switch (grain) {
    case RollupGrain::base: return "base";
    case RollupGrain::month: return "month";
    case RollupGrain::district_month: return "district_month";
    case RollupGrain::team_month: return "team_month";
  }
  return "base";
}

std::optional<RollupGrain> rollup_grain_from_string(std::string_view text) {
  for (RollupGrain grain :
       {RollupGrain::base, RollupGrain::month, RollupGrain::district_month, RollupGrain::team_month}) {
    if (to_string(grain) == text) return grain;
  }
  return std::nullopt;
}

std::vector<RollupRow> with_coarser_grains(std::vector<RollupRow> base_deltas) {
  std::map<RollupKey, Counters> coarse;
  for (const RollupRow& row : base_deltas) {
    if (row.key.kind == RollupKind::case_monthly) continue;
    RollupKey month = row.key;
    month.period = row.key.period.substr(0, 7);
    month.grain = RollupGrain::month;
    add_scaled(coarse[month], row.counters, 1);
    RollupKey district = month;
    district.team_id.clear();
    district.grain = RollupGrain::district_month;
    add_scaled(coarse[district], row.counters, 1);
    RollupKey team = std::move(month);
    team.dimensions.clear();
    team.grain = RollupGrain::team_month;
    add_scaled(coarse[team], row.counters, 1);
  }
  // The base rows are taken, not copied: a push batch's flush hands over its own.
  for (auto& [key, counters] : coarse) {
    if (!counters.empty()) base_deltas.push_back(RollupRow{key, std::move(counters)});
  }
  return base_deltas;
}

bool row_in_period(const RollupKey& key, std::chrono::year_month_day from, std::chrono::year_month_day to) {
  if (key.kind == RollupKind::case_monthly || key.grain != RollupGrain::base) {
    return key.period >= format_month(from) && key.period <= format_month(to);
  }
  const auto day = parse_date(key.period);
  return day && std::chrono::sys_days{*day} >= std::chrono::sys_days{from} &&
         std::chrono::sys_days{*day} <= std::chrono::sys_days{to};
}

const std::vector<std::string_view>& dimensions_of(RollupKind kind) {
  static const std::vector<std::string_view> contact = {"aktivitet", "arena", "contact_kind", "time_band"};
  static const std::vector<std::string_view> session = {"basis", "session_kind", "setting", "time_band"};
  static const std::vector<std::string_view> case_month = {"case_key"};
  switch (kind) {
    case RollupKind::contact_daily: return contact;
    case RollupKind::session_daily: return session;
    case RollupKind::case_monthly: return case_month;
  }
  return contact;
}

std::string_view record_counter(RollupKind kind) {
  return kind == RollupKind::contact_daily ? counter::contacts : counter::sessions;
}

bool is_known_counter(RollupKind kind, std::string_view name) {
  using namespace counter;
  static const std::vector<std::string_view> contact_fixed = {
      contacts, minutes, youths, parents, contacts_in_pair, contacts_with_parents, contacts_with_concern,
      contacts_with_concern_and_referral, collaboration_contacts, synced_within_72h,
      pair_eligible, pair_eligible_in_pair, unga_sedda, youths_where_seen, reviewed, needs_changes,
      reviewed_within_14d};
  static const std::vector<std::string_view> contact_prefixes = {youths_prefix, concern_prefix, action_prefix,
                                                                 partner_prefix, kontakt_prefix, aktivitet_prefix};
  static const std::vector<std::string_view> session_fixed = {sessions, minutes, sessions_child_heard, goal_ratings,
                                                              goal_rating_sum, reviewed, needs_changes,
                                                              reviewed_within_14d};
  static const std::vector<std::string_view> session_prefixes = {participant_prefix, focus_prefix, method_prefix};
  static const std::vector<std::string_view> case_fixed = {sessions,      sessions_child_heard, goal_ratings,
                                                           goal_rating_sum, rating_sum_t,       rating_sum_tt,
                                                           rating_sum_tr, cases_started, cases_closed,
                                                           case_children, cases_manual, case_weeks};
  static const std::vector<std::string_view> case_prefixes = {malgrupp_prefix, grund_prefix, kategori_prefix,
                                                              anledning_prefix, avslut_prefix};
  const auto& fixed = kind == RollupKind::contact_daily   ? contact_fixed
                      : kind == RollupKind::session_daily ? session_fixed
                                                          : case_fixed;
  const auto& prefixes = kind == RollupKind::contact_daily   ? contact_prefixes
                         : kind == RollupKind::session_daily ? session_prefixes
                                                             : case_prefixes;
  if (std::find(fixed.begin(), fixed.end(), name) != fixed.end()) return true;
  for (std::string_view prefix : prefixes) {
    if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) {
      const std::string_view option = name.substr(prefix.size());
      return std::all_of(option.begin(), option.end(),
                         [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
    }
  }
  return false;
}

std::vector<RollupRow> rollup_deltas(const RecordFacts& facts, int sign) {
  std::vector<RollupRow> deltas;
  for (const RollupRow& row : facts.contributions) {
    RollupRow delta{row.key, {}};
    add_scaled(delta.counters, row.counters, sign);
    if (!delta.counters.empty()) deltas.push_back(std::move(delta));
  }
  return deltas;
}

std::vector<RollupRow> rollup_deltas_for_change(const RecordFacts* before, const RecordFacts* after) {
  std::map<RollupKey, Counters> merged;
  if (before != nullptr) {
    for (const RollupRow& row : before->contributions) add_scaled(merged[row.key], row.counters, -1);
  }
  if (after != nullptr) {
    for (const RollupRow& row : after->contributions) add_scaled(merged[row.key], row.counters, +1);
  }
  std::vector<RollupRow> deltas;
  for (auto& [key, counters] : merged) {
    if (!counters.empty()) deltas.push_back(RollupRow{key, std::move(counters)});
  }
  return deltas;
}

core::Status RollupSet::apply(const std::vector<RollupRow>& deltas) {
  // Check everything first, then change: only the touched counters are looked at, so applying one
  // record's deltas costs the same however large the set has grown.
  std::map<RollupKey, Counters> merged;
  for (const RollupRow& delta : deltas) add_scaled(merged[delta.key], delta.counters, 1);
  for (const auto& [key, counters] : merged) {
    const auto existing = rows_.find(key);
    for (const auto& [name, change] : counters) {
      std::int64_t current = 0;
      if (existing != rows_.end()) {
        const auto it = existing->second.find(name);
        if (it != existing->second.end()) current = it->second;
      }
      if (current + change < 0) {
        // Names only the counter, never a record: this is an internal inconsistency, not user input.
        return core::make_problem("rollup_inconsistent", 500, "Rollup inconsistent",
                                  "counter " + name + " of a " + std::string(to_string(key.kind)) +
                                      " rollup would become negative; nothing was applied");
      }
    }
  }
  for (const auto& [key, counters] : merged) {
    Counters& target = rows_[key];
    add_scaled(target, counters, 1);
    if (target.empty()) rows_.erase(key);
  }
  return core::Ok{};
}

std::vector<RollupRow> RollupSet::rows() const {
  std::vector<RollupRow> out;
  out.reserve(rows_.size());
  for (const auto& [key, counters] : rows_) out.push_back(RollupRow{key, counters});
  return out;
}

const Counters* RollupSet::find(const RollupKey& key) const {
  const auto it = rows_.find(key);
  return it == rows_.end() ? nullptr : &it->second;
}

std::optional<std::string> dimension_value(const RollupKey& key, std::string_view dimension) {
  if (dimension == "district_id") return key.district_id;
  if (dimension == "team_id") {
    return key.grain == RollupGrain::district_month ? std::nullopt : std::optional<std::string>(key.team_id);
  }
  if (dimension == "month") return key.period.substr(0, 7);
  const bool daily = key.kind != RollupKind::case_monthly && key.grain == RollupGrain::base;
  if (dimension == "day") return daily ? std::optional<std::string>(key.period) : std::nullopt;
  if (dimension == "week") {
    if (!daily) return std::nullopt;
    const auto date = parse_date(key.period);
    return date ? std::optional<std::string>(format_iso_week(*date)) : std::nullopt;
  }
  const auto it = key.dimensions.find(std::string(dimension));
  if (it == key.dimensions.end()) return std::nullopt;
  return it->second;
}

std::string encode_dimensions(const std::map<std::string, std::string>& dimensions) {
  std::string out;
  for (const auto& [name, value] : dimensions) {
    if (!out.empty()) out += ';';
    out += percent_escape(name) + "=" + percent_escape(value);
  }
  return out;
}

std::optional<std::map<std::string, std::string>> decode_dimensions(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    const auto end = text.find(';');
    const std::string_view pair = text.substr(0, end);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    auto name = percent_unescape(pair.substr(0, eq));
    auto value = percent_unescape(pair.substr(eq + 1));
    if (!name || !value || name->empty() || !out.emplace(std::move(*name), std::move(*value)).second) {
      return std::nullopt;
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
    if (text.empty()) return std::nullopt;  // a trailing ';' is not canonical
  }
  return out;
}

const std::string_view kRollupSelectCellSql = R"sql(
SELECT counters FROM rollup_cell
WHERE grain = ?1 AND rollup = ?2 AND period = ?3 AND district_id = ?4 AND team_id = ?5 AND dims = ?6
)sql";

const std::string_view kRollupDeleteCellSql = R"sql(
DELETE FROM rollup_cell
WHERE grain = ?1 AND rollup = ?2 AND period = ?3 AND district_id = ?4 AND team_id = ?5 AND dims = ?6
)sql";

const std::string_view kRollupUpsertCellSql = R"sql(
INSERT INTO rollup_cell (grain, rollup, period, district_id, team_id, dims, counters)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT (grain, rollup, period, district_id, team_id, dims) DO UPDATE SET counters = excluded.counters
)sql";

std::string encode_counter_blob(const CounterIds& counters) {
  std::string out;
  out.reserve(counters.size() * 3);
  auto put = [&out](std::uint64_t value) {
    while (value >= 0x80) {
      out += static_cast<char>((value & 0x7F) | 0x80);
      value >>= 7;
    }
    out += static_cast<char>(value);
  };
  for (const auto& [id, value] : counters) {
    put(id);
    put((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
  }
  return out;
}

std::optional<CounterIds> decode_counter_blob(std::string_view blob) {
  CounterIds out;
  if (!visit_counter_blob(blob, [&out](std::uint32_t id, std::int64_t value) { out.emplace_back(id, value); })) {
    return std::nullopt;
  }
  return out;
}

}  // namespace faltlogg::server::analytics
