#include "bench_queries.hpp"

#include "bench_data.hpp"
#include "faltlogg/analytics/aggregate_table.hpp"
#include "faltlogg/analytics/criteria_pack.hpp"
#include "faltlogg/analytics/criteria_report.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <set>
#include <stdexcept>

namespace faltlogg::bench {

namespace an = faltlogg::server::analytics;

namespace {

class Query {
 public:
  Query(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db));
    }
  }
  ~Query() { sqlite3_finalize(stmt_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  void bind(int i, const std::string& v) { sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite step: ") + sqlite3_errmsg(db_));
    return false;
  }
  std::string_view text(int i) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))};
  }
  std::int64_t integer(int i) { return sqlite3_column_int64(stmt_, i); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

an::ReportPeriod period_of(const Year& year) { return {*an::parse_date(year.from), *an::parse_date(year.to)}; }

// README section 3: consecutive rows with the same key form one RollupRow. Monthly rows (the prototype
// level) become rows of the month's first day: for whole-month periods every indicator reads only the
// month of a daily row's period, so the answers are the same.
std::vector<an::RollupRow> group_rows(Query& q, bool monthly) {
  std::vector<an::RollupRow> rows;
  std::string last_dims;
  while (q.step()) {
    const std::string_view district = q.text(1), team = q.text(2), dims = q.text(3);
    const std::string period = monthly ? std::string(q.text(0)) + "-01" : std::string(q.text(0));
    if (rows.empty() || rows.back().key.period != period || rows.back().key.district_id != district ||
        rows.back().key.team_id != team || last_dims != dims) {
      auto decoded = an::decode_dimensions(dims);
      if (!decoded) throw std::runtime_error("a rollup row's dims do not decode");
      rows.push_back(an::RollupRow{{an::RollupKind::contact_daily, period, std::string(district),
                                    std::string(team), std::move(*decoded)}, {}});
      last_dims = dims;
    }
    rows.back().counters.emplace(std::string(q.text(4)), q.integer(5));
  }
  return rows;
}

std::vector<an::RollupRow> read_rollups(sqlite3* db, const Year& year, bool contacts_only) {
  Query q(db, contacts_only ? "SELECT period, district_id, team_id, dims, counter, value FROM rollup_counter "
                              "WHERE rollup = 'contact_daily' AND period BETWEEN ?1 AND ?2 AND counter = 'contacts'"
                            : "SELECT period, district_id, team_id, dims, counter, value FROM rollup_counter "
                              "WHERE rollup = 'contact_daily' AND period BETWEEN ?1 AND ?2");
  q.bind(1, year.from);
  q.bind(2, year.to);
  return group_rows(q, false);
}

const an::CriteriaPack& stockholm_pack() {
  static const an::CriteriaPack pack = [] {
    auto packs = an::load_criteria_directory(an::default_criteria_dir());
    if (!packs) throw std::runtime_error("criteria packs do not load: " + packs.problem().detail);
    for (const auto& p : *packs) {
      if (p.id == "stockholmsstandard-2021") return p;
    }
    throw std::runtime_error("pack stockholmsstandard-2021 not found");
  }();
  return pack;
}

// The counters a pack's criteria name, plus the record counter every indicator reports.
std::string counters_sql_list(const an::CriteriaPack& pack) {
  std::set<std::string> names = {std::string(an::counter::contacts)};
  for (const auto& c : pack.criteria) {
    for (const auto* sum : {&c.indicator.numerator, &c.indicator.denominator, &c.indicator.value}) {
      names.insert(sum->counters.begin(), sum->counters.end());
    }
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "'" : ", '") + n + "'";  // names are [a-z0-9_.]
  return list;
}

std::vector<an::RollupRow> read_monthly(sqlite3* db, const Year& year, const an::CriteriaPack& pack) {
  const std::string sql = "SELECT month, district_id, team_id, dims, counter, value FROM " +
                          std::string(kMonthlyTable) + " WHERE month BETWEEN ?1 AND ?2 AND counter IN (" +
                          counters_sql_list(pack) + ")";
  Query q(db, sql.c_str());
  q.bind(1, year.from.substr(0, 7));
  q.bind(2, year.to.substr(0, 7));
  return group_rows(q, true);
}

// Sums per (month, team, arena) from the raw table, one pass; the criteria follow by plain arithmetic.
struct Group {
  std::string month, team, arena;
  std::int64_t contacts, outreach, minutes, minutes_out_of_hours, pair_num, pair_den, collaboration, parents,
      concern, concern_referral, youths_target, youths_known, in_time;
};

std::vector<Group> raw_groups(sqlite3* db, const Year& year) {
  Query q(db, R"sql(
SELECT substr(day, 1, 7), team_id, arena, count(*),
  sum(contact_kind = 'uppsokande'),
  sum(minutes),
  sum(CASE WHEN time_band IN ('kvall', 'helg', 'natt') THEN minutes ELSE 0 END),
  sum(CASE WHEN arena <> 'skola' AND contact_kind <> 'samverkan' THEN in_pair ELSE 0 END),
  sum(arena <> 'skola' AND contact_kind <> 'samverkan'),
  sum(contact_kind = 'samverkan' OR partners <> 0),
  sum(parents > 0 OR contact_kind = 'foralder' OR (actions & 16) <> 0),
  sum((concerns & 32767) <> 0),
  sum((concerns & 32767) <> 0 AND (actions & 108) <> 0),
  sum(y_13_15 + y_16_17 + y_18_20),
  sum(y_u13 + y_13_15 + y_16_17 + y_18_20 + y_o20),
  sum(first_received_ms - occurred_ms <= 259200000)
FROM contact_raw WHERE day BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3)sql");
  q.bind(1, year.from);
  q.bind(2, year.to);
  std::vector<Group> groups;
  while (q.step()) {
    Group g{std::string(q.text(0)), std::string(q.text(1)), std::string(q.text(2)), q.integer(3), q.integer(4),
            q.integer(5), q.integer(6), q.integer(7), q.integer(8), q.integer(9), q.integer(10), q.integer(11),
            q.integer(12), q.integer(13), q.integer(14), q.integer(15)};
    groups.push_back(std::move(g));
  }
  return groups;
}

std::optional<double> ratio(std::int64_t a, std::int64_t b) {
  if (b <= 0) return std::nullopt;
  return static_cast<double>(a) / static_cast<double>(b);
}

CriterionAnswer share(const char* id, std::int64_t records, std::int64_t numerator, std::int64_t denominator) {
  return {id, ratio(numerator, denominator),
          {{"records", double(records)}, {"numerator", double(numerator)}, {"denominator", double(denominator)}}, {}, {}};
}

}  // namespace

