// A small synchronous HTTPS client for tests: verifies the server against the dev CA, keeps one
// connection alive between requests, and can send raw bytes for hostile-input tests.
// Beast stays in tls_client.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace faltlogg::test {

struct HttpReply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string header(const std::string& lower_case_name) const;
};

class TlsHttpClient {
 public:
  TlsHttpClient(std::uint16_t port, std::string ca_file, std::string host = "localhost");
  ~TlsHttpClient();
  TlsHttpClient(const TlsHttpClient&) = delete;
  TlsHttpClient& operator=(const TlsHttpClient&) = delete;

  // Throws std::runtime_error on connection failure or timeout (default 15 s).
  HttpReply request(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& bearer_token = "",
                    const std::map<std::string, std::string>& extra_headers = {});
  HttpReply get(const std::string& target, const std::string& bearer_token = "") {
    return request("GET", target, "", bearer_token);
  }
  HttpReply post(const std::string& target, const std::string& body, const std::string& bearer_token = "") {
    return request("POST", target, body, bearer_token);
  }
  HttpReply put(const std::string& target, const std::string& body, const std::string& bearer_token = "") {
    return request("PUT", target, body, bearer_token);
  }

  // Opens a new TLS connection, writes `bytes` with `pause` between chunks of `chunk` bytes, and returns
  // everything the server sends until it closes or `timeout` passes. For limit and slow-client tests.
  std::string send_raw(const std::string& bytes, std::chrono::milliseconds timeout, std::size_t chunk = 0,
                       std::chrono::milliseconds pause = std::chrono::milliseconds(0));

  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
  // Behave like Qt's HTTP stack: a request whose body could not be written completely is a failed request,
  // even if the server's answer is waiting to be read.
  void set_write_errors_fatal(bool fatal);
  // Drops the kept-alive connection; the next request connects anew.
  void disconnect();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::chrono::milliseconds timeout_{15000};
};

}  // namespace faltlogg::test
