#include "http/http_server.hpp"

#include "http/listener.hpp"
#include "http/tls_context.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>

#include <algorithm>
#include <csignal>
#include <thread>
#include <vector>

namespace faltlogg::server {

namespace net = boost::asio;

struct HttpServer::Impl {
  Impl(const ServerConfig& config, Router& router)
      : io_threads(config.io_threads > 0 ? config.io_threads
                                         : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
        io(io_threads),
        tls(make_server_tls_context(config.cert_file, config.key_file)),
        workers(static_cast<std::size_t>(config.worker_threads)),
        signals(io, SIGINT, SIGTERM) {
    SessionSettings settings{config.body_limit, config.header_limit, std::chrono::seconds(config.idle_timeout_s)};
    auto shared = std::make_shared<SessionShared>(router, workers, settings, config.max_connections);
    const net::ip::tcp::endpoint endpoint(net::ip::make_address(config.listen_host), config.listen_port);
    listener = std::make_shared<Listener>(io, tls, endpoint, shared);
  }

  int io_threads;
  net::io_context io;
  net::ssl::context tls;
  net::thread_pool workers;
  net::signal_set signals;
  std::shared_ptr<Listener> listener;
};

HttpServer::HttpServer(const ServerConfig& config, Router& router) : impl_(std::make_unique<Impl>(config, router)) {}

HttpServer::~HttpServer() {
  impl_->io.stop();
  impl_->workers.join();
}

std::uint16_t HttpServer::port() const { return impl_->listener->port(); }

void HttpServer::run() {
  impl_->signals.async_wait([this](boost::system::error_code ec, int) {
    if (!ec) stop();
  });
  impl_->listener->run();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->io_threads; ++i) threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& thread : threads) thread.join();
  impl_->workers.join();
}

void HttpServer::stop() {
  impl_->listener->stop();
  impl_->io.stop();
}

}  // namespace faltlogg::server
