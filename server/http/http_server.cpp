#include "http/http_server.hpp"

#include "http/json_log.hpp"
#include "http/listener.hpp"
#include "http/tls_context.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <csignal>
#include <thread>
#include <vector>

namespace faltlogg::server {

namespace net = boost::asio;

namespace {

constexpr auto kDrainPollInterval = std::chrono::milliseconds(20);
constexpr std::size_t kMetricsConnections = 16;  // a scraper or two, never a crowd

}  // namespace

struct HttpServer::Impl {
  Impl(const ServerConfig& config, Router& router, Router* metrics_router)
      : io_threads(config.io_threads > 0 ? config.io_threads
                                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        io(io_threads),
        tls(make_server_tls_context(config.cert_file, config.key_file)),
        workers(static_cast<std::size_t>(config.worker_threads)),
        signals(io, SIGINT, SIGTERM),
        drain_timer(io),
        drain_timeout(config.drain_timeout_s) {
    SessionSettings settings{config.body_limit, config.unauthenticated_body_limit, config.header_limit,
                             std::chrono::seconds(config.idle_timeout_s),
                             std::chrono::seconds(config.handshake_timeout_s)};
    shared = std::make_shared<SessionShared>(router, workers, settings, config.max_connections,
                                             config.max_connections_per_address);
    const net::ip::tcp::endpoint endpoint(net::ip::make_address(config.listen_host), config.listen_port);
    listener = std::make_shared<Listener>(io, tls, endpoint, shared);
    if (metrics_router != nullptr && config.metrics_enabled) {
      auto metrics_shared = std::make_shared<SessionShared>(*metrics_router, workers, settings, kMetricsConnections,
                                                            kMetricsConnections);
      const net::ip::tcp::endpoint metrics_endpoint(net::ip::make_address(config.metrics_host), config.metrics_port);
      metrics_listener = std::make_shared<Listener>(io, tls, metrics_endpoint, metrics_shared);
    }
  }

  void begin_drain() {
    log_event("info", "draining", {{"requests_in_flight", shared->requests_in_flight.load()},
                                   {"drain_timeout_s", static_cast<std::int64_t>(drain_timeout.count())}});
    shared->draining = true;
    listener->stop();
    if (metrics_listener) metrics_listener->stop();
    drain_deadline = std::chrono::steady_clock::now() + drain_timeout;
    poll_drain();
  }

  // Idle keep-alive connections hold no request, so they are simply dropped when the io_context stops.
  void poll_drain() {
    const std::size_t left = shared->requests_in_flight;
    if (left == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
      if (left > 0) log_event("warning", "drain_timed_out", {{"requests_in_flight", left}});
      io.stop();
      return;
    }
    drain_timer.expires_after(kDrainPollInterval);
    drain_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) poll_drain();
    });
  }

  int io_threads;
  net::io_context io;
  net::ssl::context tls;
  net::thread_pool workers;
  net::signal_set signals;
  net::steady_timer drain_timer;
  std::chrono::seconds drain_timeout;
  std::chrono::steady_clock::time_point drain_deadline;
  std::shared_ptr<SessionShared> shared;
  std::shared_ptr<Listener> listener;
  std::shared_ptr<Listener> metrics_listener;
};

HttpServer::HttpServer(const ServerConfig& config, Router& router, Router* metrics_router)
    : impl_(std::make_unique<Impl>(config, router, metrics_router)) {}

HttpServer::~HttpServer() {
  impl_->io.stop();
  impl_->workers.join();
}

std::uint16_t HttpServer::port() const { return impl_->listener->port(); }

std::uint16_t HttpServer::metrics_port() const {
  return impl_->metrics_listener ? impl_->metrics_listener->port() : 0;
}

void HttpServer::run() {
  impl_->signals.async_wait([this](boost::system::error_code ec, int) {
    if (!ec) impl_->begin_drain();
  });
  impl_->listener->run();
  if (impl_->metrics_listener) impl_->metrics_listener->run();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->io_threads; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : threads) thread.join();
  impl_->workers.join();
}

void HttpServer::stop() {
  impl_->listener->stop();
  if (impl_->metrics_listener) impl_->metrics_listener->stop();
  impl_->io.stop();
}

}  // namespace faltlogg::server
