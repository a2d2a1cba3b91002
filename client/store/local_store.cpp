#include "store/local_store.hpp"

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"

#include <algorithm>
#include <map>
#include <system_error>

namespace faltlogg::client {


LocalStore::LocalStore(StoreFiles files, SqliteDatabase db, core::KdfStrength strength)
    : files_(std::move(files)),
      db_(std::move(db)),
      vault_(std::make_unique<KeyVault>(db_, strength)),
      clock_(std::string()) {}

LocalStore::~LocalStore() { lock(); }

core::Result<std::unique_ptr<LocalStore>> LocalStore::open(const std::filesystem::path& directory, OpenMode mode,
                                                           core::KdfStrength strength) {
  StoreFiles files{directory};
  if (mode == OpenMode::createNew) {
    if (files.exists()) {
      return core::make_problem("store_exists", 409, "Store already exists",
                                "There is already a store in " + directory.string() + ".");
    }
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) {
      return storageProblem("storage_failed", "cannot create " + directory.string() + ": " + ec.message());
    }
    // The directory holds one person's work: nobody else on the device needs to list it.
    std::filesystem::permissions(directory, std::filesystem::perms::owner_all, ec);
  } else if (!files.exists()) {
    return core::make_problem("store_missing", 404, "No store",
                              "There is no store in " + directory.string() + "; run init first.");
  }
  auto db = SqliteDatabase::open(files.database(), mode == OpenMode::createNew);
  if (!db) {
    return db.problem();
  }
  if (mode == OpenMode::createNew) {
    // SQLite gives its -wal and -shm files the database file's permissions: owner only, for all three.
    std::error_code ec;
    std::filesystem::permissions(files.database(),
                                 std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  }
  std::unique_ptr<LocalStore> store(new LocalStore(files, std::move(db.value()), strength));
  if (auto status = store->createSchema(); !status) {
    return status.problem();
  }
  if (auto status = store->loadClock(); !status) {
    return status.problem();
  }
  return store;
}

core::Status LocalStore::createSchema() {
  // A full index on dirty (not a partial one): SQLite cannot prove that "dirty = 1" implies a partial
  // index's "dirty <> 0", so the push scan fell back to the whole table and slowed as it grew.
  // records_by_state covers counts(), which the engine calls after every batch: without it each call read
  // every sealed payload page, and a 100 000-record push spent most of its time counting.
  // FULL sync: a save reported as done survives power loss, not only a crash of the app.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"}) {
    if (auto status = db_.exec(pragma); !status) {
      return status;
    }
  }
  static constexpr std::string_view kSchema = R"sql(
    CREATE TABLE IF NOT EXISTS records (
      id TEXT PRIMARY KEY,
      dirty INTEGER NOT NULL,
      server_seq INTEGER NOT NULL DEFAULT 0,
      deleted INTEGER NOT NULL DEFAULT 0,
      payload BLOB NOT NULL,
      hlc TEXT,
      mac BLOB);
    CREATE INDEX IF NOT EXISTS records_by_dirty ON records (dirty);
    CREATE INDEX IF NOT EXISTS records_by_state ON records (dirty, deleted);
    CREATE TABLE IF NOT EXISTS reviews (id TEXT PRIMARY KEY, payload BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS outbox (batch_id TEXT PRIMARY KEY, created_ms INTEGER NOT NULL,
                                       payload BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  )sql";
  if (auto status = db_.exec(kSchema); !status) {
    return status;
  }
  if (auto status = migrateSchema(); !status) {
    return status;
  }
  return KeyVault::createSchema(db_);
}

// Stores made before schema 2 gain the clear hlc column in place, NULL on their rows: such a row is opened
// as before when its version matters, and gets the column filled when it is next written or pushed. Stores
// made before the bookkeeping MACs gain the mac column, NULL until the first unlock computes it (decision
// 0093). No row is rewritten here, so opening needs no key and cannot lose a record. The checks and the
// ALTERs share one write transaction, so the app and the CLI opening one old store at once cannot both
// alter it.
core::Status LocalStore::migrateSchema() {
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  for (const auto& [column, type] : {std::pair{"hlc", "TEXT"}, std::pair{"mac", "BLOB"}}) {
    auto has = db_.prepare("SELECT COUNT(*) FROM pragma_table_info('records') WHERE name = ?1");
    if (!has) {
      return has.problem();
    }
    has->bind(1, std::string_view(column));
    auto row = has->step();
    if (!row) {
      return row.problem();
    }
    const bool present = row.value() && has->columnInt(0) > 0;
    has->reset();
    if (!present) {
      if (auto status = db_.exec(std::string("ALTER TABLE records ADD COLUMN ") + column + " " + type); !status) {
        return status;
      }
    }
  }
  auto version = db_.prepare("PRAGMA user_version");
  if (!version) {
    return version.problem();
  }
  auto row = version->step();
  if (!row) {
    return row.problem();
  }
  const bool older = !row.value() || version->columnInt(0) < kSchemaVersion;
  version->reset();
  if (older) {
    if (auto status = db_.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)); !status) {
      return status;
    }
  }
  return tx.commit();
}

