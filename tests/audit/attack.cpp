#include "attack.hpp"

#include <glpk.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <array>
#include <optional>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

namespace faltlogg::audit {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The attacker's reading of a published value: the interval of true values that can give it.
struct Interval {
  double lo = 0;
  double hi = kInf;
};

Interval interval_of(const std::optional<std::int64_t>& value, const Disclosure& d) {
  if (!value) return {0, kInf};  // suppressed (0025): anything, zero included
  const auto y = static_cast<double>(*value);
  if (d.method != "cell_key") return {y, y};
  if (*value == 0) return {0, 0};  // only a true zero publishes as 0
  return {*value <= d.k + d.max_noise ? 1.0 : y - d.max_noise, y + d.max_noise};
}

// One LP group: a form and two of its dimensions, with month and district; atoms are its cells.
struct Group {
  const FormInfo* form = nullptr;
  std::string dim_a, dim_b;
  std::map<std::string, int> atom_index;  // "month|district|a|b" -> column (0-based, per harvest)
  std::vector<std::array<std::string, 4>> atoms;
};

bool fits(const Published& cell, const Group& g) {
  if (cell.form != g.form->form || cell.measure != g.form->record_measure) return false;
  for (const auto& [dim, value] : cell.filter) {
    if (dim != g.dim_a && dim != g.dim_b) return false;
  }
  return true;
}

std::vector<int> atoms_of(const Published& cell, const Group& g) {
  std::vector<int> out;
  for (std::size_t i = 0; i < g.atoms.size(); ++i) {
    const auto& [month, district, a, b] = g.atoms[i];
    if (!cell.district.empty() && district != cell.district) continue;
    if (!std::binary_search(cell.months.begin(), cell.months.end(), month)) continue;
    const auto fa = cell.filter.find(g.dim_a);
    const auto fb = cell.filter.find(g.dim_b);
    if ((fa != cell.filter.end() && fa->second != a) || (fb != cell.filter.end() && fb->second != b)) continue;
    out.push_back(static_cast<int>(i));
  }
  return out;
}

Group make_group(const FormInfo& form, const std::string& a, const std::string& b, const std::vector<Published>& cells,
                 const Truth& truth) {
  Group g{&form, a, b, {}, {}};
  std::set<std::string> months, districts, values_a, values_b;
  for (const auto& cell : cells) {
    if (cell.form != form.form) continue;
    months.insert(cell.months.begin(), cell.months.end());
    if (!cell.district.empty()) districts.insert(cell.district);
    if (auto it = cell.filter.find(a); it != cell.filter.end()) values_a.insert(it->second);
    if (auto it = cell.filter.find(b); it != cell.filter.end()) values_b.insert(it->second);
  }
  if (auto it = truth.atoms.find(form.form); it != truth.atoms.end()) {
    for (const auto& atom : it->second) {
      districts.insert(atom.district);
      values_a.insert(atom.dims.at(a));
      values_b.insert(atom.dims.at(b));
    }
  }
  for (const auto& m : months) {
    for (const auto& d : districts) {
      for (const auto& va : values_a) {
        for (const auto& vb : values_b) {
          g.atom_index[m + "|" + d + "|" + va + "|" + vb] = static_cast<int>(g.atoms.size());
          g.atoms.push_back({m, d, va, vb});
        }
      }
    }
  }
  return g;
}

struct Row {
  std::vector<int> columns;  // already offset by harvest
  Interval bounds;
};

// min and max of sum(coef * x) subject to the rows, x >= 0, warm-started from the previous basis.
class Lp {
 public:
  Lp(int columns, const std::vector<Row>& rows, int harvests, int atoms_per_harvest) : prob_(glp_create_prob()) {
    glp_set_obj_dir(prob_, GLP_MIN);
    glp_add_cols(prob_, columns);
    for (int c = 1; c <= columns; ++c) glp_set_col_bnds(prob_, c, GLP_LO, 0.0, 0.0);
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0.0};
    int r = 0;
    auto add_row = [&](const std::vector<std::pair<int, double>>& terms, Interval b) {
      glp_add_rows(prob_, 1);
      ++r;
      if (b.hi == kInf) {
        glp_set_row_bnds(prob_, r, GLP_LO, b.lo, 0.0);
      } else if (b.lo == b.hi) {
        glp_set_row_bnds(prob_, r, GLP_FX, b.lo, b.hi);
      } else {
        glp_set_row_bnds(prob_, r, GLP_DB, b.lo, b.hi);
      }
      for (const auto& [column, coef] : terms) {
        ia.push_back(r);
        ja.push_back(column + 1);
        ar.push_back(coef);
      }
    };
    for (const Row& row : rows) {
      if (row.bounds.lo <= 0 && row.bounds.hi == kInf) continue;  // says nothing
      std::vector<std::pair<int, double>> terms;
      for (int c : row.columns) terms.emplace_back(c, 1.0);
      add_row(terms, row.bounds);
    }
    // Records only arrive between harvests (late syncs): the attacker may assume no atom shrank.
    for (int h = 1; h < harvests; ++h) {
      for (int a = 0; a < atoms_per_harvest; ++a) {
        add_row({{h * atoms_per_harvest + a, 1.0}, {(h - 1) * atoms_per_harvest + a, -1.0}}, {0, kInf});
      }
    }
    glp_load_matrix(prob_, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_init_smcp(&parm_);
    parm_.msg_lev = GLP_MSG_OFF;
    parm_.presolve = GLP_OFF;
  }
  ~Lp() { glp_delete_prob(prob_); }
  Lp(const Lp&) = delete;
  Lp& operator=(const Lp&) = delete;

