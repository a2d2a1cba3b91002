#include "store/open_store.hpp"

#include "store/postgres_browser_sessions.hpp"
#include "store/postgres_login_events.hpp"
#include "store/postgres_store.hpp"
#include "store/sqlite_store.hpp"

#include <regex>

namespace faltlogg::server {

bool is_postgres_uri(std::string_view store) {
  return store.starts_with("postgresql://") || store.starts_with("postgres://");
}

std::string redact_store_uri(const std::string& store) {
  // scheme://user:password@host… and …?password=…&…
  static const std::regex userinfo(R"(^(postgres(ql)?://[^:/@?]*):[^@/?]*@)");
  static const std::regex query_password(R"(([?&]password=)[^&]*)");
  std::string out = std::regex_replace(store, userinfo, "$1:***@");
  return std::regex_replace(out, query_password, "$1***");
}

std::unique_ptr<Store> open_store(const std::string& store, const std::filesystem::path& data_dir,
                                  std::size_t connections) {
  if (is_postgres_uri(store)) return std::make_unique<PostgresStore>(store, connections);
  return std::make_unique<SqliteStore>(data_dir, connections);
}

std::shared_ptr<LoginEventLog> open_login_event_log(const std::string& store) {
  if (is_postgres_uri(store)) return std::make_shared<PostgresLoginEventLog>(store);
  return nullptr;
}

std::unique_ptr<BrowserSessions> open_browser_sessions(const std::string& store, core::Millis idle_ms) {
  if (is_postgres_uri(store)) return std::make_unique<PostgresBrowserSessions>(store, idle_ms);
  return std::make_unique<BrowserSessions>(idle_ms);
}

}  // namespace faltlogg::server
