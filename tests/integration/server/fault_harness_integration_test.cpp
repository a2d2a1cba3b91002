// Randomised fault runs against the real server: several clients push batches the way a tablet's outbox does
// (an unacknowledged batch is sent again with the same batch id and records until it is answered), while the
// harness kills the server at random moments — SIGKILL, or SIGTERM with its drain — and starts it again. After
// each run every record is on the server exactly once, every client's pull is complete, the store is intact and
// the audit chain verifies.
//
// FALTLOGG_FAULT_RUNS sets the number of runs (the test command runs 3; a long run: tests/fault/run.sh 1000) and
// FALTLOGG_FAULT_SEED the first seed, so a failing run can be replayed alone.
#include "integration_helpers.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>
#include <set>
#include <thread>

namespace faltlogg::test {
namespace {

using namespace std::chrono_literals;

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

struct Batch {
  std::string id;
  std::vector<std::string> record_ids;
  std::string body;
};

std::vector<Batch> make_batches(int count, const std::string& node, std::int64_t& wall) {
  std::vector<Batch> batches;
  for (int b = 0; b < count; ++b) {
    Batch batch{core::make_uuid_v4(), {}, {}};
    boost::json::array records;
    for (int i = 0; i < 10; ++i) {
      batch.record_ids.push_back(core::make_uuid_v4());
      records.push_back(field_contact(batch.record_ids.back(), make_hlc(++wall, 0, node)));
    }
    batch.body = push_body(batch.id, records);
    batches.push_back(std::move(batch));
  }
  return batches;
}

void one_run(unsigned seed) {
  SCOPED_TRACE("FALTLOGG_FAULT_SEED=" + std::to_string(seed));
  std::mt19937 random(seed);
  ServerProcess server;
  const std::vector<std::string> users = {"anna", "bert", "cia"};
  for (const auto& user : users) server.add_user(user, "field_worker", "Fält Nord", user + "-password");
  server.start();
  std::atomic<std::uint16_t> port{server.port()};
  std::map<std::string, std::string> tokens;
  {
    TlsHttpClient client(server.port(), server.ca_file());
    for (const auto& user : users) tokens[user] = login(client, user, user + "-password");
  }
  std::int64_t wall = core::now_millis() - 60 * 60'000;
  std::map<std::string, std::vector<Batch>> outboxes;
  for (const auto& user : users) outboxes[user] = make_batches(12, user + "-tablet", wall);

  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (const auto& user : users) {
    clients.emplace_back([&, user] {
      const auto deadline = std::chrono::steady_clock::now() + 90s;
      for (const Batch& batch : outboxes[user]) {
        // Sent again, unchanged, until answered: the server may be dead, starting or draining meanwhile.
        while (std::chrono::steady_clock::now() < deadline) {
          try {
            TlsHttpClient client(port.load(), server.ca_file());
            client.set_timeout(5s);
            HttpReply reply = client.post("/api/v1/sync/push", batch.body, tokens[user]);
            if (reply.status == 200) {
              ++answered;
              break;
            }
          } catch (const std::exception&) {
          }
          std::this_thread::sleep_for(30ms);
        }
      }
    });
  }
  std::uniform_int_distribution<int> pause_ms(50, 500);
  std::bernoulli_distribution use_kill9(0.7);
  for (int fault = 0; fault < 3; ++fault) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    if (use_kill9(random)) {
      server.kill9();
    } else {
      server.stop();
    }
    server.restart();
    port = server.port();
  }
  for (auto& client : clients) client.join();
  ASSERT_EQ(answered.load(), static_cast<int>(users.size() * 12)) << "a batch was never acknowledged";

  TlsHttpClient client(server.port(), server.ca_file());
  for (const auto& user : users) {
    const auto seen = pull_all_ids(client, tokens[user]);
    std::size_t expected = 0;
    for (const Batch& batch : outboxes[user]) {
      for (const auto& id : batch.record_ids) {
        ++expected;
        EXPECT_EQ(seen.count(id) ? seen.at(id) : 0, 1) << user << " record " << id;
      }
    }
    EXPECT_EQ(seen.size(), expected) << user;
  }
  const auto counts = row_counts(server);
  EXPECT_EQ(counts.at("records"), static_cast<std::int64_t>(users.size() * 12 * 10));
  EXPECT_EQ(counts.at("records"), counts.at("record_versions")) << "a record was written twice";
  CommandResult verify = server.admin({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST(FaultHarness, RandomKillsAndStopsDuringPushesLoseAndDuplicateNothing) {
  const int runs = env_int("FALTLOGG_FAULT_RUNS", 3);
  const unsigned first_seed = static_cast<unsigned>(env_int("FALTLOGG_FAULT_SEED", 20261201));
  for (int run = 0; run < runs && !::testing::Test::HasFatalFailure(); ++run) {
    one_run(first_seed + static_cast<unsigned>(run));
    if (::testing::Test::HasFailure()) break;
  }
  std::printf("fault harness: %d runs from seed %u\n", runs, first_seed);
}

}  // namespace
}  // namespace faltlogg::test
