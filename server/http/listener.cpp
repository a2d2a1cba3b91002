#include "http/listener.hpp"

#include "http/json_log.hpp"

#include <boost/asio/strand.hpp>

namespace faltlogg::server {

namespace net = boost::asio;

Listener::Listener(net::io_context& io, net::ssl::context& tls, const net::ip::tcp::endpoint& endpoint,
                   std::shared_ptr<const SessionShared> shared)
    : io_(io), tls_(tls), acceptor_(net::make_strand(io)), shared_(std::move(shared)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

std::uint16_t Listener::port() const { return acceptor_.local_endpoint().port(); }

void Listener::run() { do_accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(io_), [self = shared_from_this()](boost::system::error_code ec,
                                                                            net::ip::tcp::socket socket) {
    self->on_accept(ec, std::move(socket));
  });
}

void Listener::on_accept(boost::system::error_code ec, net::ip::tcp::socket socket) {
  if (ec == net::error::operation_aborted) return;
  if (ec) {
    log_event("warning", "accept_failed", {{"error", ec.message()}});
  } else if (shared_->open_connections >= shared_->max_connections) {
    // Over the cap the connection is closed at once: cheaper than a TLS handshake just to say 503.
    log_event("warning", "connection_refused", {{"reason", "max_connections"}});
    boost::system::error_code ignored;
    socket.close(ignored);
  } else {
    start_session(std::move(socket), tls_, shared_);
  }
  do_accept();
}

}  // namespace faltlogg::server
