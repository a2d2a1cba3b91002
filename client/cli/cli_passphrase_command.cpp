// faltlogg-cli change-passphrase: the current passphrase unwraps the data key, the new one wraps it again.
// Records are never re-encrypted (they are sealed with the data key, not the passphrase), so the change is
// one small transaction: a kill at any moment leaves the old or the new passphrase working.
#include "cli/cli_commands.hpp"

#include "faltlogg/core/json.hpp"

#include <cstdlib>
#include <iostream>

namespace faltlogg::client::cli {

namespace {

constexpr std::size_t kMinimumPassphraseBytes = 8;

// FALTLOGG_CLI_FAIL_POINT=rewrapped|committed ends the process at that step (tests kill it midway).
void failPoint(std::string_view step) {
  const char* armed = std::getenv("FALTLOGG_CLI_FAIL_POINT");
  if (armed != nullptr && step == armed) {
    std::cerr << "fail point " << step << " reached\n";
    std::_Exit(86);
  }
}

core::Problem usage(std::string detail) { return core::make_problem("usage", 2, "Invalid new passphrase", std::move(detail)); }

}  // namespace

int runChangePassphrase(const CliOptions& options, CliIo& io) {
  auto store = LocalStore::open(options.storeDir, LocalStore::OpenMode::openExisting);
  if (!store) return printProblem(io, store.problem(), kExitFailure);
  const auto current = readPassphrase(options, io);
  if (!current || current->empty()) {
    return printProblem(io, core::make_problem("usage", 2, "No passphrase",
                                               "give the current passphrase (first line of stdin or "
                                               "FALTLOGG_PASSPHRASE), then the new one on the next line"),
                        kExitUsage);
  }
  // The new passphrase only ever comes from stdin: never on the command line or in the environment.
  const auto replacement = readLine(io);
  if (!replacement || replacement->empty()) {
    return printProblem(io, usage("give the new passphrase on the next line of stdin"), kExitUsage);
  }
  if (replacement->size() < kMinimumPassphraseBytes) {
    return printProblem(io, usage("the new passphrase needs at least 8 characters; a few ordinary words in a row "
                                  "are easy to remember and hard to guess"),
                        kExitUsage);
  }
  if (*replacement == *current) {
    return printProblem(io, usage("the new passphrase is the same as the current one"), kExitUsage);
  }
  if (auto status = store.value()->unlock(*current); !status) {
    return printProblem(io, status.problem(), kExitLocked);  // counted like any wrong attempt
  }
  if (auto status = store.value()->vault().rewrap(*replacement, failPoint); !status) {
    return printProblem(io, status.problem(), kExitFailure);  // the old passphrase still works
  }
  if (options.flag("json")) {
    io.out << core::to_json_text(boost::json::object{{"store", options.storeDir}, {"passphrase_changed", true}})
           << "\n";
  } else {
    io.out << "The passphrase was changed. The old one no longer opens " << options.storeDir << ".\n";
  }
  return kExitOk;
}

}  // namespace faltlogg::client::cli
