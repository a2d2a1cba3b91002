// The attacks: linear-programming bounds (GLPK) over everything published, with the published values as
// the intervals the attacker knows they stand for, and least-squares estimates (the averaging attack a
// perturbative method invites), both over the record counts (contacts, sessions) of every table.
#pragma once

#include "audit_model.hpp"

#include <string>
#include <vector>

namespace faltlogg::audit {

struct AttackScore {
  int targets = 0;          // cells with a true count 1..k-1 (both harvests), and small changes between them
  int lp_solved = 0;        // targets the LP bounded (capped per group: max_lp_targets)
  int exact = 0;            // LP min == max: the value is known
  int pinned = 0;           // LP bounds within 1..k-1: known to be small (exact ones included)
  int published_small = 0;  // the value itself published as 1..k-1
  int ls_hits = 0;          // least-squares estimate, rounded, equals the truth
  int direct_hits = 0;      // the published value equals the truth
  int mode_hits = 0;        // guessing the commonest small value (knowing the truth's distribution)
  int delta_targets = 0;    // small changes between the two harvests (late records)
  int delta_exact_hits = 0; // y2 - y1 equals the true change
  std::vector<std::string> examples;  // a few pinned or exact targets, for the report
};

struct AttackOptions {
  // Per (form, dimension pair) group, smallest cells first (single months and districts, the most
  // exposed): bounds the CI runtime. Least squares and the direct checks cover every target.
  int max_lp_targets = 300;
};

AttackScore attack(const std::vector<Published>& cells, const Truth& truth_first, const Truth& truth_second,
                   const Disclosure& disclosure, const AttackOptions& options);

}  // namespace faltlogg::audit
