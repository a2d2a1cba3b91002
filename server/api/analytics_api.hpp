// Criteria report and aggregates (PROTOCOL.md "Criteria and aggregates"; server/analytics/README.md):
// the HTTP half — roles, scope, reading rollups, audit — over the faltlogg_analytics library.
#pragma once

#include "api/api_context.hpp"
#include "faltlogg/analytics/aggregate_table.hpp"
#include "faltlogg/analytics/criteria_report.hpp"
#include "faltlogg/analytics/query_params.hpp"

namespace faltlogg::server {

// GET /api/v1/criteria/report: team leads (own team), evaluators (any district, suppressed).
ApiResult handle_criteria_report(ApiServices& services, const RequestContext& context);
// GET /api/v1/aggregates: same roles; evaluators at month and district grain at finest.
ApiResult handle_aggregates(ApiServices& services, const RequestContext& context);

// The aggregate path without HTTP, shared with `faltlogg-admin export aggregates` (evaluator view).
// The scope in `query` must already be what the caller may see.
core::Result<analytics::Aggregate> build_aggregate_from_store(Store& store, const analytics::AggregateRequest& request);

// The criteria path without HTTP: reads the rollup rows the pack needs at the coarsest grain that answers
// the period (decision 0026) and evaluates them. The scope must already be what the caller may see.
core::Result<analytics::CriteriaReport> criteria_report_from_store(Store& store, const analytics::CriteriaPack& pack,
                                                                   const analytics::ReportPeriod& period,
                                                                   const analytics::ReportScope& scope,
                                                                   const analytics::TargetOverrides& overrides);

// The latest version of the pack with this id; nullptr when none is loaded.
const analytics::CriteriaPack* latest_pack_named(const std::vector<analytics::CriteriaPack>& packs, std::string_view id);

// The form's default pack (default_for_form), else its latest; nullptr when none is loaded.
const analytics::CriteriaPack* latest_pack_for_form(const std::vector<analytics::CriteriaPack>& packs,
                                                    std::string_view form_id);

}  // namespace faltlogg::server