core::Status LocalStore::loadClock() {
  auto node = metaValue("node_id");
  if (!node) {
    return node.problem();
  }
  if (!node->has_value()) {
    // Before the first login there is no device id; a random node still keeps HLCs unique.
    nodeId_ = core::to_hex(core::random_bytes(8));
    if (auto status = setMetaValue("node_id", nodeId_); !status) {
      return status;
    }
  } else {
    nodeId_ = **node;
  }
  clock_ = core::HlcClock(nodeId_);
  auto last = metaValue("hlc_last");
  if (!last) {
    return last.problem();
  }
  if (last->has_value()) {
    if (auto hlc = core::Hlc::parse(**last)) {
      clock_.restore(*hlc);
    }
  }
  return core::Ok{};
}

core::Status LocalStore::setNodeId(std::string nodeId) {
  if (nodeId.empty() || nodeId.find('/') != std::string::npos) {
    return core::make_problem("invalid_argument", 400, "Invalid node id", "A node id must be non-empty and have no '/'.");
  }
  if (auto status = setMetaValue("node_id", nodeId); !status) {
    return status;
  }
  const core::Hlc last = clock_.last();
  nodeId_ = std::move(nodeId);
  clock_ = core::HlcClock(nodeId_);
  clock_.restore(last);
  return core::Ok{};
}

core::Status LocalStore::refreshClockInTransaction() {
  auto node = metaValue("node_id");
  auto last = metaValue("hlc_last");
  if (!node) return node.problem();
  if (!last) return last.problem();
  const core::Hlc mine = clock_.last();
  if (node->has_value() && **node != nodeId_) nodeId_ = **node;
  clock_ = core::HlcClock(nodeId_);
  clock_.restore(mine);
  if (last->has_value()) {
    if (auto hlc = core::Hlc::parse(**last)) clock_.observe(*hlc);
  }
  return core::Ok{};
}

core::Result<std::unique_ptr<LocalStore>> LocalStore::openWithKey(const std::filesystem::path& directory,
                                                                  core::SecureBuffer dataKey) {
  auto opened = open(directory, OpenMode::openExisting);
  if (!opened) return opened.problem();
  if (auto status = opened.value()->vault().adoptDataKey(std::move(dataKey)); !status) return status.problem();
  return opened;
}

core::Status LocalStore::persistClock() { return setMetaValue("hlc_last", clock_.last().to_string()); }

core::Status LocalStore::initialize(std::string_view passphrase, int maxAttempts) {
  if (auto status = vault_->initialize(passphrase, maxAttempts); !status) {
    return status;
  }
  // A new store is born with MACs: its (empty) cursor gets one, and the schema says so.
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  if (auto status = writeCursor(0); !status) {
    return status;
  }
  if (auto status = db_.exec("PRAGMA user_version = " + std::to_string(kMacSchemaVersion)); !status) {
    return status;
  }
  return tx.commit();
}

