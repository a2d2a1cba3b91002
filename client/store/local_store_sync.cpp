// The sync-facing half of LocalStore: the persistent push outbox, applying push outcomes and pull pages.
// Each step is one transaction, so a crash at any point leaves either the old or the new state.
#include "store/local_store.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"

#include <sodium.h>

#include <map>
#include <vector>

namespace faltlogg::client {

namespace {

std::string batchAd(std::string_view batchId) { return "batch/" + std::string(batchId); }

// Compares two HLC texts; an unparsable one orders first, so a readable version always wins.
std::strong_ordering compareHlc(const std::string& a, const std::string& b) {
  const auto ha = core::Hlc::parse(a);
  const auto hb = core::Hlc::parse(b);
  if (!ha || !hb) {
    return static_cast<bool>(ha) <=> static_cast<bool>(hb);
  }
  return *ha <=> *hb;
}

}  // namespace

core::Result<std::optional<PendingBatch>> LocalStore::pendingBatch() {
  if (auto status = requireUnlocked(); !status) {
    return status.problem();
  }
  auto stmt = db_.prepare("SELECT batch_id, payload FROM outbox ORDER BY created_ms, batch_id LIMIT 1");
  if (!stmt) {
    return stmt.problem();
  }
  auto row = stmt->step();
  if (!row) {
    return row.problem();
  }
  if (!row.value()) {
    return std::optional<PendingBatch>{};
  }
  const std::string batchId = stmt->columnText(0);
  auto opened = vault_->open(stmt->columnBlob(1), batchAd(batchId));
  std::optional<PendingBatch> batch;
  if (opened) {
    if (auto json = core::parse_json(opened.value()); json) {
      if (auto parsed = core::protocol::push_request_from_json(json.value());
          parsed && parsed->unparsable.empty() && parsed->batch_id == batchId) {
        batch = PendingBatch{{parsed->batch_id, std::move(parsed->records)}};
      }
    }
  }
  if (!batch) {
    // Dropping a broken batch loses nothing: its records stay dirty until the server acknowledges them,
    // so they go out again in a new batch and the server answers "duplicate" for any it already has.
    auto drop = db_.prepare("DELETE FROM outbox WHERE batch_id = ?1");
    if (!drop) {
      return drop.problem();
    }
    drop->bind(1, batchId);
    if (auto status = drop->run(); !status) {
      return status.problem();
    }
    return pendingBatch();
  }
  return batch;
}

core::Result<std::optional<PendingBatch>> LocalStore::preparePushBatch(std::size_t maxRecords,
                                                                       std::int64_t afterRowid) {
  if (auto status = requireUnlocked(); !status) {
    return status.problem();
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun().problem();
  }
  PendingBatch batch;
  batch.request.batch_id = core::make_uuid_v4();
  // Rows that cannot be opened are quarantined (dirty = 3) after the scan, then the scan repeats to fill
  // the batch: pushing a row we cannot read is impossible, and retrying it forever would stall every sync.
  std::int64_t lastRowid = afterRowid;
  std::vector<std::pair<std::string, ClearColumns>> hlcToFill;  // rows from before schema 2
  for (;;) {
    std::vector<std::string> unreadableIds;
    auto select = db_.prepare(
        "SELECT id, payload, rowid, deleted, dirty, server_seq, hlc, mac FROM records WHERE dirty = 1 AND rowid > ?2 "
        "ORDER BY rowid LIMIT ?1");
    if (!select) {
      return select.problem();
    }
    select->bind(1, static_cast<std::int64_t>(maxRecords - batch.request.records.size()));
    select->bind(2, lastRowid);
    for (auto row = select->step(); row && row.value(); row = select->step()) {
      const std::string id = select->columnText(0);
      lastRowid = select->columnInt(2);
      ClearColumns clear = clearColumnsAt(*select, 3);
      auto stored = openRecordRow(id, select->columnBlob(1), clear);
      if (stored) {
        if (!clear.hlc) {
          clear.hlc = stored->record.hlc;
          hlcToFill.emplace_back(id, std::move(clear));
        }
        batch.request.records.push_back(std::move(stored->record));
      } else {
        // Unreadable or with altered bookkeeping: kept for inspection; the next unlock restores a row
        // whose sealed copy still opens (its MAC is left as it is, so the alteration stays visible).
        unreadableIds.push_back(id);
      }
    }
    if (unreadableIds.empty()) {
      break;
    }
    auto quarantine = db_.prepare("UPDATE records SET dirty = 3 WHERE id = ?1");
    if (!quarantine) {
      return quarantine.problem();
    }
    for (const auto& id : unreadableIds) {
      quarantine->bind(1, id);
      if (auto status = quarantine->run(); !status) {
        return status.problem();
      }
      quarantine->reset();
    }
  }
  if (auto status = fillHlcColumn(hlcToFill); !status) {
    return status.problem();
  }
  batch.lastRowid = lastRowid;
  if (batch.request.records.empty()) {
    if (auto status = tx.commit(); !status) {
      return status.problem();
    }
    return std::optional<PendingBatch>{};
  }
  auto sealed = vault_->seal(core::to_json_text(core::protocol::to_json(batch.request)),
                             batchAd(batch.request.batch_id));
  if (!sealed) {
    return sealed.problem();
  }
  auto insert = db_.prepare("INSERT INTO outbox (batch_id, created_ms, payload) VALUES (?1, ?2, ?3)");
  if (!insert) {
    return insert.problem();
  }
  insert->bind(1, batch.request.batch_id);
  insert->bind(2, core::now_millis());
  insert->bindBlob(3, sealed.value());
  if (auto status = insert->run(); !status) {
    return status.problem();
  }
  if (auto status = tx.commit(); !status) {
    return status.problem();
  }
  return std::optional<PendingBatch>{std::move(batch)};
}

core::Status LocalStore::applyPushResponse(const PendingBatch& batch,
                                           const core::protocol::PushResponse& response) {
  if (auto status = requireUnlocked(); !status) {
    return status;
  }
  std::map<std::string, std::string, std::less<>> pushedHlc;
  for (const auto& record : batch.request.records) {
    pushedHlc.emplace(record.id, record.hlc);
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  for (const auto& result : response.results) {
    const auto pushed = pushedHlc.find(result.id);
    if (pushed == pushedHlc.end()) {
      continue;  // not ours to settle: the server answered for a record this batch did not carry
    }
    using core::protocol::PushStatus;
    if (result.status == PushStatus::accepted || result.status == PushStatus::duplicate) {
      // The common case settles from the clear hlc column, without opening the record a second time.
      auto settled = markCleanIfUnchanged(result.id, pushed->second, result.server_seq);
      if (!settled) {
        return settled.problem();
      }
      continue;
    }
    auto stored = readRecord(result.id);
    if (!stored || stored->record.hlc != pushed->second) {
      continue;  // edited (or unreadable) since the batch was made: the newer version stays dirty
    }
    if (result.status == PushStatus::stale) {
      // The server holds a newer version (written from another of the author's devices); the pull that
      // follows every push brings it here.
      stored->mark = SyncMark::clean;
      if (auto status = writeRecordRow(stored.value()); !status) {
        return status;
      }
    } else {
      stored->mark = SyncMark::needsCorrection;
      stored->rejection = result.problem.value_or(core::make_problem(
          "rejected", 422, "Rejected by the server", "The server refused this record without a reason."));
      if (auto status = writeRecordRow(stored.value()); !status) {
        return status;
      }
    }
  }
  auto drop = db_.prepare("DELETE FROM outbox WHERE batch_id = ?1");
  if (!drop) {
    return drop.problem();
  }
  drop->bind(1, batch.request.batch_id);
  if (auto status = drop->run(); !status) {
    return status;
  }
  return tx.commit();
}

// Marks a pushed row clean when it still holds the version that was pushed. A row from before schema 2
// (hlc NULL) is opened to compare, as every row was before. Ok(false) when the row changed since.
core::Result<bool> LocalStore::markCleanIfUnchanged(const std::string& id, const std::string& pushedHlc,
                                                    std::int64_t serverSeq) {
  auto current = db_.prepare("SELECT deleted, dirty, server_seq, hlc, mac FROM records WHERE id = ?1");
  if (!current) {
    return current.problem();
  }
  current->bind(1, id);
  auto row = current->step();
  if (!row) {
    return row.problem();
  }
  if (!row.value()) {
    return false;
  }
  ClearColumns clear = clearColumnsAt(*current, 0);
  current->reset();
  if (!bookkeepingIntact(id, clear)) {
    return false;  // altered outside the app: left for the next unlock to restore, never marked clean
  }
  if (!clear.hlc) {
    auto stored = readRecord(id);
    if (!stored) {
      return false;  // unreadable: stays as it is, never marked clean
    }
    clear.hlc = stored->record.hlc;
  }
  if (*clear.hlc != pushedHlc) {
    return false;  // edited since the batch was made: the newer version stays dirty
  }
  clear.mark = static_cast<std::int64_t>(SyncMark::clean);
  clear.serverSeq = serverSeq;
  auto tag = bookkeepingTag(id, clear);
  if (!tag) {
    return tag.problem();
  }
  auto markClean = db_.prepare("UPDATE records SET dirty = 0, server_seq = ?2, hlc = ?3, mac = ?4 WHERE id = ?1");
  if (!markClean) {
    return markClean.problem();
  }
  markClean->bind(1, id);
  markClean->bind(2, serverSeq);
  markClean->bind(3, pushedHlc);
  markClean->bindBlob(4, tag.value());
  if (auto status = markClean->run(); !status) {
    return status.problem();
  }
  return true;
}

core::Status LocalStore::fillHlcColumn(const std::vector<std::pair<std::string, ClearColumns>>& rows) {
  if (rows.empty()) {
    return core::Ok{};
  }
  auto fill = db_.prepare("UPDATE records SET hlc = ?2, mac = ?3 WHERE id = ?1 AND hlc IS NULL");
  if (!fill) {
    return fill.problem();
  }
  for (const auto& [id, clear] : rows) {
    auto tag = bookkeepingTag(id, clear);
    if (!tag) {
      return tag.problem();
    }
    fill->bind(1, id);
    fill->bind(2, *clear.hlc);
    fill->bindBlob(3, tag.value());
    if (auto status = fill->run(); !status) {
      return status;
    }
    fill->reset();
  }
  return core::Ok{};
}

core::Status LocalStore::discardBatch(std::string_view batchId) {
  if (auto status = requireUnlocked(); !status) {
    return status;
  }
  auto drop = db_.prepare("DELETE FROM outbox WHERE batch_id = ?1");
  if (!drop) {
    return drop.problem();
  }
  drop->bind(1, batchId);
  return drop->run();
}

// The cursor's MAC is checked whenever the key is there: a cursor moved on outside the app would skip
// changes, so an altered one reads as 0 (a full pull, which loses nothing). Locked (the CLI's status), the
// clear value is only shown, never used to pull.
core::Result<std::int64_t> LocalStore::pullCursor() {
  auto value = metaValue("pull_cursor");
  if (!value) {
    return value.problem();
  }
  if (!value->has_value()) {
    return std::int64_t{0};
  }
  if (vault_->isUnlocked()) {
    auto stored = metaValue("pull_cursor_mac");
    auto expected = cursorTag(**value);
    if (!stored) return stored.problem();
    if (!expected) return expected.problem();
    const auto& tag = expected.value();
    if (!stored->has_value() || (*stored)->size() != tag.size() ||
        sodium_memcmp((*stored)->data(), tag.data(), tag.size()) != 0) {
      return std::int64_t{0};
    }
  }
  try {
    return static_cast<std::int64_t>(std::stoll(**value));
  } catch (const std::exception&) {
    return std::int64_t{0};  // a damaged cursor only costs a full pull
  }
}

core::Status LocalStore::resetPullCursor() { return writeCursor(0); }

core::Status LocalStore::applyPulledRecord(const core::Record& remote, std::int64_t serverSeq) {
  if (auto hlc = core::Hlc::parse(remote.hlc)) {
    clock_.observe(*hlc);
  }
  auto local = readRecord(remote.id);
  if (!local && local.problem().code == "bookkeeping_altered") {
    // The clear columns were altered, the sealed copy is authentic: an unsent newer local version must not
    // be overwritten, so it is restored (dirty, sent again) and counted for the next unlock's report.
    auto authentic = readRecord(remote.id, RowCheck::sealedOnly);
    if (authentic && compareHlc(authentic->record.hlc, remote.hlc) == std::strong_ordering::greater) {
      if (auto status = noteRestoredDuringSync(); !status) return status;
      return restoreRow(std::move(authentic.value()));
    }
  }
  if (local && (local->mark == SyncMark::dirty || local->mark == SyncMark::needsCorrection) &&
      compareHlc(local->record.hlc, remote.hlc) == std::strong_ordering::greater) {
    return core::Ok{};  // an unsent local edit is newer; it goes out with the next push
  }
  if (local && local->mark == SyncMark::clean && local->record.hlc == remote.hlc && local->record == remote) {
    return core::Ok{};  // our own push coming back: already stored as it is, nothing to re-seal
  }
  StoredRecord stored;
  stored.record = remote;
  stored.mark = SyncMark::clean;
  stored.serverSeq = serverSeq;
  stored.updatedAtMs = core::now_millis();
  return writeRecordRow(stored);
}

core::Status LocalStore::applyPullPage(const core::protocol::PullResponse& page) {
  if (auto status = requireUnlocked(); !status) {
    return status;
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  if (auto status = refreshClockInTransaction(); !status) {
    return status;
  }
  // Pulled records carry no per-record sequence number in protocol v1; the page's cursor bounds it.
  for (const auto& record : page.records) {
    if (auto status = applyPulledRecord(record, page.next_cursor); !status) {
      return status;
    }
  }
  for (const auto& review : page.reviews) {
    if (auto status = upsertReview(review); !status) {
      return status;
    }
  }
  if (auto status = writeCursor(page.next_cursor); !status) {
    return status;
  }
  if (auto status = persistClock(); !status) {
    return status;
  }
  return tx.commit();
}

}  // namespace faltlogg::client
