// A small RAII layer over the SQLite C API: one connection, prepared statements, transactions.
// Errors come back as core::Problem values (code "storage_failed", or "storage_full" when the disk or
// file-size limit is hit) so a failed save is reported, never thrown past the caller.
#pragma once

#include "faltlogg/core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace faltlogg::client {

// A compiled statement kept by its connection for reuse. `inUse` stops a nested caller (a statement still
// stepping while a helper runs the same SQL) from resetting it under the outer one; `orphaned` hands the
// statement to its borrower when the connection closes first.
struct CachedStatementSlot {
  sqlite3_stmt* stmt = nullptr;
  bool inUse = false;
  bool orphaned = false;
};

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  // A borrowed cached statement: reset and handed back on destruction instead of finalized.
  SqliteStatement(sqlite3* db, std::shared_ptr<CachedStatementSlot> slot)
      : db_(db), stmt_(slot->stmt), slot_(std::move(slot)) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based, as in SQLite.
  void bind(int index, std::int64_t value);
  void bind(int index, std::string_view text);
  void bindBlob(int index, std::span<const std::uint8_t> bytes);
  void bindNull(int index);

  // Ok(true) when a row is available, Ok(false) when done; a Problem on error.
  core::Result<bool> step();
  // Runs to completion, for statements without result rows.
  core::Status run();
  void reset();
  // Gives up ownership of the compiled statement (the connection's cache takes it).
  sqlite3_stmt* release() { return std::exchange(stmt_, nullptr); }

  std::int64_t columnInt(int column) const;
  std::string columnText(int column) const;
  std::vector<std::uint8_t> columnBlob(int column) const;
  bool columnIsNull(int column) const;
  std::optional<std::string> columnOptionalText(int column) const {
    return columnIsNull(column) ? std::nullopt : std::optional<std::string>(columnText(column));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::shared_ptr<CachedStatementSlot> slot_;
};

class SqliteDatabase {
 public:
  // Opens (creating if asked) a database file; ":memory:" works for tests.
  static core::Result<SqliteDatabase> open(const std::filesystem::path& file, bool create);
  SqliteDatabase() = default;
  ~SqliteDatabase();
  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  bool isOpen() const { return db_ != nullptr; }
  void close();
  core::Status exec(std::string_view sql);
  // Compiled once per connection and reused (decision 0085): compiling was a quarter of a pull's CPU. A
  // statement already borrowed (nested use of the same SQL) is compiled afresh for the nested caller.
  core::Result<SqliteStatement> prepare(std::string_view sql);
  std::size_t cachedStatementCount() const { return cache_.size(); }

  // Maps the connection's last error to a Problem; "storage_full" for SQLITE_FULL and for the I/O
  // errors a file-size limit or a full disk produces, so callers can tell the user what happened.
  core::Problem lastProblem(std::string_view what) const;

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  core::Result<SqliteStatement> prepareFresh(std::string_view sql);
  // Bounded, so SQL text built at run time cannot grow the cache without limit.
  static constexpr std::size_t kMaxCachedStatements = 64;
  sqlite3* db_ = nullptr;
  std::map<std::string, std::shared_ptr<CachedStatementSlot>, std::less<>> cache_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded. IMMEDIATE takes
// the write lock up front, so two processes on one store (app and CLI) serialise instead of failing
// half-way through a transaction.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  const core::Status& begun() const { return begun_; }
  core::Status commit();

 private:
  SqliteDatabase& db_;
  core::Status begun_;
  bool done_ = false;
};

core::Problem storageProblem(std::string code, std::string detail);

}  // namespace faltlogg::client