core::Status LocalStore::unlock(std::string_view passphrase, const std::function<void(std::string_view)>& step) {
  if (!isOpen()) {
    return core::make_problem("store_destroyed", 410, "Store destroyed", "This store no longer exists.");
  }
  report_ = {};
  auto status = vault_->unlock(passphrase);
  if (!status && status.problem().code == "attempts_exhausted") {
    destroy();
    return core::make_problem("store_destroyed", 410, "Store destroyed",
                              "Too many wrong passphrases: the local store was destroyed. Records not yet synced "
                              "are lost; synced records come back after the next login.");
  }
  if (!status) {
    return status;
  }
  report_.limitRestored = vault_->limitWasAltered();
  if (vault_->wrapFormat() == KeyVault::WrapFormat::legacy) {
    report_.upgraded = true;
    if (auto upgraded = upgradeToMacs(step); !upgraded) {
      lock();  // the upgrade resumes at the next unlock; no key stays behind a half-done one
      return upgraded;
    }
  }
  if (auto verified = verifyBookkeeping(); !verified) {
    lock();
    return verified;
  }
  return core::Ok{};
}

void LocalStore::lock() {
  if (vault_) {
    vault_->lock();
  }
}

void LocalStore::destroy() {
  lock();
  db_.close();
  files_.destroy();
}

core::Status LocalStore::requireUnlocked() const {
  if (!db_.isOpen()) {
    return core::make_problem("store_destroyed", 410, "Store destroyed", "This store no longer exists.");
  }
  if (!vault_->isUnlocked()) {
    return core::make_problem("vault_locked", 423, "Store is locked", "Unlock the store with the passphrase first.");
  }
  return core::Ok{};
}






core::Status LocalStore::writeVersionInTransaction(StoredRecord& stored) {
  if (auto status = refreshClockInTransaction(); !status) return status;
  stored.record.hlc = clock_.now().to_string();
  stored.mark = SyncMark::dirty;
  stored.rejection.reset();
  stored.updatedAtMs = core::now_millis();
  return writeRecordRow(stored);
}

core::Result<core::Record> LocalStore::writeNewVersion(StoredRecord stored) {
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun().problem();
  }
  if (auto status = writeVersionInTransaction(stored); !status) {
    return status.problem();
  }
  if (auto status = persistClock(); !status) {
    return status.problem();
  }
  if (auto status = tx.commit(); !status) {
    return status.problem();
  }
  return std::move(stored.record);
}

core::Result<std::vector<core::Record>> LocalStore::createRecords(std::vector<NewRecord> drafts) {
  if (auto status = requireUnlocked(); !status) {
    return status.problem();
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun().problem();
  }
  std::vector<core::Record> created;
  created.reserve(drafts.size());
  for (auto& draft : drafts) {
    StoredRecord stored;
    stored.record = core::Record{core::make_uuid_v4(), std::move(draft.formId), draft.formVersion, "", false,
                                 std::move(draft.occurredAt), std::move(draft.data)};
    if (auto status = writeVersionInTransaction(stored); !status) {
      return status.problem();
    }
    created.push_back(std::move(stored.record));
  }
  if (auto status = persistClock(); !status) {
    return status.problem();
  }
  if (auto status = tx.commit(); !status) {
    return status.problem();
  }
  return created;
}

core::Result<core::Record> LocalStore::createRecord(std::string formId, int formVersion, std::string occurredAt,
                                                    boost::json::object data) {
  if (auto status = requireUnlocked(); !status) {
    return status.problem();
  }
  StoredRecord stored;
  stored.record.id = core::make_uuid_v4();
  stored.record.form_id = std::move(formId);
  stored.record.form_version = formVersion;
  stored.record.occurred_at = std::move(occurredAt);
  stored.record.data = std::move(data);
  return writeNewVersion(std::move(stored));
}

