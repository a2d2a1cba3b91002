// A loopback TCP forwarder that cuts connections: placed between the client and the real server (TLS
// passes through untouched), it closes both sides of the next N connections after a seeded random number
// of bytes in one direction, so a push or a pull dies midway at an unpredictable but repeatable point.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace faltlogg::client::testing {

class CuttingProxy {
 public:
  enum class Direction { toServer, toClient };

  CuttingProxy(std::uint16_t targetPort, unsigned seed);
  ~CuttingProxy();
  CuttingProxy(const CuttingProxy&) = delete;
  CuttingProxy& operator=(const CuttingProxy&) = delete;

  std::uint16_t port() const { return port_; }
  void setTargetPort(std::uint16_t port) { targetPort_ = port; }
  // The next `connections` connections are cut after a random byte count in [minBytes, maxBytes] sent in
  // `direction`; later connections pass through untouched.
  void cutNext(int connections, std::size_t minBytes, std::size_t maxBytes, Direction direction);

  int connectionsAccepted() const { return accepted_; }
  int connectionsCut() const { return cut_; }

 private:
  void acceptLoop();
  void forward(int client, std::size_t cutAfter, Direction direction);

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<std::uint16_t> targetPort_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> cut_{0};
  std::mutex mutex_;  // guards the fields below
  std::mt19937 random_;
  int cutsLeft_ = 0;
  std::size_t minBytes_ = 0;
  std::size_t maxBytes_ = 0;
  Direction direction_ = Direction::toServer;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace faltlogg::client::testing
