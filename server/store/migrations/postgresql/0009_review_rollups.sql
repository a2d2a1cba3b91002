-- 0009: review state in the rollups (decision 0074), as SQLite's 0009. A database made by 0001 counted no
-- reviews, so the first node to start after this migration recounts the rollups once (audited
-- rollups_rebuild) and clears the mark; the others find it cleared. Nothing to recount without reviews.
CREATE TABLE rollup_rebuild_pending (id INTEGER PRIMARY KEY CHECK (id = 1));
INSERT INTO rollup_rebuild_pending (id) SELECT 1 WHERE EXISTS (SELECT 1 FROM reviews);
