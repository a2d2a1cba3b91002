// Numbered SQL migrations (store/migrations/NNNN_name.sql), embedded into the binary at build time
// and applied in order at start-up, each in its own transaction.
#pragma once

#include "store/sqlite_db.hpp"

#include <span>
#include <string_view>

namespace faltlogg::server {

struct Migration {
  std::string_view name;  // file name, e.g. "0001_initial.sql"; the number is its version
  std::string_view sql;
};

std::span<const Migration> embedded_migrations();
// The PostgreSQL series (store/migrations/postgresql/NNNN_name.sql), applied by PostgresStore.
std::span<const Migration> embedded_postgres_migrations();
// The version of a migration file name: its leading digits. Throws for a name without them.
int migration_version(std::string_view name);

// Applies every embedded migration not yet recorded in schema_migrations. Returns how many ran.
int apply_migrations(sqlite::Connection& connection);

}  // namespace faltlogg::server
