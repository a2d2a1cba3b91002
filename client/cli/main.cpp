// faltlogg-cli: the command-line client on the same library as the tablet app (scripts, support, tests).
#include "cli/cli_commands.hpp"
#include "cli/cli_options.hpp"

#include <QCoreApplication>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  using namespace faltlogg::client::cli;
  QCoreApplication app(argc, argv);  // the sync engine's network stack needs an application object
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << usageText();
    return kExitOk;
  }
  CliIo io{std::cin, std::cout, std::cerr};
  auto options = parseCommandLine(args);
  if (!options) {
    std::cerr << "error: " << options.problem().detail << "\n\n" << usageText();
    return kExitUsage;
  }
  const std::string& command = options->command;
  try {
    if (command == "init") return runInit(*options, io);
    if (command == "add") return runAdd(*options, io);
    if (command == "edit") return runEdit(*options, io);
    if (command == "delete") return runDelete(*options, io);
    if (command == "list") return runList(*options, io);
    if (command == "status") return runStatus(*options, io);
    if (command == "sync") return runSync(*options, io);
    if (command == "change-passphrase") return runChangePassphrase(*options, io);
  } catch (const std::exception& error) {
    // Exceptions are bugs or start-up failures (e.g. libsodium cannot start): say so, never a stack dump.
    std::cerr << "error: internal failure: " << error.what() << "\n";
    return kExitFailure;
  }
  std::cerr << "error: unknown command " << command << "\n";
  return kExitUsage;
}
