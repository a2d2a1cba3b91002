// One TLS connection: handshake, then read a request's header -> check framing, media type and (for routes that
// need a login) the caller -> read the body -> run the handler on the worker pool -> write the response, repeated
// while the client keeps the connection alive. Only session.cpp includes Beast.
#pragma once

#include "http/router.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace faltlogg::server {

struct SessionSettings {
  std::size_t body_limit = 4 * 1024 * 1024;
  // Routes without a login (login, enrol, health) never need more; read before anything is checked.
  std::size_t unauthenticated_body_limit = 64 * 1024;
  std::size_t header_limit = 16 * 1024;
  // Deadline for reading the rest of one request and for idling between keep-alive requests.
  std::chrono::seconds idle_timeout{30};
  // Deadline for the TLS handshake and the first request's header: a connection that says nothing is cheap
  // to open, so it must not hold a slot for long.
  std::chrono::seconds handshake_timeout{5};
};

struct SessionShared {
  SessionShared(Router& router, boost::asio::thread_pool& workers, SessionSettings settings,
                std::size_t max_connections, std::size_t max_per_address)
      : router(router), workers(workers), settings(settings), max_connections(max_connections),
        max_per_address(max_per_address) {}

  Router& router;
  boost::asio::thread_pool& workers;
  SessionSettings settings;
  std::size_t max_connections = 1000;
  std::size_t max_per_address = 100;
  // Sessions alive now; each request body may hold up to body_limit bytes, so the cap bounds memory.
  mutable std::atomic<std::size_t> open_connections{0};
  // Requests read (header or more) and not yet answered; draining waits for this to reach 0.
  mutable std::atomic<std::size_t> requests_in_flight{0};
  // Set on SIGTERM: sessions answer what they have and close instead of reading another request.
  mutable std::atomic<bool> draining{false};

  // Counts the connection against its address's cap; false when the address is full, or the server is full
  // and no connection is idle. When the server is full, the connection idle the longest (still in its TLS
  // handshake or first header, or kept alive between requests) is closed to make room: so 1 000 silent or
  // parked connections (an attack from many addresses, or many tablets between syncs) never lock a newcomer
  // out until their deadline, while a connection mid-request is never cut.
  bool try_admit(const std::string& address) const;
  void release(const std::string& address) const;

  // A session waiting for a client (handshake, first header, or the next request) registers how to close it;
  // returns the registration, which it withdraws when a request starts or the session ends.
  // `close` gets the registration it was made for.
  std::uint64_t mark_idle(std::function<void(std::uint64_t)> close) const;
  void mark_busy(std::uint64_t registration) const;

 private:
  bool evict_oldest_idle() const;

  mutable std::mutex per_address_mutex_;
  mutable std::map<std::string, std::size_t> per_address_;
  mutable std::mutex idle_mutex_;
  // Ordered by the moment each became idle: begin() is the longest idle.
  mutable std::map<std::uint64_t, std::function<void(std::uint64_t)>> idle_;
  mutable std::uint64_t next_idle_ = 1;
};

// The socket was admitted for `remote_address` (try_admit); the session releases it when it ends.
void start_session(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
                   std::shared_ptr<const SessionShared> shared, std::string remote_address);

}  // namespace faltlogg::server
