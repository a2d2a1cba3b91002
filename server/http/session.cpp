#include "http/session.hpp"

#include "http/json_log.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>

namespace faltlogg::server {

bool SessionShared::try_admit(const std::string& address) const {
  {
    std::lock_guard lock(per_address_mutex_);
    auto it = per_address_.find(address);
    if (it != per_address_.end() && it->second >= max_per_address) return false;
  }
  // Full: make room by closing the longest-idle connection. The evicted session releases its slot a moment
  // later, so the count may stand over the cap by the evictions under way, never by more.
  if (open_connections >= max_connections && !evict_oldest_idle()) return false;
  std::lock_guard lock(per_address_mutex_);
  auto& count = per_address_[address];
  if (count >= max_per_address) return false;
  ++count;
  ++open_connections;
  return true;
}

std::uint64_t SessionShared::mark_idle(std::function<void(std::uint64_t)> close) const {
  std::lock_guard lock(idle_mutex_);
  const std::uint64_t registration = next_idle_++;
  idle_.emplace(registration, std::move(close));
  return registration;
}

void SessionShared::mark_busy(std::uint64_t registration) const {
  std::lock_guard lock(idle_mutex_);
  idle_.erase(registration);
}

bool SessionShared::evict_oldest_idle() const {
  std::function<void(std::uint64_t)> close;
  std::uint64_t registration = 0;
  {
    std::lock_guard lock(idle_mutex_);
    if (idle_.empty()) return false;
    registration = idle_.begin()->first;
    close = std::move(idle_.begin()->second);
    idle_.erase(idle_.begin());
  }
  close(registration);
  return true;
}

void SessionShared::release(const std::string& address) const {
  std::lock_guard lock(per_address_mutex_);
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
  --open_connections;
}

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

using RequestParser = http::request_parser<http::string_body>;

// Counts one request from its header until its answer is written (or the session ends), for draining.
class InFlight {
 public:
  explicit InFlight(std::atomic<std::size_t>& counter) : counter_(counter) { ++counter_; }
  ~InFlight() { --counter_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  std::atomic<std::size_t>& counter_;
};

// Errors of Beast's HTTP parser (bad method, bad version, bad field, ...): the client sent something that is
// not HTTP/1.1, which deserves a 400, unlike a connection that merely ended midway.
bool is_malformed_http(const beast::error_code& ec) {
  return ec.category() == beast::error_code(http::error::bad_method).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

std::string lower_case(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The media type of a Content-Type value, without parameters or spaces, lower-cased.
std::string media_type(std::string_view content_type) {
  content_type = content_type.substr(0, content_type.find(';'));
  while (!content_type.empty() && (content_type.back() == ' ' || content_type.back() == '\t')) content_type.remove_suffix(1);
  while (!content_type.empty() && (content_type.front() == ' ' || content_type.front() == '\t')) content_type.remove_prefix(1);
  return lower_case(content_type);
}

// RFC 9112 framing rules Beast leaves to us, and our one body format. A refusal closes the connection, since
// the rest of the request is never read.
std::optional<core::Problem> check_request_head(const RequestParser& parser) {
  const auto& message = parser.get();
  if (message.version() == 11 && message.find(http::field::host) == message.end()) {
    return core::make_problem("invalid_request", 400, "Bad request",
                              "An HTTP/1.1 request needs a Host header; send one (RFC 9112, section 3.2).");
  }
  const bool has_transfer_encoding = message.find(http::field::transfer_encoding) != message.end();
  if (has_transfer_encoding && !parser.chunked()) {
    return core::make_problem("invalid_request", 400, "Bad request",
                              "A Transfer-Encoding must end in chunked; send the body with Content-Length instead.");
  }
  if (has_transfer_encoding && message.find(http::field::content_length) != message.end()) {
    return core::make_problem("invalid_request", 400, "Bad request",
                              "Send either Content-Length or Transfer-Encoding, not both.");
  }
  const bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
  if (has_body && media_type(message[http::field::content_type]) != "application/json") {
    return core::make_problem("unsupported_media_type", 415, "Unsupported media type",
                              "Send the body as application/json (Content-Type: application/json).");
  }
  return std::nullopt;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(net::ip::tcp::socket&& socket, net::ssl::context& tls, std::shared_ptr<const SessionShared> shared,
          std::string remote_address)
      : stream_(std::move(socket), tls), shared_(std::move(shared)), remote_address_(std::move(remote_address)) {}

  ~Session() {
    set_idle(false);
    shared_->release(remote_address_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void run() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::on_run, shared_from_this())); }

 private:
  void on_run() {
    set_idle(true);
    beast::get_lowest_layer(stream_).expires_after(shared_->settings.handshake_timeout);
    stream_.async_handshake(net::ssl::stream_base::server,
                            beast::bind_front_handler(&Session::on_handshake, shared_from_this()));
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return fail(ec, "handshake");
    do_read();
  }

  void do_read() {
    if (shared_->draining) return do_close();
    set_idle(true);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->settings.header_limit));
    // Beast checks a declared Content-Length against this when the header completes; the limit of the route
    // (smaller for routes without a login) is applied in on_header, once the route is known.
    parser_->body_limit(shared_->settings.body_limit);
    // The first request's header must come quickly; later ones may wait for the idle timeout.
    beast::get_lowest_layer(stream_).expires_after(requests_read_ == 0 ? shared_->settings.handshake_timeout
                                                                       : shared_->settings.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    set_idle(false);
    if (ec == http::error::end_of_stream) return do_close();
    if (ec == http::error::header_limit) return refuse_oversized("The request header", shared_->settings.header_limit);
    if (ec == http::error::body_limit) return refuse_oversized("The request body", shared_->settings.body_limit);
    if (is_malformed_http(ec)) return refuse_malformed();
    if (ec) return fail(ec, "read");
    ++requests_read_;
    in_flight_.emplace(shared_->requests_in_flight);
    // One deadline for the rest of the request: a client trickling bytes is cut when it expires.
    beast::get_lowest_layer(stream_).expires_after(shared_->settings.idle_timeout);
    if (auto problem = check_request_head(*parser_)) {
      unread_input_ = true;
      return write(shared_->router.refuse(head_of_request(), *problem), false, 11);
    }
    HttpRequest head = head_of_request();
    if (!shared_->router.needs_login(head)) {
      const std::size_t limit = shared_->settings.unauthenticated_body_limit;
      if (parser_->content_length().value_or(0) > limit) return refuse_oversized("The request body", limit);
      parser_->body_limit(limit);  // a chunked body is counted as it arrives
      return read_body(std::nullopt);
    }
    // Looking the token up hits the store: off the I/O thread, and before a byte of the body is buffered.
    net::post(shared_->workers, [self = shared_from_this(), head = std::move(head)] {
      Router::HeadVerdict verdict = self->shared_->router.check_head(head);
      net::post(self->stream_.get_executor(), [self, verdict = std::move(verdict)]() mutable {
        if (verdict.refusal) {
          self->unread_input_ = true;
          return self->write(std::move(*verdict.refusal), false, self->parser_->get().version());
        }
        self->read_body(std::move(verdict.principal));
      });
    });
  }

  HttpRequest head_of_request() const {
    const auto& message = parser_->get();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.authorization = std::string(message[http::field::authorization]);
    request.cookie = std::string(message[http::field::cookie]);
    request.csrf_token = std::string(message["X-CSRF-Token"]);
    request.remote_address = remote_address_;
    return request;
  }

  // The head when the parser got that far, else only the address (the refusal's log line and metrics).
  HttpRequest parsed_head() const {
    if (parser_ && parser_->is_header_done()) return head_of_request();
    HttpRequest request;
    request.remote_address = remote_address_;
    return request;
  }

  void read_body(std::optional<Principal> principal) {
    principal_ = std::move(principal);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) {
      return refuse_oversized("The request body", principal_ ? shared_->settings.body_limit
                                                             : shared_->settings.unauthenticated_body_limit);
    }
    if (is_malformed_http(ec)) return refuse_malformed();
    if (ec) return fail(ec, "read");
    HttpRequest request = head_of_request();
    request.body = std::move(parser_->get().body());
    const bool keep_alive = parser_->get().keep_alive();
    const unsigned version = parser_->get().version();
    // The handler may hit SQLite or Argon2id: run it on the worker pool, never on this I/O thread.
    net::post(shared_->workers, [self = shared_from_this(), request = std::move(request),
                                 principal = std::move(principal_), keep_alive, version]() mutable {
      HttpResponse response = self->shared_->router.handle(request, std::move(principal));
      net::post(self->stream_.get_executor(), [self, response = std::move(response), keep_alive, version]() mutable {
        self->write(std::move(response), keep_alive, version);
      });
    });
  }

