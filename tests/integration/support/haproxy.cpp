#include "haproxy.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace faltlogg::test {

namespace {
constexpr const char* kBinary = "/usr/sbin/haproxy";
}

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("free_port: no socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("free_port: could not bind a loopback port");
  return ntohs(address.sin_port);
}

bool Haproxy::available() { return std::filesystem::exists(kBinary); }

Haproxy::Haproxy(const std::filesystem::path& dir, std::uint16_t port, const std::vector<std::uint16_t>& nodes) {
  if (!available()) throw std::runtime_error("haproxy is missing: run deploy/install-deps.sh");
  const auto config = dir / "haproxy.cfg";
  {
    std::ofstream out(config);
    out << "global\n  maxconn 512\n"
        << "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 30s\n"
        << "  timeout server 30s\n  retries 3\n  option redispatch\n"
        << "frontend tablets\n  bind 127.0.0.1:" << port << "\n  default_backend nodes\n"
        << "backend nodes\n  balance roundrobin\n";
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      out << "  server node" << i + 1 << " 127.0.0.1:" << nodes[i] << " check inter 200 fall 1 rise 2\n";
    }
  }
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("haproxy: fork failed");
  if (pid_ == 0) {
    ::execl(kBinary, "haproxy", "-db", "-q", "-f", config.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
}

Haproxy::~Haproxy() {
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

}  // namespace faltlogg::test
