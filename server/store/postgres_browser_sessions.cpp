#include "store/postgres_browser_sessions.hpp"

namespace faltlogg::server {

using pg::param;

PostgresBrowserSessions::PostgresBrowserSessions(const std::string& conninfo, core::Millis idle_ms)
    : BrowserSessions(idle_ms), connection_(conninfo) {}

void PostgresBrowserSessions::start(const std::string& token_hash, core::Millis now_ms) {
  connection_.run([&](pg::Connection& c) {
    pg::Transaction tx(c);
    // Sessions idle past the limit can never be touched again; they go as new ones arrive.
    c.prepared("console_forget", "DELETE FROM browser_sessions WHERE last_seen_ms < $1", {param(now_ms - idle_ms())});
    c.prepared("console_start",
               "INSERT INTO browser_sessions (token_hash, last_seen_ms) VALUES ($1, $2)"
               " ON CONFLICT (token_hash) DO UPDATE SET last_seen_ms = excluded.last_seen_ms",
               {param(token_hash), param(now_ms)});
    tx.commit();
  });
}

BrowserSessionState PostgresBrowserSessions::touch(const std::string& token_hash, core::Millis now_ms) {
  return connection_.run([&](pg::Connection& c) {
    // One statement: the clock is checked and restarted, or the expired session removed, by row-locking
    // writes, so two nodes touching at once cannot revive an expired session.
    auto rows = c.prepared(
        "console_touch",
        "WITH old AS (SELECT last_seen_ms FROM browser_sessions WHERE token_hash = $1),"
        " fresh AS (UPDATE browser_sessions SET last_seen_ms = $2::bigint WHERE token_hash = $1"
        " AND last_seen_ms >= $2::bigint - $3::bigint RETURNING 1),"
        " gone AS (DELETE FROM browser_sessions WHERE token_hash = $1 AND last_seen_ms < $2::bigint - $3::bigint RETURNING 1)"
        " SELECT (SELECT count(*) FROM old), (SELECT count(*) FROM fresh)",
        {param(token_hash), param(now_ms), param(idle_ms())});
    if (rows.integer(0, 0) == 0) return BrowserSessionState::unknown;
    return rows.integer(0, 1) == 1 ? BrowserSessionState::active : BrowserSessionState::idle_expired;
  });
}

void PostgresBrowserSessions::end(const std::string& token_hash) {
  connection_.run([&](pg::Connection& c) {
    return c.prepared("console_end", "DELETE FROM browser_sessions WHERE token_hash = $1", {param(token_hash)});
  });
}

}  // namespace faltlogg::server
