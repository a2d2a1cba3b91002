-- 0011: `aktivitet` is a dimension of the contact rollups (decision 0096): evaluators' tables by activity
-- (× arena, × district, per month). A v1 record's activity is the image of its contact_kind (decision 0070).
-- Every contact row of the records already stored now has another key, which only the records can give, so
-- the store recounts the rollups once at its next start (rollup_rebuild_pending, as 0003, 0004, 0007 and
-- 0009 did), audited as rollups_rebuild, from the retention horizon on: rows of purged months keep their
-- keys without `aktivitet`. Nothing to recount without field contacts.
INSERT OR IGNORE INTO rollup_rebuild_pending (id)
  SELECT 1 WHERE EXISTS (SELECT 1 FROM records WHERE form_id = 'faltkontakt');
