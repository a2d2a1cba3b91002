// The PostgreSQL store beside SQLite, same run (issue 13): push ingest over TLS on one node of each and on
// two PostgreSQL nodes behind HAProxy, and raw batched inserts of the same rows into the same PostgreSQL
// schema as the baseline; then a pull of 100 000 records over TLS from each store. PostgreSQL runs durable
// here (fsync and synchronous commit on), on a throwaway cluster (pg_cluster.hpp); SQLite with
// synchronous = FULL. Prints tables and ratios. Not a ctest test.
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"
#include "pg_cluster.hpp"
#include "push_bench_common.hpp"
#include "server_process.hpp"
#include "store/open_store.hpp"
#include "store/pg_db.hpp"
#include "store/postgres_store.hpp"
#include "tls_client.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace faltlogg;
using namespace faltlogg::bench;
using Clock = std::chrono::steady_clock;

// The writes a push does to records and record_versions, one transaction per batch, nothing else.
Measurement measure_pg_baseline(const Settings& settings, const std::string& uri) {
  std::string user_id;
  std::string device_id;
  std::string team_id;
  {
    server::PostgresStore store(uri, 1);
    const BenchAuthor author = add_bench_author(store);
    user_id = author.user_id;
    device_id = author.device_id;
    team_id = author.team_id;
  }
  server::pg::Connection db(uri);
  Measurement m{"baseline: raw batched PostgreSQL inserts", 0, 0, {}, 0, 0};
  std::vector<std::vector<core::Record>> batches(static_cast<std::size_t>(settings.clients * settings.batches_per_client));
  std::uint32_t counter = 0;
  for (auto& batch : batches) {
    for (int r = 0; r < settings.records_per_batch; ++r) batch.push_back(make_record(device_id, ++counter));
  }
  using server::pg::param;
  std::int64_t seq = 0;
  const auto started = Clock::now();
  for (const auto& batch : batches) {
    const auto t0 = Clock::now();
    server::pg::Transaction tx(db);
    for (const core::Record& r : batch) {
      ++seq;
      db.prepared("version", "INSERT INTO record_versions (record_id, hlc, digest, server_seq) VALUES ($1, $2, $3, $4)",
                  {param(r.id), param(r.hlc), param(core::record_content_digest(r)), param(seq)});
      db.prepared("record",
                  "INSERT INTO records (id, author_id, device_id, team_id, form_id, form_version, hlc, deleted,"
                  " occurred_at, occurred_at_ms, data_json, server_seq, received_at)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12)",
                  {param(r.id), param(user_id), param(device_id), param(team_id), param(r.form_id),
                   param(r.form_version), param(r.hlc), param(r.occurred_at),
                   param(core::parse_rfc3339(r.occurred_at).value_or(0)), param(boost::json::serialize(r.data)),
                   param(seq), param(core::format_rfc3339(core::now_millis()))});
    }
    tx.commit();
    m.batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    m.records += batch.size();
  }
  m.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return m;
}

