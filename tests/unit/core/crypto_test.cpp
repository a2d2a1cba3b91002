#include "faltlogg/core/crypto.hpp"

#include <gtest/gtest.h>

#include <sodium.h>

#include <string>
#include <type_traits>

namespace faltlogg::core {
namespace {

using namespace std::string_literals;

Bytes fixed_salt(std::uint8_t fill) { return Bytes(kSaltBytes, fill); }

std::span<const std::uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

const KdfParams kFast = KdfParams::of(KdfStrength::test_fast);

// ---- SecureBuffer ----------------------------------------------------------------------------

TEST(SecureBuffer, IsMoveOnly) {
  static_assert(!std::is_copy_constructible_v<SecureBuffer>);
  static_assert(!std::is_copy_assignable_v<SecureBuffer>);
  static_assert(std::is_nothrow_move_constructible_v<SecureBuffer>);
  static_assert(std::is_nothrow_move_assignable_v<SecureBuffer>);
}

TEST(SecureBuffer, NewBufferIsZeroed) {
  SecureBuffer buffer(64);
  ASSERT_EQ(buffer.size(), 64u);
  ASSERT_FALSE(buffer.empty());
  EXPECT_TRUE(sodium_is_zero(buffer.data(), buffer.size()));
}

TEST(SecureBuffer, DefaultAndZeroSizedAreEmpty) {
  SecureBuffer none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(none.size(), 0u);
  SecureBuffer zero(0);
  EXPECT_TRUE(zero.empty());
}

TEST(SecureBuffer, MoveConstructionTransfersOwnership) {
  SecureBuffer source = SecureBuffer::random(32);
  const std::uint8_t* storage = source.data();
  const Bytes contents(source.data(), source.data() + source.size());
  SecureBuffer target(std::move(source));
  EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  EXPECT_EQ(source.size(), 0u);
  EXPECT_EQ(target.data(), storage);
  EXPECT_EQ(Bytes(target.data(), target.data() + target.size()), contents);
}

TEST(SecureBuffer, MoveAssignmentReleasesTheOldSecretAndTakesTheNew) {
  SecureBuffer target = SecureBuffer::random(16);
  SecureBuffer source = SecureBuffer::random(32);
  const std::uint8_t* storage = source.data();
  target = std::move(source);
  EXPECT_EQ(target.data(), storage);
  EXPECT_EQ(target.size(), 32u);
  EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move)
  auto& self = target;
  target = std::move(self);  // self-move keeps the secret
  EXPECT_EQ(target.data(), storage);
}

TEST(SecureBuffer, WipeEmptiesTheBufferAndIsIdempotent) {
  SecureBuffer key = SecureBuffer::random(32);
  key.wipe();
  EXPECT_TRUE(key.empty());
  EXPECT_EQ(key.size(), 0u);
  EXPECT_EQ(key.data(), nullptr);
  key.wipe();
  EXPECT_TRUE(key.empty());
}

TEST(SecureBuffer, CopyOfDuplicatesTheBytes) {
  const Bytes source = {1, 2, 3, 4, 5};
  const SecureBuffer copy = SecureBuffer::copy_of(source);
  ASSERT_EQ(copy.size(), source.size());
  EXPECT_EQ(Bytes(copy.span().begin(), copy.span().end()), source);
}

TEST(SecureBuffer, RandomBuffersDiffer) {
  const SecureBuffer a = SecureBuffer::random(32);
  const SecureBuffer b = SecureBuffer::random(32);
  EXPECT_NE(sodium_memcmp(a.data(), b.data(), 32), 0);
  EXPECT_FALSE(sodium_is_zero(a.data(), 32));
}

// ---- AEAD --------------------------------------------------------------------------------------

class Aead : public ::testing::Test {
 protected:
  SecureBuffer key = SecureBuffer::random(kAeadKeyBytes);
  const std::string plaintext = R"({"arena":"skola","notes":"Pratade med 4 killar"})";
  const std::string record_id = "7f1c2d3e-4b5a-4c6d-8e7f-901234567890";
};

TEST_F(Aead, RoundTrips) {
  const Bytes sealed = seal(key, plaintext, record_id);
  EXPECT_EQ(sealed.size(), kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  const auto opened = open(key, sealed, record_id);
  ASSERT_TRUE(opened.ok()) << opened.problem().detail;
  EXPECT_EQ(*opened, plaintext);
}

TEST_F(Aead, RoundTripsEmptyAndBinaryPlaintext) {
  const auto empty = open(key, seal(key, std::string_view{}, ""), "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
  const std::string binary = "\0\xff\x01zero\0"s;
  const auto opened = open(key, seal(key, bytes_of(binary), "ad"), "ad");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, binary);
}

TEST_F(Aead, SealingTwiceUsesFreshNonces) {
  const Bytes a = seal(key, plaintext, record_id);
  const Bytes b = seal(key, plaintext, record_id);
  EXPECT_NE(Bytes(a.begin(), a.begin() + kAeadNonceBytes), Bytes(b.begin(), b.begin() + kAeadNonceBytes));
  EXPECT_NE(a, b);
}

TEST_F(Aead, CiphertextDoesNotContainThePlaintext) {
  const Bytes sealed = seal(key, plaintext, record_id);
  const std::string as_text(sealed.begin(), sealed.end());
  EXPECT_EQ(as_text.find("skola"), std::string::npos);
}

void expect_decryption_failed(const Result<std::string>& result) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.problem().code, "decryption_failed");
}

