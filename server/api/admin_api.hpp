// The admin HTTP API the web console needs (districts, teams, users, devices, criteria targets, audit
// status, enrolment QR) and the code documentation every console role reads. Every handler checks the
// role itself; the console only hides what a role may not do.
#pragma once

#include "api/api_context.hpp"

namespace faltlogg::server {

class Router;

ApiResult handle_admin_districts(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_district_add(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_teams(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_team_add(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_devices(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_targets(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_target_set(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_settings(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_setting_set(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_audit(ApiServices& services, const RequestContext& context);
ApiResult handle_qr(ApiServices& services, const RequestContext& context);
ApiResult handle_code_docs(ApiServices& services, const RequestContext& context);

// admin_api_users.cpp
ApiResult handle_admin_users(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_user_add(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_user_update(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_user_disable(ApiServices& services, const RequestContext& context);
ApiResult handle_admin_user_password(ApiServices& services, const RequestContext& context);

void add_admin_routes(Router& router);

// Shared by both files: a string member of 1..max characters without control bytes (422 naming it).
core::Result<std::string> admin_text(const boost::json::object& body, std::string_view key, std::size_t max_chars);

}  // namespace faltlogg::server
