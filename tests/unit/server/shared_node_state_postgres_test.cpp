// What several nodes on one PostgreSQL database must share beyond the Store: the login limits (failures
// counted through one node stop the guesser on the other, the window ages out, a dropped connection is
// reopened, the table holds neither usernames nor addresses) and the web console's idle clocks.
#include "api/login_rate_limiter.hpp"
#include "faltlogg/core/crypto.hpp"
#include "pg_test_env.hpp"
#include "store/postgres_browser_sessions.hpp"
#include "store/postgres_login_events.hpp"
#include "store/postgres_store.hpp"

#include <gtest/gtest.h>

namespace faltlogg::server::testing {
namespace {

struct TwoNodes {
  TwoNodes() : uri(fresh_database("logins")), store(uri, 1) {}
  LoginRateLimiter node(core::Millis& now) {
    return LoginRateLimiter(3, [&now] { return now; }, 2, std::chrono::seconds(2),
                            std::make_shared<PostgresLoginEventLog>(uri));
  }
  std::string uri;
  PostgresStore store;  // migrates the database and creates the server secret
};

TEST(PostgresLoginEvents, FailuresThroughOneNodeLimitTheGuesserOnTheOther) {
  TwoNodes db;
  core::Millis now = 1'000'000;
  LoginRateLimiter node1 = db.node(now);
  LoginRateLimiter node2 = db.node(now);
  node1.record_failure("anna", "10.0.0.7");
  now += 10'000;
  node2.record_failure("anna", "10.0.0.7");
  EXPECT_EQ(node1.retry_after_seconds("anna", "10.0.0.7"), 0);
  node1.record_failure("anna", "10.0.0.7");  // the third, wherever it landed
  EXPECT_EQ(node2.retry_after_seconds("anna", "10.0.0.7"), 50) << "the first failure leaves the window in 50 s";
  EXPECT_EQ(node1.retry_after_seconds("anna", "10.0.0.7"), 50);
  EXPECT_EQ(node2.retry_after_seconds("bert", "10.0.0.7"), 0) << "others behind the same address log in";
  now += 50'000;
  EXPECT_EQ(node2.retry_after_seconds("anna", "10.0.0.7"), 0);
}

TEST(PostgresLoginEvents, SuccessfulLoginsCountAcrossNodes) {
  TwoNodes db;
  core::Millis now = 0;
  LoginRateLimiter node1 = db.node(now);
  LoginRateLimiter node2 = db.node(now);
  for (int i = 0; i < LoginRateLimiter::kSuccessfulLoginsPerMinute; ++i) {
    (i % 2 == 0 ? node1 : node2).record_success("anna");
  }
  EXPECT_GT(node1.retry_after_seconds("anna", "a"), 0);
  EXPECT_GT(node2.retry_after_seconds("anna", "b"), 0);
}

TEST(PostgresLoginEvents, OldRowsAreDeletedAndNoUsernameOrAddressIsStored) {
  TwoNodes db;
  core::Millis now = 0;
  LoginRateLimiter node = db.node(now);
  node.record_failure("anna", "192.0.2.44");
  now += 61'000;
  node.record_failure("bert", "192.0.2.45");
  pg::Connection c(db.uri);
  auto rows = c.query("SELECT key_hash, at_ms FROM login_events ORDER BY key_hash");
  ASSERT_EQ(rows.size(), 3) << "anna's three rows aged out, bert's pair/username/address rows remain";
  for (int i = 0; i < rows.size(); ++i) {
    const std::string hash = rows.text(i, 0);
    EXPECT_EQ(rows.integer(i, 1), now);
    EXPECT_EQ(hash.find("bert"), std::string::npos);
    EXPECT_EQ(hash.find("192.0.2"), std::string::npos);
    // Keyed: the plain hash of a guessable key is not what is stored.
    EXPECT_NE(hash, core::hash_hex("a:192.0.2.45"));
    EXPECT_NE(hash, core::hash_hex("u:bert"));
  }
}

TEST(PostgresLoginEvents, ADroppedConnectionIsOpenedAgain) {
  TwoNodes db;
  core::Millis now = 0;
  auto log = std::make_shared<PostgresLoginEventLog>(db.uri);
  LoginRateLimiter node(3, [&now] { return now; }, 2, std::chrono::seconds(2), log);
  node.record_failure("anna", "a");
  pg::Connection admin(db.uri);
  const auto killed = admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
      " AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
  ASSERT_EQ(killed.size(), 2) << "the store's and the log's connections are terminated, as by a restart";
  node.record_failure("anna", "a");
  node.record_failure("anna", "a");
  EXPECT_GT(node.retry_after_seconds("anna", "a"), 0) << "all three failures counted across the reconnect";
}

TEST(PostgresBrowserSessions, AConsoleSessionStartedOnOneNodeIsKnownOnTheOtherAndExpiresAlike) {
  TwoNodes db;
  PostgresBrowserSessions node1(db.uri, 1000);
  PostgresBrowserSessions node2(db.uri, 1000);
  node1.start("hash-a", 10'000);
  EXPECT_EQ(node2.touch("hash-a", 10'900), BrowserSessionState::active);
  EXPECT_EQ(node1.touch("hash-a", 11'900), BrowserSessionState::active) << "node 2's touch restarted the clock";
  EXPECT_EQ(node2.touch("hash-a", 12'901), BrowserSessionState::idle_expired);
  EXPECT_EQ(node1.touch("hash-a", 12'902), BrowserSessionState::unknown) << "an expired session stays gone";
  EXPECT_EQ(node1.touch("never-started", 12'902), BrowserSessionState::unknown);

  node1.start("hash-b", 20'000);
  node2.end("hash-b");
  EXPECT_EQ(node1.touch("hash-b", 20'001), BrowserSessionState::unknown) << "signed out on one node, out on all";

  node1.start("hash-c", 30'000);
  node2.start("hash-d", 40'000);  // hash-c has been idle past the limit: removed as new sessions arrive
  pg::Connection c(db.uri);
  EXPECT_EQ(c.query("SELECT token_hash FROM browser_sessions").size(), 1);
}

}  // namespace
}  // namespace faltlogg::server::testing
