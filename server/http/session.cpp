#include "http/session.hpp"

#include "http/json_log.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <optional>

namespace faltlogg::server {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(net::ip::tcp::socket&& socket, net::ssl::context& tls, std::shared_ptr<const SessionShared> shared)
      : stream_(std::move(socket), tls), shared_(std::move(shared)) {
    ++shared_->open_connections;
    boost::system::error_code ec;
    auto endpoint = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  ~Session() { --shared_->open_connections; }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::on_run, shared_from_this())); }

 private:
  void on_run() {
    beast::get_lowest_layer(stream_).expires_after(shared_->settings.idle_timeout);
    stream_.async_handshake(net::ssl::stream_base::server,
                            beast::bind_front_handler(&Session::on_handshake, shared_from_this()));
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return fail(ec, "handshake");
    do_read();
  }

  void do_read() {
    parser_.emplace();
    parser_->body_limit(shared_->settings.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(shared_->settings.header_limit));
    // One deadline for the whole request: a client trickling bytes is cut when it expires.
    beast::get_lowest_layer(stream_).expires_after(shared_->settings.idle_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::body_limit || ec == http::error::header_limit) return refuse_oversized(ec);
    if (ec) return fail(ec, "read");
    const auto& message = parser_->get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.authorization = std::string(message[http::field::authorization]);
    request.cookie = std::string(message[http::field::cookie]);
    request.csrf_token = std::string(message["X-CSRF-Token"]);
    request.remote_address = remote_address_;
    request.body = message.body();
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();
    // The handler may hit SQLite or Argon2id: run it on the worker pool, never on this I/O thread.
    net::post(shared_->workers, [self = shared_from_this(), request = std::move(request), keep_alive, version] {
      HttpResponse response = self->shared_->router.handle(request);
      net::post(self->stream_.get_executor(), [self, response = std::move(response), keep_alive, version]() mutable {
        self->write(std::move(response), keep_alive, version);
      });
    });
  }

  void refuse_oversized(beast::error_code ec) {
    const bool header = ec == http::error::header_limit;
    core::Problem problem = core::make_problem(
        "payload_too_large", 413, "Payload too large",
        header ? "The request header exceeds the limit of " + std::to_string(shared_->settings.header_limit) + " bytes."
               : "The request body exceeds the limit of " + std::to_string(shared_->settings.body_limit) + " bytes.");
    log_event("warning", "request_refused", {{"reason", header ? "header_limit" : "body_limit"}, {"status", 413}});
    // The rest of the oversized request is never read, so the connection cannot be reused.
    write(problem_response(problem), false, 11);
  }

  void write(HttpResponse response, bool keep_alive, unsigned version) {
    auto message = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response.status),
                                                                      version);
    if (!response.content_type.empty()) message->set(http::field::content_type, response.content_type);
    message->set(http::field::cache_control, "no-store");
    message->set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers) message->set(name, value);
    message->body() = std::move(response.body);
    message->keep_alive(keep_alive);
    message->prepare_payload();
    response_ = message;
    beast::get_lowest_layer(stream_).expires_after(shared_->settings.idle_timeout);
    http::async_write(stream_, *message,
                      beast::bind_front_handler(&Session::on_write, shared_from_this(), message->need_eof()));
  }

  void on_write(bool close, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return fail(ec, "write");
    if (close) return do_close();
    do_read();
  }

  void do_close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown(beast::bind_front_handler(&Session::on_shutdown, shared_from_this()));
  }

  void on_shutdown(beast::error_code) {
    // Peers often close without a TLS close_notify; there is nothing left to do either way.
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  void fail(beast::error_code ec, const char* stage) {
    // Truncated streams and timeouts are normal client behaviour, not server errors.
    if (ec == net::ssl::error::stream_truncated || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::eof || ec == net::error::connection_reset) {
      if (ec == beast::error::timeout) log_event("info", "connection_timed_out", {{"stage", stage}});
      return;
    }
    log_event("warning", "connection_error", {{"stage", stage}, {"error", ec.message()}});
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> response_;
  std::shared_ptr<const SessionShared> shared_;
  std::string remote_address_;
};

}  // namespace

void start_session(net::ip::tcp::socket socket, net::ssl::context& tls, std::shared_ptr<const SessionShared> shared) {
  std::make_shared<Session>(std::move(socket), tls, std::move(shared))->run();
}

}  // namespace faltlogg::server
