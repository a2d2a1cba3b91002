-- 0002: accounts can be disabled (staff who leave) without deleting them: their records, reviews
-- and audit entries keep pointing at them.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
