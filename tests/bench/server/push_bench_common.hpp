// What the push benchmarks share: settings, one measurement, the record they push, and one server node's
// push ingest over TLS loopback (SQLite, or PostgreSQL when a store URI is given).
#pragma once

#include "faltlogg/core/record.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace faltlogg::bench {

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

// The same realistic field contact for every path; only id and hlc differ per row.
core::Record make_record(const std::string& node, std::uint32_t counter);

// `clients` concurrent HTTPS clients pushing prepared batches to one faltlogg-server; store_uri empty: SQLite.
Measurement measure_push_server(const Settings& settings, const std::string& store_uri, const std::string& label);

void print_header();
void print_row(const Measurement& m);
// The median run by records/s: alternating rounds keep a burst of outside load from deciding a ratio.
Measurement median(std::vector<Measurement> runs);

}  // namespace faltlogg::bench
