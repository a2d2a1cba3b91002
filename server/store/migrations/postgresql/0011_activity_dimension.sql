-- 0011: `aktivitet` is a dimension of the contact rollups (decision 0096), as SQLite's 0011. Every contact
-- row of the records already stored now has another key, so the first node to start after this migration
-- recounts the rollups once (audited rollups_rebuild) and clears the mark; the others find it cleared.
-- Nothing to recount without field contacts.
INSERT INTO rollup_rebuild_pending (id)
  SELECT 1 WHERE EXISTS (SELECT 1 FROM records WHERE form_id = 'faltkontakt')
  ON CONFLICT (id) DO NOTHING;
