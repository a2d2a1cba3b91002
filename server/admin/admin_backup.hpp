// faltlogg-admin backup DIR / restore DIR: a consistent online copy of a data directory while the server runs,
// and putting one back while it is stopped.
#pragma once

#include <filesystem>
#include <ostream>

namespace faltlogg::server {

// Copies DATA_DIR/faltlogg.db with SQLite's online backup API (one read snapshot, so a push committing meanwhile
// is either wholly in the copy or not at all) and the secret files beside it into the new directory `target`
// (which must not exist), checks the copy's integrity and writes MANIFEST. Returns the process exit code.
int admin_backup(const std::filesystem::path& data_dir, const std::filesystem::path& target, std::ostream& out,
                 std::ostream& err);

// Replaces DATA_DIR's store and secrets with those of a backup made by admin_backup (after checking its
// integrity). The server must be stopped. Tablets whose cursor is beyond the restored store then get
// 410 cursor_expired and pull again from 0, keeping every unsent change.
int admin_restore(const std::filesystem::path& data_dir, const std::filesystem::path& source, std::ostream& out,
                  std::ostream& err);

}  // namespace faltlogg::server
