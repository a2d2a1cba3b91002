#include "cutting_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <limits>
#include <stdexcept>

namespace faltlogg::client::testing {

namespace {

int connectLoopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool sendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) {
      return false;
    }
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

}  // namespace

CuttingProxy::CuttingProxy(std::uint16_t targetPort, unsigned seed) : targetPort_(targetPort), random_(seed) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || ::listen(listener_, 64) != 0) {
    throw std::runtime_error("proxy cannot listen");
  }
  socklen_t length = sizeof(address);
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  acceptor_ = std::thread([this] { acceptLoop(); });
}

CuttingProxy::~CuttingProxy() {
  stopping_ = true;
  acceptor_.join();
  ::close(listener_);
  for (auto& thread : threads_) {
    thread.join();
  }
}

void CuttingProxy::cutNext(int connections, std::size_t minBytes, std::size_t maxBytes, Direction direction) {
  std::lock_guard lock(mutex_);
  cutsLeft_ = connections;
  minBytes_ = minBytes;
  maxBytes_ = maxBytes;
  direction_ = direction;
}

void CuttingProxy::acceptLoop() {
  while (!stopping_) {
    pollfd listening{listener_, POLLIN, 0};
    if (::poll(&listening, 1, 50) <= 0) {
      continue;
    }
    const int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0) {
      continue;
    }
    ++accepted_;
    std::size_t cutAfter = std::numeric_limits<std::size_t>::max();
    Direction direction = Direction::toServer;
    {
      std::lock_guard lock(mutex_);
      if (cutsLeft_ > 0) {
        --cutsLeft_;
        cutAfter = std::uniform_int_distribution<std::size_t>(minBytes_, maxBytes_)(random_);
        direction = direction_;
      }
      threads_.emplace_back([this, client, cutAfter, direction] { forward(client, cutAfter, direction); });
    }
  }
}

void CuttingProxy::forward(int client, std::size_t cutAfter, Direction direction) {
  const int server = connectLoopback(targetPort_);
  if (server < 0) {
    ::close(client);
    return;
  }
  std::size_t counted = 0;
  std::array<char, 16384> buffer{};
  bool open = true;
  while (open && !stopping_) {
    std::array<pollfd, 2> fds{{{client, POLLIN, 0}, {server, POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), 50) <= 0) {
      continue;
    }
    for (int side = 0; side < 2 && open; ++side) {
      if ((fds[side].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      const int from = fds[side].fd;
      const int to = side == 0 ? server : client;
      const bool counting = (side == 0) == (direction == Direction::toServer);
      std::size_t want = buffer.size();
      if (counting && cutAfter != std::numeric_limits<std::size_t>::max()) {
        want = std::min(want, cutAfter - counted);
      }
      const ssize_t got = want == 0 ? 0 : ::recv(from, buffer.data(), want, 0);
      if (got <= 0 || !sendAll(to, buffer.data(), static_cast<std::size_t>(got))) {
        open = false;
        break;
      }
      if (counting) {
        counted += static_cast<std::size_t>(got);
        if (counted >= cutAfter) {
          ++cut_;
          open = false;  // cut: both sides are closed below, mid-message
        }
      }
    }
  }
  ::shutdown(client, SHUT_RDWR);
  ::shutdown(server, SHUT_RDWR);
  ::close(client);
  ::close(server);
}

}  // namespace faltlogg::client::testing
