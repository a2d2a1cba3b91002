#include "cli/cli_options.hpp"

#include <string_view>

namespace faltlogg::client::cli {

namespace {

struct CommandSpec {
  std::set<std::string, std::less<>> valueOptions;
  std::set<std::string, std::less<>> flagOptions;
};

const std::map<std::string, CommandSpec, std::less<>>& commands() {
  static const std::map<std::string, CommandSpec, std::less<>> specs = {
      {"init", {{"max-attempts"}, {"passphrase-stdin", "json"}}},
      {"add", {{"form", "version", "json"}, {"passphrase-stdin"}}},
      {"edit", {{"id", "json"}, {"passphrase-stdin"}}},
      {"delete", {{"id"}, {"passphrase-stdin"}}},
      {"list", {{}, {"json", "include-deleted", "passphrase-stdin"}}},
      {"sync",
       {{"server", "ca", "username", "device-name", "max-attempts", "retry-base-ms", "retry-max-ms", "batch-size",
         "timeout-ms"},
        {"password-stdin", "passphrase-stdin", "json"}}},
      {"status", {{}, {"json"}}},
      {"change-passphrase", {{}, {"passphrase-stdin", "json"}}},
  };
  return specs;
}

core::Problem usageProblem(std::string detail) {
  return core::make_problem("usage", 2, "Invalid command line", std::move(detail));
}

}  // namespace

std::optional<std::string> CliOptions::value(std::string_view name) const {
  if (auto it = values.find(name); it != values.end()) {
    return it->second;
  }
  return std::nullopt;
}

core::Result<CliOptions> parseCommandLine(const std::vector<std::string>& args) {
  CliOptions options;
  std::size_t i = 0;
  for (; i < args.size() && args[i].starts_with("--"); ++i) {
    if (args[i] == "--store" && i + 1 < args.size()) {
      options.storeDir = args[++i];
    } else {
      return usageProblem("unknown global option " + args[i]);
    }
  }
  if (options.storeDir.empty()) {
    return usageProblem("--store DIR is required");
  }
  if (i >= args.size()) {
    return usageProblem("a command is required");
  }
  options.command = args[i++];
  const auto spec = commands().find(options.command);
  if (spec == commands().end()) {
    return usageProblem("unknown command " + options.command);
  }
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!arg.starts_with("--")) {
      return usageProblem("unexpected argument " + arg);
    }
    const std::string name = arg.substr(2);
    // "--json" is a value for add/edit (the field values) and a flag elsewhere (machine-readable output).
    if (spec->second.valueOptions.contains(name)) {
      if (i + 1 >= args.size()) {
        return usageProblem(arg + " needs a value");
      }
      options.values[name] = args[++i];
    } else if (spec->second.flagOptions.contains(name)) {
      options.flags.insert(name);
    } else {
      return usageProblem("unknown option " + arg + " for " + options.command);
    }
  }
  return options;
}

std::string usageText() {
  return R"(usage: faltlogg-cli --store DIR <command> [options]

commands:
  init   [--passphrase-stdin] [--max-attempts N] [--json]
  add    --form FORM_ID [--version N] --json '{"occurred_at": "...", ...field values}'
  edit   --id ID --json '{...}'
  delete --id ID
  list   [--json] [--include-deleted]
  sync   --server https://HOST:PORT --ca CA.pem [--username U --password-stdin] [--device-name NAME]
         [--max-attempts N] [--retry-base-ms MS] [--retry-max-ms MS] [--batch-size N] [--timeout-ms MS] [--json]
  status [--json]
  change-passphrase [--passphrase-stdin] [--json]
         (the current passphrase as below, then the new one on the next line of stdin; the data key is
         wrapped again in one transaction, so records are not re-encrypted and a crash leaves one of the two)

With --passphrase-stdin the passphrase is the first line of stdin; otherwise it comes from FALTLOGG_PASSPHRASE,
or from stdin when that is unset. For sync, the password is the next line of stdin (after the passphrase, if
that is read from stdin too). The password
is only needed for the first sync; later syncs use the server token sealed in the store.
Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid record, 4 wrong passphrase/store destroyed, 5 sync failed,
6 device revoked (store wiped).
)";
}

}  // namespace faltlogg::client::cli
