// Forms, push and pull (PROTOCOL.md "Forms", "Push", "Pull").
#pragma once

#include "api/api_context.hpp"

namespace faltlogg::server {

// GET /api/v1/forms: the latest version of every known form pack.
ApiResult handle_forms(ApiServices& services, const RequestContext& context);
// POST /api/v1/sync/push: field workers and family therapists write their own records.
ApiResult handle_push(ApiServices& services, const RequestContext& context);
// GET /api/v1/sync/pull: own records and their reviews; a team lead sees the team's (audit-logged).
ApiResult handle_pull(ApiServices& services, const RequestContext& context);

// Parses a non-negative decimal integer of at most 18 digits (no sign, no spaces).
std::optional<std::int64_t> parse_count(std::string_view text);

}  // namespace faltlogg::server
