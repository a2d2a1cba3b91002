// libsodium wrappers. Keys live in sodium_malloc memory (guard pages, mlock) and are wiped when freed.
#pragma once

#include "faltlogg/core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace faltlogg::core {

using Bytes = std::vector<std::uint8_t>;

// Calls sodium_init once; throws std::runtime_error if libsodium cannot start (a start-up failure).
void ensure_sodium();

// A fixed-size secret held in sodium_malloc memory; move-only; zeroed and freed on destruction.
class SecureBuffer {
 public:
  SecureBuffer() = default;
  explicit SecureBuffer(std::size_t size);
  ~SecureBuffer();
  SecureBuffer(SecureBuffer&& other) noexcept;
  SecureBuffer& operator=(SecureBuffer&& other) noexcept;
  SecureBuffer(const SecureBuffer&) = delete;
  SecureBuffer& operator=(const SecureBuffer&) = delete;

  static SecureBuffer random(std::size_t size);
  static SecureBuffer copy_of(std::span<const std::uint8_t> bytes);

  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return data_ == nullptr; }
  std::span<const std::uint8_t> span() const { return {data_, size_}; }
  void wipe();  // zero and free now

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

constexpr std::size_t kAeadKeyBytes = 32;    // crypto_aead_xchacha20poly1305_ietf_KEYBYTES
constexpr std::size_t kAeadNonceBytes = 24;  // ..._NPUBBYTES
constexpr std::size_t kAeadTagBytes = 16;    // ..._ABYTES
constexpr std::size_t kSaltBytes = 16;       // crypto_pwhash_SALTBYTES

// XChaCha20-Poly1305-IETF. Output layout: nonce (24) || ciphertext || tag (16); nonce is random.
Bytes seal(const SecureBuffer& key, std::span<const std::uint8_t> plaintext, std::string_view associated_data);
Bytes seal(const SecureBuffer& key, std::string_view plaintext, std::string_view associated_data);
// Problem code "decryption_failed" for a wrong key, wrong associated data, or tampered/short input.
Result<std::string> open(const SecureBuffer& key, std::span<const std::uint8_t> sealed, std::string_view associated_data);

enum class KdfStrength { interactive, moderate, test_fast };
struct KdfParams {
  std::uint64_t ops_limit;
  std::size_t mem_limit;
  static KdfParams of(KdfStrength strength);
};

// Argon2id13 key derivation; deterministic for the same passphrase, salt and params.
SecureBuffer derive_key(std::string_view passphrase, std::span<const std::uint8_t> salt, const KdfParams& params,
                        std::size_t key_bytes = kAeadKeyBytes);

// crypto_pwhash_str (Argon2id) for server passwords.
std::string hash_password(std::string_view password, const KdfParams& params);
bool verify_password(std::string_view stored_hash, std::string_view password);
// True when stored_hash was made with other limits (or is unreadable): rehash after a successful login.
bool password_needs_rehash(std::string_view stored_hash, const KdfParams& params);

Bytes random_bytes(std::size_t n);
std::string to_hex(std::span<const std::uint8_t> bytes);
std::optional<Bytes> from_hex(std::string_view hex);  // lower/upper case, even length, nothing else
// Base64 is the original alphabet (RFC 4648 section 4, '+' '/', with '=' padding); decoding is strict:
// no whitespace, no missing padding, no trailing garbage.
std::string to_base64(std::span<const std::uint8_t> bytes);
std::optional<Bytes> from_base64(std::string_view text);
// BLAKE2b-256 of the input, hex-encoded; for token hashing and audit chaining.
std::string hash_hex(std::string_view data);
// Constant-time equality.
bool equal_ct(std::string_view a, std::string_view b);

}  // namespace faltlogg::core
