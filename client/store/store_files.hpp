// Where a user's store lives on disk, and how it is destroyed (wrong-passphrase limit, revoked device).
#pragma once

#include <filesystem>
#include <vector>

namespace faltlogg::client {

struct StoreFiles {
  std::filesystem::path directory;

  std::filesystem::path database() const { return directory / "store.sqlite"; }
  // The database and SQLite's companions (write-ahead log, shared-memory index, rollback journal).
  std::vector<std::filesystem::path> all() const;
  bool exists() const;
  // Overwrites each file with zeros, then unlinks it. The data key is wrapped inside the database, so
  // once its bytes are gone the sealed payloads cannot be opened even from a copy of the flash blocks
  // the overwrite could not reach.
  void destroy() const;
};

}  // namespace faltlogg::client
