#include "store/store.hpp"

#include "faltlogg/analytics/calendar.hpp"

#include <array>
#include <set>
#include <string>
#include <utility>

namespace faltlogg::server {

core::Result<std::string> rebuild_from_month(const std::string& from_date, const std::optional<std::string>& horizon) {
  auto from = analytics::parse_date(from_date);
  if (!from) return core::make_problem("invalid_request", 400, "Invalid date", "--from must be YYYY-MM-DD.");
  const std::string from_month = analytics::format_month(*from);
  if (horizon && from_month + "-01" < *horizon) {
    return core::make_problem("before_retention_horizon", 409, "Before the retention horizon",
                              "Records before " + *horizon + " were purged and cannot be recounted; "
                              "rebuild from " + *horizon + " or later.");
  }
  return from_month;
}

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames{{
    {Role::field_worker, "field_worker"},
    {Role::family_therapist, "family_therapist"},
    {Role::team_lead, "team_lead"},
    {Role::evaluator, "evaluator"},
    {Role::admin, "admin"},
}};
}  // namespace

std::string_view to_string(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return name;
  }
  return "unknown";
}

std::optional<Role> role_from_string(std::string_view text) {
  for (const auto& [value, name] : kRoleNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

core::Status check_areas(const std::vector<Area>& areas) {
  std::set<std::string> seen;
  for (const Area& area : areas) {
    if (area.id.empty() || area.id.size() > 64 || area.name.size() > 100) {
      return core::make_problem("invalid_request", 400, "Bad request",
                                "an area id must be 1-64 characters and a name at most 100");
    }
    if (!seen.insert(area.id).second) {
      return core::make_problem("invalid_request", 400, "Bad request", "the area id '" + area.id + "' is repeated");
    }
  }
  return core::Ok{};
}

std::string_view to_string(BulkReviewStatus status) {
  switch (status) {
    case BulkReviewStatus::reviewed:
      return "reviewed";
    case BulkReviewStatus::forbidden:
      return "forbidden";
    case BulkReviewStatus::not_found:
      break;
  }
  return "not_found";
}

std::size_t RoleSet::size() const { return list().size(); }

std::vector<Role> RoleSet::list() const {
  std::vector<Role> roles;
  for (const auto& [value, name] : kRoleNames) {
    if (has(value)) roles.push_back(value);
  }
  return roles;
}

std::vector<std::string> RoleSet::names() const {
  std::vector<std::string> names;
  for (Role role : list()) names.emplace_back(to_string(role));
  return names;
}

std::string to_string(const RoleSet& roles) {
  std::string text;
  for (Role role : roles.list()) {
    if (!text.empty()) text += ',';
    text += to_string(role);
  }
  return text;
}

namespace {
core::Problem invalid_role(std::string detail) {
  return core::make_problem("invalid_role", 400, "Invalid role", std::move(detail));
}
}  // namespace

core::Status check_role_combination(const RoleSet& roles) {
  if (roles.empty()) return invalid_role("A user needs at least one role.");
  for (Role alone : {Role::evaluator, Role::admin}) {
    if (roles.has(alone) && roles.size() > 1) {
      return invalid_role("the role " + std::string(to_string(alone)) +
                          " is held alone: an evaluator never sees a row and an admin never record contents.");
    }
  }
  return core::Ok{};
}

core::Result<RoleSet> role_set_from_string(std::string_view text) {
  RoleSet roles;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view name = text.substr(start, comma - start);
    auto role = role_from_string(name);
    if (!role) {
      return invalid_role("unknown role '" + std::string(name) +
                          "' (roles: field_worker, family_therapist, team_lead, evaluator, admin)");
    }
    if (roles.has(*role)) return invalid_role("the role '" + std::string(name) + "' is listed twice");
    roles.add(*role);
    start = comma + 1;
  }
  if (auto allowed = check_role_combination(roles); !allowed) return allowed.problem();
  return roles;
}

}  // namespace faltlogg::server
