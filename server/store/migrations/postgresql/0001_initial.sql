-- PostgreSQL 0001: the schema SQLite reached with its migrations 0001-0006, in one step (decision 0061).
-- Same tables and columns, so the same queries read both and `faltlogg-admin migrate` copies row by row;
-- the differences are types (bigint, bytea) and the rollups, which are one row per counter here so that
-- several nodes can add to them with `INSERT … ON CONFLICT DO UPDATE SET value = value + excluded.value`.

CREATE TABLE districts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  district_id TEXT NOT NULL REFERENCES districts(id),
  name TEXT NOT NULL UNIQUE,
  areas_json TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('field_worker', 'family_therapist', 'team_lead', 'evaluator', 'admin')),
  team_id TEXT NOT NULL REFERENCES teams(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT
);

CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('field_worker', 'family_therapist', 'team_lead', 'evaluator', 'admin')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX devices_user ON devices(user_id);

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  created_at TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  used_at TEXT,
  device_id TEXT REFERENCES devices(id)
);
CREATE INDEX enrolment_codes_user ON enrolment_codes(user_id);

-- One row; every writer that takes server_seq numbers locks it (SELECT … FOR UPDATE) first and holds
-- the lock until commit, so numbers become visible in the order they were given out (decision 0061).
CREATE TABLE sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT NOT NULL
);
INSERT INTO sequence (id, last_seq) VALUES (1, 0);

CREATE TABLE records (
  id TEXT PRIMARY KEY,
  author_id TEXT NOT NULL REFERENCES users(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  team_id TEXT NOT NULL REFERENCES teams(id),
  form_id TEXT NOT NULL,
  form_version INTEGER NOT NULL,
  hlc TEXT NOT NULL,
  deleted INTEGER NOT NULL,
  occurred_at TEXT NOT NULL,
  occurred_at_ms BIGINT NOT NULL,
  data_json TEXT NOT NULL,
  server_seq BIGINT NOT NULL UNIQUE,
  received_at TEXT NOT NULL,
  first_received_at_ms BIGINT NOT NULL DEFAULT 0,
  rollup_district_id TEXT NOT NULL DEFAULT '',
  rollup_team_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX records_author_seq ON records(author_id, server_seq);
CREATE INDEX records_team_seq ON records(team_id, server_seq);
CREATE INDEX records_team_occurred ON records(team_id, occurred_at_ms);

CREATE TABLE record_versions (
  record_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  digest TEXT NOT NULL,
  server_seq BIGINT NOT NULL,
  PRIMARY KEY (record_id, hlc)
);

CREATE TABLE push_batches (
  batch_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  response_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  record_id TEXT NOT NULL REFERENCES records(id),
  author_id TEXT NOT NULL,
  team_id TEXT NOT NULL,
  reviewer_id TEXT NOT NULL REFERENCES users(id),
  state TEXT NOT NULL CHECK (state IN ('approved', 'needs_changes')),
  comment TEXT NOT NULL,
  created_at TEXT NOT NULL,
  server_seq BIGINT NOT NULL UNIQUE
);
CREATE INDEX reviews_record ON reviews(record_id, server_seq);
CREATE INDEX reviews_author_seq ON reviews(author_id, server_seq);
CREATE INDEX reviews_team_seq ON reviews(team_id, server_seq);

CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
-- Locked FOR UPDATE by every audited write: the chain has one head however many nodes append.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE criteria_target (
  district_id TEXT NOT NULL,
  pack_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  target DOUBLE PRECISION NOT NULL,
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL,
  PRIMARY KEY (district_id, pack_id, criterion_id)
);

CREATE TABLE purged_records (
  record_id TEXT PRIMARY KEY,
  purged_at TEXT NOT NULL
);

CREATE TABLE retention_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  purged_through_seq BIGINT NOT NULL,
  purged_before_ms BIGINT NOT NULL
);
INSERT INTO retention_state (id, purged_through_seq, purged_before_ms) VALUES (1, 0, 0);

-- One row per counter of a rollup cell (SQLite packs a cell's counters into one blob).
CREATE TABLE rollup_value (
  grain       TEXT NOT NULL CHECK (grain IN ('base', 'month', 'district_month', 'team_month')),
  rollup      TEXT NOT NULL CHECK (rollup IN ('contact_daily', 'session_daily', 'case_monthly')),
  period      TEXT NOT NULL,
  district_id TEXT NOT NULL,
  team_id     TEXT NOT NULL,
  dims        TEXT NOT NULL,
  counter     TEXT NOT NULL,
  value       BIGINT NOT NULL,
  PRIMARY KEY (grain, rollup, period, district_id, team_id, dims, counter)
);
CREATE INDEX rollup_value_by_team ON rollup_value (grain, rollup, team_id, period);

-- Secrets every node must share: the case key of the rollups (SQLite keeps it in a file in the data dir).
CREATE TABLE server_secret (
  name TEXT PRIMARY KEY,
  value BYTEA NOT NULL
);