TEST_F(Aead, EveryFlippedBitIsDetected) {
  const Bytes sealed = seal(key, plaintext, record_id);
  // Nonce, ciphertext body and tag: one flipped bit anywhere must fail.
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    Bytes tampered = sealed;
    tampered[i] ^= static_cast<std::uint8_t>(1u << (i % 8));
    expect_decryption_failed(open(key, tampered, record_id));
  }
}

TEST_F(Aead, WrongAssociatedDataFails) {
  const Bytes sealed = seal(key, plaintext, record_id);
  expect_decryption_failed(open(key, sealed, "7f1c2d3e-4b5a-4c6d-8e7f-901234567891"));
  expect_decryption_failed(open(key, sealed, ""));
  expect_decryption_failed(open(key, sealed, record_id + "\0"s));
}

TEST_F(Aead, WrongKeyFails) {
  const Bytes sealed = seal(key, plaintext, record_id);
  const SecureBuffer other = SecureBuffer::random(kAeadKeyBytes);
  expect_decryption_failed(open(other, sealed, record_id));
}

TEST_F(Aead, TruncatedOrExtendedInputFails) {
  const Bytes sealed = seal(key, plaintext, record_id);
  for (std::size_t length : {std::size_t{0}, std::size_t{1}, kAeadNonceBytes, kAeadNonceBytes + kAeadTagBytes - 1,
                             kAeadNonceBytes + kAeadTagBytes, sealed.size() - 1}) {
    expect_decryption_failed(open(key, std::span<const std::uint8_t>(sealed.data(), length), record_id));
  }
  Bytes extended = sealed;
  extended.push_back(0);
  expect_decryption_failed(open(key, extended, record_id));
}

TEST_F(Aead, WrongKeySizeIsAProgrammingError) {
  const SecureBuffer short_key = SecureBuffer::random(16);
  EXPECT_THROW(seal(short_key, plaintext, record_id), std::invalid_argument);
  EXPECT_THROW((void)open(short_key, seal(key, plaintext, record_id), record_id), std::invalid_argument);
  const SecureBuffer wiped;
  EXPECT_THROW(seal(wiped, plaintext, record_id), std::invalid_argument);
}

// ---- Argon2id ----------------------------------------------------------------------------------

