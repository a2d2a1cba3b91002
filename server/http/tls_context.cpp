#include "http/tls_context.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace faltlogg::server {

namespace ssl = boost::asio::ssl;

namespace {
// TLS 1.2 suites: ECDHE for forward secrecy, AEAD only (no CBC, no RSA key exchange). TLS 1.3 suites
// are all modern and stay at OpenSSL's defaults.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
}  // namespace

ssl::context make_server_tls_context(const std::filesystem::path& cert_chain_file,
                                     const std::filesystem::path& private_key_file) {
  ssl::context context(ssl::context::tls_server);
  context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                      ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use |
                      ssl::context::no_compression);
  SSL_CTX* native = context.native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    throw std::runtime_error("cannot configure TLS protocol versions or ciphers");
  }
  SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  // An idle connection (a tablet between syncs, or one parked by an attacker) gives its 2 x ~17 KiB record
  // buffers back until it next reads or writes: measured with tests/bench/server/idle_connections.py.
  SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
  boost::system::error_code ec;
  context.use_certificate_chain_file(cert_chain_file.string(), ec);
  if (ec) throw std::runtime_error("cannot load certificate chain " + cert_chain_file.string() + ": " + ec.message());
  context.use_private_key_file(private_key_file.string(), ssl::context::pem, ec);
  if (ec) throw std::runtime_error("cannot load private key " + private_key_file.string() + ": " + ec.message());
  return context;
}

}  // namespace faltlogg::server
