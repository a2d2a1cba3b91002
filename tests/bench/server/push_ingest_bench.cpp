// Push ingest over TLS loopback with several concurrent clients, beside a baseline measured in the
// same run: batched raw SQLite inserts of the same rows into the same schema with the same pragmas.
// Prints a table and the ratio (goal: server >= 50 % of the baseline). Not a ctest test.
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/record.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"
#include "server_process.hpp"
#include "store/sqlite_store.hpp"
#include "tls_client.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace {

using namespace faltlogg;
using Clock = std::chrono::steady_clock;

struct Settings {
  int clients = 4;
  int batches_per_client = 25;
  int records_per_batch = 100;
  int rounds = 3;  // baseline and server alternate; the median round of each is reported
};

struct Measurement {
  std::string name;
  std::size_t records = 0;
  double seconds = 0;
  std::vector<double> batch_ms;

  double per_second() const { return seconds > 0 ? static_cast<double>(records) / seconds : 0; }
  double percentile(double p) const {
    if (batch_ms.empty()) return 0;
    std::vector<double> sorted = batch_ms;
    std::sort(sorted.begin(), sorted.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
  }
};

// The same realistic field contact for both paths; only id and hlc differ per row.
core::Record make_record(const std::string& node, std::uint32_t counter) {
  const core::Millis now = core::now_millis();
  core::Record record;
  record.id = core::make_uuid_v4();
  record.form_id = "faltkontakt";
  record.form_version = 1;
  record.hlc = core::Hlc{now - 1000, counter, node}.to_string();
  record.occurred_at = core::format_rfc3339(now - 3'600'000);
  record.data = {{"duration_min", 45},
                 {"area_id", "omr-1"},
                 {"arena", "utomhus"},
                 {"contact_kind", "relation"},
                 {"youths", {{"flicka", {{"13_15", 2}}}, {"pojke", {{"16_17", 3}}}}},
                 {"parents", 0},
                 {"concerns", boost::json::array{"alkohol", "otrygghet"}},
                 {"actions", boost::json::array{"samtal"}},
                 {"partners", boost::json::array{"polis"}},
                 {"in_pair", true},
                 {"notes", "Lugn kväll vid torget, samtal om helgens planer."}};
  return record;
}

Measurement measure_server(const Settings& settings) {
  test::ServerProcess server;
  for (int c = 0; c < settings.clients; ++c) {
    server.add_user("bench" + std::to_string(c), "field_worker", "Bench", "bench-password");
  }
  server.start({"--login-rate-limit", "0"});
  Measurement m{"server: HTTPS push, " + std::to_string(settings.clients) + " clients", 0, 0, {}};
  std::mutex mutex;
  std::vector<std::thread> threads;
  // Bodies are prepared before the clock starts, so JSON building on the client side is not measured.
  std::vector<std::vector<std::string>> bodies(settings.clients);
  std::vector<std::string> tokens(settings.clients);
  for (int c = 0; c < settings.clients; ++c) {
    test::TlsHttpClient client(server.port(), server.ca_file());
    boost::json::object login{{"username", "bench" + std::to_string(c)}, {"password", "bench-password"},
                              {"device_name", "bench"}};
    auto reply = client.post("/api/v1/auth/login", core::to_json_text(login));
    auto json = core::parse_json(reply.body).value();
    tokens[c] = std::string(json.at("token").as_string());
    const std::string device(json.at("device_id").as_string());
    std::uint32_t counter = 0;
    for (int b = 0; b < settings.batches_per_client; ++b) {
      boost::json::array records;
      for (int r = 0; r < settings.records_per_batch; ++r) records.push_back(core::record_to_json(make_record(device, ++counter)));
      bodies[c].push_back(core::to_json_text(boost::json::object{{"batch_id", core::make_uuid_v4()}, {"records", records}}));
    }
  }
  const auto started = Clock::now();
  for (int c = 0; c < settings.clients; ++c) {
    threads.emplace_back([&, c] {
      test::TlsHttpClient client(server.port(), server.ca_file());
      for (const std::string& body : bodies[c]) {
        const auto t0 = Clock::now();
        auto reply = client.post("/api/v1/sync/push", body, tokens[c]);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        std::size_t accepted = 0;
        if (reply.status == 200) {
          auto response = core::parse_json(reply.body);
          for (const auto& result : response->at("results").as_array()) {
            accepted += result.at("status").as_string() == "accepted" ? 1 : 0;
          }
        }
        std::lock_guard lock(mutex);
        m.records += accepted;
        m.batch_ms.push_back(ms);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  m.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  server.stop();
  return m;
}

// The same rows into the same schema (created by the server's own migrations), one transaction per
// batch, with the writes a push does to records and record_versions, and nothing else.
Measurement measure_baseline(const Settings& settings) {
  std::string pattern = "/tmp/faltlogg-bench-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  const std::filesystem::path dir = pattern;
  std::string user_id;
  std::string device_id;
  std::string team_id;
  {
    server::SqliteStore store(dir);
    store.add_district("D", {"bench", "x", "", ""});
    auto team = store.add_team("T", "D", {"omr-1"}, {"bench", "x", "", ""});
    auto user = store.add_user("bench", "bench", server::Role::field_worker, "T", "hash", {"bench", "x", "", ""});
    auto device = store.create_session(user->id, "bench", "h", 0, {"bench", "x", "", ""});
    user_id = user->id;
    device_id = device->id;
    team_id = team->id;
  }
  server::sqlite::Connection db(server::SqliteStore::database_file(dir), server::sqlite::Connection::Mode::read_write_create);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  Measurement m{"baseline: raw batched SQLite inserts", 0, 0, {}};
  const int total_batches = settings.clients * settings.batches_per_client;
  std::vector<std::vector<core::Record>> batches(total_batches);
  std::uint32_t counter = 0;
  for (auto& batch : batches) {
    for (int r = 0; r < settings.records_per_batch; ++r) batch.push_back(make_record(device_id, ++counter));
  }
  std::int64_t seq = 0;
  const auto started = Clock::now();
  for (const auto& batch : batches) {
    const auto t0 = Clock::now();
    server::sqlite::Transaction tx(db);
    auto version = db.prepare("INSERT INTO record_versions (record_id, hlc, digest, server_seq) VALUES (?, ?, ?, ?)");
    auto record = db.prepare(
        "INSERT INTO records (id, author_id, device_id, team_id, form_id, form_version, hlc, deleted, occurred_at,"
        " occurred_at_ms, data_json, server_seq, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const core::Record& r : batch) {
      ++seq;
      version.reset();
      version.bind(1, r.id).bind(2, r.hlc).bind(3, core::record_content_digest(r)).bind(4, seq).run();
      record.reset();
      record.bind(1, r.id).bind(2, user_id).bind(3, device_id).bind(4, team_id).bind(5, r.form_id)
          .bind(6, r.form_version).bind(7, r.hlc).bind(8, 0).bind(9, r.occurred_at)
          .bind(10, core::parse_rfc3339(r.occurred_at).value_or(0)).bind(11, boost::json::serialize(r.data))
          .bind(12, seq).bind(13, core::format_rfc3339(core::now_millis()))
          .run();
    }
    tx.commit();
    m.batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    m.records += batch.size();
  }
  m.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::filesystem::remove_all(dir);
  return m;
}

void print_row(const Measurement& m) {
  std::printf("| %-40s | %8zu | %8.2f | %10.0f | %8.2f | %8.2f |\n", m.name.c_str(), m.records, m.seconds,
              m.per_second(), m.percentile(0.50), m.percentile(0.99));
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  if (argc > 1) settings.clients = std::max(1, std::atoi(argv[1]));
  if (argc > 2) settings.batches_per_client = std::max(1, std::atoi(argv[2]));
  if (argc > 3) settings.records_per_batch = std::clamp(std::atoi(argv[3]), 1, 500);
  if (argc > 4) settings.rounds = std::clamp(std::atoi(argv[4]), 1, 20);
  core::ensure_sodium();
  std::printf("push ingest: %d clients x %d batches x %d records, %d rounds (latency = per batch)\n\n",
              settings.clients, settings.batches_per_client, settings.records_per_batch, settings.rounds);
  // The machine may be busy with other work: alternating rounds and taking each side's median round
  // keeps a burst of outside load from deciding the ratio.
  std::vector<Measurement> baselines;
  std::vector<Measurement> servers;
  for (int round = 0; round < settings.rounds; ++round) {
    baselines.push_back(measure_baseline(settings));
    servers.push_back(measure_server(settings));
    std::printf("round %d: baseline %.0f records/s, server %.0f records/s\n", round + 1,
                baselines.back().per_second(), servers.back().per_second());
  }
  auto median = [](std::vector<Measurement> runs) {
    std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.per_second() < b.per_second(); });
    return runs[runs.size() / 2];
  };
  const Measurement baseline = median(baselines);
  const Measurement server = median(servers);
  std::printf("\n");
  std::printf("| %-40s | %8s | %8s | %10s | %8s | %8s |\n", "path", "records", "seconds", "records/s", "p50 ms",
              "p99 ms");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(42, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(12, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str());
  print_row(baseline);
  print_row(server);
  const double ratio = baseline.per_second() > 0 ? server.per_second() / baseline.per_second() : 0;
  std::printf("\nratio server / baseline (medians): %.0f %% (goal >= 50 %%)\n", ratio * 100);
  return 0;
}
