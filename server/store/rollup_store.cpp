#include "store/rollup_store.hpp"

#include <algorithm>
#include <deque>
#include <string>

namespace faltlogg::server {

namespace {

using analytics::CounterIds;

void bind_key(sqlite::Statement& statement, const analytics::RollupKey& key, const std::string& dims) {
  statement.bind(1, analytics::to_string(key.grain)).bind(2, analytics::to_string(key.kind)).bind(3, key.period)
      .bind(4, key.district_id).bind(5, key.team_id).bind(6, dims);
}


// Small ids for the texts of the rows one query reads: a report reads tens of thousands of rows with a few
// hundred distinct periods and dimension strings, so each text is copied once and keys hash as integers.
class Interner {
 public:
  std::uint32_t id(std::string_view text) {
    if (const auto it = ids_.find(text); it != ids_.end()) return it->second;
    texts_.emplace_back(text);
    const auto id = static_cast<std::uint32_t>(texts_.size() - 1);
    ids_.emplace(texts_.back(), id);  // a deque never moves its elements, so the view stays valid
    return id;
  }
  const std::string& text(std::uint32_t id) const { return texts_[id]; }

 private:
  std::deque<std::string> texts_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

struct SlotKey {
  std::uint32_t period, district, team, dims;
  friend bool operator==(const SlotKey&, const SlotKey&) = default;
};

struct SlotKeyHash {
  std::size_t operator()(const SlotKey& k) const {
    const std::uint64_t a = (static_cast<std::uint64_t>(k.period) << 32) | k.district;
    const std::uint64_t b = (static_cast<std::uint64_t>(k.team) << 32) | k.dims;
    return std::hash<std::uint64_t>{}(a * 0x9E3779B97F4A7C15ULL ^ b);
  }
};

struct Accumulated {
  SlotKey key;
  std::vector<std::int64_t> values;  // by counter id
};

constexpr std::uint32_t kNoProjection = 0xFFFFFFFF;

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

bool rollup_counter_wanted(const std::vector<std::string>& wanted, std::string_view name) {
  if (wanted.empty()) return true;
  return std::any_of(wanted.begin(), wanted.end(), [name](const std::string& entry) {
    if (!entry.empty() && entry.back() == '.') return name.size() > entry.size() && name.substr(0, entry.size()) == entry;
    return name == entry;
  });
}

bool rollup_part_kept(const std::optional<std::vector<std::string>>& keep, std::string_view part) {
  return !keep || std::find(keep->begin(), keep->end(), part) != keep->end();
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
      wanted[id] = !names[id].empty() && rollup_counter_wanted(query.counters, names[id]) ? 1 : 0;
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

  const bool keep_district = rollup_part_kept(query.keep, "district_id");
  const bool keep_team = rollup_part_kept(query.keep, "team_id");
  std::vector<std::size_t> wanted_by_name;  // wanted ids in name order, so each output map is built in order
  for (std::size_t id = 0; id < names.size(); ++id) {
    if (wanted[id]) wanted_by_name.push_back(id);
  }
  std::sort(wanted_by_name.begin(), wanted_by_name.end(), [&](auto a, auto b) { return names[a] < names[b]; });
  Interner texts;
  std::vector<std::uint32_t> projected;  // stored dims id -> kept dims id
  std::unordered_map<SlotKey, std::size_t, SlotKeyHash> slot_of;
  std::vector<Accumulated> rows;
  const std::uint32_t none = texts.id("");
  while (select.step()) {
    const std::uint32_t stored_dims = texts.id(select.text_view(3));
    std::uint32_t dims = stored_dims;
    if (query.keep) {
      if (stored_dims >= projected.size()) projected.resize(stored_dims + 1, kNoProjection);
      if (projected[stored_dims] == kNoProjection) {
        auto decoded = analytics::decode_dimensions(texts.text(stored_dims));
        if (!decoded) throw std::runtime_error("rollup_cell holds dimensions that do not decode");
        std::erase_if(*decoded, [&](const auto& entry) { return !rollup_part_kept(query.keep, entry.first); });
        const std::uint32_t kept_dims = texts.id(analytics::encode_dimensions(*decoded));
        if (stored_dims >= projected.size()) projected.resize(stored_dims + 1, kNoProjection);
        projected[stored_dims] = kept_dims;
      }
      dims = projected[stored_dims];
    }
    const SlotKey key{texts.id(select.text_view(0)), keep_district ? texts.id(select.text_view(1)) : none,
                      keep_team ? texts.id(select.text_view(2)) : none, dims};
    auto [slot, inserted] = slot_of.try_emplace(key, rows.size());
    if (inserted) rows.push_back(Accumulated{key, std::vector<std::int64_t>(names.size())});
    std::vector<std::int64_t>& values = rows[slot->second].values;
    const bool decoded = analytics::visit_counter_blob(select.blob_view(4), [&](std::uint32_t id, std::int64_t value) {
      if (id >= names.size() || names[id].empty()) throw std::runtime_error("rollup_cell names an unknown counter");
      if (wanted[id]) values[id] += value;
    });
    if (!decoded) throw std::runtime_error("rollup_cell holds counters that do not decode");
  }
  std::unordered_map<std::uint32_t, std::map<std::string, std::string>> decoded_dims;
  std::vector<analytics::RollupRow> out;
  out.reserve(rows.size());
  for (const Accumulated& row : rows) {
    analytics::Counters counters;
    for (const std::size_t id : wanted_by_name) {
      if (row.values[id] != 0) counters.emplace_hint(counters.end(), names[id], row.values[id]);
    }
    if (counters.empty()) continue;
    auto dims = decoded_dims.find(row.key.dims);
    if (dims == decoded_dims.end()) {
      auto decoded = analytics::decode_dimensions(texts.text(row.key.dims));
      if (!decoded) throw std::runtime_error("rollup_cell holds dimensions that do not decode");
      dims = decoded_dims.emplace(row.key.dims, std::move(*decoded)).first;
    }
    out.push_back(analytics::RollupRow{
        analytics::RollupKey{query.kind, texts.text(row.key.period), texts.text(row.key.district),
                             texts.text(row.key.team), dims->second, query.grain},
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
