// An exclusive lock on DATA_DIR/server.lock (flock), held by a running faltlogg-server: a second server on the
// same directory refuses to start, and 'faltlogg-admin restore' refuses to replace a store in use.
#pragma once

#include <filesystem>
#include <optional>

namespace faltlogg::server {

class DataDirLock {
 public:
  // nullopt when another process holds the lock.
  static std::optional<DataDirLock> try_acquire(const std::filesystem::path& data_dir);
  ~DataDirLock();
  DataDirLock(DataDirLock&& other) noexcept;
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace faltlogg::server
