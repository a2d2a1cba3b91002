// Ground truth from the server's SQLite file: the attacker never has it, the audit scores against it.
#include "audit_model.hpp"

#include "faltlogg/analytics/rollup.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>

namespace faltlogg::audit {

namespace fa = faltlogg::server::analytics;

const std::vector<FormInfo>& forms() {
  static const std::vector<FormInfo> all = {
      {"faltkontakt", "contact_daily", "contacts", {"arena", "contact_kind", "time_band", "aktivitet"}},
      {"familjebehandling", "session_daily", "sessions", {"setting", "session_kind", "basis", "time_band"}},
  };
  return all;
}

std::string Published::key() const {
  std::string out = form + "|" + measure + "|" + district + "|";
  for (const auto& month : months) out += month + ",";
  out += "|";
  for (const auto& [dim, value] : filter) out += dim + "=" + value + ";";
  return out;
}

std::int64_t Truth::value_of(const Published& cell) const {
  const auto it = atoms.find(cell.form);
  if (it == atoms.end()) return 0;
  std::int64_t sum = 0;
  for (const Atom& atom : it->second) {
    if (!cell.district.empty() && atom.district != cell.district) continue;
    if (!std::binary_search(cell.months.begin(), cell.months.end(), atom.month)) continue;
    bool match = true;
    for (const auto& [dim, value] : cell.filter) {
      const auto found = atom.dims.find(dim);
      if (found == atom.dims.end() || found->second != value) {
        match = false;
        break;
      }
    }
    if (!match) continue;
    const auto counter = atom.counters.find(cell.measure);
    if (counter != atom.counters.end()) sum += counter->second;
  }
  return sum;
}

namespace {

struct Db {
  sqlite3* handle = nullptr;
  explicit Db(const std::filesystem::path& file) {
    if (sqlite3_open_v2(file.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + file.string());
    }
  }
  ~Db() { sqlite3_close(handle); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
};

struct Stmt {
  sqlite3_stmt* handle = nullptr;
  Stmt(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &handle, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
  }
  ~Stmt() { sqlite3_finalize(handle); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  std::string text(int column) const {
    const auto* t = sqlite3_column_text(handle, column);
    return t == nullptr ? "" : reinterpret_cast<const char*>(t);
  }
  std::string_view blob(int column) const {
    const void* data = sqlite3_column_blob(handle, column);
    return {static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(handle, column))};
  }
};

}  // namespace

Truth read_truth(const std::filesystem::path& database) {
  Db db(database);
  std::map<std::uint32_t, std::string> names;
  {
    Stmt select(db.handle, "SELECT id, name FROM rollup_counter_name");
    while (sqlite3_step(select.handle) == SQLITE_ROW) {
      names[static_cast<std::uint32_t>(sqlite3_column_int64(select.handle, 0))] = select.text(1);
    }
  }
  Truth truth;
  Stmt select(db.handle,
              "SELECT rollup, period, district_id, dims, counters FROM rollup_cell WHERE grain = 'district_month'");
  while (sqlite3_step(select.handle) == SQLITE_ROW) {
    const std::string rollup = select.text(0);
    const auto form = std::find_if(forms().begin(), forms().end(), [&](const FormInfo& f) { return f.rollup == rollup; });
    if (form == forms().end()) continue;
    auto dims = fa::decode_dimensions(select.text(3));
    auto counters = fa::decode_counter_blob(select.blob(4));
    if (!dims || !counters) throw std::runtime_error("a rollup row does not decode");
    Atom atom{select.text(1), select.text(2), std::move(*dims), {}};
    for (const auto& [id, value] : *counters) atom.counters[names.at(id)] = value;
    truth.atoms[form->form].push_back(std::move(atom));
  }
  Stmt base(db.handle, "SELECT rollup, period, district_id, team_id, dims, counters FROM rollup_cell WHERE grain = 'base'");
  while (sqlite3_step(base.handle) == SQLITE_ROW) {
    auto kind = fa::rollup_kind_from_string(base.text(0));
    auto dims = fa::decode_dimensions(base.text(4));
    auto counters = fa::decode_counter_blob(base.blob(5));
    if (!kind || !dims || !counters) throw std::runtime_error("a base rollup row does not decode");
    fa::RollupRow row{fa::RollupKey{*kind, base.text(1), base.text(2), base.text(3), std::move(*dims)}, {}};
    for (const auto& [id, value] : *counters) row.counters[names.at(id)] = value;
    truth.base_rows.push_back(std::move(row));
  }
  return truth;
}

}  // namespace faltlogg::audit