TEST(KdfParams, MatchLibsodiumLimits) {
  EXPECT_EQ(KdfParams::of(KdfStrength::interactive).ops_limit, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  EXPECT_EQ(KdfParams::of(KdfStrength::interactive).mem_limit, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  EXPECT_EQ(KdfParams::of(KdfStrength::moderate).ops_limit, crypto_pwhash_OPSLIMIT_MODERATE);
  EXPECT_EQ(KdfParams::of(KdfStrength::moderate).mem_limit, crypto_pwhash_MEMLIMIT_MODERATE);
  EXPECT_EQ(KdfParams::of(KdfStrength::test_fast).ops_limit, crypto_pwhash_OPSLIMIT_MIN);
  EXPECT_EQ(KdfParams::of(KdfStrength::test_fast).mem_limit, 8u * 1024 * 1024);
}

Bytes key_bytes(const SecureBuffer& key) { return Bytes(key.span().begin(), key.span().end()); }

TEST(DeriveKey, IsDeterministicForTheSameInputs) {
  const auto a = derive_key("correct horse battery staple", fixed_salt(7), kFast);
  const auto b = derive_key("correct horse battery staple", fixed_salt(7), kFast);
  ASSERT_EQ(a.size(), kAeadKeyBytes);
  EXPECT_EQ(key_bytes(a), key_bytes(b));
  EXPECT_FALSE(sodium_is_zero(a.data(), a.size()));
}

TEST(DeriveKey, MatchesLibsodiumArgon2id) {
  // Guards the algorithm choice: a silent switch to Argon2i would lock every device out of its store.
  const Bytes salt = fixed_salt(1);
  const std::string passphrase = "lösenfras";
  Bytes expected(kAeadKeyBytes);
  ASSERT_EQ(crypto_pwhash(expected.data(), expected.size(), passphrase.data(), passphrase.size(), salt.data(),
                          kFast.ops_limit, kFast.mem_limit, crypto_pwhash_ALG_ARGON2ID13),
            0);
  EXPECT_EQ(key_bytes(derive_key(passphrase, salt, kFast)), expected);
}

TEST(DeriveKey, DiffersWithSaltPassphraseParamsOrLength) {
  const auto base = key_bytes(derive_key("passphrase", fixed_salt(1), kFast));
  EXPECT_NE(key_bytes(derive_key("passphrase", fixed_salt(2), kFast)), base);
  EXPECT_NE(key_bytes(derive_key("passphrasf", fixed_salt(1), kFast)), base);
  EXPECT_NE(key_bytes(derive_key("", fixed_salt(1), kFast)), base);
  const KdfParams more_ops{kFast.ops_limit + 1, kFast.mem_limit};
  EXPECT_NE(key_bytes(derive_key("passphrase", fixed_salt(1), more_ops)), base);
  EXPECT_EQ(derive_key("passphrase", fixed_salt(1), kFast, 64).size(), 64u);
}

TEST(DeriveKey, DerivedKeyWorksForAead) {
  const auto key = derive_key("passphrase", fixed_salt(3), kFast);
  const auto opened = open(key, seal(key, "payload", "ad"), "ad");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "payload");
}

TEST(DeriveKey, RefusesBadSaltLength) {
  EXPECT_THROW(derive_key("p", Bytes(15, 0), kFast), std::invalid_argument);
  EXPECT_THROW(derive_key("p", Bytes(17, 0), kFast), std::invalid_argument);
  EXPECT_THROW(derive_key("p", Bytes{}, kFast), std::invalid_argument);
}

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  const std::string hash = hash_password("hemligt-lösen-123", kFast);
  EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
  EXPECT_TRUE(verify_password(hash, "hemligt-lösen-123"));
  EXPECT_FALSE(verify_password(hash, "hemligt-lösen-124"));
  EXPECT_FALSE(verify_password(hash, ""));
  EXPECT_FALSE(verify_password(hash, "hemligt-lösen-123 "));
}

TEST(PasswordHash, EmptyPasswordsWorkEvenFromANullView) {
  // A default string_view has a null data(); libsodium's pointers are declared nonnull.
  const std::string hash = hash_password(std::string_view{}, kFast);
  EXPECT_TRUE(verify_password(hash, ""));
  EXPECT_TRUE(verify_password(hash, std::string_view{}));
  EXPECT_FALSE(verify_password(hash, "x"));
  EXPECT_EQ(key_bytes(derive_key(std::string_view{}, fixed_salt(4), kFast)),
            key_bytes(derive_key("", fixed_salt(4), kFast)));
}

TEST(PasswordHash, SaltsEachHash) {
  EXPECT_NE(hash_password("same", kFast), hash_password("same", kFast));
}

TEST(PasswordHash, MalformedStoredHashesDoNotVerify) {
  const std::string hash = hash_password("pw", kFast);
  EXPECT_FALSE(verify_password("", "pw"));
  EXPECT_FALSE(verify_password("not a hash", "pw"));
  EXPECT_FALSE(verify_password(hash.substr(0, hash.size() - 1), "pw"));
  EXPECT_FALSE(verify_password(hash + "\0trailing"s, "pw"));
  EXPECT_FALSE(verify_password(std::string(1000, '$'), "pw"));
}

TEST(PasswordHash, NeedsRehashWhenParamsChange) {
  const std::string hash = hash_password("pw", kFast);
  EXPECT_FALSE(password_needs_rehash(hash, kFast));
  EXPECT_TRUE(password_needs_rehash(hash, KdfParams::of(KdfStrength::interactive)));
  EXPECT_TRUE(password_needs_rehash("garbage", kFast));
}

