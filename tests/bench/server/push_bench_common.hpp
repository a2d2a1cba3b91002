// What the push benchmarks share: settings, one measurement, the record they push, and one server node's
// push ingest over TLS loopback (SQLite, or PostgreSQL when a store URI is given).
#pragma once

#include "faltlogg/core/record.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace faltlogg::server {
class Store;
}

namespace faltlogg::bench {

// One district, team, field worker and device in a fresh store, for the baselines' rows; aborts with a
// message if the store refuses any of them.
struct BenchAuthor {
  std::string user_id;
  std::string device_id;
  std::string team_id;
};
BenchAuthor add_bench_author(server::Store& store);

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
  // Bytes the writing process(es) sent to the disk for these records (/proc/PID/io write_bytes), the
  // final WAL checkpoint included; 0 where not measured (PostgreSQL).
  std::uint64_t disk_bytes = 0;
  double cpu_seconds = 0;  // CPU time of the server process (or of the baseline) while it ingested

  double per_second() const { return seconds > 0 ? static_cast<double>(records) / seconds : 0; }
  double cpu_ms_per_batch() const { return batch_ms.empty() ? 0 : cpu_seconds * 1000.0 / static_cast<double>(batch_ms.size()); }
  double kb_per_record() const {
    return records > 0 ? static_cast<double>(disk_bytes) / 1024.0 / static_cast<double>(records) : 0;
  }
  double percentile(double p) const {
    if (batch_ms.empty()) return 0;
    std::vector<double> sorted = batch_ms;
    std::sort(sorted.begin(), sorted.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(index, sorted.size() - 1)];
  }
};

// The same realistic field contact for every path; only id and hlc differ per row.
core::Record make_record(const std::string& node, std::uint32_t counter);

// /proc/PID/io write_bytes of a process (0 if unreadable); PID 0: this process.
std::uint64_t process_write_bytes(int pid);
// User + system CPU seconds of a process so far (/proc/PID/stat); PID 0: this process.
double process_cpu_seconds(int pid);

// `clients` concurrent HTTPS clients pushing prepared batches to one faltlogg-server; store_uri empty: SQLite,
// then disk_bytes is what the server wrote plus the final TRUNCATE checkpoint this process runs after the
// pushes (before group commit SQLite checkpointed on the push path, now a thread does it: both counted).
// With FALTLOGG_BENCH_PERF=FILE in the environment, `perf record -g` samples the server during the pushes.
// nodes = 2 (PostgreSQL only): a second node on the same database and HAProxy in front of both; the clients
// push through the proxy and cpu_seconds is both nodes' CPU.
Measurement measure_push_server(const Settings& settings, const std::string& store_uri, const std::string& label,
                                int nodes = 1);

void print_header();
void print_row(const Measurement& m);
// The median run by records/s: alternating rounds keep a burst of outside load from deciding a ratio.
Measurement median(std::vector<Measurement> runs);

}  // namespace faltlogg::bench
