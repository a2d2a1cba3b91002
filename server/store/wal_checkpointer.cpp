#include "store/wal_checkpointer.hpp"

namespace faltlogg::server {

WalCheckpointer::WalCheckpointer(const std::filesystem::path& file, sqlite::Connection& writer, Options options)
    : writer_(writer),
      connection_(file, sqlite::Connection::Mode::read_write_create),
      options_(options),
      last_commit_(std::chrono::steady_clock::now()) {
  // Replaces SQLite's automatic checkpoint hook (sqlite3_wal_autocheckpoint is one too).
  sqlite3_wal_hook(writer_.raw(), &WalCheckpointer::on_commit, this);
  // A checkpoint waits for no one: a busy database is tried again at the next wake-up.
  sqlite3_busy_timeout(connection_.raw(), 0);
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_hook(writer_.raw(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

int WalCheckpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  bool wake = false;
  {
    std::lock_guard lock(checkpointer->mutex_);
    checkpointer->commits_since_ = true;
    checkpointer->last_commit_ = std::chrono::steady_clock::now();
    if (wal_pages >= checkpointer->options_.passive_after_pages && !checkpointer->wal_large_) {
      checkpointer->wal_large_ = true;
      wake = true;
    }
  }
  if (wake) checkpointer->wake_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, options_.idle_after, [this] { return stopping_ || wal_large_; });
    if (stopping_) break;
    const bool idle = commits_since_ && std::chrono::steady_clock::now() - last_commit_ >= options_.idle_after;
    if (!wal_large_ && !idle) continue;
    const bool truncate = idle && !wal_large_;
    wal_large_ = false;
    if (truncate) commits_since_ = false;
    lock.unlock();
    checkpoint(truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE);
    lock.lock();
  }
}

void WalCheckpointer::checkpoint(int mode) {
  // SQLITE_BUSY (a reader or the writer in the way) only means "not all of it now": the idle TRUNCATE is
  // tried again a second later, and SQLite checkpoints what is left when the last connection closes. Any
  // other error (I/O) shows again at the next commit, which reports it to its caller.
  int wal_pages = 0;
  int copied = 0;
  const int rc = sqlite3_wal_checkpoint_v2(connection_.raw(), nullptr, mode, &wal_pages, &copied);
  if (rc != SQLITE_OK || copied < wal_pages) {
    std::lock_guard lock(mutex_);
    commits_since_ = true;
  }
}

}  // namespace faltlogg::server
