-- 0007: version 2 of the packs (issue 16, decision 0070). faltkontakt records of both versions now count
-- in v2's words (kontakt.*, aktivitet.*, the pair counters of C4, young people seen), family case records
-- (familjearende) count per case, and district settings live beside targets in criteria_target as
-- "setting.<name>". The new counters of records already stored can only be computed from the records, so
-- the store recounts the rollups once at its next start (rollup_rebuild_pending, as 0003 and 0004 did),
-- audited as rollups_rebuild, from the retention horizon on: rows of purged months keep their v1 counters.
INSERT OR IGNORE INTO rollup_rebuild_pending (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM records);
