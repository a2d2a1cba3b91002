#include "tls_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <optional>
#include <stdexcept>
#include <thread>

namespace faltlogg::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using Stream = beast::ssl_stream<beast::tcp_stream>;

std::string HttpReply::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string{} : it->second;
}

struct TlsHttpClient::Impl {
  Impl(std::uint16_t port, const std::string& ca_file, std::string host)
      : port(port), host(std::move(host)), tls(ssl::context::tls_client) {
    tls.load_verify_file(ca_file);
    tls.set_verify_mode(ssl::verify_peer);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
  }

  // Runs the io_context until the pending operation finishes or the deadline passes. With
  // keep_on_error, an error (not a timeout) is left in ec for the caller and the stream kept.
  void run(std::chrono::milliseconds timeout, beast::error_code& ec, const char* what, bool keep_on_error = false) {
    io.restart();
    io.run_for(timeout);
    if (ec && ec != net::error::would_block && keep_on_error) return;
    if (ec == net::error::would_block) {
      if (stream) beast::get_lowest_layer(*stream).close();
      io.restart();
      io.run();
      stream.reset();
      throw std::runtime_error(std::string("timeout during ") + what);
    }
    if (ec) {
      stream.reset();
      throw std::runtime_error(std::string(what) + ": " + ec.message());
    }
  }

  void connect(std::chrono::milliseconds timeout) {
    stream.emplace(io, tls);
    if (!SSL_set_tlsext_host_name(stream->native_handle(), host.c_str())) throw std::runtime_error("SNI failed");
    stream->set_verify_callback(ssl::host_name_verification(host));
    beast::error_code ec = net::error::would_block;
    net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
    beast::get_lowest_layer(*stream).async_connect(endpoint, [&](beast::error_code e) { ec = e; });
    run(timeout, ec, "connect");
    // As the server's sockets (issue 14): with Nagle's algorithm a request's body waits for the server's
    // delayed ACK of its header, ~40 ms that benchmarks would count as server time.
    beast::error_code ignored;
    beast::get_lowest_layer(*stream).socket().set_option(net::ip::tcp::no_delay(true), ignored);
    ec = net::error::would_block;
    stream->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
    run(timeout, ec, "handshake");
  }

  HttpReply exchange(http::request<http::string_body>& request, std::chrono::milliseconds timeout) {
    beast::error_code ec = net::error::would_block;
    http::async_write(*stream, request, [&](beast::error_code e, std::size_t) { ec = e; });
    // A server may answer before the body is all sent (413 from the header alone) and close: the
    // write then fails with a broken pipe, but the answer is there to read. Only if it is not does
    // the write error count.
    run(timeout, ec, "write", true);
    const beast::error_code write_error = ec;
    if (write_error && write_errors_fatal) {
      if (stream) beast::get_lowest_layer(*stream).close();
      io.restart();
      io.run();
      stream.reset();
      throw std::runtime_error("write (the server cut the request): " + write_error.message());
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    ec = net::error::would_block;
    http::async_read(*stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    if (write_error) {
      run(timeout, ec, "read", true);
      if (ec) {
        if (stream) beast::get_lowest_layer(*stream).close();
        io.restart();
        io.run();
        stream.reset();
        throw std::runtime_error("write: " + write_error.message());
      }
    } else {
      run(timeout, ec, "read");
    }
    auto response = parser.release();
    HttpReply reply;
    reply.status = static_cast<int>(response.result_int());
    reply.body = std::move(response.body());
    for (const auto& field : response) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string(field.value());
    }
    if (!response.keep_alive()) stream.reset();
    return reply;
  }

  std::uint16_t port;
  std::string host;
  net::io_context io;
  ssl::context tls;
  std::optional<Stream> stream;
  beast::flat_buffer buffer;
  bool write_errors_fatal = false;
};

TlsHttpClient::TlsHttpClient(std::uint16_t port, std::string ca_file, std::string host)
    : impl_(std::make_unique<Impl>(port, ca_file, std::move(host))) {}

TlsHttpClient::~TlsHttpClient() = default;

void TlsHttpClient::set_write_errors_fatal(bool fatal) { impl_->write_errors_fatal = fatal; }

void TlsHttpClient::disconnect() {
  impl_->stream.reset();
  impl_->buffer.clear();
}

HttpReply TlsHttpClient::request(const std::string& method, const std::string& target, const std::string& body,
                                 const std::string& bearer_token,
                                 const std::map<std::string, std::string>& extra_headers) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, impl_->host);
  request.keep_alive(true);
  if (!body.empty() || method == "POST" || method == "PUT") {
    request.set(http::field::content_type, "application/json; charset=utf-8");
    request.body() = body;
  }
  if (!bearer_token.empty()) request.set(http::field::authorization, "Bearer " + bearer_token);
  for (const auto& [name, value] : extra_headers) request.set(name, value);
  request.prepare_payload();
  // A kept-alive connection may have been closed by the server meanwhile: one fresh retry then.
  const bool reused = impl_->stream.has_value();
  if (!reused) impl_->connect(timeout_);
  try {
    return impl_->exchange(request, timeout_);
  } catch (const std::runtime_error&) {
    if (!reused) throw;
    impl_->buffer.clear();
    impl_->connect(timeout_);
    return impl_->exchange(request, timeout_);
  }
}

std::string TlsHttpClient::send_raw(const std::string& bytes, std::chrono::milliseconds timeout, std::size_t chunk,
                                    std::chrono::milliseconds pause) {
  disconnect();
  impl_->connect(timeout_);
  Stream& stream = *impl_->stream;
  const std::size_t step = chunk == 0 ? bytes.size() : chunk;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string received;
  beast::error_code ec;
  for (std::size_t offset = 0; offset < bytes.size() && std::chrono::steady_clock::now() < deadline; offset += step) {
    ec = net::error::would_block;
    net::async_write(stream, net::buffer(bytes.data() + offset, std::min(step, bytes.size() - offset)),
                     [&](beast::error_code e, std::size_t) { ec = e; });
    impl_->io.restart();
    impl_->io.run_for(std::chrono::milliseconds(2000));
    if (ec) break;  // the server closed on us: read what it said
    if (pause.count() > 0) std::this_thread::sleep_for(pause);
  }
  char data[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    ec = net::error::would_block;
    std::size_t got = 0;
    stream.async_read_some(net::buffer(data), [&](beast::error_code e, std::size_t n) {
      ec = e;
      got = n;
    });
    impl_->io.restart();
    impl_->io.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    received.append(data, got);
    if (ec) break;
  }
  beast::get_lowest_layer(stream).close();
  impl_->io.restart();
  impl_->io.run();
  impl_->stream.reset();
  return received;
}

}  // namespace faltlogg::test
