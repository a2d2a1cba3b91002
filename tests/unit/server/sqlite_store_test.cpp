// SqliteStore only: its migrations. Every Store behaviour is in the conformance suite
// (store_conformance_tests.cpp), which runs against this store and PostgresStore.
#include "api_fixture.hpp"

#include "store/migrations.hpp"

namespace faltlogg::server::testing {
namespace {

class SqliteStoreTest : public ApiFixture {};

TEST_F(SqliteStoreTest, ReopeningAppliesNoMigrationTwiceAndKeepsData) {
  add_user("anna", Role::field_worker);
  const auto counts = store_->row_counts();
  store_.reset();
  store_ = std::make_unique<SqliteStore>(dir_);
  EXPECT_EQ(store_->row_counts(), counts);
  sqlite::Connection connection(SqliteStore::database_file(dir_), sqlite::Connection::Mode::read_write_create);
  EXPECT_EQ(apply_migrations(connection), 0);
  EXPECT_FALSE(embedded_migrations().empty());
  EXPECT_TRUE(store_->verify_audit().intact);
}

TEST_F(SqliteStoreTest, TheRollupTablesComeFromANumberedMigration) {
  store_.reset();
  const auto file = SqliteStore::database_file(dir_);
  std::filesystem::remove(file);
  sqlite::Connection connection(file, sqlite::Connection::Mode::read_write_create);
  apply_migrations(connection);
  auto version = connection.prepare("SELECT name FROM schema_migrations WHERE version = 6");
  ASSERT_TRUE(version.step());
  EXPECT_EQ(version.text(0), "0006_rollup_cells.sql");
  auto tables = connection.prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('rollup_cell', 'rollup_counter_name')");
  ASSERT_TRUE(tables.step());
  EXPECT_EQ(tables.integer(0), 2);
  // A database that got the tables from the old C++ string before 0006 existed migrates cleanly.
  connection.exec("DELETE FROM schema_migrations WHERE version = 6");
  EXPECT_EQ(apply_migrations(connection), 1);
}

}  // namespace
}  // namespace faltlogg::server::testing
