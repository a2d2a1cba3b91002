// Moving a city from SQLite to PostgreSQL (issue 13), seen from the tablets: two faltlogg-cli stores (the
// tablet's store and sync engine, in their own processes) sync against the real server on SQLite with the demo
// data, the operator stops it and runs `faltlogg-admin migrate --from DATA_DIR --to postgresql://…`, and the same
// server comes back on PostgreSQL. The tablets keep their login, cursors and outbox: no full resync, nothing
// pulled twice, nothing duplicated on the server, and what they do next arrives once.
#include "client_server_fixture.hpp"

#include "faltlogg/core/json.hpp"

#include <cstdlib>

namespace faltlogg::client::testing {
namespace {

// The fixture's own user is not used: the demo data has a falt.anna. Its helpers (cli, initStore, storeDir,
// recordJson) are.
class CliMigrate : public ClientServerTest {
 protected:
  static constexpr const char* kMover = "falt.flytt";

  void SetUp() override {
    if (const char* store = std::getenv("FALTLOGG_TEST_STORE"); store != nullptr && std::string(store) == "postgresql") {
      GTEST_SKIP() << "the source of a migration is a SQLite store";
    }
    auto demo = server_.admin({"demo-data"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_.add_user(kMover, "field_worker", "Team Flytt", kPassword);
    server_.start();
  }

  boost::json::object sync(const std::string& dir) const {
    auto result = cli({"--store", dir, "sync", "--server", "https://127.0.0.1:" + std::to_string(server_.port()), "--ca",
                       server_.ca_file(), "--username", kMover, "--password-stdin", "--json"},
                      std::string(kPassword) + "\n");
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return parseObject(result.out);
  }
  std::string add(const std::string& dir, const std::string& notes) const { return addRecord(dir, recordJson(notes)); }
  std::string recordText(const std::string& dir, const std::string& id) const {
    const auto listing = listJson(dir);
    for (const auto& record : listing.at("records").as_array()) {
      if (record.at("id").as_string() == id) return core::to_json_text(record);
    }
    return "";
  }
};

TEST_F(CliMigrate, TabletsThatSyncedAgainstSqliteCarryOnAgainstPostgresqlWithoutDuplicates) {
  const std::string tablet = storeDir("tablet");
  const std::string second = storeDir("second-tablet");
  initStore(tablet);
  initStore(second);
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.insert(add(tablet, "före flytten " + std::to_string(i)));
  EXPECT_EQ(sync(tablet).at("pushed").as_int64(), 5);
  EXPECT_EQ(sync(second).at("pulled").as_int64(), 5);
  // What one new record costs in pulls on SQLite (a tablet may get its own record back with its server_seq):
  // after the move it must cost the same, not a resync.
  ids.insert(add(tablet, "sista före flytten"));
  auto before = sync(tablet);
  EXPECT_EQ(before.at("pushed").as_int64(), 1);
  const std::int64_t pulledForOneRecord = before.at("pulled").as_int64();
  EXPECT_EQ(sync(second).at("pulled").as_int64(), 1);
  // One record waits in the outbox while the city moves.
  const std::string waiting = add(tablet, "i utkorgen under flytten");
  ids.insert(waiting);

  server_.stop();
  const std::string database = faltlogg::test::ServerProcess::fresh_postgres_database();
  auto moved = server_.admin({"migrate", "--from", server_.data_dir().string(), "--to", database});
  ASSERT_EQ(moved.exit_code, 0) << moved.out << moved.err;
  server_.use_store(database);
  server_.restart();

  // The same login and cursor work: the waiting record goes up once, nothing comes down again.
  auto after = sync(tablet);
  EXPECT_EQ(after.at("pushed").as_int64(), 1);
  EXPECT_EQ(after.at("pulled").as_int64(), pulledForOneRecord) << "the tablet's cursor was not honoured: a resync";
  auto secondAfter = sync(second);
  EXPECT_EQ(secondAfter.at("pulled").as_int64(), 1) << "only what is new since its cursor";

  // New work after the move: an edit and a new record, each arriving once on the other tablet.
  const std::string edited = *ids.begin();
  ASSERT_EQ(cli({"--store", tablet, "edit", "--id", edited, "--json", recordJson("ändrad efter flytten")})
                .exitCode,
            0);
  ids.insert(add(tablet, "efter flytten"));
  auto last = sync(tablet);
  EXPECT_EQ(last.at("pushed").as_int64(), 2);
  EXPECT_EQ(last.at("pulled").as_int64(), 2 * pulledForOneRecord);
  EXPECT_EQ(sync(second).at("pulled").as_int64(), 2);

  const std::multiset<std::string> expected(ids.begin(), ids.end());
  EXPECT_EQ(listedIds(tablet), expected);
  EXPECT_EQ(listedIds(second), expected) << "a record missing or held twice on the second tablet";
  EXPECT_NE(recordText(second, edited).find("ändrad efter flytten"), std::string::npos);
  // A brand-new tablet sees each record exactly once: the server holds no duplicate.
  const std::string fresh = storeDir("fresh-tablet");
  initStore(fresh);
  sync(fresh);
  EXPECT_EQ(listedIds(fresh), expected);
  auto verify = server_.admin({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace faltlogg::client::testing