Year bench_year() {
  return {std::to_string(kBenchYear) + "-01-01", std::to_string(kBenchYear) + "-12-31"};
}

namespace {

ReadSplit g_split;

CriteriaAnswer evaluate(const std::vector<an::RollupRow>& rows, const Year& year) {
  const auto start = std::chrono::steady_clock::now();
  auto report = an::evaluate_criteria(stockholm_pack(), rows, period_of(year), an::ReportScope{});
  if (!report) throw std::runtime_error("evaluate_criteria: " + report.problem().detail);
  CriteriaAnswer out;
  for (const auto& r : report->results) out.push_back({r.id, r.value, r.measures, r.breakdown, r.missing_required});
  g_split.evaluate_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return out;
}

template <typename Read>
std::vector<an::RollupRow> timed_read(Read read) {
  const auto start = std::chrono::steady_clock::now();
  auto rows = read();
  g_split.read_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  g_split.rows = rows.size();
  return rows;
}

}  // namespace

ReadSplit last_split() { return g_split; }

CriteriaAnswer criteria_from_rollups(sqlite3* db, const Year& year) {
  return evaluate(timed_read([&] { return read_rollups(db, year, false); }), year);
}

CriteriaAnswer criteria_from_monthly_prototype(sqlite3* db, const Year& year) {
  return evaluate(timed_read([&] { return read_monthly(db, year, stockholm_pack()); }), year);
}

CriteriaAnswer criteria_from_group_by(sqlite3* db, const Year& year) {
  Group sum{};
  std::map<std::string, std::int64_t> month_totals;
  std::map<std::string, std::set<std::string>> arenas_by_month;
  std::set<std::pair<std::string, std::string>> team_months;
  for (const Group& g : raw_groups(db, year)) {
    sum.contacts += g.contacts, sum.outreach += g.outreach, sum.minutes += g.minutes;
    sum.minutes_out_of_hours += g.minutes_out_of_hours, sum.pair_num += g.pair_num, sum.pair_den += g.pair_den;
    sum.collaboration += g.collaboration, sum.parents += g.parents, sum.concern += g.concern;
    sum.concern_referral += g.concern_referral, sum.youths_target += g.youths_target;
    sum.youths_known += g.youths_known, sum.in_time += g.in_time;
    month_totals[g.month] += g.contacts;
    arenas_by_month[g.month].insert(g.arena);
    team_months.emplace(g.team, g.month);
  }
  const std::int64_t n = sum.contacts;
  CriterionAnswer c3{"C3", std::nullopt, {}, {}, {}};
  std::int64_t least_distinct = std::numeric_limits<std::int64_t>::max(), least_total = least_distinct;
  for (const auto& [month, total] : month_totals) {
    const auto distinct = static_cast<std::int64_t>(arenas_by_month[month].size());
    c3.breakdown[month] = distinct;
    least_distinct = std::min(least_distinct, distinct);
    least_total = std::min(least_total, total);
    if (arenas_by_month[month].count("digital") == 0) c3.missing_required.push_back(month + ":digital");
  }
  if (!month_totals.empty()) c3.value = double(least_distinct);
  c3.measures = {{"records", double(n)}, {"months", double(month_totals.size())},
                 {"least_month_total", month_totals.empty() ? 0.0 : double(least_total)}};
  const auto months = static_cast<std::int64_t>(team_months.size());
  CriterionAnswer c5{"C5", ratio(sum.collaboration, months),
                     {{"records", double(n)}, {"total", double(sum.collaboration)}, {"team_months", double(months)}}, {}, {}};
  return {share("C1", n, sum.outreach, n),
          share("C2", n, sum.minutes_out_of_hours, sum.minutes),
          c3,
          share("C4", n, sum.pair_num, sum.pair_den),
          c5,
          share("C6", n, sum.parents, n),
          share("C7", n, sum.concern_referral, sum.concern),
          share("C8", n, sum.youths_target, sum.youths_known),
          share("C9", n, sum.in_time, n)};
}

