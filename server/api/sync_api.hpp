// Forms, push and pull (PROTOCOL.md "Forms", "Push", "Pull").
#pragma once

#include "api/api_context.hpp"

#include <set>
#include <string>

namespace faltlogg::server {

// GET /api/v1/forms: the latest version of each form the caller may use (visible_forms).
ApiResult handle_forms(ApiServices& services, const RequestContext& context);
// POST /api/v1/sync/push: authors write their own records, of the forms their roles may write; anything
// else is refused per record (forbidden), never as a whole batch, for any role that may push.
ApiResult handle_push(ApiServices& services, const RequestContext& context);
// GET /api/v1/sync/pull: own records and their reviews; a team lead sees the team's (audit-logged).
ApiResult handle_pull(ApiServices& services, const RequestContext& context);

// The forms a user's roles may write: field_worker -> faltkontakt, family_therapist -> familjebehandling
// (decision 0042). Other roles write none.
std::set<std::string> writable_forms(const RoleSet& roles);
// What GET /api/v1/forms lists: the writable forms, and for a team lead also those the team's active
// members write (to read and review their records).
std::set<std::string> visible_forms(Store& store, const User& user);

// Parses a non-negative decimal integer of at most 18 digits (no sign, no spaces).
std::optional<std::int64_t> parse_count(std::string_view text);

}  // namespace faltlogg::server
