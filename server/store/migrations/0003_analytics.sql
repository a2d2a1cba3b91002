-- 0003: analytics. The rollup tables themselves come with migration 0006 (until then they were created
-- from analytics::kRollupSchemaSql after the migrations).

-- The facts context of each record, fixed when the server first stores it (never in the upsert's
-- ON CONFLICT branch): facts(old) must be computed with the same context facts(new) was, or an edit
-- would subtract counts from a district that never got them. received_at is overwritten by every
-- version and so cannot serve as "first received" for C9 (synced within 72 h).
ALTER TABLE records ADD COLUMN first_received_at_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN rollup_district_id TEXT NOT NULL DEFAULT '';
-- team_id follows the author (the upsert sets it); the rollups keep the team of the first version.
ALTER TABLE records ADD COLUMN rollup_team_id TEXT NOT NULL DEFAULT '';
-- Rows stored before this migration: the best context still known. `faltlogg-admin rollups rebuild`
-- then counts them.
UPDATE records SET
  first_received_at_ms = CAST(ROUND((julianday(received_at) - 2440587.5) * 86400000.0) AS INTEGER),
  rollup_team_id = team_id,
  rollup_district_id = COALESCE((SELECT t.district_id FROM teams t WHERE t.id = records.team_id), '');

-- Per-district target overrides (faltlogg-admin criteria set-target).
CREATE TABLE criteria_target (
  district_id TEXT NOT NULL,
  pack_id TEXT NOT NULL,
  criterion_id TEXT NOT NULL,
  target REAL NOT NULL,
  set_by TEXT NOT NULL,
  set_at TEXT NOT NULL,
  PRIMARY KEY (district_id, pack_id, criterion_id)
);

-- Records removed by retention (gallring). Their facts stay in the rollups by design, so a late push
-- of the same id must be refused rather than counted a second time.
CREATE TABLE purged_records (
  record_id TEXT PRIMARY KEY,
  purged_at TEXT NOT NULL
) WITHOUT ROWID;

-- purged_through_seq: the highest server_seq retention removed; a pull cursor below it may have missed
-- the removal, so it is answered cursor_expired. purged_before_ms: the latest cutoff (a Stockholm
-- midnight starting a month); rollups before its month can no longer be recounted from records.
CREATE TABLE retention_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  purged_through_seq INTEGER NOT NULL,
  purged_before_ms INTEGER NOT NULL
);
INSERT INTO retention_state (id, purged_through_seq, purged_before_ms) VALUES (1, 0, 0);

-- Rows stored before this migration have no rollups yet: the store recounts them once at its next
-- start (SqliteStore's constructor) and removes this marker, so an edit never subtracts facts that
-- were never added.
CREATE TABLE rollup_rebuild_pending (id INTEGER PRIMARY KEY CHECK (id = 1));
INSERT INTO rollup_rebuild_pending (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM records);
