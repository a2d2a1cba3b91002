-- PostgreSQL 0010: the short-lived state that each node kept in its memory and that several nodes behind a
-- load balancer must share. UNLOGGED: a database crash forgets it, which costs a minute of login attempts
-- and a console sign-in, and both tables are written on every login or console request.

-- Failed and successful logins of the last minute, so the login limits hold however the load balancer
-- spreads a guesser's attempts. The key is a keyed hash of "kind:username[\naddress]", never the username
-- or the address itself.
CREATE UNLOGGED TABLE login_events (
  key_hash TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX login_events_by_key ON login_events (key_hash, at_ms);
CREATE INDEX login_events_by_time ON login_events (at_ms);

-- The web console's idle clock per browser session (decision 0050), keyed by the session token's hash as
-- the devices table is, so a console request may land on any node.
CREATE UNLOGGED TABLE browser_sessions (
  token_hash TEXT PRIMARY KEY,
  last_seen_ms BIGINT NOT NULL
);
CREATE INDEX browser_sessions_by_time ON browser_sessions (last_seen_ms);
