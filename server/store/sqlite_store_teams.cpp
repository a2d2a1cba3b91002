// Teams, their sub-areas and members: the parts of SqliteStore that read and change a team.
#include "store/sqlite_store.hpp"
#include "store/team_areas.hpp"

#include <algorithm>

namespace faltlogg::server {
std::optional<Team> SqliteStore::find_team(const std::string& team_id) {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT id, district_id, name, areas_json FROM teams WHERE id = ?");
  select.bind(1, team_id);
  if (!select.step()) return std::nullopt;
  Team team{select.text(0), select.text(1), select.text(2), {}, {}};
  parse_team_areas(select.text(3), team);
  return team;
}

core::Status SqliteStore::set_team_areas(const std::string& team_name, const std::vector<Area>& areas,
                                         const AuditEvent& audit) {
  if (auto valid = check_areas(areas); !valid) return valid;
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Status {
    auto team = c.prepare("SELECT id FROM teams WHERE name = ?");
    team.bind(1, team_name);
    if (!team.step()) return core::make_problem("not_found", 404, "Not found", "no team with this name");
    const std::string team_id = team.text(0);
    team.reset();
    c.prepare("UPDATE teams SET areas_json = ? WHERE id = ?").bind(1, areas_to_json(areas)).bind(2, team_id).run();
    event.subject = team_id;
    event.detail = "areas=" + std::to_string(areas.size());
    return core::Ok{};
  });
}

std::vector<User> SqliteStore::team_members(const std::string& team_id) {
  // Teams are tens of people and accounts a few thousand at most: filtering the list is simplest.
  std::vector<User> members;
  for (User& user : list_users()) {
    if (user.team_id == team_id) members.push_back(std::move(user));
  }
  std::stable_sort(members.begin(), members.end(),
                   [](const User& a, const User& b) { return a.display_name < b.display_name; });
  return members;
}

}  // namespace faltlogg::server
