#include "faltlogg/core/crypto.hpp"

#include <sodium.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <stdexcept>
#include <utility>

namespace faltlogg::core {
namespace {

static_assert(kAeadKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kAeadNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kAeadTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kSaltBytes == crypto_pwhash_SALTBYTES);

const unsigned char* as_uchar(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

// libsodium declares password pointers nonnull; a default std::string_view has a null data().
const char* non_null(std::string_view text) { return text.data() != nullptr ? text.data() : ""; }

void require_aead_key(const SecureBuffer& key) {
  // A key of the wrong size is a programming error, not bad input: fail loudly.
  if (key.size() != kAeadKeyBytes) throw std::invalid_argument("AEAD key must be 32 bytes");
}

Problem decryption_failed() {
  return make_problem("decryption_failed", 400, "Decryption failed",
                      "The data could not be opened: wrong key, wrong associated data, or damaged input.");
}

}  // namespace

void ensure_sodium() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = sodium_init() >= 0; });
  if (!ok) throw std::runtime_error("libsodium could not be initialised");
}

// --- SecureBuffer -----------------------------------------------------------------------------

SecureBuffer::SecureBuffer(std::size_t size) {
  if (size == 0) return;
  ensure_sodium();
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
  if (data_ == nullptr) throw std::bad_alloc();
  sodium_memzero(data_, size);  // sodium_malloc fills with 0xdb; callers expect a clean buffer
  size_ = size;
}

SecureBuffer::~SecureBuffer() { wipe(); }

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
  if (this != &other) {
    wipe();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecureBuffer SecureBuffer::random(std::size_t size) {
  SecureBuffer buffer(size);
  if (size > 0) randombytes_buf(buffer.data(), size);
  return buffer;
}

SecureBuffer SecureBuffer::copy_of(std::span<const std::uint8_t> bytes) {
  SecureBuffer buffer(bytes.size());
  if (!bytes.empty()) std::copy(bytes.begin(), bytes.end(), buffer.data());
  return buffer;
}

void SecureBuffer::wipe() {
  if (data_ != nullptr) {
    sodium_memzero(data_, size_);
    sodium_free(data_);  // also zeroes, and unmaps the guard pages
  }
  data_ = nullptr;
  size_ = 0;
}

// --- AEAD -------------------------------------------------------------------------------------

Bytes seal(const SecureBuffer& key, std::span<const std::uint8_t> plaintext, std::string_view associated_data) {
  ensure_sodium();
  require_aead_key(key);
  Bytes out(kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  randombytes_buf(out.data(), kAeadNonceBytes);  // 192-bit random nonces never collide in practice
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kAeadNonceBytes, &written, plaintext.data(),
                                             plaintext.size(), as_uchar(associated_data), associated_data.size(),
                                             nullptr, out.data(), key.data());
  out.resize(kAeadNonceBytes + written);
  return out;
}

Bytes seal(const SecureBuffer& key, std::string_view plaintext, std::string_view associated_data) {
  return seal(key, std::span<const std::uint8_t>(as_uchar(plaintext), plaintext.size()), associated_data);
}

Result<std::string> open(const SecureBuffer& key, std::span<const std::uint8_t> sealed,
                         std::string_view associated_data) {
  require_aead_key(key);
  if (sealed.size() < kAeadNonceBytes + kAeadTagBytes) return decryption_failed();
  const std::uint8_t* nonce = sealed.data();
  const std::uint8_t* ciphertext = sealed.data() + kAeadNonceBytes;
  const std::size_t ciphertext_size = sealed.size() - kAeadNonceBytes;
  std::string plaintext(ciphertext_size - kAeadTagBytes, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &written,
                                                 nullptr, ciphertext, ciphertext_size, as_uchar(associated_data),
                                                 associated_data.size(), nonce, key.data()) != 0) {
    return decryption_failed();
  }
  plaintext.resize(written);
  return plaintext;
}

// --- Argon2id -----------------------------------------------------------------------------------

KdfParams KdfParams::of(KdfStrength strength) {
  switch (strength) {
    case KdfStrength::interactive:
      return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
    case KdfStrength::moderate:
      return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
    case KdfStrength::test_fast:
      // Tests only: the floor of the ops limit and 8 MiB keep Argon2id at a few milliseconds.
      return {crypto_pwhash_OPSLIMIT_MIN, 8u * 1024u * 1024u};
  }
  throw std::invalid_argument("unknown KdfStrength");
}

SecureBuffer derive_key(std::string_view passphrase, std::span<const std::uint8_t> salt, const KdfParams& params,
                        std::size_t key_bytes) {
  ensure_sodium();
  if (salt.size() != kSaltBytes) throw std::invalid_argument("Argon2id salt must be 16 bytes");
  if (key_bytes < crypto_pwhash_BYTES_MIN) throw std::invalid_argument("derived key too short");
  SecureBuffer key(key_bytes);
  if (crypto_pwhash(key.data(), key.size(), non_null(passphrase), passphrase.size(), salt.data(), params.ops_limit,
                    params.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // Only out-of-memory or limits outside libsodium's bounds get here: not a user error.
    throw std::runtime_error("Argon2id key derivation failed (out of memory or invalid limits)");
  }
  return key;
}

std::string hash_password(std::string_view password, const KdfParams& params) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, non_null(password), password.size(), params.ops_limit, params.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("Argon2id password hashing failed (out of memory or invalid limits)");
  }
  return std::string(out);
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  ensure_sodium();
  // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES - 1 characters.
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (stored_hash.find('\0') != std::string_view::npos) return false;
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_verify(terminated.c_str(), non_null(password), password.size()) == 0;
}

bool password_needs_rehash(std::string_view stored_hash, const KdfParams& params) {
  ensure_sodium();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return true;
  if (stored_hash.find('\0') != std::string_view::npos) return true;
  const std::string terminated(stored_hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), params.ops_limit, params.mem_limit) != 0;
}

// --- Encodings and hashing ----------------------------------------------------------------------

Bytes random_bytes(std::size_t n) {
  ensure_sodium();
  Bytes out(n);
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

// The encoders below return early on empty input: libsodium declares its buffers nonnull, and an empty
// vector or span may hand it a null pointer (undefined behaviour, found by fuzzing).
std::string to_hex(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return {};
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
  out.pop_back();
  return out;
}

std::optional<Bytes> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  if (hex.empty()) return Bytes{};
  Bytes out(hex.size() / 2);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written, &end) != 0 ||
      end != hex.data() + hex.size() || written != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::string to_base64(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return {};
  constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), variant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

std::optional<Bytes> from_base64(std::string_view text) {
  if (text.empty()) return Bytes{};
  // libsodium 1.0.18 decodes bytes >= 0x80 as if they were alphabet characters (found by fuzzing), so
  // the alphabet is checked here first.
  const bool alphabet_only = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
           c == '=';
  });
  if (!alphabet_only) return std::nullopt;
  constexpr int variant = sodium_base64_VARIANT_ORIGINAL;
  Bytes out(text.size() / 4 * 3 + 3);
  std::size_t written = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &written, &end, variant) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(written);
  return out;
}

std::string hash_hex(std::string_view data) {
  ensure_sodium();
  std::uint8_t digest[crypto_generichash_BYTES];
  static_assert(crypto_generichash_BYTES == 32);
  crypto_generichash(digest, sizeof digest, as_uchar(data), data.size(), nullptr, 0);
  return to_hex(digest);
}

bool equal_ct(std::string_view a, std::string_view b) {
  // The length is not secret (tokens and hashes have fixed lengths); only the contents are compared
  // in constant time.
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace faltlogg::core
