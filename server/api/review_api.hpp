// Team leads' review of their team's records (PROTOCOL.md "Review"). Reviews never edit a record.
#pragma once

#include "api/api_context.hpp"

namespace faltlogg::server {

// GET /api/v1/review/records?team_id=&from=&to=&state=&author_id=&limit= (team leads, own team only; audit-logged).
ApiResult handle_review_list(ApiServices& services, const RequestContext& context);
// PUT /api/v1/review/{id} {state, comment} (team lead of the record's team).
ApiResult handle_review_put(ApiServices& services, const RequestContext& context);
// POST /api/v1/review/bulk {record_ids: [<=500 distinct ids], state, comment} -> per-record outcomes
// (reviewed / forbidden / not_found) in one transaction; malformed input reviews nothing.
ApiResult handle_review_bulk(ApiServices& services, const RequestContext& context);

}  // namespace faltlogg::server
