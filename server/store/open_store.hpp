// Which Store a server node or the admin tool opens: SQLite in the data dir (the default), or
// PostgreSQL when --store / the `store` config key names a postgresql:// URI (decision 0061).
#pragma once

#include "api/browser_session.hpp"
#include "store/login_event_log.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace faltlogg::server {

// True for "postgresql://…" and "postgres://…".
bool is_postgres_uri(std::string_view store);
// The URI with any password replaced by "***", for --print-config and logs.
std::string redact_store_uri(const std::string& store);
// Empty `store`: SqliteStore(data_dir, connections). A postgresql:// URI: PostgresStore(uri, connections).
// Throws StoreError when the database cannot be opened or migrated.
std::unique_ptr<Store> open_store(const std::string& store, const std::filesystem::path& data_dir,
                                  std::size_t connections);
// Where the login limits count: nullptr (process memory) for the embedded store, which one process owns;
// the shared database for PostgreSQL, whose nodes must count together. Open the store first.
std::shared_ptr<LoginEventLog> open_login_event_log(const std::string& store);
// The web console's idle clocks: in memory for the embedded store, in the shared database for PostgreSQL.
std::unique_ptr<BrowserSessions> open_browser_sessions(const std::string& store, core::Millis idle_ms);

}  // namespace faltlogg::server
