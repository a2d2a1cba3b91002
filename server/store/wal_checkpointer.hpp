// WAL checkpoints off the push path (decision 0080). SQLite's automatic checkpoint runs inside the COMMIT
// that crosses 1 000 WAL pages, so one push in a thousand pages paid for copying the WAL into the database
// and fsyncing it. Here the writer connection only reports its WAL size after each commit; a thread with
// its own connection runs PASSIVE checkpoints (they never block the writer) when the WAL has grown, and a
// TRUNCATE checkpoint once the store has been idle, so the WAL file shrinks back between bursts.
#pragma once

#include "store/sqlite_db.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace faltlogg::server {

class WalCheckpointer {
 public:
  struct Options {
    // 4x SQLite's default (16 MB of 4 KB pages): pages that many commits touch (index interior pages,
    // the sequence, audit head and rollup rows) are copied into the database once per checkpoint, not
    // once per 1 000 pages of WAL (decision 0080 has the bytes per record).
    int passive_after_pages = 4000;
    std::chrono::milliseconds idle_after{1000};
  };

  // Takes over checkpoints of `writer` (turns its automatic checkpoints off). Stops in the destructor,
  // which must run before `writer` closes.
  WalCheckpointer(const std::filesystem::path& file, sqlite::Connection& writer, Options options);
  WalCheckpointer(const std::filesystem::path& file, sqlite::Connection& writer)
      : WalCheckpointer(file, writer, Options{}) {}
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();
  void checkpoint(int mode);

  sqlite::Connection& writer_;
  sqlite::Connection connection_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool wal_large_ = false;       // the WAL crossed passive_after_pages since the last checkpoint
  bool commits_since_ = false;   // any commit since the last TRUNCATE
  std::chrono::steady_clock::time_point last_commit_;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace faltlogg::server
