#include "security/key_vault.hpp"

#include <sodium.h>

#include <cstdlib>
#include <string>

namespace faltlogg::client {

namespace {

// Domain-separates the secrets from record payloads sealed with the same key.
constexpr std::string_view kSecretAdPrefix = "faltlogg/vault/secret/v1/";

core::Problem vaultProblem(std::string code, int status, std::string title, std::string detail) {
  return core::make_problem(std::move(code), status, std::move(title), std::move(detail));
}

core::Problem lockedProblem() {
  return vaultProblem("vault_locked", 423, "Store is locked", "Unlock the store with the passphrase first.");
}

std::string secretRow(std::string_view name) { return "secret:" + std::string(name); }

}  // namespace

core::KdfStrength kdfStrengthFromEnvironment() {
  const char* value = std::getenv("FALTLOGG_KDF");
  const std::string_view text = value != nullptr ? value : "";
  if (text == "test_fast") {
    return core::KdfStrength::test_fast;
  }
  if (text == "moderate") {
    return core::KdfStrength::moderate;
  }
  return core::KdfStrength::interactive;
}

KeyVault::KeyVault(SqliteDatabase& db, core::KdfStrength strength) : db_(db), strength_(strength) {
  core::ensure_sodium();
}

core::Status KeyVault::createSchema(SqliteDatabase& db) {
  return db.exec("CREATE TABLE IF NOT EXISTS vault (name TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID");
}

core::Result<std::optional<core::Bytes>> KeyVault::readBlob(std::string_view name) {
  auto stmt = db_.prepare("SELECT value FROM vault WHERE name = ?1");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, name);
  auto row = stmt->step();
  if (!row) {
    return row.problem();
  }
  if (!row.value()) {
    return std::optional<core::Bytes>{};
  }
  return std::optional<core::Bytes>{stmt->columnBlob(0)};
}

core::Status KeyVault::writeBlob(std::string_view name, std::span<const std::uint8_t> value) {
  auto stmt = db_.prepare("INSERT OR REPLACE INTO vault (name, value) VALUES (?1, ?2)");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, name);
  stmt->bindBlob(2, value);
  return stmt->run();
}

core::Result<std::int64_t> KeyVault::readInt(std::string_view name, std::int64_t fallback) {
  auto stmt = db_.prepare("SELECT value FROM vault WHERE name = ?1");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, name);
  auto row = stmt->step();
  if (!row) {
    return row.problem();
  }
  return row.value() ? stmt->columnInt(0) : fallback;
}

core::Status KeyVault::writeInt(std::string_view name, std::int64_t value) {
  auto stmt = db_.prepare("INSERT OR REPLACE INTO vault (name, value) VALUES (?1, ?2)");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, name);
  stmt->bind(2, value);
  return stmt->run();
}

bool KeyVault::isInitialized() {
  auto wrapped = readBlob("wrapped_dek");
  return wrapped.ok() && wrapped->has_value();
}

