#include "store/sqlite_database.hpp"

#include "test_store_dir.hpp"

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

SqliteDatabase openMemory() {
  auto db = SqliteDatabase::open(":memory:", true);
  EXPECT_TRUE(db.ok());
  return std::move(db.value());
}

TEST(SqliteDatabase, OpenWithoutCreateRefusesMissingFile) {
  testing::TempDir dir;
  auto db = SqliteDatabase::open(dir.path() / "missing.sqlite", false);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.problem().code, "storage_failed");
}

TEST(SqliteDatabase, BadSqlIsAProblemNotACrash) {
  auto db = openMemory();
  auto stmt = db.prepare("SELEKT nothing");
  ASSERT_FALSE(stmt.ok());
  EXPECT_EQ(stmt.problem().code, "storage_failed");
  EXPECT_NE(stmt.problem().detail.find("syntax"), std::string::npos);
}

// Decision 0085: statements are compiled once per connection and handed back reset, without their bindings.
TEST(SqliteDatabase, ARepeatedStatementIsCompiledOnceAndComesBackReset) {
  auto db = openMemory();
  ASSERT_TRUE(db.exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)").ok());
  const std::size_t before = db.cachedStatementCount();
  for (int round = 0; round < 3; ++round) {
    auto select = db.prepare("SELECT COUNT(*) FROM t WHERE a >= ?1");
    ASSERT_TRUE(select.ok());
    if (round == 0) {
      select->bind(1, std::int64_t{2});
    }
    ASSERT_TRUE(select->step().value());
    // Round 0 binds 2; later rounds bind nothing, so NULL: the earlier binding must not leak into them.
    EXPECT_EQ(select->columnInt(0), round == 0 ? 2 : 0);
  }
  EXPECT_EQ(db.cachedStatementCount(), before + 1);
}

TEST(SqliteDatabase, TheSameSqlUsedWhileItIsStillSteppingGetsItsOwnStatement) {
  auto db = openMemory();
  ASSERT_TRUE(db.exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)").ok());
  auto outer = db.prepare("SELECT a FROM t ORDER BY a");
  ASSERT_TRUE(outer.ok());
  std::vector<std::int64_t> pairs;
  for (auto row = outer->step(); row && row.value(); row = outer->step()) {
    auto inner = db.prepare("SELECT a FROM t ORDER BY a");
    ASSERT_TRUE(inner.ok());
    ASSERT_TRUE(inner->step().value());
    pairs.push_back(outer->columnInt(0) * 10 + inner->columnInt(0));
  }
  EXPECT_EQ(pairs, (std::vector<std::int64_t>{11, 21, 31})) << "the nested use must not reset the outer one";
}

TEST(SqliteDatabase, AStatementBorrowedWhenTheConnectionClosesIsStillReleasedSafely) {
  auto db = openMemory();
  auto stmt = db.prepare("SELECT 1");
  ASSERT_TRUE(stmt.ok());
  db.close();
  EXPECT_EQ(db.cachedStatementCount(), 0u);
  EXPECT_FALSE(db.prepare("SELECT 1").ok());
}  // stmt finalizes itself here (run under ASan in the asan preset)

TEST(SqliteDatabase, BindsAndReadsTextIntegersAndBlobs) {
  auto db = openMemory();
  ASSERT_TRUE(db.exec("CREATE TABLE t (a TEXT, b INTEGER, c BLOB)").ok());
  auto insert = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3)");
  ASSERT_TRUE(insert.ok());
  const std::vector<std::uint8_t> blob{0, 1, 2, 255};
  insert->bind(1, std::string_view("text\0with nul", 13));
  insert->bind(2, std::int64_t{1} << 40);
  insert->bindBlob(3, blob);
  ASSERT_TRUE(insert->run().ok());
  auto select = db.prepare("SELECT a, b, c FROM t");
  ASSERT_TRUE(select.ok());
  auto row = select->step();
  ASSERT_TRUE(row.ok() && row.value());
  EXPECT_EQ(select->columnText(0), std::string("text\0with nul", 13));
  EXPECT_EQ(select->columnInt(1), std::int64_t{1} << 40);
  EXPECT_EQ(select->columnBlob(2), blob);
}

TEST(SqliteDatabase, TransactionRollsBackUnlessCommitted) {
  auto db = openMemory();
  ASSERT_TRUE(db.exec("CREATE TABLE t (a INTEGER)").ok());
  {
    SqliteTransaction tx(db);
    ASSERT_TRUE(tx.begun().ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
  }
  {
    SqliteTransaction tx(db);
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES (2)").ok());
    ASSERT_TRUE(tx.commit().ok());
  }
  auto select = db.prepare("SELECT group_concat(a) FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(select->step().value());
  EXPECT_EQ(select->columnText(0), "2");
}

TEST(SqliteDatabase, ClosedDatabaseReportsInsteadOfCrashing) {
  auto db = openMemory();
  db.close();
  EXPECT_FALSE(db.isOpen());
  EXPECT_EQ(db.exec("SELECT 1").problem().code, "storage_closed");
  EXPECT_EQ(db.prepare("SELECT 1").problem().code, "storage_closed");
}

TEST(SqliteDatabase, ConstraintViolationIsReportedAsStorageFailure) {
  auto db = openMemory();
  ASSERT_TRUE(db.exec("CREATE TABLE t (a INTEGER PRIMARY KEY)").ok());
  ASSERT_TRUE(db.exec("INSERT INTO t VALUES (1)").ok());
  auto again = db.exec("INSERT INTO t VALUES (1)");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.problem().code, "storage_failed");
}

}  // namespace
}  // namespace faltlogg::client
