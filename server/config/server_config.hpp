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
  // Empty: SQLite in data_dir. "postgresql://…": PostgresStore (decision 0061); data_dir then only holds
  // this node's identity file and lock.
  std::string store;
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8443;
  // /metrics is served only here, never on the public listener; "off" turns it off. Loopback by default, so
  // a scraper must run on the host (or the operator opens it on purpose).
  std::string metrics_host = "127.0.0.1";
  std::uint16_t metrics_port = 9464;
  bool metrics_enabled = true;
  std::filesystem::path metrics_port_file;  // written like port_file once the metrics listener is bound
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
  std::size_t max_connections_per_address = 100;  // so one address (or one attacker) cannot take them all
  int handshake_timeout_s = 5;  // TLS handshake and the first request's header must arrive within this
  std::size_t unauthenticated_body_limit = 64 * 1024;  // login and other open routes: read before any check
  int drain_timeout_s = 20;     // on SIGTERM: finish requests in flight for at most this long, then exit
  int io_threads = 0;           // 0 = number of cores
  int worker_threads = 4;       // SQLite and Argon2id work runs here, never on I/O threads
  int login_rate_limit = 10;    // failed logins per minute per username and per address; 0 = off
  int token_ttl_days = 30;
  int browser_idle_seconds = 1800;  // web console sessions end after this much inactivity (8 h at most)
  int suppression_k = 5;        // disclosure control for evaluators: values 1..k-1 never published (cell-key, 3-10)
  core::KdfStrength kdf = core::KdfStrength::interactive;
  std::filesystem::path port_file;  // written atomically with the bound port once listening
  // TEST ONLY: "after_push_commit" exits(137) after a push commit; "slow_push" holds each push 1.5 s before
  // storing it (to have a request in flight when a test sends SIGTERM).
  std::string fail_point;
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
