// LocalStore's row codec: how a record, a review and a meta value are written to and read from SQLite.
// Everything but the five clear columns goes through the vault's seal/open, with the row's id bound as
// associated data.
#include "store/local_store.hpp"

#include "faltlogg/core/json.hpp"

#include <sodium.h>

#include <algorithm>

namespace faltlogg::client {

namespace {

constexpr int kPayloadVersion = 1;

core::Problem unreadable(std::string detail) {
  return core::make_problem("record_unreadable", 500, "Record cannot be opened", std::move(detail));
}

std::string reviewAd(std::string_view id) { return "review/" + std::string(id); }

}  // namespace

core::Problem bookkeepingAlteredProblem() {
  return core::make_problem("bookkeeping_altered", 500, "Record bookkeeping altered",
                            "The record's clear bookkeeping (deleted, sync state, server sequence or version) was "
                            "changed outside the app. Unlocking the store again restores it from the sealed copy.");
}

namespace {

void appendInt(core::Bytes& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void appendText(core::Bytes& out, std::string_view text) {
  appendInt(out, text.size());
  out.insert(out.end(), text.begin(), text.end());
}

// Length-prefixed, so no two different rows encode alike; the id binds the columns to their row, so
// bookkeeping copied from another row (with its MAC) does not verify here.
core::Bytes bookkeepingMessage(std::string_view id, bool deleted, std::int64_t mark, std::int64_t serverSeq,
                               const std::optional<std::string>& hlc) {
  core::Bytes out;
  out.reserve(64 + id.size() + (hlc ? hlc->size() : 0));
  appendText(out, "faltlogg/records/bookkeeping/v1");
  appendText(out, id);
  appendInt(out, deleted ? 1 : 0);
  appendInt(out, static_cast<std::uint64_t>(mark));
  appendInt(out, static_cast<std::uint64_t>(serverSeq));
  out.push_back(hlc ? 1 : 0);
  if (hlc) appendText(out, *hlc);
  return out;
}

}  // namespace

LocalStore::ClearColumns LocalStore::clearColumnsAt(const SqliteStatement& stmt, int first) {
  return {stmt.columnInt(first) != 0, stmt.columnInt(first + 1), stmt.columnInt(first + 2),
          stmt.columnOptionalText(first + 3), stmt.columnBlob(first + 4)};
}

core::Result<BookkeepingTag> LocalStore::bookkeepingTag(const std::string& id, const ClearColumns& clear) const {
  return vault_->bookkeepingTag(bookkeepingMessage(id, clear.deleted, clear.mark, clear.serverSeq, clear.hlc));
}

bool LocalStore::bookkeepingIntact(const std::string& id, const ClearColumns& clear) const {
  return vault_->bookkeepingTagMatches(bookkeepingMessage(id, clear.deleted, clear.mark, clear.serverSeq, clear.hlc),
                                       clear.mac);
}

core::Problem LocalStore::recordNotFound(std::string_view id) {
  return core::make_problem("not_found", 404, "No such record",
                            "There is no record with id " + core::quote_for_detail(id) + " in this store.");
}

core::Result<std::optional<std::string>> LocalStore::metaValue(std::string_view key) {
  auto stmt = db_.prepare("SELECT value FROM meta WHERE key = ?1");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, key);
  auto row = stmt->step();
  if (!row) {
    return row.problem();
  }
  if (!row.value()) {
    return std::optional<std::string>{};
  }
  return std::optional<std::string>{stmt->columnText(0)};
}

core::Status LocalStore::setMetaValue(std::string_view key, std::string_view value) {
  auto stmt = db_.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, key);
  stmt->bind(2, value);
  return stmt->run();
}

