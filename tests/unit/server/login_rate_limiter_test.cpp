// LoginRateLimiter: per-username and per-address sliding windows with an injected clock.
#include "api/login_rate_limiter.hpp"

#include <gtest/gtest.h>

namespace faltlogg::server {
namespace {

TEST(LoginRateLimiter, BlocksAPairAfterTheLimitUntilTheOldestFailureAgesOut) {
  core::Millis now = 1'000'000;
  LoginRateLimiter limiter(3, [&] { return now; });
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a1"), 0);
  limiter.record_failure("anna", "a1");
  now += 10'000;
  limiter.record_failure("anna", "a1");
  limiter.record_failure("anna", "a1");
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a1"), 50);  // the first failure leaves the window in 50 s
  now += 40'000;
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a1"), 10);
  now += 10'000;
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a1"), 0);
}

TEST(LoginRateLimiter, OneGuesserBehindAnOfficeAddressDoesNotLockOutTheOthers) {
  core::Millis now = 0;
  LoginRateLimiter limiter(10, [&] { return now; });
  for (int i = 0; i < 10; ++i) limiter.record_failure("mallory-target", "office-nat");
  EXPECT_GT(limiter.retry_after_seconds("mallory-target", "office-nat"), 0);
  EXPECT_EQ(limiter.retry_after_seconds("anna", "office-nat"), 0);
  EXPECT_EQ(limiter.retry_after_seconds("bert", "office-nat"), 0);
  EXPECT_EQ(limiter.retry_after_seconds("mallory-target", "home"), 0);  // the real user elsewhere
}

TEST(LoginRateLimiter, AnAddressHasAHigherCeilingAcrossUsernames) {
  core::Millis now = 0;
  LoginRateLimiter limiter(2, [&] { return now; });
  for (int i = 0; i < 19; ++i) limiter.record_failure("u" + std::to_string(i), "10.0.0.9");
  EXPECT_EQ(limiter.retry_after_seconds("someone", "10.0.0.9"), 0);
  limiter.record_failure("u19", "10.0.0.9");  // 20 = 10 x the limit
  EXPECT_GT(limiter.retry_after_seconds("someone", "10.0.0.9"), 0);
  EXPECT_EQ(limiter.retry_after_seconds("someone", "10.0.0.8"), 0);
}

TEST(LoginRateLimiter, AUsernameGuessedFromManyAddressesIsLimitedToo) {
  core::Millis now = 0;
  LoginRateLimiter limiter(2, [&] { return now; });
  for (int i = 0; i < 6; ++i) limiter.record_failure("anna", "bot" + std::to_string(i));
  EXPECT_GT(limiter.retry_after_seconds("anna", "fresh-address"), 0);
  EXPECT_EQ(limiter.retry_after_seconds("bert", "fresh-address"), 0);
}

TEST(LoginRateLimiter, SuccessfulLoginsAreLimitedPerUsername) {
  core::Millis now = 0;
  LoginRateLimiter limiter(10, [&] { return now; });
  for (int i = 0; i < LoginRateLimiter::kSuccessfulLoginsPerMinute; ++i) {
    EXPECT_EQ(limiter.retry_after_seconds("anna", "a"), 0);
    limiter.record_success("anna");
  }
  EXPECT_GT(limiter.retry_after_seconds("anna", "b"), 0);
  EXPECT_EQ(limiter.retry_after_seconds("bert", "a"), 0);
  now += 60'001;
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a"), 0);
}

TEST(LoginRateLimiter, PasswordChecksRunInBoundedSlots) {
  LoginRateLimiter limiter(10, [] { return core::Millis{0}; }, 2, std::chrono::milliseconds(50));
  auto first = limiter.acquire_password_check();
  auto second = limiter.acquire_password_check();
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(limiter.acquire_password_check()) << "a third check ran beside two";
  second.reset();
  EXPECT_TRUE(limiter.acquire_password_check());
}

TEST(LoginRateLimiter, ZeroDisablesTheLimit) {
  LoginRateLimiter limiter(0, [] { return core::Millis{0}; });
  for (int i = 0; i < 100; ++i) limiter.record_failure("anna", "a");
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a"), 0);
}

TEST(LoginRateLimiter, AFloodOfUsernamesStaysBounded) {
  core::Millis now = 0;
  LoginRateLimiter limiter(5, [&] { return now; });
  for (int i = 0; i < 120'000; ++i) limiter.record_failure("user" + std::to_string(i), "addr" + std::to_string(i));
  // Still answers, and a recent offender is still limited after the table was pruned.
  for (int i = 0; i < 5; ++i) limiter.record_failure("mallory", "x");
  EXPECT_GT(limiter.retry_after_seconds("mallory", "x"), 0);
}

}  // namespace
}  // namespace faltlogg::server
