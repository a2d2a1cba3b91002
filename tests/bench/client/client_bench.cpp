// Client benchmarks, each beside its baseline measured in the same run (bench_baseline.hpp):
//   save      seal + commit of one record per transaction, p50/p99       vs plain SQLite insert per transaction
//   list      open/decrypt/parse of N records (listRecords)              vs plain SQLite select + JSON parse
//   sync      end-to-end push (+ pull-back) and a fresh device's pull    vs plain SQLite insert in 500-row
//             of N records against the real faltlogg-server                 transactions + select of the same rows
// Usage: faltlogg-client-bench [--save N] [--list N] [--sync N]   (0 skips a part)
//        faltlogg-client-bench --cli-sync N --docs FILE   (the Fältlogg half of tests/bench/pouchdb)
#include "bench_baseline.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "server_process.hpp"
#include "store/local_store.hpp"
#include "sync/server_api.hpp"
#include "sync/sync_engine.hpp"

#include <QCoreApplication>
#include <QEventLoop>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <unistd.h>

namespace faltlogg::client::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kPassphrase = "benchmark passphrase";

double millisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0.0 : values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

std::string fixed(double value, int decimals = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", decimals, value);
  return buffer;
}

void printRow(const std::string& what, double ours, double baseline, const std::string& unit) {
  std::printf("| %-44s | %12s %-4s | %12s %-4s | %7sx |\n", what.c_str(), fixed(ours).c_str(), unit.c_str(),
              fixed(baseline).c_str(), unit.c_str(), fixed(baseline > 0 ? ours / baseline : 0.0, 1).c_str());
}

boost::json::object sampleData(int i) {
  return boost::json::object{
      {"duration_min", 1 + i % 600}, {"area_id", "omr-1"}, {"arena", "fritid"}, {"contact_kind", "relation"},
      {"youths", boost::json::object{{"pojke", boost::json::object{{"16_17", 2}}}, {"flicka", boost::json::object{{"13_15", 1}}}}},
      {"parents", 0}, {"concerns", boost::json::array{"skolfranvaro", "nikotin"}}, {"actions", boost::json::array{"samtal"}},
      {"partners", boost::json::array{"fritid"}}, {"in_pair", true},
      {"notes", "Pratade med gruppen vid fritidsgården om skolan och helgens planer; bokade uppföljning nästa vecka."}};
}

std::string occurredAt() { return core::format_rfc3339(core::now_millis() - 2 * 3600 * 1000); }

std::unique_ptr<LocalStore> freshStore(const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  auto store = LocalStore::open(dir, LocalStore::OpenMode::createNew, core::KdfStrength::test_fast);
  if (!store || !store.value()->initialize(kPassphrase)) {
    throw std::runtime_error("cannot create a benchmark store");
  }
  return std::move(store.value());
}

void fillStore(LocalStore& store, int n) {
  const std::string when = occurredAt();
  for (int first = 0; first < n; first += 5000) {
    std::vector<LocalStore::NewRecord> drafts;
    for (int i = first; i < std::min(n, first + 5000); ++i) {
      drafts.push_back({"faltkontakt", 1, when, sampleData(i)});
    }
    if (!store.createRecords(std::move(drafts))) {
      throw std::runtime_error("cannot fill the benchmark store");
    }
  }
}

std::vector<PlainRow> plainRows(int n) {
  std::vector<PlainRow> rows;
  const std::string when = occurredAt();
  for (int i = 0; i < n; ++i) {
    core::Record record{core::make_uuid_v4(), "faltkontakt", 1, "2026-11-27T10:00:00.000Z/0000/bench", false, when,
                        sampleData(i)};
    rows.push_back({record.id, core::to_json_text(core::record_to_json(record))});
  }
  return rows;
}

void benchSave(const std::filesystem::path& root, int n) {
  auto store = freshStore(root / "save");
  std::vector<double> ours;
  const std::string when = occurredAt();
  for (int i = 0; i < n; ++i) {
    const auto start = Clock::now();
    if (!store->createRecord("faltkontakt", 1, when, sampleData(i))) {
      throw std::runtime_error("save failed");
    }
    ours.push_back(millisSince(start));
  }
  PlainSqlite plain(root / "save-plain.sqlite");
  const auto baseline = plain.insertEach(plainRows(n));
  printRow("save (seal + commit) p50, n=" + std::to_string(n), percentile(ours, 0.5), percentile(baseline, 0.5), "ms");
  printRow("save (seal + commit) p99, n=" + std::to_string(n), percentile(ours, 0.99), percentile(baseline, 0.99), "ms");
}

