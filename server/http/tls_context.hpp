// The server's TLS settings in one place: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers only.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <filesystem>

namespace faltlogg::server {

// Throws std::runtime_error naming the file when the certificate or key cannot be loaded.
boost::asio::ssl::context make_server_tls_context(const std::filesystem::path& cert_chain_file,
                                                  const std::filesystem::path& private_key_file);

}  // namespace faltlogg::server
