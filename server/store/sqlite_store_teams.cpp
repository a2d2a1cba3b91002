// Teams, their sub-areas and members: the parts of SqliteStore that read and change a team.
#include "store/sqlite_store.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace faltlogg::server {

namespace {

// areas_json holds ids (before display names existed) or {id, name} objects; both read the same way.
void parse_areas(const std::string& json_text, Team& team) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json_text, ec);
  if (ec || !value.is_array()) return;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) {
      team.areas.emplace_back(item.as_string());
    } else if (const auto* object = item.if_object()) {
      const auto* id = object->if_contains("id");
      const auto* name = object->if_contains("name");
      if (id == nullptr || !id->is_string()) continue;
      team.areas.emplace_back(id->as_string());
      if (name != nullptr && name->is_string()) team.area_names[team.areas.back()] = std::string(name->as_string());
    }
  }
}

std::string areas_to_json(const std::vector<Area>& areas) {
  boost::json::array array;
  for (const auto& area : areas) array.push_back({{"id", area.id}, {"name", area.name}});
  return boost::json::serialize(array);
}

}  // namespace

std::optional<Team> SqliteStore::find_team(const std::string& team_id) {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT id, district_id, name, areas_json FROM teams WHERE id = ?");
  select.bind(1, team_id);
  if (!select.step()) return std::nullopt;
  Team team{select.text(0), select.text(1), select.text(2), {}, {}};
  parse_areas(select.text(3), team);
  return team;
}

core::Status SqliteStore::set_team_areas(const std::string& team_name, const std::vector<Area>& areas,
                                         const AuditEvent& audit) {
  if (auto valid = check_areas(areas); !valid) return valid;
  std::lock_guard lock(writer_mutex_);
  sqlite::Transaction tx(*writer_);
  auto team = writer_->prepare("SELECT id FROM teams WHERE name = ?");
  team.bind(1, team_name);
  if (!team.step()) return core::make_problem("not_found", 404, "Not found", "no team with this name");
  const std::string team_id = team.text(0);
  team.reset();
  writer_->prepare("UPDATE teams SET areas_json = ? WHERE id = ?").bind(1, areas_to_json(areas)).bind(2, team_id).run();
  AuditEvent event = audit;
  event.subject = team_id;
  event.detail = "areas=" + std::to_string(areas.size());
  append_audit_in_tx(*writer_, event);
  tx.commit();
  return core::Ok{};
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
