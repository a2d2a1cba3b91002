-- 0004: record keys for disclosure control by the cell-key method (decision 0027). Every rollup row now
-- carries the sum of its records' keys (counter record_key_sum); a key is a keyed hash of the record id
-- under the server secret, which SQL cannot compute. So the store recounts the rollups from the stored
-- records once, at its next start (rollup_rebuild_pending, as 0003 did), from the retention horizon on:
-- rows of purged months keep their counts without keys (decision 0027, known limits).
INSERT OR IGNORE INTO rollup_rebuild_pending (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM records);
