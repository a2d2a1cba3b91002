// Users on the admin page: create, change role or team, disable, reset password. Passwords never
// leave the server and are never logged; the audit entry names the user id only.
#include "api/admin_api.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"

#include <boost/json/value_from.hpp>

namespace faltlogg::server {

namespace {

constexpr std::size_t kMinPasswordChars = 8;
constexpr std::size_t kMaxPasswordChars = 1024;

bool is_username(std::string_view name) {
  return name.size() >= 2 && name.size() <= 64 &&
         name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") == std::string_view::npos;
}

boost::json::object user_json(const User& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"roles", boost::json::value_from(user.roles.names())},
          {"team_id", user.team_id},
          {"district_id", user.district_id},
          {"disabled", user.disabled}};
}

core::Result<std::string> password_hash_from(const ApiServices& services, const boost::json::object& body) {
  auto password = core::get_string(body, "password");
  if (!password) return password.problem();
  if (password->size() < kMinPasswordChars || password->size() > kMaxPasswordChars) {
    return problems::validation_failed("password", "out_of_range", "The password must be 8-1024 characters.");
  }
  return core::hash_password(*password, core::KdfParams::of(services.options.kdf));
}

// `role`: one role name or a comma-separated list ("team_lead,field_worker"; evaluator and admin alone).
core::Result<RoleSet> role_from(const boost::json::object& body) {
  auto name = core::get_string(body, "role");
  if (!name) return name.problem();
  auto roles = role_set_from_string(*name);
  if (!roles) {
    return problems::validation_failed("role", "unknown_value",
                                       "role must be field_worker, family_therapist, team_lead, evaluator or admin "
                                       "(several as a comma-separated list; evaluator and admin alone).");
  }
  return *roles;
}

// The user named by the path, as a 404 for anything that is not one (ids are never guessable).
core::Result<User> path_user(ApiServices& services, const RequestContext& context) {
  const std::string& id = context.path_params.at("id");
  if (!core::is_uuid_v4(id)) return problems::not_found("No user with this id.");
  auto user = services.store.find_user(id);
  if (!user) return problems::not_found("No user with this id.");
  return *user;
}

}  // namespace

ApiResult handle_admin_users(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  boost::json::array out;
  for (const User& user : services.store.list_users()) out.push_back(user_json(user));
  return json_response(200, boost::json::object{{"users", std::move(out)}});
}

ApiResult handle_admin_user_add(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"username", "display_name", "role", "team_id", "password"});
      !known) {
    return known.problem();
  }
  auto username = core::get_string(*body, "username");
  if (!username) return username.problem();
  if (!is_username(*username)) {
    return problems::validation_failed("username", "invalid_value",
                                       "A username is 2-64 characters of a-z, 0-9, '.', '_' and '-'.");
  }
  auto display_name = admin_text(*body, "display_name", 100);
  if (!display_name) return display_name.problem();
  auto role = role_from(*body);
  if (!role) return role.problem();
  auto team_id = core::get_string(*body, "team_id");
  if (!team_id) return team_id.problem();
  auto team = services.store.find_team(*team_id);
  if (!team) return problems::validation_failed("team_id", "unknown_value", "No team with this id.");
  auto hash = password_hash_from(services, *body);
  if (!hash) return hash.problem();
  auto user = services.store.add_user(*username, *display_name, *role, team->name, *hash,
                                      {context.principal->user.id, "user_add", "", "roles=" + to_string(*role)});
  if (!user) return user.problem();
  return json_response(201, user_json(*user));
}

ApiResult handle_admin_user_update(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto user = path_user(services, context);
  if (!user) return user.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"role", "team_id"}); !known) return known.problem();
  UserChange change{user->id, std::nullopt, std::nullopt};
  if (body->contains("role")) {
    auto roles = role_from(*body);
    if (!roles) return roles.problem();
    change.roles = *roles;
  }
  if (body->contains("team_id")) {
    auto team_id = core::get_string(*body, "team_id");
    if (!team_id) return team_id.problem();
    if (!services.store.find_team(*team_id)) {
      return problems::validation_failed("team_id", "unknown_value", "No team with this id.");
    }
    change.team_id = *team_id;
  }
  // An admin who removes the own admin role would lock the console; another admin must do it.
  if (user->id == context.principal->user.id && change.roles && !change.roles->has(Role::admin)) {
    return problems::validation_failed("role", "self_demotion", "You cannot take away your own admin role.");
  }
  const std::string detail = change.roles ? "roles=" + to_string(*change.roles) : "team";
  if (auto updated = services.store.update_user(change, {context.principal->user.id, "user_update", "", detail});
      !updated) {
    return updated.problem();
  }
  return json_response(200, user_json(*services.store.find_user(user->id)));
}

ApiResult handle_admin_user_disable(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto user = path_user(services, context);
  if (!user) return user.problem();
  if (user->id == context.principal->user.id) {
    return problems::validation_failed("id", "self_disable", "You cannot disable your own account.");
  }
  if (auto done = services.store.disable_user(user->username, {context.principal->user.id, "user_disable", "", ""});
      !done) {
    return done.problem();
  }
  return json_response(200, user_json(*services.store.find_user(user->id)));
}

ApiResult handle_admin_user_password(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto user = path_user(services, context);
  if (!user) return user.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"password"}); !known) return known.problem();
  auto hash = password_hash_from(services, *body);
  if (!hash) return hash.problem();
  if (auto done = services.store.set_password_hash(user->username, *hash,
                                                   {context.principal->user.id, "user_set_password", "", ""});
      !done) {
    return done.problem();
  }
  return json_response(200, user_json(*user));
}

}  // namespace faltlogg::server
