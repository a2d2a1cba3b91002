// Thin RAII layer over libpq (decision 0061): a connection, results, text-format parameters, and a
// transaction that rolls back unless committed. Failures are infrastructure failures and throw PgError,
// as SqliteError does for the embedded store.
#pragma once

#include "store/store_error.hpp"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;

namespace faltlogg::server::pg {

class PgError : public StoreError {
 public:
  PgError(std::string sqlstate, const std::string& what) : StoreError(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  bool is_unique_violation() const { return sqlstate_ == "23505"; }
  // 40001 serialization failure, 40P01 deadlock: the transaction may simply be run again.
  bool is_retryable() const { return sqlstate_ == "40001" || sqlstate_ == "40P01"; }
  bool storage_full() const override { return sqlstate_ == "53100"; }  // disk_full

 private:
  std::string sqlstate_;
};

// One parameter in text format; nullopt is SQL NULL.
using Param = std::optional<std::string>;
inline Param param(std::string_view text) { return std::string(text); }
inline Param param(std::int64_t number) { return std::to_string(number); }
inline Param param(int number) { return std::to_string(number); }
inline Param param(bool flag) { return std::string(flag ? "t" : "f"); }
Param param(double number);
// bytea in hex input form ("\x00ff…").
Param bytea_param(std::string_view bytes);
// A text[] literal ({"a","b\"c"}): every element quoted, so any text (JSON included) survives; used with
// `= ANY($1::text[])` and `unnest(...)` to send a whole batch in one round trip.
Param text_array_param(const std::vector<std::string>& items);

class Rows {
 public:
  explicit Rows(pg_result* result) : result_(result) {}
  ~Rows();
  Rows(Rows&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  Rows& operator=(Rows&&) = delete;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;

  int size() const;
  bool empty() const { return size() == 0; }
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::optional<std::string> optional_text(int row, int column) const;
  std::int64_t integer(int row, int column) const;
  double real(int row, int column) const;
  bool boolean(int row, int column) const;
  std::string bytea(int row, int column) const;  // decodes the hex output form
  std::int64_t affected() const;                // rows an INSERT/UPDATE/DELETE touched

 private:
  pg_result* result_ = nullptr;
};

class Connection {
 public:
  // A libpq connection string or URI ("postgresql://…"). Throws PgError when it cannot connect.
  explicit Connection(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements without parameters (migrations, BEGIN/COMMIT).
  void exec(std::string_view sql);
  // One statement, text parameters $1..$n.
  Rows query(const std::string& sql, const std::vector<Param>& params = {});
  // Prepared once per connection under `name`, then executed by name.
  Rows prepared(const std::string& name, const std::string& sql, const std::vector<Param>& params);
  bool healthy() const;

 private:
  pg_conn* conn_ = nullptr;
  std::vector<std::string> prepared_;
};

// BEGIN … COMMIT; rolls back in the destructor unless commit() ran, so an exception changes nothing.
class Transaction {
 public:
  explicit Transaction(Connection& connection, std::string_view begin = "BEGIN");
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool done_ = false;
};

// One connection shared under a mutex by a small piece of cross-node state (login limits, console idle
// clocks): `run(body)` runs body on it and, when the database dropped the connection (a restart, a
// failover), runs it once more on a new one, so one restart does not fail the next request.
class SharedConnection {
 public:
  explicit SharedConnection(std::string conninfo)
      : conninfo_(std::move(conninfo)), connection_(std::make_unique<Connection>(conninfo_)) {}

  template <typename Body>
  auto run(Body&& body) -> decltype(body(std::declval<Connection&>())) {
    std::lock_guard lock(mutex_);
    try {
      return body(*connection_);
    } catch (const PgError&) {
      if (connection_->healthy()) throw;
    }
    connection_ = std::make_unique<Connection>(conninfo_);
    return body(*connection_);
  }

 private:
  std::string conninfo_;
  std::mutex mutex_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace faltlogg::server::pg
