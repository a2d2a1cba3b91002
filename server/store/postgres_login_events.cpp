#include "store/postgres_login_events.hpp"

#include "faltlogg/core/crypto.hpp"

namespace faltlogg::server {

PostgresLoginEventLog::PostgresLoginEventLog(const std::string& conninfo) : connection_(conninfo) {
  auto rows =
      connection_.run([](pg::Connection& c) { return c.query("SELECT value FROM server_secret WHERE name = 'case_key'"); });
  if (rows.empty()) throw pg::PgError("", "the server secret is missing: open the store first");
  secret_ = rows.bytea(0, 0);
}

std::string PostgresLoginEventLog::key_hash(const std::string& key) const {
  // BLAKE2b over secret || label || key: without the secret, a hash cannot be tried against usernames
  // or the 2^32 IPv4 addresses.
  return core::hash_hex(secret_ + std::string("\0login-events\0", 14) + key);
}

std::map<std::string, LoginWindow> PostgresLoginEventLog::windows(const std::vector<std::string>& keys,
                                                                  core::Millis since_ms) {
  std::map<std::string, std::string> key_of_hash;
  std::vector<std::string> hashes;
  for (const std::string& key : keys) {
    hashes.push_back(key_hash(key));
    key_of_hash[hashes.back()] = key;
  }
  auto rows = connection_.run([&](pg::Connection& c) {
    return c.prepared(
        "login_windows",
        "SELECT key_hash, count(*), min(at_ms) FROM login_events WHERE key_hash = ANY($1::text[]) AND at_ms > $2"
        " GROUP BY key_hash",
        {pg::text_array_param(hashes), pg::param(since_ms)});
  });
  std::map<std::string, LoginWindow> out;
  for (int i = 0; i < rows.size(); ++i) {
    out[key_of_hash.at(rows.text(i, 0))] = {static_cast<int>(rows.integer(i, 1)), rows.integer(i, 2)};
  }
  return out;
}

void PostgresLoginEventLog::record(const std::vector<std::string>& keys, core::Millis at_ms,
                                   core::Millis forget_before_ms) {
  std::vector<std::string> hashes;
  for (const std::string& key : keys) hashes.push_back(key_hash(key));
  connection_.run([&](pg::Connection& c) {
    pg::Transaction tx(c);
    c.prepared("login_forget", "DELETE FROM login_events WHERE at_ms <= $1", {pg::param(forget_before_ms)});
    c.prepared("login_record", "INSERT INTO login_events (key_hash, at_ms) SELECT unnest($1::text[]), $2",
               {pg::text_array_param(hashes), pg::param(at_ms)});
    tx.commit();
  });
}

}  // namespace faltlogg::server
