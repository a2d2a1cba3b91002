#include "store/team_areas.hpp"

#include <boost/json.hpp>

namespace faltlogg::server {

void parse_team_areas(const std::string& json_text, Team& team) {
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

std::string area_ids_to_json(const std::vector<std::string>& areas) {
  boost::json::array array;
  for (const auto& area : areas) array.emplace_back(area);
  return boost::json::serialize(array);
}

}  // namespace faltlogg::server
