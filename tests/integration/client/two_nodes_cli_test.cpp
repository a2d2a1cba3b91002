// Two faltlogg-server nodes on one PostgreSQL database behind HAProxy, and eight real faltlogg-cli stores (four
// field workers with two tablets each) syncing through the proxy at the same time, each in its own thread,
// adding records in rounds between syncs. Node 1 is killed with -9 when a quarter of the syncs are done and
// restarted on the same port later; a sync that fails because its node died is simply run again, as a tablet
// would. Node 1 comes back armed to die once more between a push commit and its answer (--fail-point
// after_push_commit), so a committed batch is sent again through the other node; then it restarts for good.
// Afterwards every record is on the server exactly once, each tablet holds exactly its user's records from
// both of the user's tablets (no record skipped by a pull cursor), the rollups equal a rebuild and the audit chain
// verifies. The server-side twin with in-process HTTPS clients is two_nodes_integration_test.cpp.
//
// Scaled for CI: 250 records per tablet in 8 rounds (2000 records, a few seconds). FALTLOGG_TWO_NODE_CLI_RECORDS
// (per tablet) and FALTLOGG_TWO_NODE_CLI_ROUNDS scale it up; the full run is 2500 per tablet, 20 000 records.
#include "client_server_fixture.hpp"

#include "faltlogg/core/json.hpp"
#include "haproxy.hpp"
#include "pg_cluster.hpp"
#include "shared_store_checks.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <thread>

namespace faltlogg::client::testing {
namespace {

using namespace std::chrono_literals;

int envInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::atoi(value) : fallback;
}

std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  std::string five;
  std::string fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

// count(*) of a table of the shared database, -1 when it cannot be read.
std::int64_t countRows(const std::string& uri, const std::string& table) {
  PGconn* conn = PQconnectdb(uri.c_str());
  std::int64_t count = -1;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* result = PQexec(conn, ("SELECT count(*) FROM " + table).c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK) {
      count = std::stoll(PQgetvalue(result, 0, 0));
    }
    PQclear(result);
  } else {
    ADD_FAILURE() << "cannot connect to the test database: " << PQerrorMessage(conn);
  }
  PQfinish(conn);
  return count;
}

constexpr int kExitSyncFailed = 5;  // faltlogg-cli: the sync did not complete (cli_options.hpp)

struct Tablet {
  std::string user;
  std::string name;  // device name, also the store's directory name
  std::string dir;
  std::unique_ptr<CliRunner> runner;  // its own scratch files: the eight run at the same time
  std::vector<std::string> created;   // ids of the records made on this tablet
  int syncs = 0;
  int failedSyncs = 0;  // runs that ended in an error and were run again
  std::int64_t retries = 0;  // the sync engine's own retries inside successful and failed runs
};

class TwoNodesCli : public ClientServerTest {
 protected:
  static constexpr int kUsers = 4;
  static constexpr int kTabletsPerUser = 2;

  void SetUp() override {
    if (!test::Haproxy::available()) {
      GTEST_SKIP() << "haproxy is not installed (run deploy/install-deps.sh): two nodes need a load balancer";
    }
    if (!test::PgCluster::available()) {
      GTEST_SKIP() << "PostgreSQL 15 is not installed (run deploy/install-deps.sh): two nodes share one database";
    }
    database_ = test::ServerProcess::fresh_postgres_database();
    server_.use_store(database_);
    node2_ = std::make_unique<test::ServerProcess>();
    node2_->use_store(database_);
    for (int u = 0; u < kUsers; ++u) {
      server_.add_user(userName(u), "field_worker", "Fält Nord", password(userName(u)));
    }
    port1_ = test::free_port();
    port2_ = test::free_port();
    proxyPort_ = test::free_port();
    server_.start({"--listen", "127.0.0.1:" + std::to_string(port1_)});
    node2_->start(server_.certificate_args({"--listen", "127.0.0.1:" + std::to_string(port2_)}));
    proxy_ = std::make_unique<test::Haproxy>(server_.data_dir().parent_path(), proxyPort_,
                                             std::vector<std::uint16_t>{port1_, port2_});
  }

  static std::string userName(int u) { return "falt.nod" + std::to_string(u + 1); }
  static std::string password(const std::string& user) { return user + "-password"; }