  void refuse_oversized(std::string_view what, std::size_t limit) {
    core::Problem problem = core::make_problem(
        "payload_too_large", 413, "Payload too large",
        std::string(what) + " exceeds the limit of " + std::to_string(limit) + " bytes; send less.");
    const bool header = what.find("header") != std::string_view::npos;
    log_event("warning", "request_refused", {{"reason", header ? "header_limit" : "body_limit"}, {"status", 413}});
    if (!in_flight_) in_flight_.emplace(shared_->requests_in_flight);
    // The rest of the oversized request is never parsed, so the connection cannot be reused.
    unread_input_ = true;
    write(shared_->router.refuse(parsed_head(), problem), false, 11);
  }

  void refuse_malformed() {
    log_event("warning", "request_refused", {{"reason", "malformed"}, {"status", 400}});
    if (!in_flight_) in_flight_.emplace(shared_->requests_in_flight);
    unread_input_ = true;
    write(shared_->router.refuse(parsed_head(),
                                 core::make_problem("invalid_request", 400, "Bad request",
                                                    "The request is not valid HTTP/1.1; check the request line and headers.")),
          false, 11);
  }

  void write(HttpResponse response, bool keep_alive, unsigned version) {
    auto message = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(response.status),
                                                                      version);
    if (!response.content_type.empty()) message->set(http::field::content_type, response.content_type);
    message->set(http::field::cache_control, "no-store");
    message->set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers) message->set(name, value);
    message->body() = std::move(response.body);
    // While draining, every answer is the connection's last.
    message->keep_alive(keep_alive && !shared_->draining);
    message->prepare_payload();
    response_ = message;
    beast::get_lowest_layer(stream_).expires_after(shared_->settings.idle_timeout);
    http::async_write(stream_, *message,
                      beast::bind_front_handler(&Session::on_write, shared_from_this(), message->need_eof()));
  }

  void on_write(bool close, beast::error_code ec, std::size_t) {
    response_.reset();
    in_flight_.reset();
    principal_.reset();
    if (ec) return fail(ec, "write");
    if (close && unread_input_) return linger();
    if (close) return do_close();
    do_read();
  }

  // A refusal sent before the request's body was read: closing now, with the client still sending, makes the
  // kernel answer with a reset, and a reset makes the client drop the refusal it has not read yet (a tablet
  // then sees "connection reset" instead of 413 and never splits its batch). So, like nginx's lingering close:
  // end our side (a FIN after the answer, so a client that reads to the end stops waiting), then read and
  // discard what the client still sends, for a bounded time and amount, and close once it stops. The bytes are
  // read below TLS: they are thrown away, and TLS has nothing more to say on this connection.
  void linger() {
    buffer_.clear();
    parser_.reset();
    lingered_bytes_ = 0;
    lingering_until_ = std::chrono::steady_clock::now() + kLingerTime;
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    continue_lingering();
  }

  void continue_lingering() {
    const auto left = lingering_until_ - std::chrono::steady_clock::now();
    const bool enough = left <= std::chrono::steady_clock::duration::zero() || lingered_bytes_ > kLingerBytes;
    if (enough || shared_->draining) return close_socket();
    auto& tcp = beast::get_lowest_layer(stream_);
    tcp.expires_after(std::chrono::duration_cast<std::chrono::milliseconds>(left));
    tcp.async_read_some(buffer_.prepare(16 * 1024), beast::bind_front_handler(&Session::on_linger, shared_from_this()));
  }

  void on_linger(beast::error_code ec, std::size_t bytes) {
    lingered_bytes_ += bytes;
    buffer_.clear();
    if (ec) return close_socket();  // the client closed (or the time is up): nothing it sent is left unread
    continue_lingering();
  }

  void do_close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_shutdown(beast::bind_front_handler(&Session::on_shutdown, shared_from_this()));
  }

  void on_shutdown(beast::error_code) {
    // Peers often close without a TLS close_notify; there is nothing left to do either way.
    close_socket();
  }

  void close_socket() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  // Registered while the session waits for its client, so a full server can close it for a newcomer. The
  // close runs on this session's strand, and only if the session is still idle by then.
  void set_idle(bool idle) {
    if (idle == (idle_registration_ != 0)) return;
    if (!idle) {
      shared_->mark_busy(idle_registration_);
      idle_registration_ = 0;
      return;
    }
    idle_registration_ = shared_->mark_idle([weak = weak_from_this()](std::uint64_t registration) {
      auto self = weak.lock();
      if (!self) return;
      net::post(self->stream_.get_executor(), [self, registration] {
        if (self->idle_registration_ != registration) return;  // a request arrived meanwhile: keep it
        self->idle_registration_ = 0;
        log_event("info", "connection_evicted", {{"reason", "server_full"}});
        self->close_socket();
      });
    });
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
  std::optional<RequestParser> parser_;
  std::shared_ptr<void> response_;
  std::shared_ptr<const SessionShared> shared_;
  std::string remote_address_;
  std::size_t requests_read_ = 0;
  std::optional<InFlight> in_flight_;
  std::optional<Principal> principal_;
  bool unread_input_ = false;
  std::uint64_t idle_registration_ = 0;
  static constexpr auto kLingerTime = std::chrono::seconds(5);
  static constexpr std::size_t kLingerBytes = 64 * 1024 * 1024;
  std::chrono::steady_clock::time_point lingering_until_;
  std::size_t lingered_bytes_ = 0;
};

}  // namespace

void start_session(net::ip::tcp::socket socket, net::ssl::context& tls, std::shared_ptr<const SessionShared> shared,
                   std::string remote_address) {
  std::make_shared<Session>(std::move(socket), tls, std::move(shared), std::move(remote_address))->run();
}

}  // namespace faltlogg::server
