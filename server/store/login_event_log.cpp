#include "store/login_event_log.hpp"

namespace faltlogg::server {

namespace {

void forget(std::deque<core::Millis>& times, core::Millis before_ms) {
  while (!times.empty() && times.front() <= before_ms) times.pop_front();
}

}  // namespace

std::map<std::string, LoginWindow> MemoryLoginEventLog::windows(const std::vector<std::string>& keys,
                                                                core::Millis since_ms) {
  std::lock_guard lock(mutex_);
  std::map<std::string, LoginWindow> out;
  for (const std::string& key : keys) {
    auto it = events_.find(key);
    if (it == events_.end()) continue;
    forget(it->second, since_ms);
    if (!it->second.empty()) out[key] = {static_cast<int>(it->second.size()), it->second.front()};
  }
  return out;
}

void MemoryLoginEventLog::record(const std::vector<std::string>& keys, core::Millis at_ms,
                                 core::Millis forget_before_ms) {
  std::lock_guard lock(mutex_);
  if (events_.size() >= kMaxKeys) {
    for (auto it = events_.begin(); it != events_.end();) {
      forget(it->second, forget_before_ms);
      it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
    if (events_.size() >= kMaxKeys) events_.clear();
  }
  for (const std::string& key : keys) {
    auto& times = events_[key];
    forget(times, forget_before_ms);
    times.push_back(at_ms);
  }
}

}  // namespace faltlogg::server
