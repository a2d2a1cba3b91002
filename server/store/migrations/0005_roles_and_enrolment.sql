-- 0005: several roles per user (PROTOCOL.md `roles` is a list; decision 0042) and one-use enrolment codes
-- for tablets (PROTOCOL.md "Enrolment of a tablet"; decision 0043).

-- user_roles is what authorization reads. users.role keeps the first role so a reader of the old column
-- still sees a role the user holds.
CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('field_worker', 'family_therapist', 'team_lead', 'evaluator', 'admin')),
  PRIMARY KEY (user_id, role)
) WITHOUT ROWID;
INSERT INTO user_roles (user_id, role) SELECT id, role FROM users;

-- Only a BLAKE2b hash of each code is stored. A code is used at most once: redeeming sets used_at in
-- the same transaction that creates the device and its token, guarded by "used_at IS NULL".
CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  used_at TEXT,
  device_id TEXT REFERENCES devices(id)
);
CREATE INDEX enrolment_codes_user ON enrolment_codes(user_id);
