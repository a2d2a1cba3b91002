// Thin RAII layer over the SQLite C API: connections, prepared statements and transactions.
// SQLite failures here are infrastructure failures (disk full, corrupt file), so they throw
// SqliteError; the router maps any escaped exception to a 500 problem without touching state.
#pragma once

#include "store/store_error.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace faltlogg::server::sqlite {

class SqliteError : public StoreError {
 public:
  SqliteError(int code, const std::string& what) : StoreError(what), code_(code) {}
  int code() const { return code_; }
  bool is_constraint() const { return (code_ & 0xff) == SQLITE_CONSTRAINT; }
  // SQLite reports ENOSPC as SQLITE_FULL and a write refused for another reason (EFBIG past RLIMIT_FSIZE, a
  // quota) as SQLITE_IOERR_WRITE; both mean "no room for this write".
  bool storage_full() const override { return (code_ & 0xff) == SQLITE_FULL || code_ == SQLITE_IOERR_WRITE; }

 private:
  int code_;
};

class Connection;

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  // A statement from `owner`'s cache (see Connection::prepare): given back to it, reset, when destroyed.
  Statement(sqlite3* db, sqlite3_stmt* stmt, Connection* owner, std::string sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. Each returns *this so binds chain.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t number);
  Statement& bind(int index, int number) { return bind(index, static_cast<std::int64_t>(number)); }
  Statement& bind_real(int index, double number);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_optional(int index, const std::optional<std::string>& text);

  // True while a row is available; false when done. Throws on error.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  void reset();

  std::string text(int column) const;
  // Views into SQLite's buffer, valid until the next step(), reset() or column access of another type.
  std::string_view text_view(int column) const;
  std::string_view blob_view(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  Connection* owner_ = nullptr;
  std::string sql_;
};

class Connection {
 public:
  enum class Mode { read_write_create, read_only };
  Connection(const std::filesystem::path& file, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);
  // Compiling a statement costs as much as running a small one (1-1.6 ms of a 100-record push batch), so
  // statements are kept per connection, keyed by their SQL, and handed out again reset and unbound: what
  // callers see is a fresh statement either way. A statement in use is taken out of the cache, so the same SQL
  // twice at once gets two statements.
  Statement prepare(std::string_view sql);
  std::int64_t changes() const;
  sqlite3* raw() { return db_; }

 private:
  friend class Statement;
  void give_back(std::string sql, sqlite3_stmt* stmt);

  sqlite3* db_ = nullptr;
  std::unordered_multimap<std::string, sqlite3_stmt*> cache_;
  static constexpr std::size_t kCacheSize = 128;
};

// BEGIN IMMEDIATE takes the write lock up front, so two writers never deadlock on upgrade.
// Rolls back unless commit() was called: an exception anywhere leaves the store unchanged.
class Transaction {
 public:
  enum class Kind { deferred, immediate };
  explicit Transaction(Connection& connection, Kind kind = Kind::immediate);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view context);

}  // namespace faltlogg::server::sqlite
