#include "http/listener.hpp"

#include "http/json_log.hpp"

#include <boost/asio/strand.hpp>

namespace faltlogg::server {

namespace net = boost::asio;

namespace {

// After a failed accept (EMFILE, ENFILE, ENOBUFS) the same error would come back at once: wait before trying
// again, so a full descriptor table does not turn the listener into a busy loop.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

}  // namespace

Listener::Listener(net::io_context& io, net::ssl::context& tls, const net::ip::tcp::endpoint& endpoint,
                   std::shared_ptr<const SessionShared> shared)
    : io_(io), tls_(tls), acceptor_(net::make_strand(io)), retry_timer_(acceptor_.get_executor()),
      shared_(std::move(shared)) {
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
    self->stopped_ = true;
    self->acceptor_.close(ignored);
    self->retry_timer_.cancel();
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
  if (ec == net::error::operation_aborted || stopped_) return;
  if (ec) {
    log_event("warning", "accept_failed", {{"error", ec.message()}});
    retry_timer_.expires_after(kAcceptRetryDelay);
    retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec && !self->stopped_) self->do_accept();
    });
    return;
  }
  boost::system::error_code endpoint_ec;
  const auto endpoint = socket.remote_endpoint(endpoint_ec);
  const std::string address = endpoint_ec ? std::string("unknown") : endpoint.address().to_string();
  if (!shared_->try_admit(address)) {
    // Over a cap the connection is closed at once: cheaper than a TLS handshake just to say 503. The per-address
    // cap keeps one client (or one attacker) from taking every slot.
    log_event("warning", "connection_refused", {{"reason", "max_connections"}});
    boost::system::error_code ignored;
    socket.close(ignored);
  } else {
    // Small requests and answers go out at once: with Nagle's algorithm a response waits for the client's
    // delayed ACK (~40 ms per round trip on Linux).
    boost::system::error_code ignored;
    socket.set_option(net::ip::tcp::no_delay(true), ignored);
    start_session(std::move(socket), tls_, shared_, address);
  }
  do_accept();
}

}  // namespace faltlogg::server
