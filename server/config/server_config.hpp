// The server's configuration: safe defaults, then a config file (key = value lines), then FALTLOGG_*
// environment variables, then command-line options; later sources override earlier ones.
#pragma once

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::server {

struct ServerConfig {
  std::filesystem::path data_dir = "data";
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8443;
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  // The https base URL tablets reach this server at, as enrolment URIs carry it. Empty: derived from the
  // listen address at start (https://HOST:PORT; the host name for 0.0.0.0).
  std::string public_url;
  std::filesystem::path forms_dir;
  std::size_t body_limit = 4 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  int idle_timeout_s = 30;      // keep-alive idle time and the deadline for reading one request
  std::size_t max_connections = 1000;  // open TLS connections; more are closed at accept
  int io_threads = 0;           // 0 = number of cores
  int worker_threads = 4;       // SQLite and Argon2id work runs here, never on I/O threads
  int login_rate_limit = 10;    // failed logins per minute per username and per address; 0 = off
  int token_ttl_days = 30;
  int browser_idle_seconds = 1800;  // web console sessions end after this much inactivity (8 h at most)
  int suppression_k = 5;        // disclosure control for evaluators: cells below k contacts are hidden (3-10)
  core::KdfStrength kdf = core::KdfStrength::interactive;
  std::filesystem::path port_file;  // written atomically with the bound port once listening
  std::string fail_point;           // TEST ONLY: "after_push_commit" exits(137) after a push commit
  std::filesystem::path config_file;
  bool print_config = false;
  bool show_help = false;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> process_env(const std::string& name);

// Problem "invalid_config" naming the option for unknown options or bad values.
core::Result<ServerConfig> load_server_config(const std::vector<std::string>& args, const EnvLookup& env = process_env);
// The effective configuration as "key = value" lines (holds no secrets: key files are paths).
std::string describe_config(const ServerConfig& config);
std::string server_usage();

std::optional<core::KdfStrength> kdf_from_string(std::string_view text);
std::string_view to_string(core::KdfStrength strength);

}  // namespace faltlogg::server
