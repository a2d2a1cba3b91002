// Reads and changes for the web console's admin pages; each change commits with its audit entry.
#include "store/sqlite_store.hpp"

namespace faltlogg::server {

std::vector<District> SqliteStore::list_districts() {
  ReaderLease reader(*this);
  auto select = reader->prepare("SELECT id, name FROM districts ORDER BY name");
  std::vector<District> out;
  while (select.step()) out.push_back({select.text(0), select.text(1)});
  return out;
}

std::vector<Team> SqliteStore::list_teams() {
  std::vector<std::string> ids;
  {
    ReaderLease reader(*this);
    auto select = reader->prepare("SELECT id FROM teams ORDER BY name");
    while (select.step()) ids.push_back(select.text(0));
  }
  // A handful of teams per city: one lookup each keeps the area parsing in one place (find_team).
  std::vector<Team> out;
  for (const std::string& id : ids) {
    if (auto team = find_team(id)) out.push_back(std::move(*team));
  }
  return out;
}

core::Status SqliteStore::update_user(const UserChange& change, const AuditEvent& audit) {
  return audited_write(audit, [&](sqlite::Connection& c, AuditEvent& event) -> core::Status {
    auto user = load_user(c, "id", change.user_id);
    if (!user) return core::make_problem("not_found", 404, "Not found", "no user with this id");
    if (change.team_id) {
      auto team = c.prepare("SELECT 1 FROM teams WHERE id = ?");
      team.bind(1, *change.team_id);
      if (!team.step()) return core::make_problem("not_found", 404, "Not found", "no team with this id");
      c.prepare("UPDATE users SET team_id = ? WHERE id = ?").bind(1, *change.team_id).bind(2, user->id).run();
    }
    if (change.roles) {
      if (auto ok = check_role_combination(*change.roles); !ok) return ok.problem();
      // user_roles is what authorization reads; users.role keeps the first role (migration 0005).
      c.prepare("UPDATE users SET role = ? WHERE id = ?")
          .bind(1, std::string(to_string(change.roles->list().front())))
          .bind(2, user->id)
          .run();
      c.prepare("DELETE FROM user_roles WHERE user_id = ?").bind(1, user->id).run();
      auto insert_role = c.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, ?)");
      for (Role role : change.roles->list()) {
        insert_role.reset();
        insert_role.bind(1, user->id).bind(2, std::string(to_string(role))).run();
      }
    }
    event.subject = user->id;
    return core::Ok{};
  });
}

}  // namespace faltlogg::server
