-- 0009: review state in the rollups (decision 0074). Contact and session rows now count `reviewed`,
-- `needs_changes` (the latest review asks for changes: datakvalitet D2) and `reviewed_within_14d` (the
-- first review came within 14 days of the record reaching the server: D3). Reviews already stored can only
-- be counted from the reviews table, so the store recounts the rollups once at its next start
-- (rollup_rebuild_pending, as 0003, 0004 and 0007 did), audited as rollups_rebuild, from the retention
-- horizon on. Nothing to recount when no review was ever stored.
INSERT OR IGNORE INTO rollup_rebuild_pending (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM reviews);
