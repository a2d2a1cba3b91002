// HAProxy (Debian's package) in front of several faltlogg-server nodes on loopback, TLS passed through in
// tcp mode, as an installation with two nodes runs it (README). Used by the two-node tests and the
// PostgreSQL bench.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace faltlogg::test {

// A loopback port free at the moment of asking (another process may take it before it is bound).
std::uint16_t free_port();

// HAProxy in the foreground (-db) as a child process, round robin over `nodes` with health checks every
// 200 ms; killed in the destructor. Its config file is written into `dir`.
class Haproxy {
 public:
  Haproxy(const std::filesystem::path& dir, std::uint16_t port, const std::vector<std::uint16_t>& nodes);
  ~Haproxy();
  Haproxy(const Haproxy&) = delete;
  Haproxy& operator=(const Haproxy&) = delete;

  static bool available();  // /usr/sbin/haproxy exists

 private:
  pid_t pid_ = -1;
};

}  // namespace faltlogg::test
