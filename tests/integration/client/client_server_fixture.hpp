// Fixture for client integration tests: the real faltlogg-server (ServerProcess) with one field worker,
// and helpers that drive faltlogg-cli against it or fill a store through the library directly.
#pragma once

#include "cli_runner.hpp"
#include "server_process.hpp"
#include "store/local_store.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace faltlogg::client::testing {

class ClientServerTest : public ::testing::Test {
 protected:
  static constexpr const char* kPassphrase = "integration passphrase";
  static constexpr const char* kUser = "falt.anna";
  static constexpr const char* kPassword = "password-123";

  void SetUp() override;

  std::string storeDir(const std::string& name) const { return (server_.data_dir().parent_path() / name).string(); }
  CliResult cli(const std::vector<std::string>& args, const std::string& stdinText = "") const;
  void initStore(const std::string& dir) const;
  // faltlogg-cli sync with the password on stdin (used only if the store is not logged in yet).
  CliResult sync(const std::string& dir, std::uint16_t port, const std::vector<std::string>& extra = {}) const;
  CliResult sync(const std::string& dir) const { return sync(dir, server_.port()); }
  // A JSON object printed by faltlogg-cli (`sync --json`, `status --json`); fails the test otherwise.
  static boost::json::object parseObject(const std::string& text);
  // Record JSON for `add --json`, valid for the fixture's team (areas omr-1..3).
  static std::string recordJson(const std::string& notes, const std::string& area = "omr-1");
  // faltlogg-cli add of a field contact (`add --form faltkontakt --json JSON`); returns the new record's id.
  std::string addRecord(const std::string& dir, const std::string& json) const;
  // Creates n records through the library (as the app would), in the store at dir; their ids are appended to
  // `ids` when given.
  void addRecordsDirect(const std::string& dir, int n, const std::string& notes = "",
                        std::vector<std::string>* ids = nullptr) const;
  // The ids `list --json` shows, failing the test if any row is unreadable.
  std::multiset<std::string> listedIds(const std::string& dir) const;
  boost::json::object listJson(const std::string& dir) const;
  // What the server holds for the user: a brand-new device logs in and pulls everything.
  std::multiset<std::string> idsOnServer(const std::string& name = "verifier") const;

  faltlogg::test::ServerProcess server_;
  CliRunner runner_{server_.data_dir().parent_path() / "cli"};
};

}  // namespace faltlogg::client::testing
