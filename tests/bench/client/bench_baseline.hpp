// The baseline every client benchmark is compared with in the same run: plain, unencrypted SQLite holding
// the same record JSON, with the same journal and sync settings as the store.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace faltlogg::client::bench {

struct PlainRow {
  std::string id;
  std::string json;
};

class PlainSqlite {
 public:
  explicit PlainSqlite(const std::filesystem::path& file);
  // One row per transaction, like a save; returns the duration of each in milliseconds.
  std::vector<double> insertEach(const std::vector<PlainRow>& rows);
  // Rows in transactions of `batch`; returns total milliseconds.
  double insertBatched(const std::vector<PlainRow>& rows, std::size_t batch);
  // Selects every row and parses its JSON (the work a list does, minus the decryption); milliseconds.
  double selectAndParseAll(std::size_t& rowsSeen);

 private:
  std::filesystem::path file_;
};

}  // namespace faltlogg::client::bench