  // faltlogg-cli sync of one tablet through the proxy; logs in as the tablet's user on the first run.
  // Small push batches and short back-off, so one run spans several requests and rides out a dead node.
  CliResult syncTablet(const Tablet& tablet) const {
    const std::string proxy = "https://127.0.0.1:" + std::to_string(proxyPort_);
    return tablet.runner->run({"--store", tablet.dir, "sync", "--server", proxy, "--ca", server_.ca_file(),
                               "--username", tablet.user, "--password-stdin", "--device-name", tablet.name, "--json",
                               "--batch-size", "25", "--retry-base-ms", "100", "--retry-max-ms", "1000",
                               "--timeout-ms", "10000"},
                              password(tablet.user) + "\n", {{"FALTLOGG_PASSPHRASE", kPassphrase}});
  }

  // Runs sync until one run succeeds (at most `attempts`); counts the failed runs and the engine's retries.
  bool syncUntilDone(Tablet& tablet, int attempts = 40) const {
    for (int attempt = 0; attempt < attempts; ++attempt) {
      const CliResult result = syncTablet(tablet);
      // No JSON when the login itself failed.
      const auto summary = result.out.empty() ? boost::json::object{} : parseObject(result.out);
      if (const auto* retries = summary.if_contains("retries"); retries != nullptr && retries->is_int64()) {
        tablet.retries += retries->as_int64();
      }
      if (result.exitCode == 0) {
        ++tablet.syncs;
        return true;
      }
      ++tablet.failedSyncs;
      // Only a sync that did not complete (exit 5: offline, server error) is run again; anything else (a revoked
      // device, a locked store, a usage error) is a bug here.
      if (result.exitCode != kExitSyncFailed) {
        ADD_FAILURE() << tablet.name << ": exit " << result.exitCode << ": " << result.err;
        return false;
      }
      std::this_thread::sleep_for(200ms);
    }
    ADD_FAILURE() << tablet.name << ": no sync succeeded in " << attempts << " runs";
    return false;
  }

  std::string database_;
  std::unique_ptr<test::ServerProcess> node2_;
  std::unique_ptr<test::Haproxy> proxy_;
  std::uint16_t port1_ = 0;
  std::uint16_t port2_ = 0;
  std::uint16_t proxyPort_ = 0;
};

