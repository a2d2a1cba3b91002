// Browser sessions of the web console (PROTOCOL.md "Browser sessions", decision 0050): the login token
// travels in the `__Host-faltlogg` cookie instead of the body; the CSRF token is derived from it, so
// nothing extra is stored; the idle clock lives in memory, so a server restart ends every browser
// session (the console then shows the sign-in page) while tablets keep their bearer tokens. Several nodes
// on PostgreSQL keep the idle clock in the database instead (PostgresBrowserSessions), so a console
// request may land on any node.
#pragma once

#include "faltlogg/core/time.hpp"

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::server {

inline constexpr std::string_view kSessionCookieName = "__Host-faltlogg";
inline constexpr core::Millis kBrowserSessionAbsoluteMs = 8LL * 3600 * 1000;

// The token named by `__Host-faltlogg` in a Cookie header; nullopt when absent or malformed.
std::optional<std::string> session_cookie_token(std::string_view cookie_header);
// Set-Cookie values that set and clear the session cookie.
std::string session_cookie_set(std::string_view token);
std::string session_cookie_clear();
// The CSRF token of a session: a hash of the secret token, so only someone holding the cookie (the
// server, and the page that got it in the login body) knows it.
std::string csrf_token_for(std::string_view token);
bool constant_time_equal(std::string_view a, std::string_view b);

enum class BrowserSessionState { active, unknown, idle_expired };

class BrowserSessions {
 public:
  explicit BrowserSessions(core::Millis idle_ms = 30LL * 60 * 1000, std::size_t max_sessions = 100000)
      : idle_ms_(idle_ms), max_sessions_(max_sessions) {}
  virtual ~BrowserSessions() = default;
  BrowserSessions(const BrowserSessions&) = delete;
  BrowserSessions& operator=(const BrowserSessions&) = delete;

  virtual void start(const std::string& token_hash, core::Millis now_ms);
  // Checks the idle clock and, when active, restarts it.
  virtual BrowserSessionState touch(const std::string& token_hash, core::Millis now_ms);
  virtual void end(const std::string& token_hash);
  core::Millis idle_ms() const { return idle_ms_; }

 private:
  void prune_locked(core::Millis now_ms);

  std::mutex mutex_;
  std::map<std::string, core::Millis, std::less<>> last_seen_;
  core::Millis idle_ms_;
  std::size_t max_sessions_;
};

}  // namespace faltlogg::server