// ---- encodings, hashing, comparison ---------------------------------------------------------------

TEST(Hex, RoundTripsAllByteValues) {
  Bytes all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  const std::string hex = to_hex(all);
  EXPECT_EQ(hex.size(), 512u);
  EXPECT_TRUE(hex.starts_with("000102"));
  EXPECT_TRUE(hex.ends_with("fdfeff"));
  EXPECT_EQ(from_hex(hex), all);
  EXPECT_EQ(to_hex(Bytes{}), "");
  EXPECT_EQ(from_hex(""), Bytes{});
  EXPECT_EQ(from_hex(std::string_view{}), Bytes{});
  EXPECT_EQ(to_base64(Bytes{}), "");
  EXPECT_EQ(from_base64(std::string_view{}), Bytes{});
  EXPECT_EQ(from_hex("ABcd"), (Bytes{0xab, 0xcd}));
}

class HexRefused : public ::testing::TestWithParam<std::string> {};
TEST_P(HexRefused, ReturnsNullopt) { EXPECT_FALSE(from_hex(GetParam()).has_value()) << GetParam(); }
INSTANTIATE_TEST_SUITE_P(Malformed, HexRefused,
                         ::testing::Values("a", "abc", "zz", "0g", " 00", "00 ", "00:11", "0x00", "-1", "00\0"s + "0"));

TEST(Base64, UsesTheOriginalPaddedAlphabet) {
  EXPECT_EQ(to_base64(bytes_of("")), "");
  EXPECT_EQ(to_base64(bytes_of("f")), "Zg==");
  EXPECT_EQ(to_base64(bytes_of("fo")), "Zm8=");
  EXPECT_EQ(to_base64(bytes_of("foo")), "Zm9v");
  EXPECT_EQ(to_base64(bytes_of("foobar")), "Zm9vYmFy");
  EXPECT_EQ(to_base64(Bytes{0xfb, 0xff}), "+/8=");
}

TEST(Base64, RoundTripsEveryLength) {
  for (std::size_t n = 0; n < 70; ++n) {
    const Bytes data = random_bytes(n);
    const auto back = from_base64(to_base64(data));
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(*back, data);
  }
}

class Base64Refused : public ::testing::TestWithParam<std::string> {};
TEST_P(Base64Refused, ReturnsNullopt) { EXPECT_FALSE(from_base64(GetParam()).has_value()) << GetParam(); }
INSTANTIATE_TEST_SUITE_P(Malformed, Base64Refused,
                         ::testing::Values("Zg", "Zg=", "Zm8", "Z", "Zg===", "Zm9v!", " Zm9v", "Zm9v ", "Zm 9v",
                                           "-_8=",  // URL-safe alphabet is not accepted
                                           "Zh==",  // non-zero padding bits: a second spelling of "f"
                                           "Zm9v\n", "====",
                                           "de\xfe\xff\xffLadBEEF",  // libsodium 1.0.18 decodes bytes >= 0x80
                                           "Zm9\xc3\xa5", "\x80\x80\x80\x80"));

TEST(HashHex, IsBlake2b256) {
  // BLAKE2b-256("abc"), from the RFC 7693 reference implementation.
  EXPECT_EQ(hash_hex("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  EXPECT_EQ(hash_hex("").size(), 64u);
  EXPECT_NE(hash_hex("token-a"), hash_hex("token-b"));
  EXPECT_EQ(hash_hex("token-a"), hash_hex("token-a"));
}

TEST(EqualCt, ComparesContentAndLength) {
  EXPECT_TRUE(equal_ct("", ""));
  EXPECT_TRUE(equal_ct("abc", "abc"));
  EXPECT_FALSE(equal_ct("abc", "abd"));
  EXPECT_FALSE(equal_ct("abc", "abcd"));
  EXPECT_FALSE(equal_ct("abc", ""));
  EXPECT_FALSE(equal_ct("abc\0"s, "abc"));
  EXPECT_TRUE(equal_ct("a\0b"s, "a\0b"s));
}

TEST(RandomBytes, HasTheRequestedLengthAndVaries) {
  EXPECT_TRUE(random_bytes(0).empty());
  const Bytes a = random_bytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, random_bytes(32));
}

}  // namespace
}  // namespace faltlogg::core
