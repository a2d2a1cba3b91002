// LoginRateLimiter: per-username and per-address sliding windows with an injected clock.
#include "api/login_rate_limiter.hpp"

#include <gtest/gtest.h>

namespace faltlogg::server {
namespace {

TEST(LoginRateLimiter, BlocksAfterTheLimitUntilTheOldestFailureAgesOut) {
  core::Millis now = 1'000'000;
  LoginRateLimiter limiter(3, [&] { return now; });
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a1"), 0);
  limiter.record_failure("anna", "a1");
  now += 10'000;
  limiter.record_failure("anna", "a2");
  limiter.record_failure("anna", "a3");
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a4"), 50);  // the first failure leaves the window in 50 s
  now += 40'000;
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a4"), 10);
  now += 10'000;
  EXPECT_EQ(limiter.retry_after_seconds("anna", "a4"), 0);
}

TEST(LoginRateLimiter, CountsPerAddressAcrossUsernames) {
  core::Millis now = 0;
  LoginRateLimiter limiter(2, [&] { return now; });
  limiter.record_failure("u1", "10.0.0.9");
  limiter.record_failure("u2", "10.0.0.9");
  EXPECT_GT(limiter.retry_after_seconds("u3", "10.0.0.9"), 0);
  EXPECT_EQ(limiter.retry_after_seconds("u3", "10.0.0.8"), 0);
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
  EXPECT_GT(limiter.retry_after_seconds("mallory", "y"), 0);
}

}  // namespace
}  // namespace faltlogg::server
