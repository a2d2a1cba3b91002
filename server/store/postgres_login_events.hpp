// The login limiter's events in PostgreSQL (issue 13): every node behind the load balancer counts the
// same failures. Keys are stored as a keyed hash (the server secret), so the table holds no username
// and no address; rows older than the window are deleted as new ones arrive.
#pragma once

#include "store/login_event_log.hpp"
#include "store/pg_db.hpp"

#include <string>

namespace faltlogg::server {

class PostgresLoginEventLog final : public LoginEventLog {
 public:
  // The database must already carry the store's schema (PostgresStore migrates it at start-up).
  explicit PostgresLoginEventLog(const std::string& conninfo);

  std::map<std::string, LoginWindow> windows(const std::vector<std::string>& keys, core::Millis since_ms) override;
  void record(const std::vector<std::string>& keys, core::Millis at_ms, core::Millis forget_before_ms) override;

 private:
  std::string key_hash(const std::string& key) const;

  pg::SharedConnection connection_;  // logins are few, and two password checks run at most at once
  std::string secret_;
};

}  // namespace faltlogg::server
