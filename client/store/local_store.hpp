// LocalStore: one SQLite file per user on the tablet. In clear only what sync needs (id, dirty,
// server_seq, deleted, hlc); everything else is one payload sealed with the vault's data key, with the
// record id as associated data. Saving is one local transaction and never waits for the network.
#pragma once

#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/record.hpp"
#include "faltlogg/core/result.hpp"
#include "security/key_vault.hpp"
#include "store/sqlite_database.hpp"
#include "store/store_files.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::client {

// The `dirty` column: what the sync engine still has to do with a row.
enum class SyncMark : int {
  clean = 0,            // the server holds this version
  dirty = 1,            // changed locally, waiting to be pushed
  needsCorrection = 2,  // the server rejected this version; not pushed again until edited
  unreadable = 3,       // failed to open while preparing a push; kept for inspection, never pushed
};

struct StoredRecord {
  core::Record record;
  SyncMark mark = SyncMark::clean;
  std::int64_t serverSeq = 0;
  core::Millis updatedAtMs = 0;                  // local time of the last local or pulled write
  std::optional<core::Problem> rejection;        // the server's reason, when mark == needsCorrection
  std::vector<core::protocol::Review> reviews;   // team leads' reviews of this record, oldest first
};

// A row that could not be opened (tampered, sealed under another store's key, wrong id). Reported as such,
// never shown as data.
struct UnreadableRow {
  std::string id;
  std::string reason;
};

// Problem code "bookkeeping_altered": a row's clear columns do not match their MAC (decision 0093).
core::Problem bookkeepingAlteredProblem();

struct RecordListing {
  std::vector<StoredRecord> records;
  std::vector<UnreadableRow> unreadable;
};

// What the sync engine pushes: a batch persisted with its id before the first send, so a retry after a
// crash replays the same batch_id and the server answers from its stored response.
struct PendingBatch {
  core::protocol::PushRequest request;
  std::int64_t lastRowid = 0;  // the highest row taken, for the next batch of a pipelined push (not stored)
};

// What an unlock found changed outside the app in the clear bookkeeping, and how it was put right
// (decision 0093). Nothing in it is personal: ids are random UUIDs.
struct BookkeepingReport {
  std::vector<std::string> restored;    // clear columns altered; rebuilt from the sealed copy, sent again
  std::vector<std::string> unreadable;  // altered, and the sealed copy does not open either: left untouched
  int restoredDuringSync = 0;           // rows the sync connection restored since the last unlock
  bool cursorReset = false;             // the pull cursor was altered: the next sync pulls everything again
  bool limitRestored = false;           // the attempt limit was altered: the authentic one is back
  bool upgraded = false;                // this unlock gave a store from before the MACs its MACs
  bool altered() const {
    return !restored.empty() || !unreadable.empty() || restoredDuringSync > 0 || cursorReset || limitRestored;
  }
};

struct StoreCounts {
  std::int64_t total = 0;            // not deleted
  std::int64_t pending = 0;          // dirty, including tombstones
  std::int64_t needsCorrection = 0;
  std::int64_t unreadable = 0;
};

class LocalStore {
 public:
  enum class OpenMode { createNew, openExisting };

  // Opens the store in `directory` (created for createNew). The store is locked until unlock().
  static core::Result<std::unique_ptr<LocalStore>> open(const std::filesystem::path& directory, OpenMode mode,
                                                         core::KdfStrength strength = kdfStrengthFromEnvironment());
  ~LocalStore();
  LocalStore(const LocalStore&) = delete;
  LocalStore& operator=(const LocalStore&) = delete;

  const StoreFiles& files() const { return files_; }
  KeyVault& vault() { return *vault_; }
  bool isOpen() const { return db_.isOpen(); }

  // A second, already unlocked connection to an existing store, with the data key another connection
  // unwrapped (the sync worker's, on its own thread). SQLite's WAL lets both read while one writes.
  static core::Result<std::unique_ptr<LocalStore>> openWithKey(const std::filesystem::path& directory,
                                                                core::SecureBuffer dataKey);

  core::Status initialize(std::string_view passphrase, int maxAttempts = KeyVault::kDefaultMaxAttempts);
  // Like KeyVault::unlock, but when the attempt limit is reached the store destroys itself and the
  // Problem code is "store_destroyed". After the key: a store from before the bookkeeping MACs gets them
  // (resumable, decision 0093), then every row's MAC is checked and altered rows are restored.
  // `step` (tests' fail points) is called after each committed chunk of the upgrade.
  core::Status unlock(std::string_view passphrase, const std::function<void(std::string_view)>& step = {});
  // What the last unlock found and did.
  const BookkeepingReport& bookkeepingReport() const { return report_; }
  void lock();
  // Wipes and removes the store's files (revoked device, attempt limit). The object is closed afterwards.
  void destroy();

  // --- records (need the store unlocked) ---
  // A new record (fresh UUIDv4 and HLC) from form, occurred_at and field values; one transaction.
  core::Result<core::Record> createRecord(std::string formId, int formVersion, std::string occurredAt,
                                          boost::json::object data);
  struct NewRecord {
    std::string formId;
    int formVersion = 0;
    std::string occurredAt;
    boost::json::object data;
  };
  // Many new records in one transaction (imports, benchmarks); all or none are saved.
  core::Result<std::vector<core::Record>> createRecords(std::vector<NewRecord> drafts);
  // Replaces occurred_at and data of an existing record; a new HLC; dirty again.
  core::Result<core::Record> editRecord(std::string_view id, std::string occurredAt, boost::json::object data);
  // Tombstone: deleted=1, payload still sealed, pushed as deleted:true.
  core::Status deleteRecord(std::string_view id);
  core::Result<StoredRecord> record(std::string_view id);
  // Every readable record (newest first) and every row that failed to open. On a locked or destroyed store
  // the listing has no records and one unreadable entry with an empty id saying why.
  RecordListing listRecords(bool includeDeleted = false);
  core::Result<StoreCounts> counts();

