#include "security/key_vault.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace faltlogg::client {
namespace {

class KeyVaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteDatabase::open(":memory:", true);
    ASSERT_TRUE(opened.ok());
    db_ = std::move(opened.value());
    ASSERT_TRUE(KeyVault::createSchema(db_).ok());
  }
  KeyVault makeVault() { return KeyVault(db_, core::KdfStrength::test_fast); }
  std::vector<std::uint8_t> rawRow(std::string_view name) {
    auto stmt = db_.prepare("SELECT value FROM vault WHERE name = ?1");
    stmt->bind(1, name);
    EXPECT_TRUE(stmt->step().value());
    return stmt->columnBlob(0);
  }
  SqliteDatabase db_;
};

TEST_F(KeyVaultTest, InitializeLeavesVaultUnlockedAndSealsRoundTrip) {
  KeyVault vault = makeVault();
  EXPECT_FALSE(vault.isInitialized());
  ASSERT_TRUE(vault.initialize("correct horse").ok());
  EXPECT_TRUE(vault.isInitialized());
  EXPECT_TRUE(vault.isUnlocked());
  auto sealed = vault.seal("field value", "id-1");
  ASSERT_TRUE(sealed.ok());
  auto opened = vault.open(sealed.value(), "id-1");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened.value(), "field value");
  EXPECT_FALSE(vault.open(sealed.value(), "id-2").ok()) << "associated data must bind the payload to its id";
}

TEST_F(KeyVaultTest, RefusesEmptyPassphraseAndSecondInitialisation) {
  KeyVault vault = makeVault();
  EXPECT_EQ(vault.initialize("").problem().code, "invalid_passphrase");
  EXPECT_FALSE(vault.isInitialized());
  ASSERT_TRUE(vault.initialize("one").ok());
  EXPECT_EQ(vault.initialize("two").problem().code, "vault_exists");
  vault.lock();
  EXPECT_TRUE(vault.unlock("one").ok()) << "a refused re-initialisation must not change the passphrase";
}

TEST_F(KeyVaultTest, UnlockBeforeInitialisationIsReported) {
  KeyVault vault = makeVault();
  EXPECT_EQ(vault.unlock("anything").problem().code, "vault_not_initialized");
}

TEST_F(KeyVaultTest, LockWipesTheKeyAndRefusesSealing) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("pw").ok());
  auto sealed = vault.seal("x", "ad");
  vault.lock();
  EXPECT_FALSE(vault.isUnlocked());
  EXPECT_EQ(vault.seal("x", "ad").problem().code, "vault_locked");
  EXPECT_EQ(vault.open(sealed.value(), "ad").problem().code, "vault_locked");
  ASSERT_TRUE(vault.unlock("pw").ok());
  EXPECT_EQ(vault.open(sealed.value(), "ad").value(), "x") << "the same data key comes back after unlock";
}

TEST_F(KeyVaultTest, WrongPassphraseIsCountedAndSaysHowManyRemain) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("right", 5).ok());
  vault.lock();
  auto wrong = vault.unlock("wrong");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.problem().code, "wrong_passphrase");
  EXPECT_NE(wrong.problem().detail.find("4 attempt"), std::string::npos) << wrong.problem().detail;
  EXPECT_FALSE(vault.isUnlocked());
  EXPECT_EQ(vault.failedAttempts(), 1);
  ASSERT_FALSE(vault.unlock("wrong again").ok());
  EXPECT_EQ(vault.failedAttempts(), 2);
  ASSERT_TRUE(vault.unlock("right").ok());
  EXPECT_EQ(vault.failedAttempts(), 0) << "a correct passphrase resets the count";
}

TEST_F(KeyVaultTest, AttemptLimitIsReachedAndThenEveryUnlockIsRefused) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("right", 3).ok());
  vault.lock();
  EXPECT_EQ(vault.unlock("a").problem().code, "wrong_passphrase");
  EXPECT_EQ(vault.unlock("b").problem().code, "wrong_passphrase");
  EXPECT_EQ(vault.unlock("c").problem().code, "attempts_exhausted");
  EXPECT_EQ(vault.unlock("right").problem().code, "attempts_exhausted")
      << "after the limit even the right passphrase must not open the store";
  EXPECT_FALSE(vault.isUnlocked());
}

