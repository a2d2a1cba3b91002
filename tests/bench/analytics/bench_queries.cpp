#include "bench_queries.hpp"

#include "api/analytics_api.hpp"
#include "bench_data.hpp"
#include "faltlogg/analytics/aggregate_table.hpp"
#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/criteria_pack.hpp"
#include "faltlogg/analytics/criteria_report.hpp"

#include <algorithm>
#include <cstdio>
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

an::ReportPeriod period_of(const Period& period) {
  const auto from = an::parse_date(period.from);
  const auto to = an::parse_date(period.to);
  if (!from || !to) throw std::runtime_error("bad period " + period.from + ".." + period.to);
  return {*from, *to};
}

const an::CriteriaPack& stockholm_pack() {
  static const an::CriteriaPack pack = [] {
    const auto file = an::default_criteria_dir() / "stockholmsstandard-2021.v1.json";
    auto loaded = an::load_criteria_pack_file(file);
    if (!loaded) throw std::runtime_error(file.string() + " does not load: " + loaded.problem().detail);
    return *loaded;
  }();
  return pack;
}

// Sums per (month, team, arena) from the raw table, one pass; the criteria follow by plain arithmetic.
const std::string kGroupsSql = R"sql(
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
FROM contact_raw WHERE day BETWEEN ?1 AND ?2)sql";
const std::string kGroupsBy = " GROUP BY 1, 2, 3";

struct Group {
  std::string month, team, arena;
  std::int64_t contacts, outreach, minutes, minutes_out_of_hours, pair_num, pair_den, collaboration, parents,
      concern, concern_referral, youths_target, youths_known, in_time;
};

std::vector<Group> raw_groups(sqlite3* db, const Period& period, const std::optional<Team>& team) {
  const std::string sql = team ? kGroupsSql + " AND district_id = ?3 AND team_id = ?4" + kGroupsBy : kGroupsSql + kGroupsBy;
  Query q(db, sql.c_str());
  q.bind(1, period.from);
  q.bind(2, period.to);
  if (team) {
    q.bind(3, team->district_id);
    q.bind(4, team->team_id);
  }
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

Period bench_year() {
  return {std::to_string(kBenchYear) + "-01-01", std::to_string(kBenchYear) + "-12-31"};
}

CriteriaAnswer criteria_from_store(server::Store& store, const Period& period, const std::optional<Team>& team) {
  an::ReportScope scope;
  if (team) scope = an::ReportScope{team->district_id, team->team_id};
  auto report = server::criteria_report_from_store(store, stockholm_pack(), period_of(period), scope, {});
  if (!report) throw std::runtime_error("criteria_report_from_store: " + report.problem().detail);
  // An evaluator's report (no team) is published protected (decision 0027): its cost is part of the case.
  // The exact numbers are what the GROUP BY side can check.
  if (!team && an::protect_report(*report, an::cell_key_policy(an::SuppressionPolicy{5})).results.empty()) {
    throw std::runtime_error("protect_report lost the criteria");
  }
  CriteriaAnswer out;
  for (const auto& r : report->results) out.push_back({r.id, r.value, r.measures, r.breakdown, r.missing_required});
  return out;
}

CriteriaAnswer criteria_from_group_by(sqlite3* db, const Period& period, const std::optional<Team>& team) {
  Group sum{};
  std::map<std::string, std::int64_t> month_totals;
  std::map<std::string, std::set<std::string>> arenas_by_month;
  std::set<std::pair<std::string, std::string>> team_months;
  for (const Group& g : raw_groups(db, period, team)) {
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
    const CriterionAnswer& a = ours[i];
    const CriterionAnswer& b = theirs[i];
    std::fprintf(stderr, "criterion %s / %s differs (store vs GROUP BY): value %s vs %s\n", a.id.c_str(), b.id.c_str(),
                 a.value ? std::to_string(*a.value).c_str() : "none", b.value ? std::to_string(*b.value).c_str() : "none");
    for (const auto& [name, v] : a.measures) {
      const auto it = b.measures.find(name);
      std::fprintf(stderr, "  measure %s: %.0f vs %s\n", name.c_str(), v,
                   it == b.measures.end() ? "absent" : std::to_string(it->second).c_str());
    }
    std::set<std::string> months;
    for (const auto& entry : a.breakdown) months.insert(entry.first);
    for (const auto& entry : b.breakdown) months.insert(entry.first);
    for (const auto& month : months) {
      const auto x = a.breakdown.find(month);
      const auto y = b.breakdown.find(month);
      const std::string xs = x == a.breakdown.end() ? "absent" : std::to_string(x->second);
      const std::string ys = y == b.breakdown.end() ? "absent" : std::to_string(y->second);
      if (xs != ys) std::fprintf(stderr, "  breakdown %s: %s vs %s\n", month.c_str(), xs.c_str(), ys.c_str());
    }
    if (a.missing_required != b.missing_required) {
      std::string xs, ys;
      for (const auto& m : a.missing_required) xs += " " + m;
      for (const auto& m : b.missing_required) ys += " " + m;
      std::fprintf(stderr, "  missing_required:%s vs%s\n", xs.c_str(), ys.c_str());
    }
    return false;
  }
  return true;
}

an::Table2D aggregate_from_store(server::Store& store, const Period& period) {
  an::AggregateRequest request;
  request.measure = "contacts";
  request.by = {"district_id", "arena"};
  request.period = period_of(period);
  request.audience = an::Audience::evaluator;
  request.policy = an::SuppressionPolicy{5};
  auto aggregate = server::build_aggregate_from_store(store, request);
  if (!aggregate) throw std::runtime_error("build_aggregate_from_store: " + aggregate.problem().detail);
  return std::get<an::Table2D>(aggregate->table);
}

an::Table2D aggregate_from_group_by(sqlite3* db, const Period& period) {
  Query q(db, "SELECT district_id, arena, count(*), sum(record_key) FROM contact_raw WHERE day BETWEEN ?1 AND ?2"
             " GROUP BY 1, 2");
  q.bind(1, period.from);
  q.bind(2, period.to);
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> counts;
  std::set<std::string> districts, arenas;
  while (q.step()) {
    counts[{std::string(q.text(0)), std::string(q.text(1))}] = {q.integer(2), q.integer(3)};
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
      const std::int64_t v = it == counts.end() ? 0 : it->second.first;
      const std::int64_t key = it == counts.end() ? 0 : it->second.second;
      t.cells[r][c] = {v, v, key};
      for (an::TableCell* margin : {&t.row_totals[r], &t.column_totals[c], &t.grand_total}) {
        margin->value += v, margin->frequency += v, margin->key_sum += key;
      }
    }
  }
  // The same protection the endpoint applies (decision 0027), from the same record keys.
  if (!an::protect_table(t, an::cell_key_policy(an::SuppressionPolicy{5}), "contacts", true)) {
    throw std::runtime_error("protection refused the table");
  }
  return t;
}

