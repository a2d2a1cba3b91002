-- 0001: the first schema. Ids are UUIDv4 text; times are RFC 3339 UTC text unless named *_ms.
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
  created_at TEXT NOT NULL
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX devices_user ON devices(user_id);

-- Only a BLAKE2b hash of each bearer token is stored, so a copy of the database grants no access.
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  device_id TEXT NOT NULL REFERENCES devices(id),
  created_at TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  revoked_at TEXT
);

-- One counter orders records and reviews together, so one pull cursor covers both.
CREATE TABLE sequence (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL
);
INSERT INTO sequence (id, last_seq) VALUES (1, 0);

-- The latest version of each record: what pull serves.
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
  occurred_at_ms INTEGER NOT NULL,
  data_json TEXT NOT NULL,
  server_seq INTEGER NOT NULL UNIQUE,
  received_at TEXT NOT NULL
);
CREATE INDEX records_author_seq ON records(author_id, server_seq);
CREATE INDEX records_team_seq ON records(team_id, server_seq);
CREATE INDEX records_team_occurred ON records(team_id, occurred_at_ms);

-- Every (id, hlc) ever written, with a digest of its content: the unique key that makes a retry a
-- duplicate and a reused hlc with other content a conflict.
CREATE TABLE record_versions (
  record_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  digest TEXT NOT NULL,
  server_seq INTEGER NOT NULL,
  PRIMARY KEY (record_id, hlc)
) WITHOUT ROWID;

-- The exact response of each committed push, for replay by batch_id.
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
  server_seq INTEGER NOT NULL UNIQUE
);
CREATE INDEX reviews_record ON reviews(record_id, server_seq);
CREATE INDEX reviews_author_seq ON reviews(author_id, server_seq);
CREATE INDEX reviews_team_seq ON reviews(team_id, server_seq);

-- Hash-chained: each entry's hash covers the previous entry's hash, so a changed or deleted entry
-- breaks the chain. audit_head holds the newest hash, so deleting the newest entries is seen too.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