  // --- node identity for the HLC (device id after login, a random id before) ---
  const std::string& nodeId() const { return nodeId_; }
  core::Status setNodeId(std::string nodeId);

  // --- sync support (local_store_sync.cpp) ---
  core::Result<std::optional<PendingBatch>> pendingBatch();
  // Takes up to maxRecords dirty rows after row `afterRowid` into a new batch, persisted before it is
  // returned. A pipelined push passes the previous batch's lastRowid, so a batch still in flight (its rows
  // are dirty until answered) is not taken again.
  core::Result<std::optional<PendingBatch>> preparePushBatch(std::size_t maxRecords, std::int64_t afterRowid = 0);
  // Applies the server's per-record outcome and removes the batch, in one transaction.
  // Drops an unsent batch the server refused whole (413: too large), so its records go out again in smaller
  // batches. Its records are still dirty, so nothing is lost.
  core::Status discardBatch(std::string_view batchId);
  core::Status applyPushResponse(const PendingBatch& batch, const core::protocol::PushResponse& response);
  core::Result<std::int64_t> pullCursor();
  core::Status resetPullCursor();
  // Applies one pull page and advances the cursor, in one transaction.
  core::Status applyPullPage(const core::protocol::PullResponse& page);

  // Small values in clear that are no field value (cursor, clock, last sync time).
  core::Result<std::optional<std::string>> metaValue(std::string_view key);
  core::Status setMetaValue(std::string_view key, std::string_view value);

 private:
  LocalStore(StoreFiles files, SqliteDatabase db, core::KdfStrength strength);
  static core::Problem recordNotFound(std::string_view id);
  core::Status createSchema();
  // 2: records.hlc in clear (decision 0085); 3: records.mac and the cursor's MAC (decision 0093), set
  // when the vault's wrap is upgraded. user_version is informational: the wrap's format is the authority.
  static constexpr int kSchemaVersion = 2;
  static constexpr int kMacSchemaVersion = 3;
  core::Status loadClock();
  core::Status requireUnlocked() const;
  core::Status writeRecordRow(const StoredRecord& stored);
  // The clear columns read beside a sealed payload; hlc is empty on rows written before schema 2.
  struct ClearColumns {
    bool deleted = false;
    std::int64_t mark = 0;
    std::int64_t serverSeq = 0;
    std::optional<std::string> hlc;
    std::vector<std::uint8_t> mac;  // empty when NULL
  };
  // Reads deleted, dirty, server_seq, hlc, mac from `first` on.
  static ClearColumns clearColumnsAt(const SqliteStatement& stmt, int first);
  static constexpr std::string_view kClearColumns = "deleted, dirty, server_seq, hlc, mac";
  enum class RowCheck {
    full,        // the clear columns' MAC ("bookkeeping_altered"), then the sealed copy against them
    skipMac,     // the caller has just checked the MAC
    sealedOnly,  // only the sealed copy (restoring a row whose clear columns were altered)
  };
  core::Result<StoredRecord> openRecordRow(const std::string& id, std::span<const std::uint8_t> payload,
                                           const ClearColumns& clear, RowCheck check = RowCheck::full);
  core::Result<BookkeepingTag> bookkeepingTag(const std::string& id, const ClearColumns& clear) const;
  bool bookkeepingIntact(const std::string& id, const ClearColumns& clear) const;
  // local_store_bookkeeping.cpp
  core::Status upgradeToMacs(const std::function<void(std::string_view)>& step);
  core::Status verifyBookkeeping();
  core::Status restoreRow(StoredRecord stored);
  core::Status writeCursor(std::int64_t cursor);
  // The hex MAC of the pull cursor's text.
  core::Result<std::string> cursorTag(std::string_view cursorText) const;
  core::Status migrateSchema();
  core::Result<bool> markCleanIfUnchanged(const std::string& id, const std::string& pushedHlc,
                                          std::int64_t serverSeq);
  core::Status fillHlcColumn(const std::vector<std::pair<std::string, ClearColumns>>& rows);
  core::Status noteRestoredDuringSync();
  core::Result<StoredRecord> readRecord(std::string_view id, RowCheck check = RowCheck::full);
  core::Result<core::Record> writeNewVersion(StoredRecord stored);
  core::Status writeVersionInTransaction(StoredRecord& stored);
  core::Status persistClock();
  // Another connection (the sync worker's) may have moved the clock or the node id: read both inside the
  // write transaction, so HLCs stay monotonic and carry the device id across connections.
  core::Status refreshClockInTransaction();
  core::Result<std::vector<core::protocol::Review>> reviewsFor(const std::string& recordId);
  core::Status upsertReview(const core::protocol::Review& review);
  core::Status applyPulledRecord(const core::Record& remote, std::int64_t serverSeq);

  StoreFiles files_;
  SqliteDatabase db_;
  std::unique_ptr<KeyVault> vault_;
  std::string nodeId_;
  core::HlcClock clock_;
  BookkeepingReport report_;
};

}  // namespace faltlogg::client
