// Push ingest over TLS loopback with 1, 4 and 8 concurrent clients (by default), each beside a baseline
// measured in the same run: batched raw SQLite inserts of the same rows into the same schema with the same
// pragmas. Prints a table per client count, the ratios (goal of issue 14: server >= 80 % of the baseline at
// 4 clients), and the disk bytes written per record. Not a ctest test.
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/record.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"
#include "server_process.hpp"
#include "store/sqlite_store.hpp"
#include "push_bench_common.hpp"
#include "tls_client.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <utility>
#include <thread>

namespace {

using namespace faltlogg;
using namespace faltlogg::bench;
using Clock = std::chrono::steady_clock;

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
    const BenchAuthor author = add_bench_author(store);
    user_id = author.user_id;
    device_id = author.device_id;
    team_id = author.team_id;
  }
  auto db_holder = std::make_unique<server::sqlite::Connection>(server::SqliteStore::database_file(dir),
                                                                 server::sqlite::Connection::Mode::read_write_create);
  server::sqlite::Connection& db = *db_holder;
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  Measurement m{"baseline: raw batched SQLite inserts", 0, 0, {}, 0, 0};
  const int total_batches = settings.clients * settings.batches_per_client;
  std::vector<std::vector<core::Record>> batches(total_batches);
  std::uint32_t counter = 0;
  for (auto& batch : batches) {
    for (int r = 0; r < settings.records_per_batch; ++r) batch.push_back(make_record(device_id, ++counter));
  }
  std::int64_t seq = 0;
  const std::uint64_t written_before = process_write_bytes(0);
  const double cpu_before = process_cpu_seconds(0);
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
  m.cpu_seconds = process_cpu_seconds(0) - cpu_before;
  db_holder.reset();  // closing checkpoints the WAL: the same final checkpoint the server's runs pay for
  m.disk_bytes = process_write_bytes(0) - written_before;
  std::filesystem::remove_all(dir);
  return m;
}


// The median baseline and server runs of `rounds` alternating rounds at one client count.
std::pair<Measurement, Measurement> measure_clients(const Settings& settings) {
  std::vector<Measurement> baselines;
  std::vector<Measurement> servers;
  for (int round = 0; round < settings.rounds; ++round) {
    baselines.push_back(measure_baseline(settings));
    servers.push_back(
        measure_push_server(settings, "", "server: HTTPS push, " + std::to_string(settings.clients) + " clients"));
    std::printf("%d clients, round %d: baseline %.0f records/s, server %.0f records/s\n", settings.clients, round + 1,
                baselines.back().per_second(), servers.back().per_second());
    std::fflush(stdout);
  }
  return {median(baselines), median(servers)};
}

std::vector<int> client_counts(const char* text) {
  std::vector<int> counts;
  for (const char* p = text; *p != 0;) {
    char* end = nullptr;
    const long value = std::strtol(p, &end, 10);
    if (end == p) break;
    counts.push_back(static_cast<int>(std::clamp(value, 1L, 64L)));
    p = *end == ',' ? end + 1 : end;
  }
  return counts;
}

double load_average() {
  double load = 0;
  if (std::FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1) load = 0;
    std::fclose(f);
  }
  return load;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  const std::vector<int> counts = client_counts(argc > 1 ? argv[1] : "1,4,8");
  if (argc > 2) settings.batches_per_client = std::max(1, std::atoi(argv[2]));
  if (argc > 3) settings.records_per_batch = std::clamp(std::atoi(argv[3]), 1, 500);
  if (argc > 4) settings.rounds = std::clamp(std::atoi(argv[4]), 1, 20);
  core::ensure_sodium();
  std::printf("push ingest: clients %s x %d batches x %d records, %d rounds (latency = per batch), load %.2f\n\n",
              argc > 1 ? argv[1] : "1,4,8", settings.batches_per_client, settings.records_per_batch, settings.rounds,
              load_average());
  // The machine may be busy with other work: alternating rounds and taking each side's median round
  // keeps a burst of outside load from deciding the ratio.
  std::vector<std::pair<Measurement, Measurement>> results;
  for (int clients : counts) {
    settings.clients = clients;
    results.push_back(measure_clients(settings));
  }
  std::printf("\n");
  print_header();
  for (const auto& [baseline, server] : results) {
    print_row(baseline);
    print_row(server);
  }
  std::printf("\n| clients | baseline records/s | server records/s | server / baseline |\n|---|---|---|---|\n");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& [baseline, server] = results[i];
    const double ratio = baseline.per_second() > 0 ? server.per_second() / baseline.per_second() : 0;
    std::printf("| %d | %.0f | %.0f | %.0f %% |\n", counts[i], baseline.per_second(), server.per_second(), ratio * 100);
  }
  std::printf("\ngoal: server >= 80 %% of the baseline at 4 clients (issue 14); load average now %.2f\n",
              load_average());
  return 0;
}
