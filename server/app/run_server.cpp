#include "app/run_server.hpp"

#include "api/api_context.hpp"
#include "api/enrolment_code.hpp"
#include "config/server_config.hpp"
#include "faltlogg/core/crypto.hpp"
#include "http/http_server.hpp"
#include "http/json_log.hpp"
#include "http/router.hpp"
#include "store/data_dir_lock.hpp"
#include "store/open_store.hpp"
#include "store/sqlite_store.hpp"

#include <signal.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

namespace faltlogg::server {

namespace {

// Written to a temporary file and renamed, so a reader never sees a half-written port.
void write_port_file(const std::filesystem::path& file, std::uint16_t port) {
  const std::filesystem::path temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << port << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write port file " + temp.string());
  }
  std::filesystem::rename(temp, file);
}

// The fail point of the group-commit crash test: a real SIGKILL inside a transaction several pushes share.
// Groups of one or two are held 50 ms before their COMMIT so that concurrent pushes pile up.
bool arm_group_commit_kill(Store& store) {
  auto* sqlite = dynamic_cast<SqliteStore*>(&store);
  if (sqlite == nullptr) {
    log_event("error", "fail_point_unsupported", {{"fail_point", "kill_in_group_commit"}, {"store", "postgresql"}});
    return false;
  }
  log_event("warning", "fail_point_armed", {{"fail_point", "kill_in_group_commit"}});
  sqlite->set_before_group_commit([](std::size_t batches) {
    if (batches >= 3) ::kill(::getpid(), SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  });
  return true;
}

int serve(const ServerConfig& config) {
  core::ensure_sodium();
  auto forms = core::FormRegistry::load_directory(config.forms_dir);
  if (!forms) {
    log_event("error", "forms_invalid", {{"detail", forms.problem().detail}});
    return 2;
  }
  // A broken criteria pack stops start-up: reports would otherwise silently lack criteria.
  auto criteria_packs = analytics::load_criteria_directory(analytics::default_criteria_dir());
  if (!criteria_packs) {
    log_event("error", "criteria_invalid", {{"detail", criteria_packs.problem().detail}});
    return 2;
  }
  std::filesystem::create_directories(config.data_dir);
  const auto lock = DataDirLock::try_acquire(config.data_dir);
  if (!lock) {
    log_event("error", "data_dir_in_use", {{"detail", "another faltlogg-server (or a restore) uses this data_dir"}});
    return 2;
  }
  // PostgreSQL: one connection per worker thread, as SQLite has one reader per worker.
  const auto store_ptr = open_store(config.store, config.data_dir, static_cast<std::size_t>(std::max(2, config.worker_threads)));
  Store& store = *store_ptr;
  log_event("info", "store_open", {{"store", config.store.empty() ? "sqlite" : "postgresql"}});
  LoginRateLimiter rate_limiter(config.login_rate_limit, core::now_millis, 2, std::chrono::seconds(2),
                                open_login_event_log(config.store));
  Metrics metrics;
  ApiOptions options;
  options.kdf = config.kdf;
  options.token_ttl_days = config.token_ttl_days;
  options.max_body_bytes = config.body_limit;
  options.suppression_k = config.suppression_k;
  auto pin = spki_pin_of_certificate(config.cert_file);
  if (!pin) throw std::runtime_error(pin.problem().detail);
  options.key_pin = *pin;
  const auto browser_sessions = open_browser_sessions(config.store, core::Millis{config.browser_idle_seconds} * 1000);
  ApiServices services{store, *forms, rate_limiter, metrics, options, core::now_millis, {}, &*criteria_packs,
                       browser_sessions.get(), {}};
  if (config.fail_point == "after_push_commit") {
    log_event("warning", "fail_point_armed", {{"fail_point", config.fail_point}});
    services.after_push_commit = [] { ::_exit(137); };
  } else if (config.fail_point == "slow_push") {
    log_event("warning", "fail_point_armed", {{"fail_point", config.fail_point}});
    services.before_push_store = [] { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); };
  } else if (config.fail_point == "kill_in_group_commit") {
    if (!arm_group_commit_kill(store)) return 2;
  }
  Router router(services);
  add_api_routes(router);
  Router metrics_router(services);
  add_metrics_routes(metrics_router);
  HttpServer server(config, router, &metrics_router);
  // The public URL may need the bound port (listen port 0), so it is settled only now, before any request.
  services.options.public_url =
      config.public_url.empty() ? default_public_url(config.listen_host, server.port()) : config.public_url;
  write_server_identity(config.data_dir, {services.options.public_url, services.options.key_pin});
  if (!config.metrics_port_file.empty()) write_port_file(config.metrics_port_file, server.metrics_port());
  if (!config.port_file.empty()) write_port_file(config.port_file, server.port());
  log_event("info", "listening", {{"address", config.listen_host}, {"port", server.port()},
                                  {"metrics_port", server.metrics_port()}});
  server.run();
  log_event("info", "stopped");
  return 0;
}

}  // namespace

int run_server(const std::vector<std::string>& args) {
  auto config = load_server_config(args);
  if (!config) {
    std::cerr << "faltlogg-server: " << config.problem().detail << "\n\n" << server_usage();
    return 2;
  }
  if (config->show_help) {
    std::cout << server_usage();
    return 0;
  }
  if (config->print_config) {
    std::cout << describe_config(*config);
    return 0;
  }
  if (config->cert_file.empty() || config->key_file.empty()) {
    std::cerr << "faltlogg-server: --cert and --key are required (HTTPS only)\n";
    return 2;
  }
  try {
    return serve(*config);
  } catch (const std::exception& error) {
    log_event("error", "startup_failed", {{"error", error.what()}});
    return 1;
  }
}

}  // namespace faltlogg::server