core::Status KeyVault::initialize(std::string_view passphrase, int maxAttempts) {
  if (passphrase.empty()) {
    return vaultProblem("invalid_passphrase", 400, "Empty passphrase", "The passphrase must not be empty.");
  }
  if (maxAttempts < 1 || maxAttempts > kMaxAttemptsCeiling) {
    return vaultProblem("invalid_argument", 400, "Invalid attempt limit",
                        "The attempt limit must be between 1 and " + std::to_string(kMaxAttemptsCeiling) + ".");
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  if (isInitialized()) {
    return vaultProblem("vault_exists", 409, "Store already initialised",
                        "This store already has a passphrase; open it instead of initialising it again.");
  }
  core::SecureBuffer dataKey = core::SecureBuffer::random(core::kAeadKeyBytes);
  if (auto status = wrapDataKey(passphrase, dataKey, maxAttempts); !status) {
    return status;
  }
  if (auto status = writeInt("failed_attempts", 0); !status) {
    return status;
  }
  if (auto status = writeInt("max_attempts", maxAttempts); !status) {
    return status;
  }
  if (auto status = tx.commit(); !status) {
    return status;
  }
  wrapFormat_ = WrapFormat::current;
  takeDataKey(std::move(dataKey));
  return core::Ok{};
}

void KeyVault::lock() {
  dataKey_.wipe();
  macKey_.wipe();
  wrappingKey_.wipe();
}

core::Status KeyVault::adoptDataKey(core::SecureBuffer dataKey) {
  lock();
  if (dataKey.size() != core::kAeadKeyBytes) {
    return vaultProblem("invalid_argument", 400, "Invalid data key", "A data key has 32 bytes.");
  }
  if (!isInitialized()) {
    return vaultProblem("vault_not_initialized", 409, "Store not initialised",
                        "This store has no passphrase yet; initialise it first.");
  }
  // Only the connection that unlocked with the passphrase upgrades a legacy store, before it hands out
  // the key (LocalStore::unlock), so an adopting connection always finds the current format.
  wrapFormat_ = WrapFormat::current;
  takeDataKey(std::move(dataKey));
  return core::Ok{};
}

core::Status KeyVault::changePassphrase(std::string_view current, std::string_view replacement) {
  if (replacement.empty()) {
    return vaultProblem("invalid_passphrase", 400, "Empty passphrase", "The new passphrase must not be empty.");
  }
  // Goes through unlock() so a wrong current passphrase counts like any other wrong attempt.
  if (auto status = unlock(current); !status) {
    return status;
  }
  return rewrap(replacement);
}

core::Status KeyVault::rewrap(std::string_view replacement, const std::function<void(std::string_view)>& step) {
  if (replacement.empty()) {
    return vaultProblem("invalid_passphrase", 400, "Empty passphrase", "The new passphrase must not be empty.");
  }
  if (!isUnlocked()) {
    return lockedProblem();
  }
  SqliteTransaction tx(db_);
  if (!tx.begun()) {
    return tx.begun();
  }
  // Salt, parameters and wrapped key change together: the old wrapped key stays valid until the commit.
  // A legacy store keeps its legacy wrap here: its rows get their MACs (and the new wrap) at the next
  // LocalStore::unlock, never before they are all written.
  if (auto status = wrapDataKey(replacement, dataKey_, wrapFormat_ == WrapFormat::legacy ? 0 : maxAttempts());
      !status) {
    return status;
  }
  if (step) step("rewrapped");
  if (auto status = tx.commit(); !status) {
    return status;
  }
  if (step) step("committed");
  return core::Ok{};
}

int KeyVault::failedAttempts() {
  auto value = readInt("failed_attempts", 0);
  return value ? static_cast<int>(value.value()) : 0;
}

int KeyVault::maxAttempts() {
  auto value = readInt("max_attempts", kDefaultMaxAttempts);
  return value ? static_cast<int>(value.value()) : kDefaultMaxAttempts;
}

core::Result<core::Bytes> KeyVault::seal(std::string_view plaintext, std::string_view associatedData) const {
  if (!isUnlocked()) {
    return lockedProblem();
  }
  return core::seal(dataKey_, plaintext, associatedData);
}

core::Result<std::string> KeyVault::open(std::span<const std::uint8_t> sealed,
                                         std::string_view associatedData) const {
  if (!isUnlocked()) {
    return lockedProblem();
  }
  return core::open(dataKey_, sealed, associatedData);
}

core::Status KeyVault::storeSecret(std::string_view name, std::string_view value) {
  auto sealed = seal(value, std::string(kSecretAdPrefix) + std::string(name));
  if (!sealed) {
    return sealed.problem();
  }
  return writeBlob(secretRow(name), sealed.value());
}

core::Result<std::optional<std::string>> KeyVault::loadSecret(std::string_view name) {
  if (!isUnlocked()) {
    return lockedProblem();
  }
  auto blob = readBlob(secretRow(name));
  if (!blob) {
    return blob.problem();
  }
  if (!blob->has_value()) {
    return std::optional<std::string>{};
  }
  auto opened = open(**blob, std::string(kSecretAdPrefix) + std::string(name));
  if (!opened) {
    return opened.problem();
  }
  return std::optional<std::string>{std::move(opened.value())};
}

core::Status KeyVault::removeSecret(std::string_view name) {
  auto stmt = db_.prepare("DELETE FROM vault WHERE name = ?1");
  if (!stmt) {
    return stmt.problem();
  }
  stmt->bind(1, secretRow(name));
  return stmt->run();
}

bool KeyVault::hasSecret(std::string_view name) {
  auto blob = readBlob(secretRow(name));
  return blob.ok() && blob->has_value();
}

}  // namespace faltlogg::client
