// Composes the server from its parts: config -> forms -> store -> services -> router -> HTTPS.
#pragma once

#include <string>
#include <vector>

namespace faltlogg::server {

// The whole faltlogg-server program; returns the process exit code.
int run_server(const std::vector<std::string>& args);

}  // namespace faltlogg::server
