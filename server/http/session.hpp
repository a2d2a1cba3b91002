// One TLS connection: handshake, then read request -> run handler on the worker pool -> write
// response, repeated while the client keeps the connection alive. Only session.cpp includes Beast.
#pragma once

#include "http/router.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <memory>

namespace faltlogg::server {

struct SessionSettings {
  std::size_t body_limit = 4 * 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  // Deadline for the TLS handshake, for reading one whole request (so slow senders are cut) and for
  // idling between keep-alive requests.
  std::chrono::seconds idle_timeout{30};
};

struct SessionShared {
  Router& router;
  boost::asio::thread_pool& workers;
  SessionSettings settings;
  std::size_t max_connections = 1000;
  // Sessions alive now; each request body may hold up to body_limit bytes, so the cap bounds memory.
  mutable std::atomic<std::size_t> open_connections{0};
};

void start_session(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
                   std::shared_ptr<const SessionShared> shared);

}  // namespace faltlogg::server
