// `faltlogg-cli sync`: runs the library's SyncEngine in a Qt event loop until it finishes.
#include "cli/cli_commands.hpp"

#include "faltlogg/core/json.hpp"
#include "sync/server_api.hpp"
#include "sync/sync_engine.hpp"

#include <QCoreApplication>
#include <QEventLoop>
#include <QSysInfo>

#include <iostream>

namespace faltlogg::client::cli {

namespace {

std::optional<int> intOption(const CliOptions& options, std::string_view name, CliIo& io, bool& bad) {
  auto text = options.value(name);
  if (!text) {
    return std::nullopt;
  }
  try {
    return std::stoi(*text);
  } catch (const std::exception&) {
    io.err << "error: --" << name << " needs a number\n";
    bad = true;
    return std::nullopt;
  }
}

// Runs the engine's login, waiting in a local event loop; true when logged in.
bool loginOnce(SyncEngine& engine, const CliOptions& options, CliIo& io) {
  const auto username = options.value("username");
  if (!username || !options.flag("password-stdin")) {
    io.err << "error: not logged in yet; give --username and --password-stdin for the first sync [login_required]\n";
    return false;
  }
  const auto password = readLine(io);
  if (!password || password->empty()) {
    io.err << "error: no password on stdin [usage]\n";
    return false;
  }
  const QString deviceName =
      QString::fromStdString(options.value("device-name").value_or(QSysInfo::machineHostName().toStdString()));
  bool ok = false;
  QEventLoop loop;
  QObject::connect(&engine, &SyncEngine::loginFinished, &loop, [&](bool success) {
    ok = success;
    loop.quit();
  });
  engine.login(QString::fromStdString(*username), QString::fromStdString(*password), deviceName);
  loop.exec();
  return ok;
}

boost::json::object timingsJson(const SyncTimings& t) {
  return {{"push_batches", t.pushBatches},           {"push_prepare_ms", t.pushPrepareMs},
          {"push_round_trip_ms", t.pushRoundTripMs}, {"push_apply_ms", t.pushApplyMs},
          {"pull_pages", t.pullPages},               {"pull_round_trip_ms", t.pullRoundTripMs},
          {"pull_apply_ms", t.pullApplyMs}};
}

int reportEngineFailure(SyncEngine& engine, CliIo& io, bool json) {
  const std::string code = engine.errorCode().toStdString();
  if (json) {
    io.out << core::to_json_text(boost::json::object{{"ok", false},
                                                     {"code", code},
                                                     {"message", engine.errorMessageEn().toStdString()},
                                                     {"pushed", engine.pushedThisRun()},
                                                     {"pulled", engine.pulledThisRun()},
                                                     {"retries", engine.retriesThisRun()}})
           << "\n";
  }
  io.err << "error: " << engine.errorMessageEn().toStdString() << " / " << engine.errorMessage().toStdString()
         << " [" << code << "]\n";
  return code == "device_revoked" ? kExitRevoked : kExitSyncFailed;
}

}  // namespace

int runSync(const CliOptions& options, CliIo& io) {
  const auto server = options.value("server");
  const auto ca = options.value("ca");
  if (!server || !ca) {
    return printProblem(io, core::make_problem("usage", 2, "Missing option", "sync needs --server and --ca"),
                        kExitUsage);
  }
  bool bad = false;
  const auto maxAttempts = intOption(options, "max-attempts", io, bad);
  const auto retryBase = intOption(options, "retry-base-ms", io, bad);
  const auto retryMax = intOption(options, "retry-max-ms", io, bad);
  const auto batchSize = intOption(options, "batch-size", io, bad);
  const auto timeout = intOption(options, "timeout-ms", io, bad);
  if (bad) {
    return kExitUsage;
  }
  int exitCode = kExitOk;
  auto store = openUnlockedStore(options, io, exitCode);
  if (!store) {
    return exitCode;
  }
  ServerApi api(QUrl(QString::fromStdString(*server)), QString::fromStdString(*ca));
  if (auto status = api.configure(); !status) {
    return printProblem(io, status.problem(), kExitUsage);
  }
  if (timeout) {
    api.setTransferTimeoutMs(*timeout);
  }
  SyncEngine engine(*store, api);
  BackoffPolicy policy;
  policy.maxAttempts = maxAttempts.value_or(policy.maxAttempts);
  policy.baseDelayMs = retryBase.value_or(policy.baseDelayMs);
  policy.maxDelayMs = retryMax.value_or(30'000);  // a command waits less than the app would
  engine.setBackoffPolicy(policy);
  if (batchSize) {
    engine.setBatchSize(*batchSize);
  }
  const bool json = options.flag("json");
  if (!engine.isLoggedIn() && !loginOnce(engine, options, io)) {
    if (!engine.errorCode().isEmpty()) {
      return reportEngineFailure(engine, io, json);
    }
    return kExitSyncFailed;
  }
  bool ok = false;
  QEventLoop loop;
  QObject::connect(&engine, &SyncEngine::finished, &loop, [&](bool success) {
    ok = success;
    loop.quit();
  });
  engine.syncNow();
  if (engine.state() == SyncEngine::State::Syncing) {
    loop.exec();
  } else {
    ok = engine.errorCode().isEmpty();
  }
  if (!ok) {
    return reportEngineFailure(engine, io, json);
  }
  if (json) {
    io.out << core::to_json_text(boost::json::object{{"ok", true},
                                                     {"pushed", engine.pushedThisRun()},
                                                     {"pulled", engine.pulledThisRun()},
                                                     {"retries", engine.retriesThisRun()},
                                                     {"pending", engine.pendingCount()},
                                                     {"needs_correction", engine.needsCorrectionCount()},
                                                     {"push_ms", engine.pushMsThisRun()},
                                                     {"pull_ms", engine.pullMsThisRun()},
                                                     {"timings", timingsJson(engine.timingsThisRun())}})
           << "\n";
  } else {
    io.out << "Synced: pushed " << engine.pushedThisRun() << ", pulled " << engine.pulledThisRun() << ", pending "
           << engine.pendingCount() << ", needs correction " << engine.needsCorrectionCount() << "\n";
  }
  return kExitOk;
}

}  // namespace faltlogg::client::cli
