#include "config/server_config.hpp"

#include "api/enrolment_code.hpp"
#include "store/open_store.hpp"

#include "faltlogg/core/forms.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace faltlogg::server {

namespace {

using Setter = std::function<core::Status(ServerConfig&, const std::string&)>;

struct OptionSpec {
  std::string key;  // config-file key; CLI is --key with '_' as '-', env is FALTLOGG_KEY upper-cased
  std::string help;
  Setter set;
};

core::Problem invalid(const std::string& key, const std::string& detail) {
  return core::make_problem("invalid_config", 400, "Invalid configuration", key + ": " + detail);
}

template <typename Int>
core::Status parse_int(const std::string& key, const std::string& text, Int min, Int max, Int& out) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    return invalid(key, "expected a number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  out = value;
  return core::Ok{};
}

core::Status set_metrics_listen(ServerConfig& config, const std::string& text) {
  if (text == "off") {
    config.metrics_enabled = false;
    return core::Ok{};
  }
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return invalid("metrics_listen", "expected HOST:PORT or off");
  std::uint16_t port = 0;
  if (auto ok = parse_int<std::uint16_t>("metrics_listen", text.substr(colon + 1), 0, 65535, port); !ok) return ok;
  config.metrics_host = text.substr(0, colon);
  config.metrics_port = port;
  config.metrics_enabled = true;
  return core::Ok{};
}

core::Status set_listen(ServerConfig& config, const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return invalid("listen", "expected HOST:PORT");
  std::uint16_t port = 0;
  if (auto ok = parse_int<std::uint16_t>("listen", text.substr(colon + 1), 0, 65535, port); !ok) return ok;
  config.listen_host = text.substr(0, colon);
  config.listen_port = port;
  return core::Ok{};
}

std::vector<OptionSpec> option_specs() {
  auto path = [](std::filesystem::path ServerConfig::*member) {
    return [member](ServerConfig& c, const std::string& v) -> core::Status {
      c.*member = v;
      return core::Ok{};
    };
  };
  auto size = [](const char* key, std::size_t ServerConfig::*member, std::size_t min, std::size_t max) {
    return [=](ServerConfig& c, const std::string& v) { return parse_int<std::size_t>(key, v, min, max, c.*member); };
  };
  auto integer = [](const char* key, int ServerConfig::*member, int min, int max) {
    return [=](ServerConfig& c, const std::string& v) { return parse_int<int>(key, v, min, max, c.*member); };
  };
  return {
      {"data_dir", "directory of the SQLite store (with --store postgresql://…: this node's own files)",
       path(&ServerConfig::data_dir)},
      {"store", "empty for SQLite in data_dir, or postgresql://USER@HOST/DB?… for PostgreSQL (several nodes)",
       [](ServerConfig& c, const std::string& v) -> core::Status {
         if (!v.empty() && !is_postgres_uri(v)) return invalid("store", "expected empty or a postgresql:// URI");
         c.store = v;
         return core::Ok{};
       }},
      {"listen", "HOST:PORT to listen on (port 0 picks a free one)", set_listen},
      {"metrics_listen", "HOST:PORT for /metrics (Prometheus text, TLS), or off; default 127.0.0.1:9464",
       set_metrics_listen},
      {"metrics_port_file", "file to write the bound metrics port to once listening",
       path(&ServerConfig::metrics_port_file)},
      {"cert", "server certificate chain (PEM)", path(&ServerConfig::cert_file)},
      {"key", "server private key (PEM)", path(&ServerConfig::key_file)},
      {"public_url", "https base URL tablets reach this server at, for enrolment (default from listen)",
       [](ServerConfig& c, const std::string& v) -> core::Status {
         if (v.empty()) {
           c.public_url.clear();
           return core::Ok{};
         }
         auto url = check_public_url(v);
         if (!url) return url.problem();
         c.public_url = *url;
         return core::Ok{};
       }},
      {"forms_dir", "directory of form packs", path(&ServerConfig::forms_dir)},
      {"body_limit", "maximum request body in bytes", size("body_limit", &ServerConfig::body_limit, 1024, 64u << 20)},
      {"header_limit", "maximum request header in bytes",
       size("header_limit", &ServerConfig::header_limit, 1024, 1u << 20)},
      {"idle_timeout", "seconds a connection may idle or take to send one request",
       integer("idle_timeout", &ServerConfig::idle_timeout_s, 1, 3600)},
      {"max_connections", "open connections at most; more are closed at once",
       size("max_connections", &ServerConfig::max_connections, 1, 1000000)},
      {"max_connections_per_address", "open connections from one client address at most",
       size("max_connections_per_address", &ServerConfig::max_connections_per_address, 1, 1000000)},
      {"handshake_timeout", "seconds for the TLS handshake and the first request's header",
       integer("handshake_timeout", &ServerConfig::handshake_timeout_s, 1, 300)},
      {"unauthenticated_body_limit", "maximum request body in bytes on routes that need no login",
       size("unauthenticated_body_limit", &ServerConfig::unauthenticated_body_limit, 1024, 64u << 20)},
      {"drain_timeout", "seconds to finish requests in flight after SIGTERM before exiting",
       integer("drain_timeout", &ServerConfig::drain_timeout_s, 0, 3600)},
      {"io_threads", "I/O threads (0 = cores)", integer("io_threads", &ServerConfig::io_threads, 0, 256)},
      {"worker_threads", "threads for database and password work",
       integer("worker_threads", &ServerConfig::worker_threads, 1, 256)},
      {"login_rate_limit", "failed logins per minute per username and per address (0 = off)",
       integer("login_rate_limit", &ServerConfig::login_rate_limit, 0, 100000)},
      {"token_ttl_days", "days a login token stays valid",
       integer("token_ttl_days", &ServerConfig::token_ttl_days, 1, 365)},
      {"browser_idle_seconds", "seconds a web console session may stay idle before it ends",
       integer("browser_idle_seconds", &ServerConfig::browser_idle_seconds, 1, 8 * 3600)},
      {"suppression_k", "smallest published count for evaluators (disclosure control, 3-10)",
       integer("suppression_k", &ServerConfig::suppression_k, 3, 10)},
      {"kdf", "password hashing strength: interactive | moderate | test_fast",
       [](ServerConfig& c, const std::string& v) -> core::Status {
         auto strength = kdf_from_string(v);
         if (!strength) return invalid("kdf", "expected interactive, moderate or test_fast");
         c.kdf = *strength;
         return core::Ok{};
       }},
      {"port_file", "file to write the bound port to once listening", path(&ServerConfig::port_file)},
      {"fail_point",
       "TEST ONLY: after_push_commit makes the process exit(137) after a push commit; slow_push holds each push 1.5 s;"
       " kill_in_group_commit SIGKILLs it inside the first push transaction of 3 or more batches (SQLite)",
       [](ServerConfig& c, const std::string& v) -> core::Status {
         if (!v.empty() && v != "after_push_commit" && v != "slow_push" && v != "kill_in_group_commit") {
           return invalid("fail_point", "unknown fail point");
         }
         c.fail_point = v;
         return core::Ok{};
       }},
  };
}

std::string cli_name(const std::string& key) {
  std::string name = "--" + key;
  for (char& c : name) c = c == '_' ? '-' : c;
  return name;
}

std::string env_name(const std::string& key) {
  std::string name = "FALTLOGG_" + key;
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

core::Status apply(const std::vector<OptionSpec>& specs, ServerConfig& config, const std::string& key,
                   const std::string& value) {
  for (const OptionSpec& spec : specs) {
    if (spec.key == key) return spec.set(config, value);
  }
  return invalid(key, "unknown option");
}

core::Status apply_file(const std::vector<OptionSpec>& specs, ServerConfig& config, const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return invalid("config", "cannot read " + file.string());
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == '[') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) return invalid("config", "line " + std::to_string(number) + " is not key = value");
    std::string value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (auto ok = apply(specs, config, trim(line.substr(0, eq)), value); !ok) return ok;
  }
  return core::Ok{};
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<core::KdfStrength> kdf_from_string(std::string_view text) {
  if (text == "interactive") return core::KdfStrength::interactive;
  if (text == "moderate") return core::KdfStrength::moderate;
  if (text == "test_fast") return core::KdfStrength::test_fast;
  return std::nullopt;
}

