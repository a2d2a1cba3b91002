// Counts failed logins per username and per client address in a sliding one-minute window, so
// password guessing is slowed down without locking a user out for longer than a minute.
#pragma once

#include "faltlogg/core/time.hpp"

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace faltlogg::server {

class LoginRateLimiter {
 public:
  using Clock = std::function<core::Millis()>;
  // failures_per_minute <= 0 disables the limit.
  explicit LoginRateLimiter(int failures_per_minute, Clock clock = core::now_millis);

  // Seconds until another attempt is allowed; 0 when the attempt may go ahead.
  int retry_after_seconds(const std::string& username, const std::string& address);
  void record_failure(const std::string& username, const std::string& address);

 private:
  static constexpr core::Millis kWindowMs = 60'000;
  // Bounds memory under a flood of distinct usernames: the oldest keys go first.
  static constexpr std::size_t kMaxKeys = 100'000;

  int retry_after_locked(const std::string& key, core::Millis now);
  void prune(std::deque<core::Millis>& times, core::Millis now);

  int limit_;
  Clock clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<core::Millis>> failures_;
};

}  // namespace faltlogg::server
