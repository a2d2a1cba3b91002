// KeyVault's wrapped data key, the passphrase attempt count, and the MAC key for the store's clear
// bookkeeping (decision 0093).
//
// The wrap's associated data names its format. v2 binds the attempt limit: a limit raised in the file makes
// even the right passphrase fail under the stored limit, and the authentic one is then found by trying each
// possible limit (an AEAD open each, no second Argon2id run) and the unlock is counted against it. v1 is
// the wrap of stores made before F15; unlocking one leaves the wrapping key with the vault until
// LocalStore has given every row its MAC and calls completeUpgrade().
#include "security/key_vault.hpp"

#include <sodium.h>

#include <string>

namespace faltlogg::client {

namespace {

constexpr std::string_view kLegacyDataKeyAd = "faltlogg/vault/data-key/v1";
// crypto_kdf's context is exactly 8 bytes; the subkey id names the MAC key's purpose.
constexpr char kMacKeyContext[crypto_kdf_CONTEXTBYTES + 1] = "FLbookmk";
constexpr std::uint64_t kMacKeySubkeyId = 1;

std::string dataKeyAd(int maxAttempts) {
  return maxAttempts > 0 ? "faltlogg/vault/data-key/v2;max_attempts=" + std::to_string(maxAttempts)
                         : std::string(kLegacyDataKeyAd);
}

core::Problem exhausted() {
  return core::make_problem("attempts_exhausted", 401, "Too many wrong passphrases",
                            "The limit of wrong passphrases was reached; the store must be destroyed.");
}

std::optional<core::SecureBuffer> openWrapped(const core::SecureBuffer& wrappingKey,
                                              std::span<const std::uint8_t> wrapped, int maxAttempts) {
  auto opened = core::open(wrappingKey, wrapped, dataKeyAd(maxAttempts));
  if (!opened) return std::nullopt;
  if (opened->size() != core::kAeadKeyBytes) {
    sodium_memzero(opened->data(), opened->size());
    return std::nullopt;
  }
  auto key = core::SecureBuffer::copy_of({reinterpret_cast<const std::uint8_t*>(opened->data()), opened->size()});
  sodium_memzero(opened->data(), opened->size());
  return key;
}

}  // namespace

// maxAttempts 0 writes the legacy (v1) wrap: only rewrap() of a store not yet upgraded asks for it.
core::Status KeyVault::wrapDataKey(std::string_view passphrase, const core::SecureBuffer& dataKey, int maxAttempts) {
  const auto params = core::KdfParams::of(strength_);
  const core::Bytes salt = core::random_bytes(core::kSaltBytes);
  const core::SecureBuffer wrappingKey = core::derive_key(passphrase, salt, params);
  const core::Bytes wrapped = core::seal(wrappingKey, dataKey.span(), dataKeyAd(maxAttempts));
  for (auto status : {writeBlob("kdf_salt", salt), writeInt("kdf_ops", static_cast<std::int64_t>(params.ops_limit)),
                      writeInt("kdf_mem", static_cast<std::int64_t>(params.mem_limit)),
                      writeBlob("wrapped_dek", wrapped)}) {
    if (!status) {
      return status;
    }
  }
  return core::Ok{};
}

core::Result<KeyVault::Unwrapped> KeyVault::unwrapDataKey(std::string_view passphrase, std::int64_t storedLimit) {
  auto salt = readBlob("kdf_salt");
  auto wrapped = readBlob("wrapped_dek");
  auto ops = readInt("kdf_ops", 0);
  auto mem = readInt("kdf_mem", 0);
  if (!salt || !wrapped || !ops || !mem) {
    return db_.lastProblem("cannot read the key vault");
  }
  if (!salt->has_value() || !wrapped->has_value() || ops.value() <= 0 || mem.value() <= 0) {
    return core::make_problem("vault_not_initialized", 409, "Store not initialised",
                              "This store has no passphrase yet; initialise it first.");
  }
  const core::KdfParams params{static_cast<std::uint64_t>(ops.value()), static_cast<std::size_t>(mem.value())};
  Unwrapped out;
  out.wrappingKey = core::derive_key(passphrase, **salt, params);
  const bool plausible = storedLimit >= 1 && storedLimit <= kMaxAttemptsCeiling;
  if (plausible) {
    if (auto key = openWrapped(out.wrappingKey, **wrapped, int(storedLimit))) {
      out.dataKey = std::move(*key);
      out.authenticLimit = int(storedLimit);
      return out;
    }
  }
  if (auto key = openWrapped(out.wrappingKey, **wrapped, 0)) {
    out.dataKey = std::move(*key);
    out.format = WrapFormat::legacy;
    out.authenticLimit = plausible ? int(storedLimit) : kDefaultMaxAttempts;  // v1 never bound it
    return out;
  }
  for (int limit = 1; limit <= kMaxAttemptsCeiling; ++limit) {
    if (limit == storedLimit) continue;
    if (auto key = openWrapped(out.wrappingKey, **wrapped, limit)) {
      out.dataKey = std::move(*key);
      out.authenticLimit = limit;
      return out;
    }
  }
  return core::make_problem("wrong_passphrase", 401, "Wrong passphrase", "");
}

core::Status KeyVault::unlock(std::string_view passphrase) {
  lock();
  limitWasAltered_ = false;
  auto failed = readInt("failed_attempts", 0);
  auto limit = readInt("max_attempts", kDefaultMaxAttempts);
  if (!failed || !limit) {
    return db_.lastProblem("cannot read the key vault");
  }
  if (failed.value() >= limit.value()) {
    return exhausted();
  }
  // Count the attempt before trying it: killing the process after a wrong guess must not undo the count.
  if (auto status = writeInt("failed_attempts", failed.value() + 1); !status) {
    return status;
  }
  auto unwrapped = unwrapDataKey(passphrase, limit.value());
  if (!unwrapped) {
    if (unwrapped.problem().code != "wrong_passphrase") {
      return unwrapped.problem();
    }
    const std::int64_t remaining = limit.value() - (failed.value() + 1);
    if (remaining <= 0) {
      return exhausted();
    }
    return core::make_problem("wrong_passphrase", 401, "Wrong passphrase",
                              std::to_string(remaining) + " attempt(s) left before the store is destroyed.");
  }
  return finishUnlock(std::move(unwrapped.value()), failed.value(), limit.value());
}

core::Status KeyVault::finishUnlock(Unwrapped unwrapped, std::int64_t failedBefore, std::int64_t storedLimit) {
  if (unwrapped.authenticLimit != storedLimit) {
    // The limit in the file was changed: the guesses already made count against the authentic one, so a
    // raised limit never buys a guess that would have destroyed the store.
    limitWasAltered_ = true;
    if (failedBefore + 1 > unwrapped.authenticLimit) {
      return exhausted();
    }
    if (auto status = writeInt("max_attempts", unwrapped.authenticLimit); !status) {
      return status;
    }
  }
  if (auto status = writeInt("failed_attempts", 0); !status) {
    return status;
  }
  wrapFormat_ = unwrapped.format;
  if (wrapFormat_ == WrapFormat::legacy) {
    wrappingKey_ = std::move(unwrapped.wrappingKey);
  }
  takeDataKey(std::move(unwrapped.dataKey));
  return core::Ok{};
}

core::Status KeyVault::completeUpgrade() {
  if (wrapFormat_ == WrapFormat::current) {
    return core::Ok{};
  }
  if (!isUnlocked() || wrappingKey_.empty()) {
    return core::make_problem("vault_locked", 423, "Store is locked", "Unlock the store with the passphrase first.");
  }
  const int limit = maxAttempts();
  if (limit < 1 || limit > kMaxAttemptsCeiling) {
    return core::make_problem("invalid_argument", 400, "Invalid attempt limit",
                              "The stored attempt limit is out of range; the store cannot be upgraded.");
  }
  if (auto status = writeBlob("wrapped_dek", core::seal(wrappingKey_, dataKey_.span(), dataKeyAd(limit))); !status) {
    return status;
  }
  // Should the caller's transaction roll back, the file keeps the legacy wrap and the next unlock upgrades
  // again; this connection's rows already all carry MACs, so treating them as current is right either way.
  wrapFormat_ = WrapFormat::current;
  wrappingKey_.wipe();
  return core::Ok{};
}

void KeyVault::takeDataKey(core::SecureBuffer dataKey) {
  dataKey_ = std::move(dataKey);
  macKey_ = core::SecureBuffer(crypto_generichash_KEYBYTES);
  crypto_kdf_derive_from_key(macKey_.data(), macKey_.size(), kMacKeySubkeyId, kMacKeyContext, dataKey_.data());
}

core::Result<BookkeepingTag> KeyVault::bookkeepingTag(std::span<const std::uint8_t> message) const {
  if (!isUnlocked()) {
    return core::make_problem("vault_locked", 423, "Store is locked", "Unlock the store with the passphrase first.");
  }
  BookkeepingTag tag{};
  crypto_generichash(tag.data(), tag.size(), message.data(), message.size(), macKey_.data(), macKey_.size());
  return tag;
}

bool KeyVault::bookkeepingTagMatches(std::span<const std::uint8_t> message, std::span<const std::uint8_t> tag) const {
  auto expected = bookkeepingTag(message);
  return expected && tag.size() == expected->size() &&
         sodium_memcmp(expected->data(), tag.data(), tag.size()) == 0;
}

}  // namespace faltlogg::client
