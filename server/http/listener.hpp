// Accepts TCP connections and hands each to a new session; knows nothing about HTTP.
#pragma once

#include "http/session.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>

namespace faltlogg::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens immediately (port 0 picks a free port); throws on failure.
  Listener(boost::asio::io_context& io, boost::asio::ssl::context& tls, const boost::asio::ip::tcp::endpoint& endpoint,
           std::shared_ptr<const SessionShared> shared);
  std::uint16_t port() const;
  void run();
  void stop();

 private:
  void do_accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  boost::asio::ssl::context& tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;
  std::shared_ptr<const SessionShared> shared_;
  bool stopped_ = false;  // touched only on the acceptor's strand
};

}  // namespace faltlogg::server
