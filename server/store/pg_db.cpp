#include "store/pg_db.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace faltlogg::server::pg {

namespace {

[[noreturn]] void throw_result_error(PGconn* conn, PGresult* result, std::string_view context) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = std::string(context) + ": " + PQerrorMessage(conn);
  std::string sqlstate = state != nullptr ? state : "";
  if (result != nullptr) PQclear(result);
  throw PgError(std::move(sqlstate), message);
}

PGresult* checked(PGconn* conn, PGresult* result, std::string_view context) {
  const auto status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw_result_error(conn, result, context);
  return result;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct ParamArrays {
  std::vector<const char*> values;
  explicit ParamArrays(const std::vector<Param>& params) {
    values.reserve(params.size());
    for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  }
};

}  // namespace

Param param(double number) {
  char buffer[64];
  const int n = std::snprintf(buffer, sizeof buffer, "%.17g", number);
  return std::string(buffer, static_cast<std::size_t>(n));
}

Param bytea_param(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

Param text_array_param(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Rows::~Rows() {
  if (result_ != nullptr) PQclear(result_);
}

int Rows::size() const { return PQntuples(result_); }
bool Rows::is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string Rows::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::optional<std::string> Rows::optional_text(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return text(row, column);
}

std::int64_t Rows::integer(int row, int column) const {
  const char* value = PQgetvalue(result_, row, column);
  std::int64_t out = 0;
  std::from_chars(value, value + PQgetlength(result_, row, column), out);
  return out;
}

double Rows::real(int row, int column) const { return std::strtod(PQgetvalue(result_, row, column), nullptr); }

bool Rows::boolean(int row, int column) const { return PQgetvalue(result_, row, column)[0] == 't'; }

std::string Rows::bytea(int row, int column) const {
  const std::string hex = text(row, column);
  std::string out;
  if (hex.size() < 2 || hex[0] != '\\' || hex[1] != 'x') throw PgError("", "bytea not in hex output form");
  out.reserve((hex.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2) {
    const int high = hex_value(hex[i]);
    const int low = hex_value(hex[i + 1]);
    if (high < 0 || low < 0) throw PgError("", "bytea holds a non-hex digit");
    out += static_cast<char>((high << 4) | low);
  }
  return out;
}

std::int64_t Rows::affected() const {
  const char* count = PQcmdTuples(result_);
  std::int64_t out = 0;
  std::from_chars(count, count + std::char_traits<char>::length(count), out);
  return out;
}

Connection::Connection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    // The message names host and database, never the password (libpq leaves it out).
    std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("08001", "cannot connect to PostgreSQL: " + message);
  }
  exec("SET client_min_messages = warning");
}

Connection::~Connection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

void Connection::exec(std::string_view sql) {
  PQclear(checked(conn_, PQexec(conn_, std::string(sql).c_str()), "exec"));
}

Rows Connection::query(const std::string& sql, const std::vector<Param>& params) {
  ParamArrays arrays(params);
  return Rows(checked(conn_,
                      PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr, arrays.values.data(),
                                   nullptr, nullptr, 0),
                      "query"));
}

Rows Connection::prepared(const std::string& name, const std::string& sql, const std::vector<Param>& params) {
  if (std::find(prepared_.begin(), prepared_.end(), name) == prepared_.end()) {
    PQclear(checked(conn_, PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), "prepare " + name));
    prepared_.push_back(name);
  }
  ParamArrays arrays(params);
  return Rows(checked(conn_,
                      PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), arrays.values.data(),
                                     nullptr, nullptr, 0),
                      name));
}

bool Connection::healthy() const { return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK; }

Transaction::Transaction(Connection& connection, std::string_view begin) : connection_(connection) {
  connection_.exec(begin);
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    connection_.exec("ROLLBACK");
  } catch (...) {  // NOLINT(bugprone-empty-catch): a lost connection has rolled back already
  }
}

void Transaction::commit() {
  connection_.exec("COMMIT");
  done_ = true;
}

}  // namespace faltlogg::server::pg
