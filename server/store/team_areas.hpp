// How a team's sub-areas are stored (teams.areas_json), shared by every backend.
#pragma once

#include "store/store.hpp"

#include <string>
#include <vector>

namespace faltlogg::server {

// areas_json holds ids (before display names existed) or {id, name} objects; both read the same way.
void parse_team_areas(const std::string& json_text, Team& team);
std::string areas_to_json(const std::vector<Area>& areas);
std::string area_ids_to_json(const std::vector<std::string>& areas);

}  // namespace faltlogg::server
