// Parsing the query strings of the criteria and aggregates endpoints (PROTOCOL.md) into requests, so the
// HTTP layer only splits the URL and maps Problems to responses.
#pragma once

#include "faltlogg/analytics/aggregate_table.hpp"
#include "faltlogg/analytics/criteria_report.hpp"

#include <map>
#include <string>

namespace faltlogg::server::analytics {

// Decoded query parameters (percent-decoding is the HTTP layer's job); a repeated name is the caller's
// to refuse before it gets here.
using QueryParams = std::map<std::string, std::string, std::less<>>;

enum class OutputFormat { json, csv };

struct ReportQuery {
  ReportPeriod period;
  ReportScope scope;
  OutputFormat format = OutputFormat::json;
};

struct AggregateQuery {
  AggregateRequest request;
  OutputFormat format = OutputFormat::json;
};

// `from`, `to` (YYYY-MM-DD, required), `district_id`, `team_id` (optional ids), `format` (json|csv).
// Unknown parameters, malformed or oversized values give "invalid_request" (400) naming the parameter.
core::Result<ReportQuery> parse_report_query(const QueryParams& params);

// Adds `measure` (required), `by` (one or two dimensions, comma separated) and `form` (faltkontakt, the
// default, or familjebehandling) to the above; then check_aggregate_request for the audience.
core::Result<AggregateQuery> parse_aggregate_query(const QueryParams& params, Audience audience,
                                                   const SuppressionPolicy& policy);

}  // namespace faltlogg::server::analytics
