// Internal: indicators over distinct cases (decision 0072), beside indicators.cpp's kinds.
#pragma once

#include "faltlogg/analytics/criteria_report.hpp"

namespace faltlogg::server::analytics {

// Cases (distinct case keys among case_monthly rows whose `value` sum is positive) by the counters named
// `counter_prefix`*: a case counts once under each label it has, however many rows it spans. Every count
// is protected by the case keys behind it, so suppression is by distinct cases, never by rows.
void case_distribution(const IndicatorDef& def, const std::vector<const RollupRow*>& rows, CriterionResult& out);

}  // namespace faltlogg::server::analytics
