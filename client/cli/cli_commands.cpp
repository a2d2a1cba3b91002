#include "cli/cli_commands.hpp"

#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "faltlogg/core/validation.hpp"
#include "sync/sync_engine.hpp"

#include <cstdlib>
#include <iostream>

namespace faltlogg::client::cli {

namespace {

std::string_view syncMarkName(SyncMark mark) {
  switch (mark) {
    case SyncMark::clean: return "synced";
    case SyncMark::dirty: return "pending";
    case SyncMark::needsCorrection: return "needs_correction";
    case SyncMark::unreadable: return "unreadable";
  }
  return "unknown";
}

struct Draft {
  std::string occurredAt;
  boost::json::object data;
};

// Splits the user's JSON into occurred_at (a record envelope member) and the field values.
core::Result<Draft> parseDraft(const std::string& text) {
  core::JsonLimits limits;
  limits.max_bytes = 256 * 1024;
  auto json = core::parse_json(text, limits);
  if (!json) {
    return json.problem();
  }
  if (!json->is_object()) {
    return core::make_problem("invalid_json", 400, "Not a JSON object", "--json must be a JSON object of field values");
  }
  Draft draft;
  draft.data = json->as_object();
  if (auto* occurred = draft.data.if_contains(core::kOccurredAtField); occurred != nullptr) {
    if (occurred->is_string()) {
      draft.occurredAt = std::string(occurred->as_string());
    }
    draft.data.erase(core::kOccurredAtField);
  }
  return draft;
}

core::Result<core::FormDefinition> findForm(std::string_view id, std::optional<int> version) {
  auto registry = core::FormRegistry::load_directory(core::default_forms_dir());
  if (!registry) {
    return registry.problem();
  }
  const core::FormDefinition* form = version ? registry->find(id, *version) : registry->latest(id);
  if (form == nullptr) {
    return core::make_problem("unknown_form", 422, "Unknown form",
                              "no form " + core::quote_for_detail(id) + (version ? " in that version" : ""));
  }
  return *form;
}

// Validates with the core library exactly as the server will, so a record that cannot be accepted is
// refused here, while the user still has it in front of them.
int validateOrReport(CliIo& io, const core::FormDefinition& form, const core::Record& record) {
  core::ValidationContext context;
  context.now_ms = core::now_millis();
  const auto errors = core::validate_record(form, record, context);
  if (errors.empty()) {
    return kExitOk;
  }
  io.err << "The record is not valid; nothing was saved.\n";
  for (const auto& error : errors) {
    io.err << "  " << error.field << ": " << error.message_en << " / " << error.message_sv << " [" << error.code
           << "]\n";
  }
  return kExitInvalid;
}

boost::json::object listingEntry(const StoredRecord& stored) {
  boost::json::object entry = core::record_to_json(stored.record);
  entry["sync"] = syncMarkName(stored.mark);
  entry["server_seq"] = stored.serverSeq;
  if (stored.rejection) {
    entry["rejection"] = core::problem_to_json(*stored.rejection);
  }
  boost::json::array reviews;
  for (const auto& review : stored.reviews) {
    reviews.push_back(core::protocol::to_json(review));
  }
  entry["reviews"] = std::move(reviews);
  return entry;
}

}  // namespace

std::optional<std::string> readLine(CliIo& io) {
  std::string line;
  if (!std::getline(io.in, line)) {
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

std::optional<std::string> readPassphrase(const CliOptions& options, CliIo& io) {
  if (options.flag("passphrase-stdin")) {
    return readLine(io);
  }
  if (const char* env = std::getenv("FALTLOGG_PASSPHRASE"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  return readLine(io);
}

int printProblem(CliIo& io, const core::Problem& problem, int exitCode) {
  io.err << "error: " << problem.title;
  if (!problem.detail.empty()) {
    io.err << ": " << problem.detail;
  }
  io.err << " [" << problem.code << "]\n";
  return exitCode;
}

// The unlock restored what it could (decision 0093); the person at the terminal is told what and whom to
// tell. Ids only: they are random and say nothing about anyone.
static void printBookkeepingReport(const BookkeepingReport& report, CliIo& io) {
  if (!report.altered()) return;
  io.err << "warning: the store's file was changed outside the app:";
  for (const auto& id : report.restored) io.err << "\n  restored from its sealed copy, to be sent again: " << id;
  for (const auto& id : report.unreadable) io.err << "\n  altered and unreadable, left as it is: " << id;
  if (report.restoredDuringSync > 0) io.err << "\n  restored during sync: " << report.restoredDuringSync;
  if (report.cursorReset) io.err << "\n  pull cursor reset: the next sync pulls everything again";
  if (report.limitRestored) io.err << "\n  attempt limit restored to the one set at init";
  io.err << "\nTell the system administrator: someone may have had access to this device's files. "
            "[bookkeeping_altered]\n";
}

std::unique_ptr<LocalStore> openUnlockedStore(const CliOptions& options, CliIo& io, int& exitCode) {
  auto store = LocalStore::open(options.storeDir, LocalStore::OpenMode::openExisting);
  if (!store) {
    exitCode = printProblem(io, store.problem(), kExitFailure);
    return nullptr;
  }
  const auto passphrase = readPassphrase(options, io);
  if (!passphrase || passphrase->empty()) {
    exitCode = printProblem(io, core::make_problem("usage", 2, "No passphrase",
                                                   "set FALTLOGG_PASSPHRASE or give the passphrase on stdin"),
                            kExitUsage);
    return nullptr;
  }
  if (auto status = store.value()->unlock(*passphrase); !status) {
    exitCode = printProblem(io, status.problem(), kExitLocked);
    return nullptr;
  }
  printBookkeepingReport(store.value()->bookkeepingReport(), io);
  return std::move(store.value());
}

int runInit(const CliOptions& options, CliIo& io) {
  int maxAttempts = KeyVault::kDefaultMaxAttempts;
  if (auto text = options.value("max-attempts")) {
    try {
      maxAttempts = std::stoi(*text);
    } catch (const std::exception&) {
      return printProblem(io, core::make_problem("usage", 2, "Invalid --max-attempts", "give a number"), kExitUsage);
    }
  }
  const auto passphrase = readPassphrase(options, io);
  if (!passphrase || passphrase->empty()) {
    return printProblem(io, core::make_problem("usage", 2, "No passphrase", "give a non-empty passphrase"),
                        kExitUsage);
  }
  auto store = LocalStore::open(options.storeDir, LocalStore::OpenMode::createNew);
  if (!store) {
    return printProblem(io, store.problem(), kExitFailure);
  }
  if (auto status = store.value()->initialize(*passphrase, maxAttempts); !status) {
    store.value()->destroy();  // a half-made store would only confuse the next init
    return printProblem(io, status.problem(), kExitFailure);
  }
  if (options.flag("json")) {
    io.out << core::to_json_text(boost::json::object{{"store", options.storeDir}, {"initialized", true}}) << "\n";
  } else {
    io.out << "Initialised an encrypted store in " << options.storeDir << "\n";
  }
  return kExitOk;
}

int runAdd(const CliOptions& options, CliIo& io) {
  const auto formId = options.value("form");
  const auto json = options.value("json");
  if (!formId || !json) {
    return printProblem(io, core::make_problem("usage", 2, "Missing option", "add needs --form and --json"), kExitUsage);
  }
  std::optional<int> version;
  if (auto text = options.value("version")) {
    try {
      version = std::stoi(*text);
    } catch (const std::exception&) {
      return printProblem(io, core::make_problem("usage", 2, "Invalid --version", "give a number"), kExitUsage);
    }
  }
  auto form = findForm(*formId, version);
  if (!form) {
    return printProblem(io, form.problem(), kExitInvalid);
  }
  auto draft = parseDraft(*json);
  if (!draft) {
    return printProblem(io, draft.problem(), kExitInvalid);
  }
  core::Record candidate{core::make_uuid_v4(), form->id, form->version, "", false, draft->occurredAt, draft->data};
  if (int code = validateOrReport(io, form.value(), candidate); code != kExitOk) {
    return code;
  }
  int exitCode = kExitOk;
  auto store = openUnlockedStore(options, io, exitCode);
  if (!store) {
    return exitCode;
  }
  auto saved = store->createRecord(form->id, form->version, draft->occurredAt, std::move(draft->data));
  if (!saved) {
    return printProblem(io, saved.problem(), kExitFailure);
  }
  io.out << saved->id << "\n";
  return kExitOk;
}

int runEdit(const CliOptions& options, CliIo& io) {
  const auto id = options.value("id");
  const auto json = options.value("json");
  if (!id || !json) {
    return printProblem(io, core::make_problem("usage", 2, "Missing option", "edit needs --id and --json"), kExitUsage);
  }
  auto draft = parseDraft(*json);
  if (!draft) {
    return printProblem(io, draft.problem(), kExitInvalid);
  }
  int exitCode = kExitOk;
  auto store = openUnlockedStore(options, io, exitCode);
  if (!store) {
    return exitCode;
  }
  auto existing = store->record(*id);
  if (!existing) {
    return printProblem(io, existing.problem(), kExitFailure);
  }
  auto form = findForm(existing->record.form_id, existing->record.form_version);
  if (!form) {
    return printProblem(io, form.problem(), kExitInvalid);
  }
  core::Record candidate = existing->record;
  candidate.occurred_at = draft->occurredAt;
  candidate.data = draft->data;
  if (int code = validateOrReport(io, form.value(), candidate); code != kExitOk) {
    return code;
  }
  auto saved = store->editRecord(*id, draft->occurredAt, std::move(draft->data));
  if (!saved) {
    return printProblem(io, saved.problem(), kExitFailure);
  }
  io.out << saved->id << "\n";
  return kExitOk;
}

int runDelete(const CliOptions& options, CliIo& io) {
  const auto id = options.value("id");
  if (!id) {
    return printProblem(io, core::make_problem("usage", 2, "Missing option", "delete needs --id"), kExitUsage);
  }
  int exitCode = kExitOk;
  auto store = openUnlockedStore(options, io, exitCode);
  if (!store) {
    return exitCode;
  }
  if (auto status = store->deleteRecord(*id); !status) {
    return printProblem(io, status.problem(), kExitFailure);
  }
  return kExitOk;
}

int runList(const CliOptions& options, CliIo& io) {
  int exitCode = kExitOk;
  auto store = openUnlockedStore(options, io, exitCode);
  if (!store) {
    return exitCode;
  }
  const RecordListing listing = store->listRecords(options.flag("include-deleted"));
  if (options.flag("json")) {
    boost::json::array records;
    for (const auto& stored : listing.records) {
      records.push_back(listingEntry(stored));
    }
    boost::json::array unreadable;
    for (const auto& row : listing.unreadable) {
      unreadable.push_back(boost::json::object{{"id", row.id}, {"reason", row.reason}});
    }
    io.out << core::to_json_text(boost::json::object{{"records", std::move(records)},
                                                     {"unreadable", std::move(unreadable)}})
           << "\n";
  } else {
    for (const auto& stored : listing.records) {
      io.out << stored.record.id << "  " << stored.record.occurred_at << "  " << stored.record.form_id << " v"
             << stored.record.form_version << "  " << syncMarkName(stored.mark)
             << (stored.record.deleted ? "  deleted" : "");
      if (stored.rejection) {
        io.out << "  rejected: " << stored.rejection->title;
      }
      io.out << "\n";
    }
  }
  for (const auto& row : listing.unreadable) {
    io.err << "warning: record " << row.id << " cannot be opened and is not shown: " << row.reason << "\n";
  }
  return kExitOk;
}

int runStatus(const CliOptions& options, CliIo& io) {
  // Needs no passphrase: everything shown here is sync bookkeeping kept in clear.
  auto store = LocalStore::open(options.storeDir, LocalStore::OpenMode::openExisting);
  if (!store) {
    return printProblem(io, store.problem(), kExitFailure);
  }
  auto counts = store.value()->counts();
  auto cursor = store.value()->pullCursor();
  auto lastSync = store.value()->metaValue("last_sync_ms");
  if (!counts || !cursor || !lastSync) {
    return printProblem(io, counts ? (cursor ? lastSync.problem() : cursor.problem()) : counts.problem(),
                        kExitFailure);
  }
  KeyVault& vault = store.value()->vault();
  const std::string last =
      lastSync->has_value() ? core::format_rfc3339(std::stoll(**lastSync)) : std::string("never");
  const bool loggedIn = vault.hasSecret(SyncEngine::kTokenSecret);
  if (options.flag("json")) {
    io.out << core::to_json_text(boost::json::object{
                  {"records", counts->total},
                  {"pending", counts->pending},
                  {"needs_correction", counts->needsCorrection},
                  {"unreadable", counts->unreadable},
                  {"pull_cursor", cursor.value()},
                  {"last_sync", last},
                  {"logged_in", loggedIn},
                  {"failed_attempts", vault.failedAttempts()},
                  {"max_attempts", vault.maxAttempts()},
              })
           << "\n";
  } else {
    io.out << "records:          " << counts->total << "\n"
           << "pending:          " << counts->pending << "\n"
           << "needs correction: " << counts->needsCorrection << "\n"
           << "unreadable:       " << counts->unreadable << "\n"
           << "last sync:        " << last << "\n"
           << "logged in:        " << (loggedIn ? "yes" : "no") << "\n"
           << "wrong passphrase attempts: " << vault.failedAttempts() << " of " << vault.maxAttempts() << "\n";
  }
  return kExitOk;
}

}  // namespace faltlogg::client::cli