void benchList(const std::filesystem::path& root, int n) {
  auto store = freshStore(root / "list");
  fillStore(*store, n);
  PlainSqlite plain(root / "list-plain.sqlite");
  plain.insertBatched(plainRows(n), 1000);
  std::vector<double> ours;
  std::vector<double> baseline;
  for (int run = 0; run < 3; ++run) {
    const auto start = Clock::now();
    const auto listing = store->listRecords();
    ours.push_back(millisSince(start));
    if (listing.records.size() != static_cast<std::size_t>(n)) {
      throw std::runtime_error("list returned the wrong count");
    }
    std::size_t seen = 0;
    baseline.push_back(plain.selectAndParseAll(seen));
  }
  printRow("list/decrypt " + std::to_string(n) + " records (median of 3)", percentile(ours, 0.5),
           percentile(baseline, 0.5), "ms");
  // Each unlock checks every row's bookkeeping MAC (decision 0093); the KDF is test_fast, so this is
  // mostly that scan. Beside it, the same plain select as above.
  std::vector<double> unlocks;
  for (int run = 0; run < 3; ++run) {
    store->lock();
    const auto start = Clock::now();
    if (!store->unlock(kPassphrase)) {
      throw std::runtime_error("unlock failed");
    }
    unlocks.push_back(millisSince(start));
  }
  printRow("unlock + MAC check of " + std::to_string(n) + " (median of 3)", percentile(unlocks, 0.5),
           percentile(baseline, 0.5), "ms");
}

// Runs one engine call to its end in a local event loop; returns milliseconds.
template <typename Start, typename Signal>
double runEngine(SyncEngine& engine, Signal signal, Start start) {
  bool ok = false;
  QEventLoop loop;
  auto connection = QObject::connect(&engine, signal, &loop, [&](bool success) {
    ok = success;
    loop.quit();
  });
  const auto begin = Clock::now();
  start();
  loop.exec();
  const double elapsed = millisSince(begin);
  QObject::disconnect(connection);
  if (!ok) {
    throw std::runtime_error("sync failed: " + engine.errorMessageEn().toStdString());
  }
  return elapsed;
}

void benchSync(const std::filesystem::path& root, int n) {
  faltlogg::test::ServerProcess server;
  server.add_user("bench.user", "field_worker", "Bench Team", "bench-password");
  server.start();
  const QUrl url(QString("https://127.0.0.1:%1").arg(server.port()));
  const QString ca = QString::fromStdString(server.ca_file());

  auto writer = freshStore(root / "sync-writer");
  fillStore(*writer, n);
  ServerApi writerApi(url, ca);
  (void)writerApi.configure();
  SyncEngine writerEngine(*writer, writerApi);
  runEngine(writerEngine, &SyncEngine::loginFinished, [&] { writerEngine.login("bench.user", "bench-password", "w"); });
  // Progress reaches 1.0 when the last batch is acknowledged; the rest of the run pulls our records back.
  Clock::time_point pushStart;
  double pushOnlyMs = 0;
  QObject::connect(&writerEngine, &SyncEngine::progressChanged, [&] {
    if (writerEngine.progress() >= 1.0 && pushOnlyMs == 0) {
      pushOnlyMs = millisSince(pushStart);
    }
  });
  const double pushMs = runEngine(writerEngine, &SyncEngine::finished, [&] {
    pushStart = Clock::now();
    writerEngine.syncNow();
  });

  auto reader = freshStore(root / "sync-reader");
  ServerApi readerApi(url, ca);
  (void)readerApi.configure();
  SyncEngine readerEngine(*reader, readerApi);
  runEngine(readerEngine, &SyncEngine::loginFinished, [&] { readerEngine.login("bench.user", "bench-password", "r"); });
  const double pullMs = runEngine(readerEngine, &SyncEngine::finished, [&] { readerEngine.syncNow(); });
  if (reader->counts()->total != n) {
    throw std::runtime_error("the reader did not receive every record");
  }

  PlainSqlite plain(root / "sync-plain.sqlite");
  const auto rows = plainRows(n);
  const double plainInsertMs = plain.insertBatched(rows, 500);
  std::size_t seen = 0;
  const double plainSelectMs = plain.selectAndParseAll(seen);
  const std::string count = std::to_string(n);
  printRow("sync: push " + count + " (s)", pushOnlyMs / 1000, plainInsertMs / 1000, "s");
  printRow("sync: push " + count + " + pull them back (s)", pushMs / 1000, (plainInsertMs + plainSelectMs) / 1000, "s");
  printRow("sync: fresh device pulls " + count + " (s)", pullMs / 1000, plainInsertMs / 1000, "s");
}

// Runs faltlogg-cli as a tablet would (its own process, its own store file); returns its --json answer.
boost::json::object runCli(const std::filesystem::path& store, const std::string& url, const std::string& ca) {
  const std::string command = "printf 'bench-password\\n' | FALTLOGG_KDF=test_fast FALTLOGG_PASSPHRASE='" +
                              std::string(kPassphrase) + "' '" + FALTLOGG_CLI_BINARY + "' --store '" + store.string() +
                              "' sync --server " + url + " --ca '" + ca +
                              "' --username bench.user --password-stdin --json";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, got);
    if (::pclose(pipe) != 0) throw std::runtime_error("faltlogg-cli sync failed: " + out);
  }
  auto json = core::parse_json(out);
  if (!json || !json->is_object()) throw std::runtime_error("faltlogg-cli answered no JSON: " + out);
  return json->as_object();
}

