// `faltlogg-admin migrate --from DATA_DIR --to postgresql://…`: moving a city from the embedded SQLite
// store to PostgreSQL (issue 13). Everything is copied in one PostgreSQL transaction — accounts,
// devices and tokens (tablets keep their sessions), records and versions, batches (replays still
// answer), reviews, rollups, criteria targets, retention state, the audit chain as it is, the sequence
// (cursors stay valid, so tablets continue without a full resync) and the case-key secret — and then
// verified: every table's count, every rollup row, and the audit chain with the same head hash.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace faltlogg::server {

// 0 when copied and verified; 1 with a message on err otherwise (the target is left unchanged unless
// the copy committed and a verification then failed, which the message says).
int admin_migrate(const std::filesystem::path& from_dir, const std::string& to_uri, std::ostream& out,
                  std::ostream& err);

}  // namespace faltlogg::server
