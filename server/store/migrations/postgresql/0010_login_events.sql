-- PostgreSQL 0010: failed and successful logins of the last minute, shared by every node, so the login
-- limits hold however the load balancer spreads a guesser's attempts. UNLOGGED: a crash may forget a
-- minute of attempts, which costs nothing, and the table is written on every login. The key is a keyed
-- hash of "kind:username[\naddress]", never the username or the address itself.
CREATE UNLOGGED TABLE login_events (
  key_hash TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX login_events_by_key ON login_events (key_hash, at_ms);
CREATE INDEX login_events_by_time ON login_events (at_ms);