  // {min, max}; nullopt when the solver fails (infeasible would mean the audit misreads the method).
  // The minimum is only solved when the maximum is below `need_min_below`: a target whose maximum is k
  // or more can be neither pinned to 1..k-1 nor exact (its true value is below k), so min is moot.
  std::optional<std::pair<double, double>> bounds(const std::vector<std::pair<int, double>>& objective,
                                                  double need_min_below) {
    for (const auto& [column, coef] : objective) glp_set_obj_coef(prob_, column + 1, coef);
    std::optional<std::pair<double, double>> out;
    glp_set_obj_dir(prob_, GLP_MAX);
    const int ret = glp_simplex(prob_, &parm_);
    const int status = glp_get_status(prob_);
    double high = kInf;
    if (ret == 0 && (status == GLP_OPT || status == GLP_UNBND)) {
      if (status == GLP_OPT) high = glp_get_obj_val(prob_);
      out = std::pair{-kInf, high};
      if (high < need_min_below) {
        glp_set_obj_dir(prob_, GLP_MIN);
        if (glp_simplex(prob_, &parm_) == 0 && glp_get_status(prob_) == GLP_OPT) {
          out->first = glp_get_obj_val(prob_);
        } else {
          out.reset();
        }
      }
    }
    for (const auto& [column, coef] : objective) glp_set_obj_coef(prob_, column + 1, 0.0);
    return out;
  }