TEST_F(TwoNodesCli, EightTabletsThroughHaproxyOneNodeKilledNothingLostDoubledOrSkipped) {
  const int perTablet = std::max(envInt("FALTLOGG_TWO_NODE_CLI_RECORDS", 250), 1);
  const int rounds = std::clamp(envInt("FALTLOGG_TWO_NODE_CLI_ROUNDS", 8), 2, perTablet);

  std::vector<Tablet> tablets;
  for (int u = 0; u < kUsers; ++u) {
    for (int t = 0; t < kTabletsPerUser; ++t) {
      Tablet tablet;
      tablet.user = userName(u);
      tablet.name = "nod" + std::to_string(u + 1) + "-tablet-" + std::string(1, static_cast<char>('a' + t));
      tablet.dir = storeDir(tablet.name);
      tablet.runner = std::make_unique<CliRunner>(server_.data_dir().parent_path() / ("cli-" + tablet.name));
      initStore(tablet.dir);
      tablets.push_back(std::move(tablet));
    }
  }

  const int totalSyncs = static_cast<int>(tablets.size()) * rounds;
  std::atomic<int> doneSyncs{0};
  std::atomic<int> finishedTablets{0};
  // One tablet: `rounds` times add a share of its records, then sync (push and pull) through the proxy.
  auto runTablet = [&](Tablet& tablet) {
    for (int round = 0; round < rounds; ++round) {
      const int count = perTablet * (round + 1) / rounds - perTablet * round / rounds;
      addRecordsDirect(tablet.dir, count, "", &tablet.created);
      if (!syncUntilDone(tablet)) {
        break;
      }
      ++doneSyncs;
    }
    ++finishedTablets;
  };
  const auto waitForSyncs = [&](int target) {
    while (doneSyncs < target && finishedTablets < static_cast<int>(tablets.size())) {
      std::this_thread::sleep_for(10ms);
    }
  };

  const std::string loadBefore = loadAverage();
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (auto& tablet : tablets) {
    threads.emplace_back(runTablet, std::ref(tablet));
  }
  const std::string address1 = "127.0.0.1:" + std::to_string(port1_);
  waitForSyncs(totalSyncs / 4);
  server_.kill9();
  const int syncsAtKill = doneSyncs;
  waitForSyncs(totalSyncs * 5 / 8);
  // Node 1 comes back on its port, armed to die again right after its first push commits and before the answer
  // leaves: that tablet must send the same batch again, to node 2, and get it acknowledged without a second copy.
  server_.start({"--listen", address1, "--fail-point", "after_push_commit"});
  const int syncsAtRestart = doneSyncs;
  while (server_.running() && finishedTablets < static_cast<int>(tablets.size())) {
    std::this_thread::sleep_for(10ms);
  }
  const bool diedAfterCommit = !server_.running();
  const int syncsAtSecondDeath = doneSyncs;
  if (diedAfterCommit) {
    server_.start({"--listen", address1});
  }
  for (auto& thread : threads) {
    thread.join();
  }
  // A last sync each, so every tablet pulls what its twin pushed after its own last run.
  for (auto& tablet : tablets) {
    ASSERT_TRUE(syncUntilDone(tablet));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int total = perTablet * static_cast<int>(tablets.size());
  int failedSyncs = 0;
  std::int64_t retries = 0;
  for (const auto& tablet : tablets) {
    failedSyncs += tablet.failedSyncs;
    retries += tablet.retries;
  }
  const std::string secondLife = diedAfterCommit ? "died after a push commit after " +
                                                       std::to_string(syncsAtSecondDeath) + " and restarted again"
                                                 : "took no push before the tablets were done";
  std::printf("two nodes, %zu faltlogg-cli tablets x %d records in %d rounds = %d records in %.1f s (%.0f records/s); "
              "node 1 killed after %d of %d syncs, restarted after %d, %s; %d failed syncs run again, %lld engine "
              "retries; load average %s before, %s after\n",
              tablets.size(), perTablet, rounds, total, seconds, total / seconds, syncsAtKill, totalSyncs,
              syncsAtRestart, secondLife.c_str(), failedSyncs, static_cast<long long>(retries), loadBefore.c_str(),
              loadAverage().c_str());
  EXPECT_LT(syncsAtKill, totalSyncs) << "node 1 was killed while the tablets were still syncing";

  // Every tablet holds exactly its user's records from both of the user's tablets, each once: no pull cursor
  // skipped a record that was committed late on the other node.
  std::map<std::string, std::multiset<std::string>> byUser;
  for (const auto& tablet : tablets) {
    ASSERT_EQ(tablet.created.size(), static_cast<std::size_t>(perTablet)) << tablet.name;
    byUser[tablet.user].insert(tablet.created.begin(), tablet.created.end());
  }
  for (const auto& tablet : tablets) {
    const auto& expected = byUser.at(tablet.user);
    EXPECT_EQ(std::set<std::string>(expected.begin(), expected.end()).size(), expected.size()) << "ids are unique";
    EXPECT_EQ(listedIds(tablet.dir), expected) << tablet.name << " holds its user's records once each";
  }

  // On the server: each record exactly once, one version each; a brand-new tablet of each user pulls them all.
  EXPECT_EQ(countRows(database_, "records"), total) << "every record exactly once on the server";
  EXPECT_EQ(countRows(database_, "record_versions"), total);
  for (const auto& [user, expected] : byUser) {
    Tablet verifier;
    verifier.user = user;
    verifier.name = user + "-verifier";
    verifier.dir = storeDir(verifier.name);
    verifier.runner = std::make_unique<CliRunner>(server_.data_dir().parent_path() / "cli-verifier");
    initStore(verifier.dir);
    ASSERT_TRUE(syncUntilDone(verifier, 5));
    EXPECT_EQ(listedIds(verifier.dir), expected) << "a new tablet of " << user << " pulls each record once";
  }

  // The rollups the pushes added up on both nodes equal a recount, and the audit chain both wrote verifies.
  const auto audit = server_.admin({"audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  test::expect_audit_intact_and_rollups_equal_a_recount(database_);
}

}  // namespace
}  // namespace faltlogg::client::testing
