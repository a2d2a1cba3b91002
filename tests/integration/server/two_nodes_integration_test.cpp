// Two faltlogg-server nodes on one PostgreSQL database behind HAProxy (TLS passed through in tcp mode)
// on loopback. A token from one node works on the other; clients pushing and pulling through the proxy
// while one node is killed with -9 and restarted lose nothing and get nothing twice; the rollups equal a
// recount and the audit chain verifies; a team lead pulling the whole time, cursor after cursor, gets every
// record exactly once (no cursor skips a record committed late). Scaled for CI (4 clients × 40 batches × 10
// records); FALTLOGG_TWO_NODE_CLIENTS (≤ 8), _BATCHES and _PER_BATCH scale it up, e.g. 8 × 250 × 10 = 20 000.
#include "haproxy.hpp"
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"
#include "shared_store_checks.hpp"

#include <gtest/gtest.h>


#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

namespace faltlogg::test {
namespace {

using namespace std::chrono_literals;

bool wait_until_reachable(std::uint16_t port, const std::string& ca) {
  for (int i = 0; i < 100; ++i) {
    try {
      TlsHttpClient probe(port, ca);
      if (probe.get("/healthz").status == 200) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

TEST(TwoNodes, BehindHaproxyOneKilledAndRestartedNothingIsLostOrDoubled) {
  ASSERT_TRUE(Haproxy::available()) << "haproxy is missing: run deploy/install-deps.sh";
  const std::string database = ServerProcess::fresh_postgres_database();
  ServerProcess node1;
  ServerProcess node2;
  node1.use_store(database);
  node2.use_store(database);
  auto env_int = [](const char* name, int fallback) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::atoi(value) : fallback;
  };
  const int kClients = std::clamp(env_int("FALTLOGG_TWO_NODE_CLIENTS", 4), 1, 8);
  const int kBatches = std::max(env_int("FALTLOGG_TWO_NODE_BATCHES", 40), 4);
  const int kPerBatch = std::clamp(env_int("FALTLOGG_TWO_NODE_PER_BATCH", 10), 1, 500);
  std::vector<std::string> names;
  for (const char* name : {"anna", "bert", "carl", "dora", "eva", "fred", "gun", "hans"}) {
    if (static_cast<int>(names.size()) == kClients) break;
    names.emplace_back(name);
    node1.add_user(name, "field_worker", "Fält Nord", std::string(name) + "-password");
  }
  node1.add_user("lead", "team_lead", "Fält Nord", "lead-password");
  const std::uint16_t port1 = free_port();
  const std::uint16_t port2 = free_port();
  const std::uint16_t proxy_port = free_port();
  node1.start({"--listen", "127.0.0.1:" + std::to_string(port1)});
  node2.start(node1.certificate_args({"--listen", "127.0.0.1:" + std::to_string(port2)}));
  Haproxy proxy(node1.data_dir().parent_path(), proxy_port, {port1, port2});
  ASSERT_TRUE(wait_until_reachable(proxy_port, node1.ca_file()));

  {
    // A session made on one node is known to the other: sessions live in the database.
    TlsHttpClient on1(port1, node1.ca_file());
    TlsHttpClient on2(port2, node1.ca_file());
    const std::string token = login(on1, "anna", "anna-password");
    EXPECT_EQ(on2.get("/api/v1/sync/pull?cursor=0", token).status, 200);
  }

  std::mutex mutex;
  std::map<std::string, std::set<std::string>> pushed;
  std::map<std::string, std::string> tokens;
  std::atomic<int> done_batches{0};
  auto client_run = [&](const std::string& name) {
    TlsHttpClient client(proxy_port, node1.ca_file());
    client.set_timeout(5000ms);
    std::string device;
    std::string token;
    while (token.empty()) {
      try {
        token = login(client, name, name + "-password", &device);
      } catch (const std::exception&) {
        client.disconnect();
      }
    }
    {
      std::lock_guard lock(mutex);
      tokens[name] = token;
    }
    for (int batch = 0; batch < kBatches; ++batch) {
      boost::json::array records;
      std::vector<std::string> ids;
      for (int i = 0; i < kPerBatch; ++i) {
        ids.push_back(core::make_uuid_v4());
        records.push_back(field_contact(ids.back(), make_hlc(core::now_millis() - 1000, i, device)));
      }
      // Like a tablet: the same batch id until one answer arrives, whichever node gives it.
      const std::string body = push_body(core::make_uuid_v4(), records);
      for (int attempt = 0; attempt < 200; ++attempt) {
        try {
          if (client.post("/api/v1/sync/push", body, token).status == 200) break;
        } catch (const std::exception&) {
          client.disconnect();
          std::this_thread::sleep_for(50ms);
        }
      }
      std::lock_guard lock(mutex);
      pushed[name].insert(ids.begin(), ids.end());
      ++done_batches;
    }
  };
  // The lead pulls the team's records the whole time, as a lead's tablet does, through whichever node answers.
  std::atomic<bool> pushing{true};
  std::map<std::string, int> lead_saw;
  std::thread lead([&] {
    TlsHttpClient client(proxy_port, node1.ca_file());
    client.set_timeout(5000ms);
    std::string token;
    std::int64_t cursor = 0;
    // Ends on the first empty page asked for after the last push was answered.
    for (bool more = true, finished = false; !finished;) {
      const bool after_last_push = !pushing;
      try {
        if (token.empty()) token = login(client, "lead", "lead-password");
        HttpReply reply = client.get("/api/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=200", token);
        if (reply.status != 200) throw std::runtime_error(reply.body);
        auto page = parse(reply.body).as_object();
        for (const auto& record : page.at("records").as_array()) ++lead_saw[std::string(record.at("id").as_string())];
        cursor = page.at("next_cursor").as_int64();
        more = page.at("more").as_bool();
        finished = after_last_push && !more;
        if (!more) std::this_thread::sleep_for(20ms);
      } catch (const std::exception&) {
        client.disconnect();
        std::this_thread::sleep_for(50ms);
      }
    }
  });
  const int total_batches = kClients * kBatches;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> clients;
  for (const auto& name : names) clients.emplace_back(client_run, name);
  while (done_batches < total_batches / 4) std::this_thread::sleep_for(10ms);
  node1.kill9();
  while (done_batches < total_batches * 5 / 8) std::this_thread::sleep_for(10ms);
  node1.start({"--listen", "127.0.0.1:" + std::to_string(port1)});
  for (auto& thread : clients) thread.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("two nodes: %d clients x %d batches x %d records in %.1f s (%.0f records/s, one node killed and restarted)\n",
              kClients, kBatches, kPerBatch, seconds, kClients * kBatches * kPerBatch / seconds);
  pushing = false;
  lead.join();

  TlsHttpClient client(proxy_port, node1.ca_file());
  std::size_t total = 0;
  for (const auto& [name, ids] : pushed) {
    auto seen = pull_all_ids(client, tokens[name]);
    EXPECT_EQ(seen.size(), ids.size()) << name;
    for (const std::string& id : ids) {
      auto it = seen.find(id);
      ASSERT_NE(it, seen.end()) << "record lost: " << id;
      EXPECT_EQ(it->second, 1) << "record served twice: " << id;
    }
    total += ids.size();
    for (const std::string& id : ids) {
      auto it = lead_saw.find(id);
      ASSERT_NE(it, lead_saw.end()) << "the lead's cursor skipped a record: " << id;
      EXPECT_EQ(it->second, 1) << "the lead was served a record twice: " << id;
    }
  }
  EXPECT_EQ(lead_saw.size(), total);
  auto counts = row_counts(node1);
  EXPECT_EQ(counts.at("records"), static_cast<std::int64_t>(total)) << "every record exactly once on the server";
  EXPECT_EQ(counts.at("record_versions"), static_cast<std::int64_t>(total));

  expect_audit_intact_and_rollups_equal_a_recount(database);
}

// A guesser whom the load balancer spreads over the nodes meets one limit, not one per node: the failures
// live in the database (login_events), and the right password is refused too until the window passes.
TEST(TwoNodes, FailedLoginsCountAcrossNodes) {
  const std::string database = ServerProcess::fresh_postgres_database();
  ServerProcess node1;
  ServerProcess node2;
  node1.use_store(database);
  node2.use_store(database);
  node1.add_user("anna", "field_worker", "Fält Nord", "anna-password");
  node1.add_user("bert", "field_worker", "Fält Nord", "bert-password");
  node1.start({"--login-rate-limit", "3"});
  node2.start(node1.certificate_args({"--login-rate-limit", "3"}));
  TlsHttpClient on1(node1.port(), node1.ca_file());
  TlsHttpClient on2(node2.port(), node1.ca_file());
  auto try_login = [](TlsHttpClient& client, const std::string& username, const std::string& password) {
    boost::json::object body{{"username", username}, {"password", password}, {"device_name", "tablet"}};
    return client.post("/api/v1/auth/login", boost::json::serialize(body));
  };
  EXPECT_EQ(try_login(on1, "anna", "guess-1").status, 401);
  EXPECT_EQ(try_login(on2, "anna", "guess-2").status, 401);
  EXPECT_EQ(try_login(on1, "anna", "guess-3").status, 401);
  const HttpReply limited = try_login(on2, "anna", "anna-password");
  EXPECT_EQ(limited.status, 429) << "node 2 saw one failure itself, but three in all";
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(try_login(on2, "bert", "bert-password").status, 200) << "a colleague on the same address logs in";
}

// The web console behind the load balancer: a sign-in on one node is a session on the other, and a
// sign-out on either ends it on both (the idle clock is in the database, not in one node's memory).
TEST(TwoNodes, AConsoleSessionWorksOnEveryNode) {
  const std::string database = ServerProcess::fresh_postgres_database();
  ServerProcess node1;
  ServerProcess node2;
  node1.use_store(database);
  node2.use_store(database);
  node1.add_user("lead", "team_lead", "Fält Nord", "lead-password");
  node1.start({});
  node2.start(node1.certificate_args());
  TlsHttpClient on1(node1.port(), node1.ca_file());
  TlsHttpClient on2(node2.port(), node1.ca_file());
  const HttpReply signed_in = on1.post(
      "/api/v1/auth/login",
      R"({"username":"lead","password":"lead-password","device_name":"webbkonsol","session":"cookie"})");
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  const std::string set = signed_in.header("set-cookie");
  const std::map<std::string, std::string> cookie{{"Cookie", set.substr(0, set.find(';'))}};
  const std::string csrf(parse(signed_in.body).at("csrf_token").as_string());
  EXPECT_EQ(on2.request("GET", "/api/v1/auth/session", "", "", cookie).status, 200);
  EXPECT_EQ(on1.request("GET", "/api/v1/auth/session", "", "", cookie).status, 200);
  auto with_csrf = cookie;
  with_csrf["X-CSRF-Token"] = csrf;
  EXPECT_EQ(on2.request("POST", "/api/v1/auth/logout", "", "", with_csrf).status, 204);
  EXPECT_EQ(on1.request("GET", "/api/v1/auth/session", "", "", cookie).status, 401) << "signed out on every node";
}

}  // namespace
}  // namespace faltlogg::test
