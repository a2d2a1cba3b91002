#include "store/migrations.hpp"

#include "faltlogg/core/time.hpp"

#include <stdexcept>
#include <string>

namespace faltlogg::server {

int migration_version(std::string_view name) {
  int version = 0;
  std::size_t digits = 0;
  while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') {
    version = version * 10 + (name[digits] - '0');
    ++digits;
  }
  if (digits == 0) throw std::runtime_error("migration without a number: " + std::string(name));
  return version;
}

int apply_migrations(sqlite::Connection& connection) {
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  int applied = 0;
  for (const Migration& migration : embedded_migrations()) {
    const int version = migration_version(migration.name);
    sqlite::Transaction tx(connection);
    auto check = connection.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
    check.bind(1, version);
    if (check.step()) continue;
    connection.exec(migration.sql);
    connection.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        .bind(1, version)
        .bind(2, migration.name)
        .bind(3, core::format_rfc3339(core::now_millis()))
        .run();
    tx.commit();
    ++applied;
  }
  return applied;
}

}  // namespace faltlogg::server
