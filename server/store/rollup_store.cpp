#include "store/rollup_store.hpp"

#include <string>

namespace faltlogg::server {

RollupWriter::RollupWriter(sqlite::Connection& c)
    : upsert_(c.prepare(analytics::kRollupUpsertSql)), delete_zero_(c.prepare(analytics::kRollupDeleteZeroSql)) {}

void RollupWriter::add(const std::vector<analytics::RollupRow>& deltas) {
  for (const analytics::RollupRow& row : deltas) {
    analytics::Counters& counters = pending_[row.key];
    for (const auto& [counter, delta] : row.counters) {
      auto [it, inserted] = counters.try_emplace(counter, delta);
      if (!inserted) it->second += delta;
    }
  }
}

void RollupWriter::flush() {
  for (const auto& [key, counters] : pending_) {
    for (const auto& [counter, delta] : counters) {
      if (delta != 0) write(key, counter, delta);
    }
  }
  pending_.clear();
}

void RollupWriter::write(const analytics::RollupKey& key, std::string_view counter, std::int64_t delta) {
  const std::string_view kind = analytics::to_string(key.kind);
  const std::string dims = analytics::encode_dimensions(key.dimensions);
  upsert_.reset();
  upsert_.bind(1, kind).bind(2, key.period).bind(3, key.district_id).bind(4, key.team_id).bind(5, dims)
      .bind(6, counter).bind(7, delta);
  if (!upsert_.step()) throw RollupInconsistent("rollup upsert returned no row");
  const std::int64_t value = upsert_.integer(0);
  upsert_.reset();
  // Only kinds and counter names, never values that could identify anyone, go into the message.
  if (value < 0) {
    throw RollupInconsistent("rollup counter " + std::string(kind) + "/" + std::string(counter) + " would go negative");
  }
  if (value == 0) {
    delete_zero_.reset();
    delete_zero_.bind(1, kind).bind(2, key.period).bind(3, key.district_id).bind(4, key.team_id).bind(5, dims)
        .bind(6, counter);
    delete_zero_.run();
  }
}

std::vector<analytics::RollupRow> read_rollup_rows(sqlite::Connection& c, const RollupQuery& query) {
  auto select = c.prepare(
      "SELECT rollup, period, district_id, team_id, dims, counter, value FROM rollup_counter"
      " WHERE rollup = ?1 AND period BETWEEN ?2 AND ?3 AND (?4 IS NULL OR district_id = ?4)"
      " AND (?5 IS NULL OR team_id = ?5) ORDER BY rollup, period, district_id, team_id, dims, counter");
  select.bind(1, analytics::to_string(query.kind)).bind(2, query.from_period).bind(3, query.to_period);
  select.bind_optional(4, query.district_id).bind_optional(5, query.team_id);
  std::vector<analytics::RollupRow> rows;
  std::string last_dims;
  while (select.step()) {
    auto kind = analytics::rollup_kind_from_string(select.text(0));
    const std::string dims_text = select.text(4);
    auto dims = analytics::decode_dimensions(dims_text);
    if (!kind || !dims) throw std::runtime_error("rollup_counter holds a row that does not decode");
    analytics::RollupKey key{*kind, select.text(1), select.text(2), select.text(3), std::move(*dims)};
    // Rows come ordered by key, so one key's counters are consecutive.
    if (rows.empty() || !(rows.back().key == key)) rows.push_back({std::move(key), {}});
    rows.back().counters[select.text(5)] = select.integer(6);
  }
  return rows;
}

core::Problem facts_problem(const core::Problem& cause) {
  core::Problem problem = cause;
  if (problem.status < 400 || problem.status >= 500) problem.status = 422;
  return problem;
}

}  // namespace faltlogg::server