// The Fältlogg half of tests/bench/pouchdb: a device pushes n records with faltlogg-cli (a prior login run
// is not timed), a fresh device pulls them. Writes the documents as NDJSON for PouchDB to load, so both
// sides sync the same documents. Prints "push_ms=… pull_ms=…" for run.sh.
void benchCliSync(const std::filesystem::path& root, int n, const std::string& docsFile) {
  faltlogg::test::ServerProcess server;
  server.add_user("bench.user", "field_worker", "Bench Team", "bench-password");
  server.start();
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port());
  {
    freshStore(root / "cli-writer").reset();
    (void)runCli(root / "cli-writer", url, server.ca_file());  // login only: nothing to push yet
    auto writer =
        LocalStore::open(root / "cli-writer", LocalStore::OpenMode::openExisting, core::KdfStrength::test_fast).value();
    if (!writer->unlock(kPassphrase)) throw std::runtime_error("cannot unlock the writer store");
    fillStore(*writer, n);
    std::ofstream docs(docsFile);
    for (const auto& stored : writer->listRecords().records) {
      docs << core::to_json_text(core::record_to_json(stored.record)) << "\n";
    }
  }
  const auto pushed = runCli(root / "cli-writer", url, server.ca_file());
  freshStore(root / "cli-reader");
  const auto pulled = runCli(root / "cli-reader", url, server.ca_file());
  if (pushed.at("pushed").as_int64() != n || pulled.at("pulled").as_int64() != n) {
    throw std::runtime_error("the CLI did not push and pull every record");
  }
  const auto pushMs = pushed.at("push_ms").as_int64();
  const auto pullMs = pulled.at("pull_ms").as_int64();
  const auto& push = pushed.at("timings").as_object();
  const auto& pull = pulled.at("timings").as_object();
  const auto per = [](const boost::json::object& t, const char* key, const char* count) {
    const auto n = std::max<std::int64_t>(1, t.at(count).as_int64());
    return fixed(static_cast<double>(t.at(key).as_int64()) / static_cast<double>(n), 1);
  };
  const auto wall = [](std::int64_t ms, const boost::json::object& t, const char* count) {
    return fixed(static_cast<double>(ms) / static_cast<double>(std::max<std::int64_t>(1, t.at(count).as_int64())), 1);
  };
  std::printf("per push batch (%lld batches): wall %s ms = prepare %s + round trip %s (two overlap) + apply %s\n",
              static_cast<long long>(push.at("push_batches").as_int64()), wall(pushMs, push, "push_batches").c_str(),
              per(push, "push_prepare_ms", "push_batches").c_str(),
              per(push, "push_round_trip_ms", "push_batches").c_str(),
              per(push, "push_apply_ms", "push_batches").c_str());
  std::printf("per pull page (%lld pages): wall %s ms = round trip %s (the next one overlaps) + apply %s\n",
              static_cast<long long>(pull.at("pull_pages").as_int64()), wall(pullMs, pull, "pull_pages").c_str(),
              per(pull, "pull_round_trip_ms", "pull_pages").c_str(), per(pull, "pull_apply_ms", "pull_pages").c_str());
  std::printf("push_ms=%lld pull_ms=%lld\n", static_cast<long long>(pushMs), static_cast<long long>(pullMs));
}

}  // namespace
}  // namespace faltlogg::client::bench

int main(int argc, char** argv) {
  using namespace faltlogg::client::bench;
  QCoreApplication app(argc, argv);
  int saves = 2000;
  int lists = 10000;
  int syncs = 100000;
  int cliSyncs = 0;
  std::string docsFile;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name == "--docs") {
      docsFile = argv[i + 1];
      continue;
    }
    const int value = std::stoi(argv[i + 1]);
    if (name == "--save") saves = value;
    else if (name == "--list") lists = value;
    else if (name == "--sync") syncs = value;
    else if (name == "--cli-sync") cliSyncs = value;
  }
  const auto root = std::filesystem::temp_directory_path() / ("faltlogg-client-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root);
  if (cliSyncs > 0) {
    try {
      benchCliSync(root, cliSyncs, docsFile.empty() ? (root / "docs.ndjson").string() : docsFile);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "benchmark failed: %s\n", error.what());
      std::filesystem::remove_all(root);
      return 1;
    }
    std::filesystem::remove_all(root);
    return 0;
  }
  std::printf("| %-44s | %17s | %17s | %8s |\n", "measurement", "Fältlogg client", "plain SQLite", "ratio");
  std::printf("|%s|%s|%s|%s|\n", std::string(46, '-').c_str(), std::string(19, '-').c_str(),
              std::string(19, '-').c_str(), std::string(10, '-').c_str());
  int status = 0;
  try {
    if (saves > 0) benchSave(root, saves);
    if (lists > 0) benchList(root, lists);
    if (syncs > 0) benchSync(root, syncs);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "benchmark failed: %s\n", error.what());
    status = 1;
  }
  std::filesystem::remove_all(root);
  return status;
}
