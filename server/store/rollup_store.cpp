#include "store/rollup_store.hpp"

#include <algorithm>
#include <string>

namespace faltlogg::server {

namespace {

using analytics::CounterIds;

void bind_key(sqlite::Statement& statement, const analytics::RollupKey& key, const std::string& dims) {
  statement.bind(1, analytics::to_string(key.grain)).bind(2, analytics::to_string(key.kind)).bind(3, key.period)
      .bind(4, key.district_id).bind(5, key.team_id).bind(6, dims);
}

bool wanted_counter(const std::vector<std::string>& wanted, std::string_view name) {
  if (wanted.empty()) return true;
  return std::any_of(wanted.begin(), wanted.end(), [name](const std::string& entry) {
    if (!entry.empty() && entry.back() == '.') return name.size() > entry.size() && name.substr(0, entry.size()) == entry;
    return name == entry;
  });
}

bool kept(const std::optional<std::vector<std::string>>& keep, std::string_view part) {
  return !keep || std::find(keep->begin(), keep->end(), part) != keep->end();
}

void append_part(std::string& key, std::string_view part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

struct Accumulated {
  std::string period;
  std::string district_id;
  std::string team_id;
  std::string dims;
  std::vector<std::int64_t> values;  // by counter id
};

}  // namespace

RollupWriter::RollupWriter(sqlite::Connection& c)
    : connection_(c),
      select_(c.prepare(analytics::kRollupSelectCellSql)),
      upsert_(c.prepare(analytics::kRollupUpsertCellSql)),
      delete_(c.prepare(analytics::kRollupDeleteCellSql)) {}

void RollupWriter::add(const std::vector<analytics::RollupRow>& base_deltas) {
  for (const analytics::RollupRow& row : base_deltas) {
    analytics::Counters& counters = pending_[row.key];
    for (const auto& [counter, delta] : row.counters) {
      auto [it, inserted] = counters.try_emplace(counter, delta);
      if (!inserted) it->second += delta;
    }
  }
}

void RollupWriter::flush() {
  std::vector<analytics::RollupRow> base;
  base.reserve(pending_.size());
  for (auto& [key, counters] : pending_) {
    std::erase_if(counters, [](const auto& entry) { return entry.second == 0; });
    if (!counters.empty()) base.push_back(analytics::RollupRow{key, std::move(counters)});
  }
  pending_.clear();
  for (const analytics::RollupRow& row : analytics::with_coarser_grains(std::move(base))) write(row.key, row.counters);
}

std::uint32_t RollupWriter::counter_id(const std::string& name) {
  if (!ids_loaded_) {
    auto select = connection_.prepare("SELECT id, name FROM rollup_counter_name");
    while (select.step()) ids_.emplace(select.text(1), static_cast<std::uint32_t>(select.integer(0)));
    ids_loaded_ = true;
  }
  if (const auto it = ids_.find(name); it != ids_.end()) return it->second;
  auto insert = connection_.prepare("INSERT INTO rollup_counter_name (name) VALUES (?) RETURNING id");
  insert.bind(1, name);
  if (!insert.step()) throw RollupInconsistent("rollup counter name insert returned no id");
  const auto id = static_cast<std::uint32_t>(insert.integer(0));
  insert.reset();
  ids_.emplace(name, id);
  return id;
}

void RollupWriter::write(const analytics::RollupKey& key, const analytics::Counters& delta) {
  const std::string dims = analytics::encode_dimensions(key.dimensions);
  std::map<std::uint32_t, std::int64_t> values;
  select_.reset();
  bind_key(select_, key, dims);
  if (select_.step()) {
    const auto stored = analytics::decode_counter_blob(select_.blob_view(0));
    if (!stored) throw RollupInconsistent("a stored rollup row does not decode");
    values.insert(stored->begin(), stored->end());
  }
  select_.reset();
  for (const auto& [name, change] : delta) {
    std::int64_t& value = values[counter_id(name)];
    value += change;
    // Only kinds and counter names, never values that could identify anyone, go into the message.
    if (value < 0) {
      throw RollupInconsistent("rollup counter " + std::string(analytics::to_string(key.kind)) + "/" + name +
                               " would go negative");
    }
  }
  CounterIds stored;
  for (const auto& [id, value] : values) {
    if (value != 0) stored.emplace_back(id, value);
  }
  if (stored.empty()) {
    delete_.reset();
    bind_key(delete_, key, dims);
    delete_.run();
    return;
  }
  upsert_.reset();
  bind_key(upsert_, key, dims);
  upsert_.bind_blob(7, analytics::encode_counter_blob(stored));
  upsert_.run();
}

std::vector<analytics::RollupRow> read_rollup_rows(sqlite::Connection& c, const RollupQuery& query) {
  std::vector<std::string> names;  // by id
  std::vector<char> wanted;
  {
    auto select = c.prepare("SELECT id, name FROM rollup_counter_name");
    while (select.step()) {
      const auto id = static_cast<std::size_t>(select.integer(0));
      if (id >= names.size()) names.resize(id + 1);
      names[id] = select.text(1);
    }
    wanted.resize(names.size());
    for (std::size_t id = 0; id < names.size(); ++id) {
      wanted[id] = !names[id].empty() && wanted_counter(query.counters, names[id]) ? 1 : 0;
    }
  }
  std::string sql =
      "SELECT period, district_id, team_id, dims, counters FROM rollup_cell"
      " WHERE grain = ?1 AND rollup = ?2 AND period BETWEEN ?3 AND ?4";
  if (query.district_id) sql += " AND district_id = ?5";
  if (query.team_id) sql += " AND team_id = ?6";
  auto select = c.prepare(sql);
  select.bind(1, analytics::to_string(query.grain)).bind(2, analytics::to_string(query.kind))
      .bind(3, query.from_period).bind(4, query.to_period);
  if (query.district_id) select.bind(5, *query.district_id);
  if (query.team_id) select.bind(6, *query.team_id);

  const bool keep_district = kept(query.keep, "district_id");
  const bool keep_team = kept(query.keep, "team_id");
  std::unordered_map<std::string, std::string> projected_dims;  // stored dims -> kept dims
  std::unordered_map<std::string, std::size_t> slot_of;
  std::vector<Accumulated> rows;
  std::string key;
  while (select.step()) {
    const std::string_view period = select.text_view(0);
    const std::string_view district = keep_district ? select.text_view(1) : std::string_view();
    const std::string_view team = keep_team ? select.text_view(2) : std::string_view();
    std::string_view dims = select.text_view(3);
    if (query.keep) {
      auto it = projected_dims.find(std::string(dims));
      if (it == projected_dims.end()) {
        auto decoded = analytics::decode_dimensions(dims);
        if (!decoded) throw std::runtime_error("rollup_cell holds dimensions that do not decode");
        std::erase_if(*decoded, [&](const auto& entry) { return !kept(query.keep, entry.first); });
        it = projected_dims.emplace(std::string(dims), analytics::encode_dimensions(*decoded)).first;
      }
      dims = it->second;
    }
    key.clear();
    append_part(key, period);
    append_part(key, district);
    append_part(key, team);
    append_part(key, dims);
    auto [slot, inserted] = slot_of.try_emplace(key, rows.size());
    if (inserted) {
      rows.push_back(Accumulated{std::string(period), std::string(district), std::string(team), std::string(dims),
                                 std::vector<std::int64_t>(names.size())});
    }
    Accumulated& row = rows[slot->second];
    const auto counters = analytics::decode_counter_blob(select.blob_view(4));
    if (!counters) throw std::runtime_error("rollup_cell holds counters that do not decode");
    for (const auto& [id, value] : *counters) {
      if (id >= names.size() || names[id].empty()) throw std::runtime_error("rollup_cell names an unknown counter");
      if (wanted[id]) row.values[id] += value;
    }
  }
  std::unordered_map<std::string, std::map<std::string, std::string>> decoded_dims;
  std::vector<analytics::RollupRow> out;
  out.reserve(rows.size());
  for (Accumulated& row : rows) {
    analytics::Counters counters;
    for (std::size_t id = 0; id < row.values.size(); ++id) {
      if (row.values[id] != 0) counters.emplace(names[id], row.values[id]);
    }
    if (counters.empty()) continue;
    auto dims = decoded_dims.find(row.dims);
    if (dims == decoded_dims.end()) {
      auto decoded = analytics::decode_dimensions(row.dims);
      if (!decoded) throw std::runtime_error("rollup_cell holds dimensions that do not decode");
      dims = decoded_dims.emplace(row.dims, std::move(*decoded)).first;
    }
    out.push_back(analytics::RollupRow{
        analytics::RollupKey{query.kind, std::move(row.period), std::move(row.district_id), std::move(row.team_id),
                             dims->second, query.grain},
        std::move(counters)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return out;
}

core::Problem facts_problem(const core::Problem& cause) {
  core::Problem problem = cause;
  if (problem.status < 400 || problem.status >= 500) problem.status = 422;
  return problem;
}

}  // namespace faltlogg::server
