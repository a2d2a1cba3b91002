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
  HttpServer(const ServerConfig& config, Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  // Serves until stop() or SIGINT/SIGTERM; then waits for running handlers to finish.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace faltlogg::server
