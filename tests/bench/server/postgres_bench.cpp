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

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace faltlogg;
using namespace faltlogg::bench;
using Clock = std::chrono::steady_clock;

// The writes a push does to records and record_versions, one transaction per batch, nothing else: per row
// (two prepared INSERTs per record), or as the server writes them, two `unnest` INSERTs per batch.
enum class RawInserts { per_row, unnest };

Measurement measure_pg_baseline(const Settings& settings, const std::string& uri, RawInserts how) {
  BenchAuthor author;
  {
    server::PostgresStore store(uri, 1);
    author = add_bench_author(store);
  }
  server::pg::Connection db(uri);
  Measurement m{how == RawInserts::per_row ? "baseline: raw PG inserts, per row"
                                           : "baseline: raw PG inserts, unnest",
                0, 0, {}, 0, 0};
  std::vector<std::vector<core::Record>> batches(static_cast<std::size_t>(settings.clients * settings.batches_per_client));
  std::uint32_t counter = 0;
  for (auto& batch : batches) {
    for (int r = 0; r < settings.records_per_batch; ++r) batch.push_back(make_record(author.device_id, ++counter));
  }
  using server::pg::param;
  using server::pg::text_array_param;
  std::int64_t seq = 0;
  const auto started = Clock::now();
  for (const auto& batch : batches) {
    const auto t0 = Clock::now();
    server::pg::Transaction tx(db);
    const std::string received_at = core::format_rfc3339(core::now_millis());
    if (how == RawInserts::per_row) {
      for (const core::Record& r : batch) {
        ++seq;
        db.prepared("version", "INSERT INTO record_versions (record_id, hlc, digest, server_seq) VALUES ($1, $2, $3, $4)",
                    {param(r.id), param(r.hlc), param(core::record_content_digest(r)), param(seq)});
        db.prepared("record",
                    "INSERT INTO records (id, author_id, device_id, team_id, form_id, form_version, hlc, deleted,"
                    " occurred_at, occurred_at_ms, data_json, server_seq, received_at)"
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12)",
                    {param(r.id), param(author.user_id), param(author.device_id), param(author.team_id),
                     param(r.form_id), param(r.form_version), param(r.hlc), param(r.occurred_at),
                     param(core::parse_rfc3339(r.occurred_at).value_or(0)), param(boost::json::serialize(r.data)),
                     param(seq), param(received_at)});
      }
    } else {
      std::array<std::vector<std::string>, 9> columns;  // id, hlc, digest, seq, form_id, form_version, occurred_at, ms, data
      for (const core::Record& r : batch) {
        ++seq;
        columns[0].push_back(r.id);
        columns[1].push_back(r.hlc);
        columns[2].push_back(core::record_content_digest(r));
        columns[3].push_back(std::to_string(seq));
        columns[4].push_back(r.form_id);
        columns[5].push_back(std::to_string(r.form_version));
        columns[6].push_back(r.occurred_at);
        columns[7].push_back(std::to_string(core::parse_rfc3339(r.occurred_at).value_or(0)));
        columns[8].push_back(boost::json::serialize(r.data));
      }
      db.prepared("versions",
                  "INSERT INTO record_versions (record_id, hlc, digest, server_seq)"
                  " SELECT u.id, u.hlc, u.digest, u.seq::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])"
                  " AS u(id, hlc, digest, seq)",
                  {text_array_param(columns[0]), text_array_param(columns[1]), text_array_param(columns[2]),
                   text_array_param(columns[3])});
      db.prepared("records",
                  "INSERT INTO records (id, author_id, device_id, team_id, form_id, form_version, hlc, deleted,"
                  " occurred_at, occurred_at_ms, data_json, server_seq, received_at)"
                  " SELECT u.id, $1, $2, $3, u.form_id, u.form_version::integer, u.hlc, 0, u.occurred_at,"
                  " u.ms::bigint, u.data_json, u.seq::bigint, $4"
                  " FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],"
                  " $12::text[]) AS u(id, hlc, seq, form_id, form_version, occurred_at, ms, data_json)",
                  {param(author.user_id), param(author.device_id), param(author.team_id), param(received_at),
                   text_array_param(columns[0]), text_array_param(columns[1]), text_array_param(columns[3]),
                   text_array_param(columns[4]), text_array_param(columns[5]), text_array_param(columns[6]),
                   text_array_param(columns[7]), text_array_param(columns[8])});
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
  std::vector<Measurement> unnest_runs;
  std::vector<Measurement> two_node_runs;
  for (int round = 0; round < settings.rounds; ++round) {
    raw_runs.push_back(
        measure_pg_baseline(settings, cluster.create_database("raw_" + std::to_string(round)), RawInserts::per_row));
    unnest_runs.push_back(
        measure_pg_baseline(settings, cluster.create_database("unnest_" + std::to_string(round)), RawInserts::unnest));
    postgres_runs.push_back(measure_push_server(settings, cluster.create_database("push_" + std::to_string(round)),
                                                "server on PostgreSQL, 1 node"));
    two_node_runs.push_back(measure_push_server(settings, cluster.create_database("two_" + std::to_string(round)),
                                                "PostgreSQL, 2 nodes + HAProxy", 2));
    sqlite_runs.push_back(measure_push_server(settings, "", "server on SQLite"));
    std::printf("round %d: raw PostgreSQL per row %.0f/s, unnest %.0f/s, PostgreSQL 1 node %.0f/s, 2 nodes %.0f/s,"
                " SQLite %.0f/s\n",
                round + 1, raw_runs.back().per_second(), unnest_runs.back().per_second(), postgres_runs.back().per_second(),
                two_node_runs.back().per_second(), sqlite_runs.back().per_second());
  }
  const Measurement raw = median(raw_runs);
  const Measurement unnest = median(unnest_runs);
  const Measurement postgres = median(postgres_runs);
  const Measurement two_nodes = median(two_node_runs);
  const Measurement sqlite = median(sqlite_runs);
  std::printf("\n");
  print_header();
  print_row(raw);
  print_row(unnest);
  print_row(postgres);
  print_row(two_nodes);
  print_row(sqlite);
  std::printf("\nratios (medians): 1 node / raw per row %.0f %%, 1 node / raw unnest %.0f %%, 2 nodes / raw unnest %.0f %%,"
              " 2 nodes / 1 node %.0f %%, 1 node / SQLite %.0f %%\n",
              100 * postgres.per_second() / raw.per_second(), 100 * postgres.per_second() / unnest.per_second(),
              100 * two_nodes.per_second() / unnest.per_second(), 100 * two_nodes.per_second() / postgres.per_second(),
              100 * postgres.per_second() / sqlite.per_second());
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
