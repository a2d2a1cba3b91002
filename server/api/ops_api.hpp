// Device revocation and the operational endpoints.
#pragma once

#include "api/api_context.hpp"

namespace faltlogg::server {

// POST /api/v1/devices/{id}/revoke: admins any device, team leads their team members' devices.
ApiResult handle_device_revoke(ApiServices& services, const RequestContext& context);
// GET /healthz (no auth): answers once the store is open.
ApiResult handle_healthz(ApiServices& services, const RequestContext& context);
// GET /api/v1/version (no auth).
ApiResult handle_version(ApiServices& services, const RequestContext& context);
// GET /metrics (no auth; no personal data): Prometheus text.
ApiResult handle_metrics(ApiServices& services, const RequestContext& context);

}  // namespace faltlogg::server
