#include "store/store_files.hpp"

#include <array>
#include <fstream>
#include <system_error>

namespace faltlogg::client {

std::vector<std::filesystem::path> StoreFiles::all() const {
  const auto db = database();
  return {db, db.string() + "-wal", db.string() + "-shm", db.string() + "-journal"};
}

bool StoreFiles::exists() const {
  std::error_code ec;
  return std::filesystem::exists(database(), ec);
}

void StoreFiles::destroy() const {
  for (const auto& file : all()) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
      continue;  // not present
    }
    {
      std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
      const std::array<char, 4096> zeros{};
      for (std::uintmax_t written = 0; out && written < size; written += zeros.size()) {
        out.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
      }
      out.flush();
    }
    std::filesystem::remove(file, ec);
  }
}

}  // namespace faltlogg::client
