// Durability: kill -9 in the middle of a stream of pushes, kill -9 inside a transaction that several
// pushes share (group commit, decision 0080), and a death between commit and acknowledgement (fail
// point). After restart every acknowledged record is there exactly once and no batch is half there.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cmath>
#include <mutex>
#include <set>
#include <thread>

namespace faltlogg::test {
namespace {

using namespace std::chrono_literals;

std::string integrity_check(const ServerProcess& server) {
  // PostgreSQL recovers from a killed client by itself; what this store can check is its audit chain.
  if (!server.store_uri().empty()) return server.admin({"audit", "verify"}).exit_code == 0 ? "ok" : "audit broken";
  sqlite3* db = nullptr;
  sqlite3_open_v2((server.data_dir() / "faltlogg.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  std::string result = "no answer";
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

TEST(CrashIntegration, EveryAcknowledgedRecordSurvivesKill9ExactlyOnce) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.add_user("bert", "field_worker", "Fält Nord", "bert-password");
  server.add_user("lena", "team_lead", "Fält Nord", "lena-password");
  server.add_user("eva", "evaluator", "Fält Nord", "eva-password");
  server.start();
  const std::int64_t started = core::now_millis();

  std::mutex mutex;
  std::map<std::string, std::set<std::string>> acknowledged;  // username -> record ids
  std::map<std::string, std::string> tokens;
  std::atomic<int> batches{0};
  auto pusher = [&](const std::string& username) {
    TlsHttpClient client(server.port(), server.ca_file());
    std::string device;
    const std::string token = login(client, username, username + "-password", &device);
    {
      std::lock_guard lock(mutex);
      tokens[username] = token;
    }
    for (int batch = 0; batch < 10000; ++batch) {
      boost::json::array records;
      std::vector<std::string> ids;
      for (int i = 0; i < 20; ++i) {
        ids.push_back(core::make_uuid_v4());
        records.push_back(field_contact(ids.back(), make_hlc(core::now_millis() - 1000, i, device)));
      }
      try {
        HttpReply reply = client.post("/api/v1/sync/push", push_body(core::make_uuid_v4(), records), token);
        if (reply.status != 200) return;
        std::lock_guard lock(mutex);
        acknowledged[username].insert(ids.begin(), ids.end());
        ++batches;
      } catch (const std::exception&) {
        return;  // the server died under us
      }
    }
  };
  std::thread a(pusher, "anna");
  std::thread b(pusher, "bert");
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (batches < 30 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  server.kill9();
  a.join();
  b.join();
  ASSERT_GE(batches.load(), 30) << "too few pushes before the kill to mean anything";

  server.start();
  EXPECT_EQ(integrity_check(server), "ok");
  TlsHttpClient client(server.port(), server.ca_file());
  for (const auto& [username, ids] : acknowledged) {
    auto seen = pull_all_ids(client, tokens[username]);
    for (const std::string& id : ids) {
      auto it = seen.find(id);
      ASSERT_NE(it, seen.end()) << "acknowledged record lost: " << id;
      EXPECT_EQ(it->second, 1) << "record served twice: " << id;
    }
  }
  auto counts = row_counts(server);
  EXPECT_EQ(counts.at("records"), counts.at("record_versions"));  // each record written once

  // The rollups died with the same transactions: the team's month grain (team lead) and the district-month
  // grain (evaluator) count exactly the records that survived.
  const std::string period = whole_months_query(started - 2 * 86'400'000, core::now_millis() + 86'400'000);
  auto report = parse(client.get("/api/v1/criteria/report?" + period, login(client, "lena", "lena-password")).body);
  const auto& c1 = report.at("criteria").as_array()[0];
  EXPECT_EQ(c1.at("measures").at("records").to_number<double>(), static_cast<double>(counts.at("records")));
  auto own = parse(client.get("/api/v1/aggregates?measure=contacts&by=arena&" + period,
                              login(client, "lena", "lena-password")).body);
  EXPECT_EQ(own.at("total").at("value").to_number<double>(), static_cast<double>(counts.at("records")))
      << boost::json::serialize(own);
  // The evaluator's district-month numbers are cell-key perturbed (decision 0027): within the noise bound.
  auto aggregate = parse(client.get("/api/v1/aggregates?measure=contacts&by=arena&" + period,
                                    login(client, "eva", "eva-password")).body);
  EXPECT_LE(std::abs(aggregate.at("total").at("value").to_number<double>() - static_cast<double>(counts.at("records"))),
            aggregate.at("disclosure_control").at("max_noise").to_number<double>())
      << boost::json::serialize(aggregate);
}

// Group commit: the fail point kill_in_group_commit SIGKILLs the server inside the first transaction that
// holds 3 or more batches, just before its COMMIT (smaller groups are held 50 ms so pushes pile up). Every
// acknowledged batch survives, no batch is half there, and the batches of the killed group are all gone.
TEST(CrashIntegration, AKillInsideASharedTransactionLosesNoAcknowledgedBatchAndHalvesNone) {
  ServerProcess server;
  if (!server.store_uri().empty()) GTEST_SKIP() << "group commit is the SQLite store's (decision 0080)";
  const std::vector<std::string> users{"anna", "bert", "cilla", "dag", "eje"};
  for (const auto& user : users) server.add_user(user, "field_worker", "Fält Nord", user + "-password");
  server.start({"--fail-point", "kill_in_group_commit"});

  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> sent;  // batch id -> its record ids, sent or in flight
  std::set<std::string> acknowledged;                      // batch ids answered 200
  std::map<std::string, std::string> tokens;
  auto pusher = [&](const std::string& username) {
    TlsHttpClient client(server.port(), server.ca_file());
    std::string device;
    const std::string token = login(client, username, username + "-password", &device);
    for (int batch = 0; batch < 1000; ++batch) {
      const std::string batch_id = core::make_uuid_v4();
      boost::json::array records;
      std::vector<std::string> ids;
      for (int i = 0; i < 10; ++i) {
        ids.push_back(core::make_uuid_v4());
        records.push_back(field_contact(ids.back(), make_hlc(core::now_millis() - 1000, i, device)));
      }
      {
        std::lock_guard lock(mutex);
        tokens[username] = token;
        sent[batch_id] = ids;
      }
      try {
        HttpReply reply = client.post("/api/v1/sync/push", push_body(batch_id, records), token);
        if (reply.status != 200) return;
        std::lock_guard lock(mutex);
        acknowledged.insert(batch_id);
      } catch (const std::exception&) {
        return;  // the server died under us
      }
    }
  };
  std::vector<std::thread> threads;
  for (const auto& user : users) threads.emplace_back(pusher, user);
  EXPECT_EQ(server.wait_for_exit(60s), 128 + 9) << "no group of 3 batches formed: " << server.log_text();
  for (auto& thread : threads) thread.join();

  server.start();  // without the fail point
  EXPECT_EQ(integrity_check(server), "ok");
  EXPECT_EQ(server.admin({"audit", "verify"}).exit_code, 0);
  TlsHttpClient client(server.port(), server.ca_file());
  std::map<std::string, int> seen;
  for (const auto& [username, token] : tokens) seen.merge(pull_all_ids(client, token));
  int gone = 0;
  for (const auto& [batch_id, ids] : sent) {
    int present = 0;
    for (const auto& id : ids) {
      const auto it = seen.find(id);
      present += it == seen.end() ? 0 : 1;
      if (it != seen.end()) {
        EXPECT_EQ(it->second, 1) << "record served twice: " << id;
      }
    }
    if (acknowledged.count(batch_id) > 0) {
      EXPECT_EQ(present, 10) << "acknowledged batch lost records: " << batch_id;
    }
    EXPECT_TRUE(present == 0 || present == 10) << "batch half there (" << present << " of 10): " << batch_id;
    gone += present == 0 ? 1 : 0;
  }
  EXPECT_GE(gone, 3) << "the killed group's batches must all be absent";
  EXPECT_LE(sent.size(), acknowledged.size() + users.size());  // at most one batch in flight per pusher
  auto counts = row_counts(server);
  EXPECT_EQ(counts.at("records"), counts.at("record_versions"));
  EXPECT_EQ(counts.at("records"), counts.at("push_batches") * 10);
}

TEST(CrashIntegration, ADeathBetweenCommitAndAcknowledgementIsHealedByReplay) {
  ServerProcess server;
  server.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  server.start({"--fail-point", "after_push_commit"});
  TlsHttpClient client(server.port(), server.ca_file());
  std::string device;
  const std::string token = login(client, "anna", "anna-password", &device);
  const std::string batch = core::make_uuid_v4();
  boost::json::array records;
  for (int i = 0; i < 5; ++i) records.push_back(field_contact(core::make_uuid_v4(), make_hlc(core::now_millis() - 1000, i, device)));

  EXPECT_ANY_THROW(client.post("/api/v1/sync/push", push_body(batch, records), token));
  EXPECT_EQ(server.wait_for_exit(10s), 137);

  server.start();  // without the fail point
  TlsHttpClient again(server.port(), server.ca_file());
  HttpReply replay = again.post("/api/v1/sync/push", push_body(batch, records), token);
  ASSERT_EQ(replay.status, 200) << replay.body;
  const auto response = parse(replay.body);
  for (const auto& result : response.at("results").as_array()) {
    EXPECT_EQ(result.at("status").as_string(), "accepted");  // the stored answer of the committed batch
  }
  EXPECT_EQ(row_counts(server).at("records"), 5);
  EXPECT_EQ(pull_all_ids(again, token).size(), 5u);
}

}  // namespace
}  // namespace faltlogg::test
