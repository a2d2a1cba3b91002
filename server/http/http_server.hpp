// The HTTPS front: io_context threads for sockets, a separate worker pool for handlers.
// No Asio or Beast types leak from this header.
#pragma once

#include "config/server_config.hpp"
#include "http/router.hpp"

#include <cstdint>
#include <memory>

namespace faltlogg::server {

class HttpServer {
 public:
  // Loads the TLS key pair and binds the listen address; throws std::runtime_error on failure.
  // With a metrics router (and config.metrics_enabled) a second listener on config.metrics_host:port serves it.
  HttpServer(const ServerConfig& config, Router& router, Router* metrics_router = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  std::uint16_t metrics_port() const;  // 0 when there is no metrics listener
  // Serves until stop() or SIGINT/SIGTERM. A signal drains: the listener closes, requests in flight are answered
  // (each connection then closes), and run() returns once none is left or drain_timeout has passed.
  void run();
  // Stops at once: requests in flight are dropped (their clients retry; a push is idempotent).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace faltlogg::server
