#include "store/postgres_rollups.hpp"

#include "store/rollup_store.hpp"

#include <algorithm>
#include <stdexcept>

namespace faltlogg::server {

namespace {

// A PostgreSQL array literal of text: {"a","b"} with " and \ escaped.
class TextArray {
 public:
  void push(std::string_view value) {
    text_ += text_.empty() ? "{" : ",";
    text_ += '"';
    for (char c : value) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  std::string literal() const { return text_.empty() ? "{}" : text_ + "}"; }

 private:
  std::string text_;
};


}  // namespace

void PgRollupWriter::add(const std::vector<analytics::RollupRow>& base_deltas) {
  for (const analytics::RollupRow& row : base_deltas) {
    analytics::Counters& counters = pending_[row.key];
    for (const auto& [counter, delta] : row.counters) counters[counter] += delta;
  }
}

void PgRollupWriter::flush() {
  std::vector<analytics::RollupRow> base;
  for (auto& [key, counters] : pending_) {
    std::erase_if(counters, [](const auto& entry) { return entry.second == 0; });
    if (!counters.empty()) base.push_back({key, std::move(counters)});
  }
  pending_.clear();
  // One entry per (cell, counter): ON CONFLICT DO UPDATE may touch a row only once per statement.
  std::map<std::tuple<analytics::RollupKey, std::string>, std::int64_t> cells;
  for (const auto& row : analytics::with_coarser_grains(std::move(base))) {
    for (const auto& [name, delta] : row.counters) cells[{row.key, name}] += delta;
  }
  TextArray grains, kinds, periods, districts, teams, dims, counters, values;
  std::size_t count = 0;
  for (const auto& [cell, delta] : cells) {
    if (delta == 0) continue;
    const auto& [key, name] = cell;
    grains.push(analytics::to_string(key.grain));
    kinds.push(analytics::to_string(key.kind));
    periods.push(key.period);
    districts.push(key.district_id);
    teams.push(key.team_id);
    dims.push(analytics::encode_dimensions(key.dimensions));
    counters.push(name);
    values.push(std::to_string(delta));
    ++count;
  }
  if (count == 0) return;
  auto result = c_.prepared(
      "rollup_add",
      "INSERT INTO rollup_value AS v (grain, rollup, period, district_id, team_id, dims, counter, value)"
      " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
      " $8::bigint[])"
      " ON CONFLICT (grain, rollup, period, district_id, team_id, dims, counter)"
      " DO UPDATE SET value = v.value + excluded.value"
      " RETURNING value < 0, value = 0",
      {grains.literal(), kinds.literal(), periods.literal(), districts.literal(), teams.literal(), dims.literal(),
       counters.literal(), values.literal()});
  bool zero = false;
  for (int i = 0; i < result.size(); ++i) {
    // Only that some counter would go negative, never which values, goes into the message.
    if (result.boolean(i, 0)) throw RollupInconsistent("a rollup counter would go negative");
    zero = zero || result.boolean(i, 1);
  }
  if (zero) {
    c_.prepared("rollup_prune",
                "DELETE FROM rollup_value WHERE value = 0 AND (grain, rollup, period, district_id, team_id, dims,"
                " counter) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],"
                " $6::text[], $7::text[]))",
                {grains.literal(), kinds.literal(), periods.literal(), districts.literal(), teams.literal(),
                 dims.literal(), counters.literal()});
  }
}

std::vector<analytics::RollupRow> read_pg_rollup_rows(pg::Connection& c, const RollupQuery& query) {
  std::string sql =
      "SELECT period, district_id, team_id, dims, counter, value FROM rollup_value"
      " WHERE grain = $1 AND rollup = $2 AND period BETWEEN $3 AND $4"
      " AND ($5::text IS NULL OR district_id = $5::text) AND ($6::text IS NULL OR team_id = $6::text)";
  auto rows = c.prepared("rollup_read", sql,
                         {pg::param(analytics::to_string(query.grain)), pg::param(analytics::to_string(query.kind)),
                          query.from_period, query.to_period, query.district_id, query.team_id});
  const bool keep_district = rollup_part_kept(query.keep, "district_id");
  const bool keep_team = rollup_part_kept(query.keep, "team_id");
  std::map<std::string, std::map<std::string, std::string>> decoded;  // stored dims -> kept dims
  std::map<analytics::RollupKey, analytics::Counters> summed;
  for (int i = 0; i < rows.size(); ++i) {
    const std::string counter = rows.text(i, 4);
    if (!rollup_counter_wanted(query.counters, counter)) continue;
    const std::string dims_text = rows.text(i, 3);
    auto it = decoded.find(dims_text);
    if (it == decoded.end()) {
      auto dims = analytics::decode_dimensions(dims_text);
      if (!dims) throw std::runtime_error("rollup_value holds dimensions that do not decode");
      std::erase_if(*dims, [&](const auto& entry) { return !rollup_part_kept(query.keep, entry.first); });
      it = decoded.emplace(dims_text, std::move(*dims)).first;
    }
    analytics::RollupKey key{query.kind, rows.text(i, 0), keep_district ? rows.text(i, 1) : "",
                             keep_team ? rows.text(i, 2) : "", it->second, query.grain};
    summed[key][counter] += rows.integer(i, 5);
  }
  std::vector<analytics::RollupRow> out;
  for (auto& [key, counters] : summed) {
    std::erase_if(counters, [](const auto& entry) { return entry.second == 0; });
    if (!counters.empty()) out.push_back({key, std::move(counters)});
  }
  return out;  // a std::map iterates in key order, the order SQLite's reader sorts into
}

}  // namespace faltlogg::server
