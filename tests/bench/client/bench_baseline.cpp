#include "bench_baseline.hpp"

#include "faltlogg/core/json.hpp"
#include "store/sqlite_database.hpp"

#include <chrono>
#include <stdexcept>

namespace faltlogg::client::bench {

namespace {

using Clock = std::chrono::steady_clock;

double millisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

SqliteDatabase openPlain(const std::filesystem::path& file) {
  auto db = SqliteDatabase::open(file, true);
  if (!db) {
    throw std::runtime_error(db.problem().detail);
  }
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                          "CREATE TABLE IF NOT EXISTS plain (id TEXT PRIMARY KEY, json TEXT NOT NULL)"}) {
    if (!db->exec(sql)) {
      throw std::runtime_error("baseline schema failed");
    }
  }
  return std::move(db.value());
}

}  // namespace

PlainSqlite::PlainSqlite(const std::filesystem::path& file) : file_(file) { (void)openPlain(file_); }

std::vector<double> PlainSqlite::insertEach(const std::vector<PlainRow>& rows) {
  auto db = openPlain(file_);
  std::vector<double> durations;
  for (const auto& row : rows) {
    const auto start = Clock::now();
    SqliteTransaction tx(db);
    auto insert = db.prepare("INSERT INTO plain (id, json) VALUES (?1, ?2)");
    insert->bind(1, row.id);
    insert->bind(2, row.json);
    if (!insert->run() || !tx.commit()) {
      throw std::runtime_error("baseline insert failed");
    }
    durations.push_back(millisSince(start));
  }
  return durations;
}

double PlainSqlite::insertBatched(const std::vector<PlainRow>& rows, std::size_t batch) {
  auto db = openPlain(file_);
  const auto start = Clock::now();
  for (std::size_t first = 0; first < rows.size(); first += batch) {
    SqliteTransaction tx(db);
    auto insert = db.prepare("INSERT INTO plain (id, json) VALUES (?1, ?2)");
    for (std::size_t i = first; i < std::min(rows.size(), first + batch); ++i) {
      insert->bind(1, rows[i].id);
      insert->bind(2, rows[i].json);
      if (!insert->run()) {
        throw std::runtime_error("baseline insert failed");
      }
      insert->reset();
    }
    if (!tx.commit()) {
      throw std::runtime_error("baseline commit failed");
    }
  }
  return millisSince(start);
}

double PlainSqlite::selectAndParseAll(std::size_t& rowsSeen) {
  auto db = openPlain(file_);
  const auto start = Clock::now();
  auto select = db.prepare("SELECT id, json FROM plain");
  rowsSeen = 0;
  for (auto row = select->step(); row && row.value(); row = select->step()) {
    auto json = core::parse_json(select->columnText(1));
    rowsSeen += json.ok() ? 1 : 0;
  }
  return millisSince(start);
}

}  // namespace faltlogg::client::bench
