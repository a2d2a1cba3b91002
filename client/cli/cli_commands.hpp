// The commands of faltlogg-cli. Each returns the process exit code and writes results to `out`,
// problems to `err`; nothing here prints field values or notes except `list`, which the user asked for.
#pragma once

#include "cli/cli_options.hpp"
#include "store/local_store.hpp"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace faltlogg::client::cli {

struct CliIo {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

// The next line of stdin when --passphrase-stdin is given, else FALTLOGG_PASSPHRASE, else stdin after all.
std::optional<std::string> readPassphrase(const CliOptions& options, CliIo& io);
std::optional<std::string> readLine(CliIo& io);

int printProblem(CliIo& io, const core::Problem& problem, int exitCode);
// Opens the existing store and unlocks it; on failure prints why and sets exitCode.
std::unique_ptr<LocalStore> openUnlockedStore(const CliOptions& options, CliIo& io, int& exitCode);

int runInit(const CliOptions& options, CliIo& io);
int runAdd(const CliOptions& options, CliIo& io);
int runEdit(const CliOptions& options, CliIo& io);
int runDelete(const CliOptions& options, CliIo& io);
int runList(const CliOptions& options, CliIo& io);
int runStatus(const CliOptions& options, CliIo& io);
int runSync(const CliOptions& options, CliIo& io);  // cli_sync_command.cpp
int runChangePassphrase(const CliOptions& options, CliIo& io);  // cli_passphrase_command.cpp

}  // namespace faltlogg::client::cli