// `total` records of one author stored through the store (as pushes), then pulled over TLS from 0.
Measurement measure_pull(const std::string& store_uri, const std::string& label, int total) {
  test::ServerProcess server;
  if (!store_uri.empty()) server.use_store(store_uri);
  server.add_user("puller", "field_worker", "Bench", "bench-password");
  {
    auto store = server::open_store(store_uri, server.data_dir(), 1);
    auto user = store->find_user_by_username("puller");
    auto device = store->create_session(user->id, "seed", "seed", 0, {"bench", "x", "", ""});
    std::uint32_t counter = 0;
    for (int done = 0; done < total; done += 500) {
      server::PushBatch batch{core::make_uuid_v4(), user->id, device->id, user->team_id, {}, std::nullopt};
      for (int i = 0; i < 500; ++i) {
        core::Record record = make_record(device->id, ++counter);
        batch.items.push_back({record.id, record, std::nullopt});
      }
      if (!store->apply_push_batch(batch, {"bench", "push", "", ""})) std::abort();
    }
  }
  server.start();
  test::TlsHttpClient client(server.port(), server.ca_file());
  boost::json::object login{{"username", "puller"}, {"password", "bench-password"}, {"device_name", "bench"}};
  const std::string token(core::parse_json(client.post("/api/v1/auth/login", core::to_json_text(login)).body)
                              ->at("token").as_string());
  Measurement m{label, 0, 0, {}, 0, 0};
  std::int64_t cursor = 0;
  const auto started = Clock::now();
  for (bool more = true; more;) {
    const auto t0 = Clock::now();
    auto reply = client.get("/api/v1/sync/pull?limit=1000&cursor=" + std::to_string(cursor), token);
    if (reply.status != 200) std::abort();
    auto page = core::parse_json(reply.body).value();
    m.records += page.at("records").as_array().size();
    cursor = page.at("next_cursor").as_int64();
    more = page.at("more").as_bool();
    m.batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  m.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  server.stop();
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  if (argc > 1) settings.clients = std::max(1, std::atoi(argv[1]));
  if (argc > 2) settings.batches_per_client = std::max(1, std::atoi(argv[2]));
  if (argc > 3) settings.records_per_batch = std::clamp(std::atoi(argv[3]), 1, 500);
  if (argc > 4) settings.rounds = std::clamp(std::atoi(argv[4]), 1, 20);
  const int pull_total = argc > 5 ? std::max(500, std::atoi(argv[5])) : 100'000;
  core::ensure_sodium();
  test::PgCluster cluster(/*durable=*/true);
  std::printf("push ingest: %d clients x %d batches x %d records, %d rounds; pull of %d records\n\n",
              settings.clients, settings.batches_per_client, settings.records_per_batch, settings.rounds, pull_total);
  std::vector<Measurement> sqlite_runs;
  std::vector<Measurement> postgres_runs;
  std::vector<Measurement> raw_runs;
  std::vector<Measurement> two_node_runs;
  for (int round = 0; round < settings.rounds; ++round) {
    raw_runs.push_back(measure_pg_baseline(settings, cluster.create_database("raw_" + std::to_string(round))));
    postgres_runs.push_back(measure_push_server(settings, cluster.create_database("push_" + std::to_string(round)),
                                                "server on PostgreSQL, 1 node"));
    two_node_runs.push_back(measure_push_server(settings, cluster.create_database("two_" + std::to_string(round)),
                                                "PostgreSQL, 2 nodes + HAProxy", 2));
    sqlite_runs.push_back(measure_push_server(settings, "", "server on SQLite"));
    std::printf("round %d: raw PostgreSQL %.0f/s, PostgreSQL 1 node %.0f/s, 2 nodes %.0f/s, SQLite %.0f/s\n",
                round + 1, raw_runs.back().per_second(), postgres_runs.back().per_second(),
                two_node_runs.back().per_second(), sqlite_runs.back().per_second());
  }
  const Measurement raw = median(raw_runs);
  const Measurement postgres = median(postgres_runs);
  const Measurement two_nodes = median(two_node_runs);
  const Measurement sqlite = median(sqlite_runs);
  std::printf("\n");
  print_header();
  print_row(raw);
  print_row(postgres);
  print_row(two_nodes);
  print_row(sqlite);
  std::printf("\nratios (medians): PostgreSQL 1 node / raw PostgreSQL inserts %.0f %%, 2 nodes / raw %.0f %%,"
              " 2 nodes / 1 node %.0f %%, 1 node / SQLite %.0f %%\n",
              100 * postgres.per_second() / raw.per_second(), 100 * two_nodes.per_second() / raw.per_second(),
              100 * two_nodes.per_second() / postgres.per_second(), 100 * postgres.per_second() / sqlite.per_second());
  const Measurement pull_sqlite = measure_pull("", "pull over TLS from SQLite", pull_total);
  const Measurement pull_postgres = measure_pull(cluster.create_database("pull"), "pull over TLS from PostgreSQL",
                                                 pull_total);
  std::printf("\n");
  print_header();
  print_row(pull_sqlite);
  print_row(pull_postgres);
  std::printf("\nratio pull PostgreSQL / SQLite: %.0f %% (latency = per page of 1000)\n",
              100 * pull_postgres.per_second() / pull_sqlite.per_second());
  return 0;
}
