// Login, logout and bearer-token authentication (PROTOCOL.md "Authentication").
#pragma once

#include "api/api_context.hpp"

namespace faltlogg::server {

// POST /api/v1/auth/login. Rate-limited per username and per address; Argon2id verification.
ApiResult handle_login(ApiServices& services, const RequestContext& context);
// POST /api/v1/auth/logout. Revokes the caller's token; a replay of it afterwards gets 401.
ApiResult handle_logout(ApiServices& services, const RequestContext& context);

// Resolves "Authorization: Bearer <token>"; 401 unauthorized, or 401 device_revoked for a revoked device.
core::Result<Principal> authenticate(ApiServices& services, std::string_view authorization_header);
// The bearer header when present, else the session cookie: then the idle clock is checked (401
// session_expired) and every non-GET request must carry X-CSRF-Token (403 csrf_failed).
core::Result<Principal> authenticate_request(ApiServices& services, const HttpRequest& request);
// GET /api/v1/auth/session: who is signed in (the console's start), with the CSRF token for cookies.
ApiResult handle_session_info(ApiServices& services, const RequestContext& context);

// 256 random bits, hex-encoded; only core::hash_hex of it is stored.
std::string make_bearer_token();

// When a session token made now expires (token_ttl_days).
core::Millis token_expiry(const ApiServices& services);
// The 200 body of a login (also of an enrolment): token, device_id, expires_at, user (with all roles),
// references (ids, decision 0040) and reference_items (ids with display names, decision 0041).
ApiResult session_response(ApiServices& services, const User& user, const Device& device, const std::string& token,
                           core::Millis expires_at_ms);

}  // namespace faltlogg::server