std::string_view to_string(core::KdfStrength strength) {
  switch (strength) {
    case core::KdfStrength::interactive: return "interactive";
    case core::KdfStrength::moderate: return "moderate";
    case core::KdfStrength::test_fast: return "test_fast";
  }
  return "interactive";
}

core::Result<ServerConfig> load_server_config(const std::vector<std::string>& args, const EnvLookup& env) {
  const std::vector<OptionSpec> specs = option_specs();
  ServerConfig config;
  config.forms_dir = core::default_forms_dir();

  // Command-line pairs first, so --config is known before anything is applied.
  std::vector<std::pair<std::string, std::string>> cli;
  std::optional<std::string> config_file = env("FALTLOGG_CONFIG");
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--print-config") { config.print_config = true; continue; }
    if (arg == "--help" || arg == "-h") { config.show_help = true; continue; }
    std::string name = arg;
    std::optional<std::string> value;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    }
    if (name.rfind("--", 0) != 0) return invalid(arg, "unexpected argument");
    if (!value) return invalid(name, "needs a value");
    if (name == "--config") { config_file = *value; continue; }
    std::string key = name.substr(2);
    for (char& c : key) c = c == '-' ? '_' : c;
    cli.emplace_back(key, *value);
  }
  if (config_file) {
    config.config_file = *config_file;
    if (auto ok = apply_file(specs, config, *config_file); !ok) return ok.problem();
  }
  for (const OptionSpec& spec : specs) {
    if (auto value = env(env_name(spec.key))) {
      if (auto ok = spec.set(config, *value); !ok) return ok.problem();
    }
  }
  for (const auto& [key, value] : cli) {
    if (auto ok = apply(specs, config, key, value); !ok) return ok.problem();
  }
  return config;
}

