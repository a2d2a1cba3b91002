#include "store/sqlite_database.hpp"

#include "faltlogg/core/ignore_failure.hpp"

#include <sqlite3.h>

#include <utility>

namespace faltlogg::client {

core::Problem storageProblem(std::string code, std::string detail) {
  return core::make_problem(std::move(code), 500, "Local storage failed", std::move(detail));
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ == nullptr) {
    return;
  }
  if (slot_ && !slot_->orphaned) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    slot_->inUse = false;
    return;
  }
  sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), slot_(std::move(other.slot_)) {}

void SqliteStatement::bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void SqliteStatement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindBlob(int index, std::span<const std::uint8_t> bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindNull(int index) { sqlite3_bind_null(stmt_, index); }

namespace {

bool isOutOfSpace(int extended_code) {
  // A full disk surfaces as SQLITE_FULL; a file-size limit (EFBIG) as a write I/O error.
  const int primary = extended_code & 0xff;
  return primary == SQLITE_FULL || extended_code == SQLITE_IOERR_WRITE || extended_code == SQLITE_IOERR_FSYNC ||
         extended_code == SQLITE_IOERR_TRUNCATE || extended_code == SQLITE_IOERR_SHMSIZE;
}

core::Problem problemFromCode(sqlite3* db, int code, std::string_view what) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : code;
  std::string detail = std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  if (isOutOfSpace(extended) || isOutOfSpace(code)) {
    return storageProblem("storage_full", detail + " (the device is out of storage space)");
  }
  return storageProblem("storage_failed", detail);
}

}  // namespace

core::Result<bool> SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return problemFromCode(db_, rc, "statement failed");
}

core::Status SqliteStatement::run() {
  for (;;) {
    auto row = step();
    if (!row) {
      sqlite3_reset(stmt_);
      return row.problem();
    }
    if (!row.value()) {
      sqlite3_reset(stmt_);
      return core::Ok{};
    }
  }
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t SqliteStatement::columnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string SqliteStatement::columnText(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  return text != nullptr ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size))
                         : std::string();
}

std::vector<std::uint8_t> SqliteStatement::columnBlob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return data != nullptr ? std::vector<std::uint8_t>(data, data + size) : std::vector<std::uint8_t>();
}

bool SqliteStatement::columnIsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

core::Result<SqliteDatabase> SqliteDatabase::open(const std::filesystem::path& file, bool create) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    core::Problem problem = problemFromCode(raw, rc, "cannot open the local store");
    sqlite3_close(raw);
    return problem;
  }
  sqlite3_extended_result_codes(raw, 1);
  // Another process (the app while the CLI runs, or the reverse) may hold the write lock briefly.
  sqlite3_busy_timeout(raw, 5000);
  return SqliteDatabase(raw);
}

SqliteDatabase::~SqliteDatabase() { close(); }

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), cache_(std::move(other.cache_)) {
  other.cache_.clear();
}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    cache_ = std::move(other.cache_);
    other.cache_.clear();
  }
  return *this;
}

void SqliteDatabase::close() {
  for (auto& [sql, slot] : cache_) {
    if (slot->inUse) {
      slot->orphaned = true;  // its borrower finalizes it
    } else {
      sqlite3_finalize(slot->stmt);
    }
  }
  cache_.clear();
  if (db_ != nullptr) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
  }
}

core::Status SqliteDatabase::exec(std::string_view sql) {
  if (db_ == nullptr) {
    return storageProblem("storage_closed", "the local store is closed");
  }
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    return problemFromCode(db_, rc, "statement failed");
  }
  return core::Ok{};
}

core::Result<SqliteStatement> SqliteDatabase::prepare(std::string_view sql) {
  if (db_ == nullptr) {
    return storageProblem("storage_closed", "the local store is closed");
  }
  if (auto found = cache_.find(sql); found != cache_.end()) {
    if (found->second->inUse) {
      return prepareFresh(sql);
    }
    found->second->inUse = true;
    return SqliteStatement(db_, found->second);
  }
  auto fresh = prepareFresh(sql);
  if (!fresh || cache_.size() >= kMaxCachedStatements) {
    return fresh;
  }
  auto slot = std::make_shared<CachedStatementSlot>();
  slot->stmt = fresh->release();
  slot->inUse = true;
  cache_.emplace(std::string(sql), slot);
  return SqliteStatement(db_, std::move(slot));
}

core::Result<SqliteStatement> SqliteDatabase::prepareFresh(std::string_view sql) {
  if (db_ == nullptr) {
    return storageProblem("storage_closed", "the local store is closed");
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return problemFromCode(db_, rc, "cannot prepare statement");
  }
  return SqliteStatement(db_, stmt);
}

core::Problem SqliteDatabase::lastProblem(std::string_view what) const {
  return problemFromCode(db_, db_ != nullptr ? sqlite3_errcode(db_) : SQLITE_MISUSE, what);
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : db_(db), begun_(db.exec("BEGIN IMMEDIATE")) {}

SqliteTransaction::~SqliteTransaction() {
  if (begun_.ok() && !done_) {
    core::ignore_failure(db_.exec("ROLLBACK"), "a ROLLBACK that fails leaves SQLite rolling the transaction "
                                               "back itself when the connection closes; nothing was committed");
  }
}

core::Status SqliteTransaction::commit() {
  if (!begun_.ok()) {
    return begun_;
  }
  auto status = db_.exec("COMMIT");
  if (!status.ok()) {
    // A failed COMMIT (e.g. disk full) leaves the transaction open; roll back so the connection stays usable.
    core::ignore_failure(db_.exec("ROLLBACK"), "the COMMIT's own failure is what the caller gets; nothing was "
                                               "committed either way");
  }
  done_ = true;
  return status;
}

}  // namespace faltlogg::client
