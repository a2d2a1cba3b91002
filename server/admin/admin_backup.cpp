#include "admin/admin_backup.hpp"

#include "faltlogg/core/time.hpp"
#include "store/data_dir_lock.hpp"

#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <system_error>
#include <thread>
#include <vector>

namespace faltlogg::server {

namespace {

namespace fs = std::filesystem;

constexpr const char* kStoreFile = "faltlogg.db";
constexpr const char* kManifestFile = "MANIFEST";
constexpr int kPagesPerStep = 256;

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, SqliteCloser>;

Connection open_connection(const fs::path& file, int flags, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    error = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 5000);
  return Connection(db);
}

// Copies `from` into `to` page by page. The server's one writer may commit between steps; SQLite then restarts
// the copy, so what ends up in `to` is always one committed state, never a mix.
bool copy_database(sqlite3* from, sqlite3* to, std::string& error) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) {
    error = sqlite3_errmsg(to);
    return false;
  }
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, kPagesPerStep);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    error = sqlite3_errstr(rc);
    return false;
  }
  return true;
}

std::string integrity_of(const fs::path& file) {
  std::string error;
  Connection db = open_connection(file, SQLITE_OPEN_READONLY, error);
  if (!db) return error;
  sqlite3_stmt* statement = nullptr;
  std::string result = "no answer";
  if (sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  return result;
}

// The secrets that key pseudonyms and perturbations: without them a restored store answers differently.
std::vector<fs::path> secret_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".secret") files.push_back(entry.path().filename());
  }
  return files;
}

bool copy_private_file(const fs::path& from, const fs::path& to, std::string& error) {
  std::error_code ec;
  fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, ec);
  if (ec) error = from.filename().string() + ": " + ec.message();
  return !ec;
}

}  // namespace

int admin_backup(const fs::path& data_dir, const fs::path& target, std::ostream& out, std::ostream& err) {
  const fs::path source_file = data_dir / kStoreFile;
  if (!fs::exists(source_file)) {
    err << "faltlogg-admin: no store at " << source_file.string() << "; check --data-dir\n";
    return 1;
  }
  std::error_code ec;
  if (fs::exists(target, ec)) {
    err << "faltlogg-admin: " << target.string() << " exists; name a new directory for the backup\n";
    return 1;
  }
  fs::create_directories(target, ec);
  if (!ec) fs::permissions(target, fs::perms::owner_all, ec);
  if (ec) {
    err << "faltlogg-admin: cannot create " << target.string() << ": " << ec.message() << "\n";
    return 1;
  }
  std::string error;
  Connection from = open_connection(source_file, SQLITE_OPEN_READONLY, error);
  Connection to = from ? open_connection(target / kStoreFile, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error)
                       : nullptr;
  if (!from || !to || !copy_database(from.get(), to.get(), error)) {
    err << "faltlogg-admin: backup failed: " << error << "; nothing usable was written to " << target.string() << "\n";
    return 1;
  }
  to.reset();
  fs::permissions(target / kStoreFile, fs::perms::owner_read | fs::perms::owner_write, ec);
  for (const auto& secret : secret_files(data_dir)) {
    if (!copy_private_file(data_dir / secret, target / secret, error)) {
      err << "faltlogg-admin: backup failed: " << error << "\n";
      return 1;
    }
  }
  const std::string integrity = integrity_of(target / kStoreFile);
  if (integrity != "ok") {
    err << "faltlogg-admin: the copy failed its integrity check (" << integrity << "); keep the old backups\n";
    return 1;
  }
  std::ofstream(target / kManifestFile) << "faltlogg backup\ncreated_at = " << core::format_rfc3339(core::now_millis())
                                        << "\nstore = " << kStoreFile << "\n";
  out << "backup written to " << target.string() << " (integrity ok)\n";
  return 0;
}

int admin_restore(const fs::path& data_dir, const fs::path& source, std::ostream& out, std::ostream& err) {
  if (!fs::exists(source / kManifestFile) || !fs::exists(source / kStoreFile)) {
    err << "faltlogg-admin: " << source.string() << " is not a backup made by 'faltlogg-admin backup'\n";
    return 1;
  }
  const std::string integrity = integrity_of(source / kStoreFile);
  if (integrity != "ok") {
    err << "faltlogg-admin: the backup failed its integrity check (" << integrity << "); use another backup\n";
    return 1;
  }
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  auto lock = DataDirLock::try_acquire(data_dir);
  if (!lock) {
    err << "faltlogg-admin: a faltlogg-server is running on " << data_dir.string() << "; stop it, then restore\n";
    return 1;
  }
  // The old WAL belongs to the old store: replaying it over the restored file would mix the two.
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(data_dir / (std::string(kStoreFile) + suffix), ec);
  std::string error;
  const fs::path staged = data_dir / (std::string(kStoreFile) + ".restoring");
  if (!copy_private_file(source / kStoreFile, staged, error)) {
    err << "faltlogg-admin: restore failed: " << error << "; the store was not changed\n";
    return 1;
  }
  for (const auto& secret : secret_files(source)) {
    if (!copy_private_file(source / secret, data_dir / secret, error)) {
      err << "faltlogg-admin: restore failed: " << error << "\n";
      return 1;
    }
  }
  fs::rename(staged, data_dir / kStoreFile, ec);  // atomic: the old store or the restored one, never half
  if (ec) {
    err << "faltlogg-admin: restore failed: " << ec.message() << "\n";
    return 1;
  }
  out << "restored " << source.string() << " into " << data_dir.string()
      << "; run 'faltlogg-admin audit verify', then start the server\n";
  return 0;
}

}  // namespace faltlogg::server
