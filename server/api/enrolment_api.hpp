// Enrolment of a tablet by a one-use code (PROTOCOL.md "Enrolment of a tablet"; decision 0043).
#pragma once

#include "api/api_context.hpp"

namespace faltlogg::server {

// POST /api/v1/enrolments {user_id} -> 201 {code, expires_at, uri, user_id, display_name}. Admins for
// any active user; team leads for active members of their own team who hold neither admin nor evaluator.
ApiResult handle_enrolment_create(ApiServices& services, const RequestContext& context);
// POST /api/v1/auth/enrol {code, device_name} -> the body of a login. 401 unauthorized for an unknown
// code, 410 enrolment_used / enrolment_expired; failures are rate-limited with the login limiter.
ApiResult handle_enrol(ApiServices& services, const RequestContext& context);

}  // namespace faltlogg::server
