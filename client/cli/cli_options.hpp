// faltlogg-cli's command line: `faltlogg-cli --store DIR <command> [--option value | --flag]...`.
#pragma once

#include "faltlogg/core/result.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace faltlogg::client::cli {

// Exit codes scripts can rely on.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,       // storage or other local failure
  kExitUsage = 2,         // bad command line
  kExitInvalid = 3,       // the record failed validation; nothing was saved
  kExitLocked = 4,        // wrong passphrase, or the store was destroyed at the attempt limit
  kExitSyncFailed = 5,    // the sync did not complete (offline, server error, login needed)
  kExitRevoked = 6,       // the device was revoked; the store has been wiped
};

struct CliOptions {
  std::string storeDir;
  std::string command;
  std::map<std::string, std::string, std::less<>> values;  // --name value
  std::set<std::string, std::less<>> flags;                // --name

  bool flag(std::string_view name) const { return flags.contains(name); }
  std::optional<std::string> value(std::string_view name) const;
};

// Knows which options take a value and which are flags, per command; unknown ones are refused.
core::Result<CliOptions> parseCommandLine(const std::vector<std::string>& args);
std::string usageText();

}  // namespace faltlogg::client::cli
