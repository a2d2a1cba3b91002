// A team lead's view of the own team's work per member and ISO week (PROTOCOL.md "Review (team leads)"):
// how much each member logged, and how much of it reached the server within 72 h of occurring (the
// documentation delay the lead follows up). Exact numbers: a lead sees the rows anyway.
#pragma once

#include "api/api_context.hpp"
#include "faltlogg/analytics/calendar.hpp"

#include <vector>

namespace faltlogg::server {

// GET /api/v1/team/activity?from=YYYY-MM-DD&to=YYYY-MM-DD (Stockholm dates, both inclusive; default the
// last 8 ISO weeks up to today; at most 366 days). Team leads, own team; audit-logged.
ApiResult handle_team_activity(ApiServices& services, const RequestContext& context);

// The answer without HTTP: rows of the team in [from, to] grouped by author and ISO week (Stockholm).
// `members` gives names and the order; authors of rows missing from it are added (moved-away staff).
boost::json::object build_team_activity(const std::string& team_id, const std::vector<User>& members,
                                        const std::vector<ActivityRow>& rows, analytics::Date from,
                                        analytics::Date to, Store& store);

// GET /api/v1/references: the caller's team's reference lists, as in the login response, so the tablet
// refreshes them on every sync (decision 0041). Any signed-in user.
ApiResult handle_references(ApiServices& services, const RequestContext& context);
// {"references": {"areas": ["<id>", …]}, "reference_items": {"areas": [{"id", "name"}, …]}} of a team;
// empty lists when the team is unknown.
boost::json::object team_references(Store& store, const std::string& team_id);

// UTC milliseconds of 00:00 Stockholm time on `date`.
core::Millis stockholm_midnight_utc(analytics::Date date);

}  // namespace faltlogg::server
