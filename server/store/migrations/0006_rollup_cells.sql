-- 0006: the rollup tables (decision 0026) as a numbered migration like every other table. Until now they
-- were created from a C++ string after the migrations on every start; databases written then already
-- hold them, hence IF NOT EXISTS. The statements that write them (analytics::kRollup*CellSql) are
-- prepared against this schema at the first push, so a drift fails every store test at once.
CREATE TABLE IF NOT EXISTS rollup_counter_name (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS rollup_cell (
  grain       TEXT NOT NULL CHECK (grain IN ('base', 'month', 'district_month', 'team_month')),
  rollup      TEXT NOT NULL CHECK (rollup IN ('contact_daily', 'session_daily', 'case_monthly')),
  period      TEXT NOT NULL,   -- Stockholm local YYYY-MM-DD (base of daily kinds) or YYYY-MM
  district_id TEXT NOT NULL,
  team_id     TEXT NOT NULL,   -- '' at grain district_month
  dims        TEXT NOT NULL,   -- encode_dimensions(): canonical, percent-escaped; '' at grain team_month
  counters    BLOB NOT NULL,   -- encode_counter_blob(), ids from rollup_counter_name
  PRIMARY KEY (grain, rollup, period, district_id, team_id, dims)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rollup_cell_by_team ON rollup_cell (grain, rollup, team_id, period);
