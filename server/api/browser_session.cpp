#include "api/browser_session.hpp"

#include "faltlogg/core/crypto.hpp"

namespace faltlogg::server {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool is_token(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::optional<std::string> session_cookie_token(std::string_view header) {
  while (!header.empty()) {
    const std::size_t semi = header.find(';');
    std::string_view pair = trim(header.substr(0, semi));
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == kSessionCookieName) {
      std::string_view value = trim(pair.substr(eq + 1));
      // Only our own token shape is looked up; anything else cannot be a session.
      if (is_token(value)) return std::string(value);
      return std::nullopt;
    }
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

std::string session_cookie_set(std::string_view token) {
  // No Max-Age: the cookie dies with the browser; the server enforces 8 h / 30 min itself.
  return std::string(kSessionCookieName) + "=" + std::string(token) + "; Path=/; Secure; HttpOnly; SameSite=Strict";
}

std::string session_cookie_clear() {
  return std::string(kSessionCookieName) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0";
}

std::string csrf_token_for(std::string_view token) { return core::hash_hex("faltlogg-csrf-v1:" + std::string(token)); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

void BrowserSessions::start(const std::string& token_hash, core::Millis now_ms) {
  std::lock_guard lock(mutex_);
  if (last_seen_.size() >= max_sessions_) prune_locked(now_ms);
  last_seen_[token_hash] = now_ms;
}

BrowserSessionState BrowserSessions::touch(const std::string& token_hash, core::Millis now_ms) {
  std::lock_guard lock(mutex_);
  auto it = last_seen_.find(token_hash);
  if (it == last_seen_.end()) return BrowserSessionState::unknown;
  if (now_ms - it->second > idle_ms_) {
    last_seen_.erase(it);
    return BrowserSessionState::idle_expired;
  }
  it->second = now_ms;
  return BrowserSessionState::active;
}

void BrowserSessions::end(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  last_seen_.erase(token_hash);
}

void BrowserSessions::prune_locked(core::Millis now_ms) {
  for (auto it = last_seen_.begin(); it != last_seen_.end();) {
    it = now_ms - it->second > idle_ms_ ? last_seen_.erase(it) : std::next(it);
  }
  // Still full of live sessions: drop the oldest so a flood of logins cannot grow memory without bound.
  while (last_seen_.size() >= max_sessions_) {
    auto oldest = last_seen_.begin();
    for (auto it = last_seen_.begin(); it != last_seen_.end(); ++it) {
      if (it->second < oldest->second) oldest = it;
    }
    last_seen_.erase(oldest);
  }
}

}  // namespace faltlogg::server
