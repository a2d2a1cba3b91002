// LocalStore's authenticated bookkeeping (decision 0093): every row's clear columns (deleted, dirty,
// server_seq, hlc) carry a MAC bound to the row's id, and so does the pull cursor, under a key derived from
// the data key. A store from before the MACs gets them at its first unlock, in committed chunks, so a kill
// at any point resumes without losing a record; each unlock then checks every row and restores an altered
// one from its sealed copy (dirty again, so the server sees it once more and answers by HLC).
#include "store/local_store.hpp"

#include "faltlogg/core/crypto.hpp"

#include <cstdlib>

namespace faltlogg::client {

namespace {

constexpr std::int64_t kUpgradeChunk = 500;
constexpr std::string_view kRestoredDuringSync = "bookkeeping_restored";

}  // namespace

core::Result<std::string> LocalStore::cursorTag(std::string_view cursorText) const {
  std::string message = "faltlogg/meta/pull_cursor/v1\n";
  message += cursorText;
  auto tag = vault_->bookkeepingTag(
      {reinterpret_cast<const std::uint8_t*>(message.data()), message.size()});
  if (!tag) {
    return tag.problem();
  }
  return core::to_hex(tag.value());
}

core::Status LocalStore::writeCursor(std::int64_t cursor) {
  const std::string text = std::to_string(cursor);
  auto tag = cursorTag(text);
  if (!tag) {
    return tag.problem();
  }
  if (auto status = setMetaValue("pull_cursor", text); !status) {
    return status;
  }
  return setMetaValue("pull_cursor_mac", tag.value());
}

// Rows are given their MACs as they are: before this upgrade nothing authenticated them, so the state
// found at the first unlock is the one trusted. Each chunk commits on its own; the wrap changes format
// last, in the transaction that also covers the cursor, so until then the next unlock resumes here.
core::Status LocalStore::upgradeToMacs(const std::function<void(std::string_view)>& step) {
  for (;;) {
    SqliteTransaction tx(db_);
    if (!tx.begun()) {
      return tx.begun();
    }
    auto select = db_.prepare("SELECT id, deleted, dirty, server_seq, hlc, mac FROM records WHERE mac IS NULL LIMIT ?1");
    if (!select) {
      return select.problem();
    }
    select->bind(1, kUpgradeChunk);
    std::vector<std::pair<std::string, core::Bytes>> tags;
    for (auto row = select->step(); row && row.value(); row = select->step()) {
      std::string id = select->columnText(0);
      auto tag = bookkeepingTag(id, clearColumnsAt(*select, 1));
      if (!tag) {
        return tag.problem();
      }
      tags.emplace_back(std::move(id), core::Bytes(tag->begin(), tag->end()));
    }
    select->reset();
    if (tags.empty()) {
      break;
    }
    auto update = db_.prepare("UPDATE records SET mac = ?2 WHERE id = ?1");
    if (!update) {
      return update.problem();
    }
    for (const auto& [id, tag] : tags) {
      update->bind(1, id);
      update->bindBlob(2, tag);
      if (auto status = update->run(); !status) {
        return status;
      }
      update->reset();
    }
    if (auto status = tx.commit(); !status) {
      return status;
    }
    if (step) step("rows");
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  auto cursor = metaValue("pull_cursor");
  if (!cursor) {
    return cursor.problem();
  }
  std::int64_t value = 0;
  if (cursor->has_value()) {
    try {
      value = std::stoll(**cursor);
    } catch (const std::exception&) {
      value = 0;  // a damaged cursor only costs a full pull
    }
  }
  for (auto status : {writeCursor(value), vault_->completeUpgrade(),
                      db_.exec("PRAGMA user_version = " + std::to_string(kMacSchemaVersion))}) {
    if (!status) {
      return status;
    }
  }
  if (step) step("wrap");
  return tx.commit();
}

core::Status LocalStore::restoreRow(StoredRecord stored) {
  stored.mark = SyncMark::dirty;
  stored.rejection.reset();
  return writeRecordRow(stored);
}

core::Status LocalStore::noteRestoredDuringSync() {
  auto count = metaValue(kRestoredDuringSync);
  if (!count) {
    return count.problem();
  }
  const int before = count->has_value() ? std::atoi((*count)->c_str()) : 0;
  return setMetaValue(kRestoredDuringSync, std::to_string(before + 1));
}

// One pass over every row's clear columns (a keyed BLAKE2b each; the sealed payload is opened only for a
// row whose MAC fails). Altered rows whose sealed copy opens are restored in one transaction with the
// cursor; the rest are reported and left untouched.
core::Status LocalStore::verifyBookkeeping() {
  std::vector<StoredRecord> restore;
  auto scan = db_.prepare("SELECT id, payload, deleted, dirty, server_seq, hlc, mac FROM records");
  if (!scan) {
    return scan.problem();
  }
  for (auto row = scan->step(); row && row.value(); row = scan->step()) {
    std::string id = scan->columnText(0);
    const ClearColumns clear = clearColumnsAt(*scan, 2);
    if (bookkeepingIntact(id, clear)) {
      continue;
    }
    auto sealed = openRecordRow(id, scan->columnBlob(1), clear, RowCheck::sealedOnly);
    if (sealed) {
      report_.restored.push_back(std::move(id));
      restore.push_back(std::move(sealed.value()));
    } else {
      report_.unreadable.push_back(std::move(id));
    }
  }
  scan->reset();
  auto cursor = metaValue("pull_cursor");
  auto cursorMac = metaValue("pull_cursor_mac");
  auto during = metaValue(kRestoredDuringSync);
  if (!cursor) return cursor.problem();
  if (!cursorMac) return cursorMac.problem();
  if (!during) return during.problem();
  if (cursor->has_value()) {
    auto expected = cursorTag(**cursor);
    if (!expected) return expected.problem();
    report_.cursorReset = !cursorMac->has_value() || **cursorMac != expected.value();
  }
  report_.restoredDuringSync = during->has_value() ? std::atoi((*during)->c_str()) : 0;
  if (restore.empty() && !report_.cursorReset && report_.restoredDuringSync == 0) {
    return core::Ok{};
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  for (auto& stored : restore) {
    if (auto status = restoreRow(std::move(stored)); !status) {
      return status;
    }
  }
  if (report_.cursorReset) {
    if (auto status = writeCursor(0); !status) return status;
  }
  if (auto status = setMetaValue(kRestoredDuringSync, "0"); !status) {
    return status;
  }
  return tx.commit();
}

}  // namespace faltlogg::client
