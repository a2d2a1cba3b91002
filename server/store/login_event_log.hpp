// Where the login limiter keeps its sliding-window events. One process with the embedded store keeps them
// in memory; several nodes on one PostgreSQL database keep them in the database, so a guesser who is
// spread over the nodes by the load balancer meets one limit, not one per node (issue 13).
#pragma once

#include "faltlogg/core/time.hpp"

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace faltlogg::server {

// The events of one key inside the window: how many, and when the oldest happened.
struct LoginWindow {
  int count = 0;
  core::Millis oldest_ms = 0;
};

class LoginEventLog {
 public:
  virtual ~LoginEventLog() = default;
  // For each key with events newer than `since_ms`: their count and the oldest one's time.
  virtual std::map<std::string, LoginWindow> windows(const std::vector<std::string>& keys, core::Millis since_ms) = 0;
  // One event at `at_ms` under every key; events at or before `forget_before_ms` may be dropped.
  virtual void record(const std::vector<std::string>& keys, core::Millis at_ms, core::Millis forget_before_ms) = 0;
};

class MemoryLoginEventLog final : public LoginEventLog {
 public:
  std::map<std::string, LoginWindow> windows(const std::vector<std::string>& keys, core::Millis since_ms) override;
  void record(const std::vector<std::string>& keys, core::Millis at_ms, core::Millis forget_before_ms) override;

 private:
  // Bounds memory under a flood of distinct usernames.
  static constexpr std::size_t kMaxKeys = 100'000;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<core::Millis>> events_;
};

}  // namespace faltlogg::server
