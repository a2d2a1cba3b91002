#include "security/key_vault.hpp"

#include <sodium.h>

#include <cstdlib>
#include <string>

namespace faltlogg::client {

namespace {

// Domain-separates the wrapped key and the secrets from record payloads sealed with the same key.
constexpr std::string_view kDataKeyAd = "faltlogg/vault/data-key/v1";
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

core::Status KeyVault::wrapDataKey(std::string_view passphrase, const core::SecureBuffer& dataKey) {
  const auto params = core::KdfParams::of(strength_);
  const core::Bytes salt = core::random_bytes(core::kSaltBytes);
  const core::SecureBuffer wrappingKey = core::derive_key(passphrase, salt, params);
  const core::Bytes wrapped = core::seal(wrappingKey, dataKey.span(), kDataKeyAd);
  for (auto status : {writeBlob("kdf_salt", salt), writeInt("kdf_ops", static_cast<std::int64_t>(params.ops_limit)),
                      writeInt("kdf_mem", static_cast<std::int64_t>(params.mem_limit)),
                      writeBlob("wrapped_dek", wrapped)}) {
    if (!status) {
      return status;
    }
  }
  return core::Ok{};
}

core::Status KeyVault::initialize(std::string_view passphrase, int maxAttempts) {
  if (passphrase.empty()) {
    return vaultProblem("invalid_passphrase", 400, "Empty passphrase", "The passphrase must not be empty.");
  }
  if (maxAttempts < 1) {
    return vaultProblem("invalid_argument", 400, "Invalid attempt limit", "The attempt limit must be at least 1.");
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
  if (auto status = wrapDataKey(passphrase, dataKey); !status) {
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
  dataKey_ = std::move(dataKey);
  return core::Ok{};
}

core::Result<core::SecureBuffer> KeyVault::unwrapDataKey(std::string_view passphrase) {
  auto salt = readBlob("kdf_salt");
  auto wrapped = readBlob("wrapped_dek");
  auto ops = readInt("kdf_ops", 0);
  auto mem = readInt("kdf_mem", 0);
  if (!salt || !wrapped || !ops || !mem) {
    return db_.lastProblem("cannot read the key vault");
  }
  if (!salt->has_value() || !wrapped->has_value() || ops.value() <= 0 || mem.value() <= 0) {
    return vaultProblem("vault_not_initialized", 409, "Store not initialised",
                        "This store has no passphrase yet; initialise it first.");
  }
  const core::KdfParams params{static_cast<std::uint64_t>(ops.value()), static_cast<std::size_t>(mem.value())};
  const core::SecureBuffer wrappingKey = core::derive_key(passphrase, **salt, params);
  auto opened = core::open(wrappingKey, **wrapped, kDataKeyAd);
  if (!opened || opened->size() != core::kAeadKeyBytes) {
    return vaultProblem("wrong_passphrase", 401, "Wrong passphrase", "");
  }
  core::SecureBuffer dataKey = core::SecureBuffer::copy_of(
      {reinterpret_cast<const std::uint8_t*>(opened->data()), opened->size()});
  sodium_memzero(opened->data(), opened->size());
  return dataKey;
}

core::Status KeyVault::unlock(std::string_view passphrase) {
  lock();
  auto failed = readInt("failed_attempts", 0);
  auto limit = readInt("max_attempts", kDefaultMaxAttempts);
  if (!failed || !limit) {
    return db_.lastProblem("cannot read the key vault");
  }
  if (failed.value() >= limit.value()) {
    return vaultProblem("attempts_exhausted", 401, "Too many wrong passphrases",
                        "The limit of wrong passphrases was reached; the store must be destroyed.");
  }
  // Count the attempt before trying it: killing the process after a wrong guess must not undo the count.
  if (auto status = writeInt("failed_attempts", failed.value() + 1); !status) {
    return status;
  }
  auto dataKey = unwrapDataKey(passphrase);
  if (!dataKey) {
    if (dataKey.problem().code != "wrong_passphrase") {
      return dataKey.problem();
    }
    const std::int64_t remaining = limit.value() - (failed.value() + 1);
    if (remaining <= 0) {
      return vaultProblem("attempts_exhausted", 401, "Too many wrong passphrases",
                          "The limit of wrong passphrases was reached; the store must be destroyed.");
    }
    return vaultProblem("wrong_passphrase", 401, "Wrong passphrase",
                        std::to_string(remaining) + " attempt(s) left before the store is destroyed.");
  }
  if (auto status = writeInt("failed_attempts", 0); !status) {
    return status;
  }
  dataKey_ = std::move(dataKey.value());
  return core::Ok{};
}

void KeyVault::lock() { dataKey_.wipe(); }

core::Status KeyVault::adoptDataKey(core::SecureBuffer dataKey) {
  lock();
  if (dataKey.size() != core::kAeadKeyBytes) {
    return vaultProblem("invalid_argument", 400, "Invalid data key", "A data key has 32 bytes.");
  }
  if (!isInitialized()) {
    return vaultProblem("vault_not_initialized", 409, "Store not initialised",
                        "This store has no passphrase yet; initialise it first.");
  }
  dataKey_ = std::move(dataKey);
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
  if (auto status = wrapDataKey(replacement, dataKey_); !status) {
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