bool same_table(const an::Table2D& a, const an::Table2D& b) {
  auto same_cell = [](const an::TableCell& x, const an::TableCell& y) {
    return x.value == y.value && x.frequency == y.frequency && x.key_sum == y.key_sum;
  };
  auto same_cells = [&](const std::vector<an::TableCell>& x, const std::vector<an::TableCell>& y) {
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), same_cell);
  };
  bool same = a.row_labels == b.row_labels && a.column_labels == b.column_labels && a.cells.size() == b.cells.size() &&
              same_cells(a.row_totals, b.row_totals) && same_cells(a.column_totals, b.column_totals) &&
              same_cell(a.grand_total, b.grand_total);
  for (std::size_t r = 0; same && r < a.cells.size(); ++r) same = same_cells(a.cells[r], b.cells[r]);
  if (same) return true;
  std::fprintf(stderr, "district x arena tables differ (store vs GROUP BY): %zu x %zu vs %zu x %zu; grand total %lld vs %lld\n",
               a.row_labels.size(), a.column_labels.size(), b.row_labels.size(), b.column_labels.size(),
               static_cast<long long>(a.grand_total.value), static_cast<long long>(b.grand_total.value));
  for (std::size_t r = 0; r < std::min(a.cells.size(), b.cells.size()); ++r) {
    for (std::size_t c = 0; c < std::min(a.cells[r].size(), b.cells[r].size()); ++c) {
      if (same_cell(a.cells[r][c], b.cells[r][c])) continue;
      std::fprintf(stderr, "  cell %s x %s: %lld (of %lld) vs %lld (of %lld)\n", a.row_labels[r].c_str(),
                   a.column_labels[c].c_str(), static_cast<long long>(a.cells[r][c].value),
                   static_cast<long long>(a.cells[r][c].frequency), static_cast<long long>(b.cells[r][c].value),
                   static_cast<long long>(b.cells[r][c].frequency));
    }
  }
  return false;
}

}  // namespace faltlogg::bench
