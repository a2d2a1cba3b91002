#include "api/login_rate_limiter.hpp"

#include <algorithm>

namespace faltlogg::server {

LoginRateLimiter::LoginRateLimiter(int failures_per_minute, Clock clock)
    : limit_(failures_per_minute), clock_(std::move(clock)) {}

void LoginRateLimiter::prune(std::deque<core::Millis>& times, core::Millis now) {
  while (!times.empty() && times.front() <= now - kWindowMs) times.pop_front();
}

int LoginRateLimiter::retry_after_locked(const std::string& key, core::Millis now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limit_) return 0;
  // Allowed again when the oldest failure in the window ages out.
  const core::Millis wait_ms = it->second.front() + kWindowMs - now;
  return static_cast<int>(std::max<core::Millis>(1, (wait_ms + 999) / 1000));
}

int LoginRateLimiter::retry_after_seconds(const std::string& username, const std::string& address) {
  if (limit_ <= 0) return 0;
  std::lock_guard lock(mutex_);
  const core::Millis now = clock_();
  return std::max(retry_after_locked("u:" + username, now), retry_after_locked("a:" + address, now));
}

void LoginRateLimiter::record_failure(const std::string& username, const std::string& address) {
  if (limit_ <= 0) return;
  std::lock_guard lock(mutex_);
  const core::Millis now = clock_();
  if (failures_.size() >= kMaxKeys) {
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    if (failures_.size() >= kMaxKeys) failures_.clear();
  }
  for (const std::string& key : {"u:" + username, "a:" + address}) {
    auto& times = failures_[key];
    prune(times, now);
    times.push_back(now);
  }
}

}  // namespace faltlogg::server