std::string describe_config(const ServerConfig& c) {
  std::ostringstream out;
  out << "data_dir = " << c.data_dir.string() << "\n"
      << "store = " << redact_store_uri(c.store) << "\n"
      << "listen = " << c.listen_host << ":" << c.listen_port << "\n"
      << "metrics_listen = " << (c.metrics_enabled ? c.metrics_host + ":" + std::to_string(c.metrics_port) : "off")
      << "\n"
      << "metrics_port_file = " << c.metrics_port_file.string() << "\n"
      << "cert = " << c.cert_file.string() << "\n"
      << "key = " << c.key_file.string() << "\n"
      << "public_url = " << c.public_url << "\n"
      << "forms_dir = " << c.forms_dir.string() << "\n"
      << "body_limit = " << c.body_limit << "\n"
      << "header_limit = " << c.header_limit << "\n"
      << "idle_timeout = " << c.idle_timeout_s << "\n"
      << "max_connections = " << c.max_connections << "\n"
      << "max_connections_per_address = " << c.max_connections_per_address << "\n"
      << "handshake_timeout = " << c.handshake_timeout_s << "\n"
      << "unauthenticated_body_limit = " << c.unauthenticated_body_limit << "\n"
      << "drain_timeout = " << c.drain_timeout_s << "\n"
      << "io_threads = " << c.io_threads << "\n"
      << "worker_threads = " << c.worker_threads << "\n"
      << "login_rate_limit = " << c.login_rate_limit << "\n"
      << "token_ttl_days = " << c.token_ttl_days << "\n"
      << "browser_idle_seconds = " << c.browser_idle_seconds << "\n"
      << "suppression_k = " << c.suppression_k << "\n"
      << "kdf = " << to_string(c.kdf) << "\n"
      << "port_file = " << c.port_file.string() << "\n"
      << "fail_point = " << c.fail_point << "\n";
  return out.str();
}

std::string server_usage() {
  std::ostringstream out;
  out << "usage: faltlogg-server [--config FILE] [--print-config] [options]\n"
      << "Each option can also be set as `key = value` in the config file or as FALTLOGG_<KEY> in the environment.\n";
  for (const OptionSpec& spec : option_specs()) {
    out << "  " << cli_name(spec.key) << " VALUE   (" << env_name(spec.key) << ")  " << spec.help << "\n";
  }
  return out.str();
}

}  // namespace faltlogg::server
