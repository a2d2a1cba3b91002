#include "api/login_rate_limiter.hpp"

#include <algorithm>
#include <utility>

namespace faltlogg::server {

namespace {

std::string pair_key(const std::string& username, const std::string& address) {
  return "p:" + username + "\n" + address;  // '\n' cannot occur in a username or an address
}

}  // namespace

LoginRateLimiter::LoginRateLimiter(int failures_per_minute, Clock clock, int password_check_slots,
                                   std::chrono::milliseconds slot_wait, std::shared_ptr<LoginEventLog> log)
    : limit_(failures_per_minute),
      clock_(std::move(clock)),
      log_(log ? std::move(log) : std::make_shared<MemoryLoginEventLog>()),
      password_slots_(std::max(1, password_check_slots)),
      slot_wait_(slot_wait) {}

int LoginRateLimiter::retry_after_seconds(const std::string& username, const std::string& address) {
  if (limit_ <= 0) return 0;
  const core::Millis now = clock_();
  const std::vector<std::pair<std::string, int>> limits{{pair_key(username, address), limit_},
                                                        {"u:" + username, limit_ * kPerUsernameFactor},
                                                        {"a:" + address, limit_ * kPerAddressFactor},
                                                        {"s:" + username, kSuccessfulLoginsPerMinute}};
  std::vector<std::string> keys;
  for (const auto& [key, limit] : limits) keys.push_back(key);
  const auto windows = log_->windows(keys, now - kWindowMs);
  core::Millis wait_ms = 0;
  for (const auto& [key, limit] : limits) {
    auto it = windows.find(key);
    if (it == windows.end() || it->second.count < limit) continue;
    // Allowed again when the oldest event in the window ages out.
    wait_ms = std::max(wait_ms, it->second.oldest_ms + kWindowMs - now);
  }
  if (wait_ms <= 0) return 0;
  return static_cast<int>(std::max<core::Millis>(1, (wait_ms + 999) / 1000));
}

void LoginRateLimiter::record(const std::vector<std::string>& keys) {
  const core::Millis now = clock_();
  log_->record(keys, now, now - kWindowMs);
}

void LoginRateLimiter::record_failure(const std::string& username, const std::string& address) {
  if (limit_ <= 0) return;
  record({pair_key(username, address), "u:" + username, "a:" + address});
}

void LoginRateLimiter::record_success(const std::string& username) {
  if (limit_ <= 0) return;
  record({"s:" + username});
}

std::optional<LoginRateLimiter::PasswordCheckSlot> LoginRateLimiter::acquire_password_check() {
  if (!password_slots_.try_acquire_for(slot_wait_)) return std::nullopt;
  return PasswordCheckSlot(password_slots_);
}

}  // namespace faltlogg::server
