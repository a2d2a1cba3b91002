// KeyVault: the store's random data key (DEK), wrapped by an Argon2id key from the user's passphrase.
// Everything sealed in the store is sealed with the DEK; the passphrase only ever unwraps it, so a
// passphrase change re-wraps one key and never re-encrypts records.
#pragma once

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/result.hpp"
#include "store/sqlite_database.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::client {

// FALTLOGG_KDF=test_fast|interactive|moderate; interactive (~130 ms) when unset or unknown.
core::KdfStrength kdfStrengthFromEnvironment();

class KeyVault {
 public:
  static constexpr int kDefaultMaxAttempts = 10;

  // The vault keeps its rows in `db` (table "vault"); the database must outlive the vault. `strength`
  // only matters for initialize() and changePassphrase(): unlock() uses the parameters stored with the salt.
  explicit KeyVault(SqliteDatabase& db, core::KdfStrength strength = kdfStrengthFromEnvironment());

  static core::Status createSchema(SqliteDatabase& db);

  bool isInitialized();
  // Creates a fresh data key wrapped by the passphrase. Refused when the vault is already initialised.
  core::Status initialize(std::string_view passphrase, int maxAttempts = kDefaultMaxAttempts);

  // Problem codes: "wrong_passphrase" (detail says how many attempts remain), "attempts_exhausted" (the
  // caller must destroy the store now), "vault_not_initialized", "storage_failed"/"storage_full".
  core::Status unlock(std::string_view passphrase);
  void lock();
  bool isUnlocked() const { return !dataKey_.empty(); }
  // A second connection to the same store (the sync worker's) opens with the key the first one already
  // unwrapped, so Argon2id runs once per unlock. Only ever a key from this store's own vault: a wrong one
  // would make every sealed row fail to open (reported as unreadable, never overwritten).
  core::SecureBuffer copyDataKey() const { return core::SecureBuffer::copy_of(dataKey_.span()); }
  core::Status adoptDataKey(core::SecureBuffer dataKey);

  core::Status changePassphrase(std::string_view current, std::string_view replacement);
  // Wraps the (unlocked) data key under a new passphrase in one transaction: a kill at any point leaves
  // either the old or the new passphrase working, never neither. `step` (tests' fail points) is called with
  // "rewrapped" inside the transaction, before its commit, and with "committed" after it.
  core::Status rewrap(std::string_view replacement, const std::function<void(std::string_view)>& step = {});

  int failedAttempts();
  int maxAttempts();

  // Seal/open with the data key. Both need the vault unlocked ("vault_locked" otherwise).
  core::Result<core::Bytes> seal(std::string_view plaintext, std::string_view associatedData) const;
  core::Result<std::string> open(std::span<const std::uint8_t> sealed, std::string_view associatedData) const;

  // Small named secrets (the server token, the session), sealed with the data key.
  core::Status storeSecret(std::string_view name, std::string_view value);
  core::Result<std::optional<std::string>> loadSecret(std::string_view name);
  core::Status removeSecret(std::string_view name);
  bool hasSecret(std::string_view name);

 private:
  core::Result<std::optional<core::Bytes>> readBlob(std::string_view name);
  core::Status writeBlob(std::string_view name, std::span<const std::uint8_t> value);
  core::Result<std::int64_t> readInt(std::string_view name, std::int64_t fallback);
  core::Status writeInt(std::string_view name, std::int64_t value);
  core::Status wrapDataKey(std::string_view passphrase, const core::SecureBuffer& dataKey);
  core::Result<core::SecureBuffer> unwrapDataKey(std::string_view passphrase);

  SqliteDatabase& db_;
  core::KdfStrength strength_;
  core::SecureBuffer dataKey_;
};

}  // namespace faltlogg::client
