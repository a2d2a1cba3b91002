// The web console's idle clocks in PostgreSQL (table browser_sessions, migration 0010): with several
// nodes behind a load balancer, a console request lands on any node, and each must know when the
// session was last used. Same states and rules as the in-memory BrowserSessions.
#pragma once

#include "api/browser_session.hpp"
#include "store/pg_db.hpp"

namespace faltlogg::server {

class PostgresBrowserSessions final : public BrowserSessions {
 public:
  PostgresBrowserSessions(const std::string& conninfo, core::Millis idle_ms);

  void start(const std::string& token_hash, core::Millis now_ms) override;
  BrowserSessionState touch(const std::string& token_hash, core::Millis now_ms) override;
  void end(const std::string& token_hash) override;

 private:
  pg::SharedConnection connection_;
};

}  // namespace faltlogg::server