core::Status LocalStore::writeRecordRow(const StoredRecord& stored) {
  boost::json::object payload;
  payload["v"] = kPayloadVersion;
  payload["record"] = core::record_to_json(stored.record);
  payload["updated_at"] = stored.updatedAtMs;
  if (stored.rejection) {
    payload["rejection"] = core::problem_to_json(*stored.rejection);
  }
  auto sealed = vault_->seal(core::to_json_text(payload), stored.record.id);
  if (!sealed) {
    return sealed.problem();
  }
  auto tag = bookkeepingTag(stored.record.id, {stored.record.deleted, static_cast<std::int64_t>(stored.mark),
                                               stored.serverSeq, stored.record.hlc, {}});
  if (!tag) {
    return tag.problem();
  }
  auto stmt = db_.prepare(
      "INSERT OR REPLACE INTO records (id, dirty, server_seq, deleted, payload, hlc, mac) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, stored.record.id);
  stmt->bind(2, static_cast<std::int64_t>(stored.mark));
  stmt->bind(3, stored.serverSeq);
  stmt->bind(4, std::int64_t{stored.record.deleted ? 1 : 0});
  stmt->bindBlob(5, sealed.value());
  stmt->bind(6, stored.record.hlc);
  stmt->bindBlob(7, tag.value());
  return stmt->run();
}

core::Result<StoredRecord> LocalStore::openRecordRow(const std::string& id, std::span<const std::uint8_t> payload,
                                                     const ClearColumns& clear, RowCheck check) {
  if (check == RowCheck::full && !bookkeepingIntact(id, clear)) {
    return bookkeepingAlteredProblem();
  }
  auto opened = vault_->open(payload, id);
  if (!opened) {
    return unreadable("the sealed payload does not open with this store's key and this id (tampered, moved "
                      "between rows, or from another store)");
  }
  auto json = core::parse_json(opened.value());
  sodium_memzero(opened->data(), opened->size());
  if (!json || !json->is_object()) {
    return unreadable("the payload opened but is not a JSON object");
  }
  const auto& object = json->as_object();
  const auto* recordJson = object.if_contains("record");
  if (recordJson == nullptr) {
    return unreadable("the payload has no record");
  }
  auto record = core::record_from_json(*recordJson);
  if (!record) {
    return unreadable("the payload holds no valid record: " + record.problem().detail);
  }
  if (record->id != id) {
    return unreadable("the sealed record belongs to another id");
  }
  if (check != RowCheck::sealedOnly &&
      (record->deleted != clear.deleted || (clear.hlc && *clear.hlc != record->hlc))) {
    return unreadable("the clear columns do not match the sealed record");
  }
  StoredRecord stored;
  stored.record = std::move(record.value());
  stored.mark = static_cast<SyncMark>(std::clamp<std::int64_t>(clear.mark, 0, 3));
  stored.serverSeq = clear.serverSeq;
  if (const auto* updated = object.if_contains("updated_at"); updated != nullptr && updated->is_int64()) {
    stored.updatedAtMs = updated->as_int64();
  }
  if (const auto* rejection = object.if_contains("rejection"); rejection != nullptr) {
    stored.rejection = core::problem_from_json(*rejection);
  }
  return stored;
}

core::Result<StoredRecord> LocalStore::readRecord(std::string_view id, RowCheck check) {
  auto stmt = db_.prepare("SELECT payload, deleted, dirty, server_seq, hlc, mac FROM records WHERE id = ?1");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, id);
  auto row = stmt->step();
  if (!row) {
    return row.problem();
  }
  if (!row.value()) {
    return recordNotFound(id);
  }
  return openRecordRow(std::string(id), stmt->columnBlob(0), clearColumnsAt(*stmt, 1), check);
}

// Reviews are separate sealed rows (a review never edits its record); recordId "" returns all of them.
core::Result<std::vector<core::protocol::Review>> LocalStore::reviewsFor(const std::string& recordId) {
  std::vector<core::protocol::Review> reviews;
  auto stmt = db_.prepare("SELECT id, payload FROM reviews");
  if (!stmt) {
    return stmt.problem();
  }
  for (auto row = stmt->step(); row && row.value(); row = stmt->step()) {
    const std::string id = stmt->columnText(0);
    auto opened = vault_->open(stmt->columnBlob(1), reviewAd(id));
    if (!opened) {
      continue;  // an unreadable review is skipped; the record itself still shows
    }
    auto json = core::parse_json(opened.value());
    if (!json) {
      continue;
    }
    auto review = core::protocol::review_from_json(json.value());
    if (review && (recordId.empty() || review->record_id == recordId)) {
      reviews.push_back(std::move(review.value()));
    }
  }
  std::sort(reviews.begin(), reviews.end(),
            [](const auto& a, const auto& b) { return a.server_seq < b.server_seq; });
  return reviews;
}

core::Status LocalStore::upsertReview(const core::protocol::Review& review) {
  auto sealed = vault_->seal(core::to_json_text(core::protocol::to_json(review)), reviewAd(review.id));
  if (!sealed) {
    return sealed.problem();
  }
  auto stmt = db_.prepare("INSERT OR REPLACE INTO reviews (id, payload) VALUES (?1, ?2)");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, review.id);
  stmt->bindBlob(2, sealed.value());
  return stmt->run();
}

}  // namespace faltlogg::client