bool same_criteria(const CriteriaAnswer& ours, const CriteriaAnswer& theirs) {
  if (ours.size() != theirs.size()) {
    std::fprintf(stderr, "criteria count differs: %zu vs %zu\n", ours.size(), theirs.size());
    return false;
  }
  for (std::size_t i = 0; i < ours.size(); ++i) {
    if (ours[i] == theirs[i]) continue;
    std::fprintf(stderr, "criterion %s differs (rollups vs GROUP BY):\n", ours[i].id.c_str());
    for (const auto& [name, v] : ours[i].measures) {
      const auto it = theirs[i].measures.find(name);
      std::fprintf(stderr, "  %s: %.0f vs %s\n", name.c_str(), v,
                   it == theirs[i].measures.end() ? "absent" : std::to_string(it->second).c_str());
    }
    return false;
  }
  return true;
}

an::Table2D aggregate_from_rollups(sqlite3* db, const Year& year) {
  const auto rows = read_rollups(db, year, true);
  an::AggregateRequest request;
  request.measure = "contacts";
  request.by = {"district_id", "arena"};
  request.period = period_of(year);
  request.audience = an::Audience::evaluator;
  auto aggregate = an::build_aggregate(rows, request);
  if (!aggregate) throw std::runtime_error("build_aggregate: " + aggregate.problem().detail);
  return std::get<an::Table2D>(aggregate->table);
}

an::Table2D aggregate_from_group_by(sqlite3* db, const Year& year) {
  Query q(db, "SELECT district_id, arena, count(*) FROM contact_raw WHERE day BETWEEN ?1 AND ?2 GROUP BY 1, 2");
  q.bind(1, year.from);
  q.bind(2, year.to);
  std::map<std::pair<std::string, std::string>, std::int64_t> counts;
  std::set<std::string> districts, arenas;
  while (q.step()) {
    counts[{std::string(q.text(0)), std::string(q.text(1))}] = q.integer(2);
    districts.emplace(q.text(0));
    arenas.emplace(q.text(1));
  }
  an::Table2D t;
  t.row_dimension = "district_id";
  t.column_dimension = "arena";
  t.row_labels.assign(districts.begin(), districts.end());
  t.column_labels.assign(arenas.begin(), arenas.end());
  t.cells.assign(t.row_labels.size(), std::vector<an::TableCell>(t.column_labels.size()));
  t.row_totals.assign(t.row_labels.size(), {});
  t.column_totals.assign(t.column_labels.size(), {});
  for (std::size_t r = 0; r < t.row_labels.size(); ++r) {
    for (std::size_t c = 0; c < t.column_labels.size(); ++c) {
      const auto it = counts.find({t.row_labels[r], t.column_labels[c]});
      const std::int64_t v = it == counts.end() ? 0 : it->second;
      t.cells[r][c] = {v, v, an::Suppression::none};
      t.row_totals[r].value += v, t.row_totals[r].frequency += v;
      t.column_totals[c].value += v, t.column_totals[c].frequency += v;
      t.grand_total.value += v, t.grand_total.frequency += v;
    }
  }
  if (!an::suppress_small_cells(t, an::SuppressionPolicy{5})) throw std::runtime_error("suppression refused the table");
  return t;
}

bool same_table(const an::Table2D& a, const an::Table2D& b) {
  auto same_cell = [](const an::TableCell& x, const an::TableCell& y) {
    return x.value == y.value && x.frequency == y.frequency && x.suppression == y.suppression;
  };
  auto same_cells = [&](const std::vector<an::TableCell>& x, const std::vector<an::TableCell>& y) {
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), same_cell);
  };
  bool same = a.row_labels == b.row_labels && a.column_labels == b.column_labels && a.cells.size() == b.cells.size() &&
              same_cells(a.row_totals, b.row_totals) && same_cells(a.column_totals, b.column_totals) &&
              same_cell(a.grand_total, b.grand_total);
  for (std::size_t r = 0; same && r < a.cells.size(); ++r) same = same_cells(a.cells[r], b.cells[r]);
  if (!same) std::fprintf(stderr, "district x arena tables differ (rollups vs GROUP BY)\n");
  return same;
}

}  // namespace faltlogg::bench
