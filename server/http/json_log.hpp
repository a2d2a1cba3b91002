// JSON-lines logging to stderr. Callers pass only non-personal fields: routes, statuses, counts,
// durations, error categories. Never usernames, tokens, bodies or query strings.
#pragma once

#include <boost/json/object.hpp>

#include <string_view>

namespace faltlogg::server {

void log_event(std::string_view level, std::string_view event, boost::json::object fields = {});

}  // namespace faltlogg::server