TEST_F(KeyVaultTest, CountSurvivesARestartOfTheApp) {
  {
    KeyVault vault = makeVault();
    ASSERT_TRUE(vault.initialize("right", 10).ok());
    vault.lock();
    ASSERT_FALSE(vault.unlock("wrong").ok());
    ASSERT_FALSE(vault.unlock("wrong").ok());
  }
  KeyVault restarted = makeVault();
  EXPECT_EQ(restarted.failedAttempts(), 2);
  EXPECT_EQ(restarted.maxAttempts(), 10);
}

TEST_F(KeyVaultTest, ChangePassphraseRewrapsWithoutTouchingSealedData) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("old").ok());
  auto sealed = vault.seal("record payload", "rec");
  const auto wrappedBefore = rawRow("wrapped_dek");
  ASSERT_TRUE(vault.changePassphrase("old", "new").ok());
  EXPECT_NE(rawRow("wrapped_dek"), wrappedBefore);
  vault.lock();
  EXPECT_EQ(vault.unlock("old").problem().code, "wrong_passphrase");
  ASSERT_TRUE(vault.unlock("new").ok());
  EXPECT_EQ(vault.open(sealed.value(), "rec").value(), "record payload");
}

TEST_F(KeyVaultTest, ChangePassphraseWithWrongCurrentCountsAsAnAttempt) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("old").ok());
  EXPECT_EQ(vault.changePassphrase("guess", "new").problem().code, "wrong_passphrase");
  EXPECT_EQ(vault.failedAttempts(), 1);
  EXPECT_EQ(vault.changePassphrase("old", "").problem().code, "invalid_passphrase");
  ASSERT_TRUE(vault.unlock("old").ok()) << "a refused change keeps the old passphrase";
}

TEST_F(KeyVaultTest, TamperedWrappedKeyDoesNotOpen) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("pw").ok());
  vault.lock();
  auto wrapped = rawRow("wrapped_dek");
  wrapped[wrapped.size() / 2] ^= 0x01;
  auto update = db_.prepare("UPDATE vault SET value = ?1 WHERE name = 'wrapped_dek'");
  update->bindBlob(1, wrapped);
  ASSERT_TRUE(update->run().ok());
  EXPECT_EQ(vault.unlock("pw").problem().code, "wrong_passphrase");
  EXPECT_FALSE(vault.isUnlocked());
}

TEST_F(KeyVaultTest, SecretsAreSealedAndRemovable) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("pw").ok());
  const std::string token = "token-0123456789abcdef-SECRET";
  ASSERT_TRUE(vault.storeSecret("server_token", token).ok());
  EXPECT_TRUE(vault.hasSecret("server_token"));
  const auto raw = rawRow("secret:server_token");
  EXPECT_EQ(std::string(raw.begin(), raw.end()).find("SECRET"), std::string::npos);
  EXPECT_EQ(vault.loadSecret("server_token").value(), token);
  EXPECT_FALSE(vault.loadSecret("other").value().has_value());
  vault.lock();
  EXPECT_EQ(vault.loadSecret("server_token").problem().code, "vault_locked");
  ASSERT_TRUE(vault.unlock("pw").ok());
  ASSERT_TRUE(vault.removeSecret("server_token").ok());
  EXPECT_FALSE(vault.hasSecret("server_token"));
}

TEST_F(KeyVaultTest, SecretMovedToAnotherNameDoesNotOpen) {
  KeyVault vault = makeVault();
  ASSERT_TRUE(vault.initialize("pw").ok());
  ASSERT_TRUE(vault.storeSecret("a", "value").ok());
  auto copy = db_.prepare("INSERT INTO vault (name, value) SELECT 'secret:b', value FROM vault WHERE name='secret:a'");
  ASSERT_TRUE(copy->run().ok());
  EXPECT_EQ(vault.loadSecret("b").problem().code, "decryption_failed");
}

TEST(KdfStrengthFromEnvironment, ParsesKnownNamesAndDefaultsToInteractive) {
  ::setenv("FALTLOGG_KDF", "test_fast", 1);
  EXPECT_EQ(kdfStrengthFromEnvironment(), core::KdfStrength::test_fast);
  ::setenv("FALTLOGG_KDF", "moderate", 1);
  EXPECT_EQ(kdfStrengthFromEnvironment(), core::KdfStrength::moderate);
  ::setenv("FALTLOGG_KDF", "nonsense", 1);
  EXPECT_EQ(kdfStrengthFromEnvironment(), core::KdfStrength::interactive);
  ::unsetenv("FALTLOGG_KDF");
  EXPECT_EQ(kdfStrengthFromEnvironment(), core::KdfStrength::interactive);
}

}  // namespace
}  // namespace faltlogg::client
