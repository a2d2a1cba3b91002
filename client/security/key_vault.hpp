// KeyVault: the store's random data key (DEK), wrapped by an Argon2id key from the user's passphrase.
// Everything sealed in the store is sealed with the DEK; the passphrase only ever unwraps it, so a
// passphrase change re-wraps one key and never re-encrypts records.
#pragma once

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/result.hpp"
#include "store/sqlite_database.hpp"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::client {

// FALTLOGG_KDF=test_fast|interactive|moderate; interactive (~130 ms) when unset or unknown.
core::KdfStrength kdfStrengthFromEnvironment();

// A keyed BLAKE2b tag over a row's clear bookkeeping (decision 0093).
using BookkeepingTag = std::array<std::uint8_t, 32>;

class KeyVault {
 public:
  static constexpr int kDefaultMaxAttempts = 10;
  // The attempt limit is bound into the wrapped key's associated data; an altered limit is found by trying
  // each possible one (one cheap AEAD open each), so the limit has a ceiling.
  static constexpr int kMaxAttemptsCeiling = 1000;

  // How the data key was found wrapped at the last unlock (decision 0093).
  enum class WrapFormat {
    current,  // v2: the attempt limit bound; the store's clear bookkeeping carries MACs
    legacy,   // v1, before F15: the caller must MAC every row, then completeUpgrade()
  };

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

  // After a successful unlock: the wrap's format, and whether the clear attempt limit had been changed
  // outside the app (it is put back to the authentic one, which the unlock was counted against).
  WrapFormat wrapFormat() const { return wrapFormat_; }
  bool limitWasAltered() const { return limitWasAltered_; }
  // Re-wraps the data key in the current format under the key derived at unlock (same salt, no second
  // Argon2id run). Called inside the caller's transaction, after every row has its MAC.
  core::Status completeUpgrade();

  // MACs over clear bookkeeping, under a key derived from the data key with crypto_kdf (never stored).
  core::Result<BookkeepingTag> bookkeepingTag(std::span<const std::uint8_t> message) const;
  bool bookkeepingTagMatches(std::span<const std::uint8_t> message, std::span<const std::uint8_t> tag) const;

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
  core::Status wrapDataKey(std::string_view passphrase, const core::SecureBuffer& dataKey, int maxAttempts);
  struct Unwrapped {
    core::SecureBuffer dataKey;
    core::SecureBuffer wrappingKey;
    WrapFormat format = WrapFormat::current;
    int authenticLimit = 0;
  };
  core::Result<Unwrapped> unwrapDataKey(std::string_view passphrase, std::int64_t storedLimit);
  core::Status finishUnlock(Unwrapped unwrapped, std::int64_t failedBefore, std::int64_t storedLimit);
  void takeDataKey(core::SecureBuffer dataKey);

  SqliteDatabase& db_;
  core::KdfStrength strength_;
  core::SecureBuffer dataKey_;
  core::SecureBuffer macKey_;
  core::SecureBuffer wrappingKey_;  // held from a legacy unlock until completeUpgrade()
  WrapFormat wrapFormat_ = WrapFormat::current;
  bool limitWasAltered_ = false;
};

}  // namespace faltlogg::client
