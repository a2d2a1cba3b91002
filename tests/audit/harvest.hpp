// Harvesting as an evaluator: aggregates (every by, both orders for contacts), every whole-month period
// of the demo span, every district scope, both forms, criteria reports in JSON and CSV.
#pragma once

#include "audit_model.hpp"
#include "tls_client.hpp"

#include <string>
#include <vector>

namespace faltlogg::audit {

struct Session {
  test::TlsHttpClient& client;
  std::string token;
};

struct Period {
  std::vector<std::string> months;  // consecutive "YYYY-MM"
};

// The budget (what keeps the audit to minutes): record counts (contacts, sessions) with every `by` over
// every contiguous run of months and every scope; the other measures with every one- and two-way `by`
// (one order) over single months and the whole span; CSV compared with JSON for one-way contacts tables
// and every criteria report.
struct HarvestPlan {
  std::vector<std::string> months;
  // The review counters (decision 0074) are measures like the others: D2/D3 publish them as criteria too.
  std::vector<std::string> field_measures{"minutes",  "youths",        "parents",            "concern.alkohol",
                                          "contacts_in_pair", "reviewed", "needs_changes", "reviewed_within_14d"};
  std::vector<std::string> family_measures{"minutes", "method.kbt"};
};

// The calendar months the demo data spans (its 90 days back from now, in UTC days).
std::vector<std::string> demo_months(std::int64_t now_ms);
std::vector<Period> all_periods(const std::vector<std::string>& months);

Harvest harvest(Session& session, const HarvestPlan& plan, int harvest_number);

}  // namespace faltlogg::audit