core::Result<core::Record> LocalStore::editRecord(std::string_view id, std::string occurredAt,
                                                  boost::json::object data) {
  if (auto status = requireUnlocked(); !status) {
    return status.problem();
  }
  auto stored = readRecord(id);
  if (!stored) {
    return stored.problem();
  }
  if (stored->record.deleted) {
    return recordNotFound(id);
  }
  stored->record.occurred_at = std::move(occurredAt);
  stored->record.data = std::move(data);
  return writeNewVersion(std::move(stored.value()));
}

core::Status LocalStore::deleteRecord(std::string_view id) {
  if (auto status = requireUnlocked(); !status) {
    return status;
  }
  auto stored = readRecord(id);
  if (!stored) {
    return stored.problem();
  }
  if (stored->record.deleted) {
    return recordNotFound(id);
  }
  stored->record.deleted = true;
  auto written = writeNewVersion(std::move(stored.value()));
  if (!written) {
    return written.problem();
  }
  return core::Ok{};
}

core::Result<StoredRecord> LocalStore::record(std::string_view id) {
  if (auto status = requireUnlocked(); !status) {
    return status.problem();
  }
  auto stored = readRecord(id);
  if (!stored) {
    return stored;
  }
  auto reviews = reviewsFor(stored->record.id);
  if (!reviews) {
    return reviews.problem();
  }
  stored->reviews = std::move(reviews.value());
  return stored;
}

RecordListing LocalStore::listRecords(bool includeDeleted) {
  RecordListing listing;
  if (auto status = requireUnlocked(); !status) {
    listing.unreadable.push_back({"", status.problem().detail});
    return listing;
  }
  auto stmt = db_.prepare("SELECT id, payload, deleted, dirty, server_seq, hlc, mac FROM records");
  if (!stmt) {
    listing.unreadable.push_back({"", stmt.problem().detail});
    return listing;
  }
  for (auto row = stmt->step(); row && row.value(); row = stmt->step()) {
    std::string id = stmt->columnText(0);
    const ClearColumns clear = clearColumnsAt(*stmt, 2);
    // The MAC is checked before a tombstone is skipped: a `deleted` set outside the app must not hide a row.
    if (!bookkeepingIntact(id, clear)) {
      listing.unreadable.push_back({std::move(id), bookkeepingAlteredProblem().detail});
      continue;
    }
    if (clear.deleted && !includeDeleted) {
      continue;
    }
    auto stored = openRecordRow(id, stmt->columnBlob(1), clear, RowCheck::skipMac);
    if (stored) {
      listing.records.push_back(std::move(stored.value()));
    } else {
      listing.unreadable.push_back({std::move(id), stored.problem().detail});
    }
  }
  auto reviews = reviewsFor("");
  if (reviews) {
    std::map<std::string, std::vector<core::protocol::Review>, std::less<>> byRecord;
    for (auto& review : reviews.value()) {
      byRecord[review.record_id].push_back(std::move(review));
    }
    for (auto& stored : listing.records) {
      if (auto it = byRecord.find(stored.record.id); it != byRecord.end()) {
        stored.reviews = it->second;
      }
    }
  }
  // Newest first, as the app shows them; RFC 3339 UTC text sorts chronologically.
  std::sort(listing.records.begin(), listing.records.end(), [](const StoredRecord& a, const StoredRecord& b) {
    return a.record.occurred_at != b.record.occurred_at ? a.record.occurred_at > b.record.occurred_at
                                                        : a.record.id < b.record.id;
  });
  return listing;
}

core::Result<StoreCounts> LocalStore::counts() {
  auto stmt = db_.prepare(
      "SELECT COALESCE(SUM(deleted = 0), 0), COALESCE(SUM(dirty = 1), 0), COALESCE(SUM(dirty = 2), 0), "
      "COALESCE(SUM(dirty = 3), 0) FROM records");
  if (!stmt) {
    return stmt.problem();
  }
  auto row = stmt->step();
  if (!row) {
    return row.problem();
  }
  return StoreCounts{stmt->columnInt(0), stmt->columnInt(1), stmt->columnInt(2), stmt->columnInt(3)};
}



}  // namespace faltlogg::client
