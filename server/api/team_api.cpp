#include "api/team_api.hpp"

#include <chrono>
#include <map>

namespace faltlogg::server {

namespace {

constexpr core::Millis kSyncWindowMs = 72LL * 3600 * 1000;
constexpr int kMaxSpanDays = 366;
constexpr int kDefaultWeeks = 8;

struct WeekCount {
  std::int64_t records = 0;
  std::int64_t minutes = 0;
  std::int64_t synced_within_72h = 0;
};

boost::json::object counts_json(const WeekCount& count) {
  boost::json::object out{{"records", count.records},
                          {"minutes", count.minutes},
                          {"synced_within_72h", count.synced_within_72h}};
  // No records: no share to speak of (null, never 0 %, which would read as "all late").
  if (count.records > 0) {
    out["share_synced_within_72h"] = static_cast<double>(count.synced_within_72h) / static_cast<double>(count.records);
  } else {
    out["share_synced_within_72h"] = nullptr;
  }
  return out;
}

analytics::Date date_of(std::chrono::sys_days days) { return analytics::Date{days}; }

analytics::Date monday_of(analytics::Date date) {
  const std::chrono::sys_days days{date};
  const std::chrono::weekday weekday{days};
  return date_of(days - (weekday - std::chrono::Monday));
}

core::Result<analytics::Date> date_param(const RequestContext& context, const std::string& name,
                                         analytics::Date fallback) {
  auto it = context.query.find(name);
  if (it == context.query.end()) return fallback;
  auto date = analytics::parse_date(it->second);
  if (!date) return problems::bad_request("invalid_request", name + " must be a date, YYYY-MM-DD.");
  return *date;
}

struct Period {
  analytics::Date from;
  analytics::Date to;
};

core::Result<Period> activity_period(const ApiServices& services, const RequestContext& context) {
  for (const auto& [name, value] : context.query) {
    if (name != "from" && name != "to") {
      return problems::bad_request("invalid_request", "Unknown query parameter '" + name + "'; use from and to.");
    }
  }
  const analytics::Date today = analytics::to_stockholm_local(services.clock()).date;
  auto to = date_param(context, "to", today);
  if (!to) return to.problem();
  const analytics::Date default_from =
      date_of(std::chrono::sys_days{monday_of(*to)} - std::chrono::days{7 * (kDefaultWeeks - 1)});
  auto from = date_param(context, "from", default_from);
  if (!from) return from.problem();
  const auto span = (std::chrono::sys_days{*to} - std::chrono::sys_days{*from}).count();
  if (span < 0) return problems::bad_request("invalid_request", "from must not be after to.");
  if (span >= kMaxSpanDays) {
    return problems::bad_request("invalid_request", "The period may span at most 366 days; ask for less.");
  }
  return Period{*from, *to};
}

}  // namespace

core::Millis stockholm_midnight_utc(analytics::Date date) {
  const core::Millis utc_midnight =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::sys_days{date}.time_since_epoch()).count();
  // Two hours before UTC midnight is on the same side of any DST switch (01:00 UTC) as local midnight.
  const int offset = analytics::stockholm_utc_offset_minutes(utc_midnight - 2 * 3600 * 1000);
  return utc_midnight - core::Millis{offset} * 60'000;
}

boost::json::object build_team_activity(const std::string& team_id, const std::vector<User>& members,
                                        const std::vector<ActivityRow>& rows, analytics::Date from,
                                        analytics::Date to, Store& store) {
  boost::json::array weeks;
  for (auto day = std::chrono::sys_days{monday_of(from)}; day <= std::chrono::sys_days{to}; day += std::chrono::days{7}) {
    weeks.emplace_back(analytics::format_iso_week(date_of(day)));
  }
  std::map<std::string, std::map<std::string, WeekCount>> by_author;  // author -> ISO week -> counts
  for (const ActivityRow& row : rows) {
    const std::string week = analytics::format_iso_week(analytics::to_stockholm_local(row.occurred_at_ms).date);
    WeekCount& count = by_author[row.author_id][week];
    ++count.records;
    count.minutes += row.minutes;
    if (row.first_received_at_ms - row.occurred_at_ms <= kSyncWindowMs) ++count.synced_within_72h;
  }
  std::vector<User> listed;
  for (const User& member : members) {
    // A disabled member without records in the period is history, not a colleague to follow up.
    if (member.disabled && !by_author.contains(member.id)) continue;
    if (!logs_records(member.roles) && !by_author.contains(member.id)) continue;
    listed.push_back(member);
  }
  for (const auto& [author_id, unused] : by_author) {
    bool known = false;
    for (const User& user : listed) known = known || user.id == author_id;
    if (known) continue;
    if (auto user = store.find_user(author_id)) listed.push_back(*user);
  }
  boost::json::array out_members;
  for (const User& member : listed) {
    boost::json::array member_weeks;
    WeekCount total;
    for (const auto& [week, count] : by_author[member.id]) {
      boost::json::object item = counts_json(count);
      item["week"] = week;
      member_weeks.push_back(std::move(item));
      total.records += count.records;
      total.minutes += count.minutes;
      total.synced_within_72h += count.synced_within_72h;
    }
    out_members.push_back({{"user_id", member.id},
                           {"display_name", member.display_name},
                           {"active", !member.disabled && member.team_id == team_id},
                           {"weeks", std::move(member_weeks)},
                           {"total", counts_json(total)}});
  }
  return {{"team_id", team_id},
          {"from", analytics::format_date(from)},
          {"to", analytics::format_date(to)},
          {"weeks", std::move(weeks)},
          {"members", std::move(out_members)}};
}

boost::json::object team_references(Store& store, const std::string& team_id) {
  boost::json::array ids;
  boost::json::array items;
  if (auto team = store.find_team(team_id)) {
    for (const std::string& id : team->areas) {
      ids.emplace_back(id);
      items.push_back({{"id", id}, {"name", team->area_name(id)}});
    }
  }
  return {{"references", {{"areas", std::move(ids)}}}, {"reference_items", {{"areas", std::move(items)}}}};
}

ApiResult handle_references(ApiServices& services, const RequestContext& context) {
  if (!context.principal) return problems::unauthorized("Log in first.");
  if (!context.query.empty()) return problems::bad_request("invalid_request", "This endpoint takes no parameters.");
  return json_response(200, team_references(services.store, context.principal->user.team_id));
}

ApiResult handle_team_activity(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
  auto period = activity_period(services, context);
  if (!period) return period.problem();
  const core::Millis from_ms = stockholm_midnight_utc(period->from);
  const core::Millis to_ms =
      stockholm_midnight_utc(date_of(std::chrono::sys_days{period->to} + std::chrono::days{1}));
  const std::vector<ActivityRow> rows = services.store.team_activity_rows(principal.user.team_id, from_ms, to_ms);
  boost::json::object body = build_team_activity(principal.user.team_id,
                                                 services.store.team_members(principal.user.team_id), rows,
                                                 period->from, period->to, services.store);
  if (auto audited = services.store.append_audit({principal.user.id, "read_activity", principal.user.team_id,
                                                  "records=" + std::to_string(rows.size())});
      !audited) {
    return audited.problem();
  }
  return json_response(200, body);
}

}  // namespace faltlogg::server