 private:
  glp_prob* prob_;
  glp_smcp parm_{};
};

// Ridge least squares over the rows with a value: the attacker's best linear estimate of every atom.
std::vector<double> least_squares(int columns, const std::vector<std::pair<std::vector<int>, double>>& equations) {
  const auto n = static_cast<std::size_t>(columns);
  std::vector<double> m(n * n, 0.0), rhs(n, 0.0);
  for (const auto& [cols, y] : equations) {
    for (int i : cols) {
      rhs[static_cast<std::size_t>(i)] += y;
      for (int j : cols) m[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)] += 1.0;
    }
  }
  for (std::size_t i = 0; i < n; ++i) m[i * n + i] += 1e-3;
  // Cholesky: m is symmetric positive definite with the ridge.
  for (std::size_t j = 0; j < n; ++j) {
    double d = m[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= m[j * n + k] * m[j * n + k];
    d = std::sqrt(std::max(d, 1e-12));
    m[j * n + j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = m[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= m[i * n + k] * m[j * n + k];
      m[i * n + j] = s / d;
    }
  }
  std::vector<double> z(n);
  for (std::size_t i = 0; i < n; ++i) {
    double s = rhs[i];
    for (std::size_t k = 0; k < i; ++k) s -= m[i * n + k] * z[k];
    z[i] = s / m[i * n + i];
  }
  std::vector<double> x(n);
  for (std::size_t i = n; i-- > 0;) {
    double s = z[i];
    for (std::size_t k = i + 1; k < n; ++k) s -= m[k * n + i] * x[k];
    x[i] = s / m[i * n + i];
  }
  return x;
}

}  // namespace

AttackScore attack(const std::vector<Published>& cells, const Truth& truth_first, const Truth& truth_second,
                   const Disclosure& d, const AttackOptions& options) {
  AttackScore score;
  std::map<std::int64_t, int> small_values;
  std::set<std::string> counted;  // a target is scored once, in the first group it fits
  std::set<std::string> deltas_counted;
  const int harvests = std::any_of(cells.begin(), cells.end(), [](const Published& c) { return c.harvest == 2; }) ? 2 : 1;
  for (const FormInfo& form : forms()) {
    for (std::size_t ia = 0; ia < form.dims.size(); ++ia) {
      for (std::size_t ib = ia + 1; ib < form.dims.size(); ++ib) {
        Group g = make_group(form, form.dims[ia], form.dims[ib], cells, truth_second);
        const int per_harvest = static_cast<int>(g.atoms.size());
        if (per_harvest == 0) continue;
        // Unique published sets per harvest.
        std::map<std::pair<std::string, int>, const Published*> unique;
        for (const auto& cell : cells) {
          if (fits(cell, g)) unique.emplace(std::pair{cell.key(), cell.harvest}, &cell);
        }
        std::vector<Row> rows;
        std::map<int, std::vector<std::pair<std::vector<int>, double>>> equations;
        std::map<std::pair<std::string, int>, std::vector<int>> atom_sets;
        for (const auto& [id, cell] : unique) {
          auto set = atoms_of(*cell, g);
          atom_sets[id] = set;
          std::vector<int> columns;
          for (int a : set) columns.push_back((cell->harvest - 1) * per_harvest + a);
          rows.push_back({columns, interval_of(cell->value, d)});
          if (cell->value) equations[cell->harvest].emplace_back(set, static_cast<double>(*cell->value));
        }
        const auto t0 = std::chrono::steady_clock::now();
        Lp lp(per_harvest * harvests, rows, harvests, per_harvest);
        std::map<int, std::vector<double>> estimates;
        for (const auto& [h, eq] : equations) estimates[h] = least_squares(per_harvest, eq);
        const auto t1 = std::chrono::steady_clock::now();
        int solved_here = 0;
        std::vector<std::pair<std::pair<std::string, int>, const Published*>> order(unique.begin(), unique.end());
        std::stable_sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
          return atom_sets[x.first].size() < atom_sets[y.first].size();
        });
        for (const auto& [id, cell] : order) {
          const Truth& truth = cell->harvest == 2 ? truth_second : truth_first;
          const std::int64_t value = truth.value_of(*cell);
          if (value < 1 || value >= d.k || !counted.insert(id.first + "#" + std::to_string(id.second)).second) continue;
          ++score.targets;
          small_values[value] += 1;
          if (cell->value && *cell->value >= 1 && *cell->value < d.k) ++score.published_small;
          if (cell->value && *cell->value == value) ++score.direct_hits;
          double estimate = 0;
          for (int a : atom_sets[id]) estimate += estimates[cell->harvest].empty() ? 0 : estimates[cell->harvest][static_cast<std::size_t>(a)];
          if (std::llround(estimate) == value) ++score.ls_hits;
          if (solved_here >= options.max_lp_targets) continue;
          std::vector<std::pair<int, double>> objective;
          for (int a : atom_sets[id]) objective.emplace_back((cell->harvest - 1) * per_harvest + a, 1.0);
          auto bounds = lp.bounds(objective, d.k - 1 + 1e-6);
          if (!bounds) continue;
          ++solved_here;
          ++score.lp_solved;
          const double low = std::ceil(bounds->first - 1e-6);
          const double high = std::floor(bounds->second + 1e-6);
          const bool exact = low == high;
          const bool pinned = low >= 1 && high <= d.k - 1;
          score.exact += exact ? 1 : 0;
          score.pinned += pinned ? 1 : 0;
          if ((exact || pinned) && score.examples.size() < 5) {
            score.examples.push_back(cell->key() + " true " + std::to_string(value) + " bounds [" +
                                     std::to_string(low) + ", " + std::to_string(high) + "]");
          }
        }
        std::fprintf(stderr, "audit: %s %s x %s: %d atoms, %zu rows, setup %.1f s, LP %.1f s for %d targets\n",
                     form.form.c_str(), g.dim_a.c_str(), g.dim_b.c_str(), per_harvest, rows.size(),
                     std::chrono::duration<double>(t1 - t0).count(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count(), solved_here);
        // Changes between the harvests: the same question asked before and after late records.
        if (harvests < 2) continue;
        for (const auto& [id, cell] : order) {
          if (id.second != 2) continue;
          const auto before = unique.find({id.first, 1});
          if (before == unique.end() || !deltas_counted.insert(id.first).second) continue;
          const std::int64_t change = truth_second.value_of(*cell) - truth_first.value_of(*before->second);
          if (change < 1 || change >= d.k) continue;
          ++score.delta_targets;
          if (cell->value && before->second->value && *cell->value - *before->second->value == change) ++score.delta_exact_hits;
          if (solved_here >= options.max_lp_targets) continue;
          std::vector<std::pair<int, double>> objective;
          for (int a : atom_sets[id]) {
            objective.emplace_back(per_harvest + a, 1.0);
            objective.emplace_back(a, -1.0);
          }
          auto bounds = lp.bounds(objective, d.k - 1 + 1e-6);
          if (!bounds) continue;
          ++solved_here;
          ++score.lp_solved;
          const double low = std::ceil(bounds->first - 1e-6);
          const double high = std::floor(bounds->second + 1e-6);
          score.exact += low == high ? 1 : 0;
          score.pinned += (low >= 1 && high <= d.k - 1) ? 1 : 0;
        }
      }
    }
  }
  int mode = 0;
  for (const auto& [value, count] : small_values) mode = std::max(mode, count);
  score.mode_hits = mode;
  return score;
}

}  // namespace faltlogg::audit
