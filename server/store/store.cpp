#include "store/store.hpp"

#include <array>
#include <utility>

namespace faltlogg::server {

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

}  // namespace faltlogg::server
