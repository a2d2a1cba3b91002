#include "api/login_rate_limiter.hpp"

#include <algorithm>

namespace faltlogg::server {

namespace {

std::string pair_key(const std::string& username, const std::string& address) {
  return "p:" + username + "\n" + address;  // '\n' cannot occur in a username or an address
}

}  // namespace

LoginRateLimiter::LoginRateLimiter(int failures_per_minute, Clock clock, int password_check_slots,
                                   std::chrono::milliseconds slot_wait)
    : limit_(failures_per_minute), clock_(std::move(clock)), password_slots_(std::max(1, password_check_slots)),
      slot_wait_(slot_wait) {}

void LoginRateLimiter::prune(std::deque<core::Millis>& times, core::Millis now) {
  while (!times.empty() && times.front() <= now - kWindowMs) times.pop_front();
}

int LoginRateLimiter::retry_after_locked(const std::string& key, int limit, core::Millis now) {
  auto it = events_.find(key);
  if (it == events_.end()) return 0;
  prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limit) return 0;
  // Allowed again when the oldest event in the window ages out.
  const core::Millis wait_ms = it->second.front() + kWindowMs - now;
  return static_cast<int>(std::max<core::Millis>(1, (wait_ms + 999) / 1000));
}

int LoginRateLimiter::retry_after_seconds(const std::string& username, const std::string& address) {
  if (limit_ <= 0) return 0;
  std::lock_guard lock(mutex_);
  const core::Millis now = clock_();
  return std::max({retry_after_locked(pair_key(username, address), limit_, now),
                   retry_after_locked("u:" + username, limit_ * kPerUsernameFactor, now),
                   retry_after_locked("a:" + address, limit_ * kPerAddressFactor, now),
                   retry_after_locked("s:" + username, kSuccessfulLoginsPerMinute, now)});
}

void LoginRateLimiter::record_locked(const std::string& key, core::Millis now) {
  if (events_.size() >= kMaxKeys) {
    for (auto it = events_.begin(); it != events_.end();) {
      prune(it->second, now);
      it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
    if (events_.size() >= kMaxKeys) events_.clear();
  }
  auto& times = events_[key];
  prune(times, now);
  times.push_back(now);
}

void LoginRateLimiter::record_failure(const std::string& username, const std::string& address) {
  if (limit_ <= 0) return;
  std::lock_guard lock(mutex_);
  const core::Millis now = clock_();
  for (const std::string& key : {pair_key(username, address), "u:" + username, "a:" + address}) {
    record_locked(key, now);
  }
}

void LoginRateLimiter::record_success(const std::string& username) {
  if (limit_ <= 0) return;
  std::lock_guard lock(mutex_);
  record_locked("s:" + username, clock_());
}

std::optional<LoginRateLimiter::PasswordCheckSlot> LoginRateLimiter::acquire_password_check() {
  if (!password_slots_.try_acquire_for(slot_wait_)) return std::nullopt;
  return PasswordCheckSlot(password_slots_);
}

}  // namespace faltlogg::server
