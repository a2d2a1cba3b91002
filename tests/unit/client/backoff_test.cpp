#include "sync/backoff.hpp"

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

TEST(Backoff, DoublesPerAttemptUpToTheCap) {
  const BackoffPolicy policy{1000, 10000, 6};
  // unitRandom 1.0 gives the cap itself, 0.0 half of it.
  EXPECT_EQ(backoffDelayMs(policy, 1, 1.0), 1000);
  EXPECT_EQ(backoffDelayMs(policy, 2, 1.0), 2000);
  EXPECT_EQ(backoffDelayMs(policy, 3, 1.0), 4000);
  EXPECT_EQ(backoffDelayMs(policy, 4, 1.0), 8000);
  EXPECT_EQ(backoffDelayMs(policy, 5, 1.0), 10000);
  EXPECT_EQ(backoffDelayMs(policy, 50, 1.0), 10000);
}

TEST(Backoff, JitterStaysWithinHalfToFullCap) {
  const BackoffPolicy policy{1000, 60000, 6};
  EXPECT_EQ(backoffDelayMs(policy, 3, 0.0), 2000);
  EXPECT_EQ(backoffDelayMs(policy, 3, 0.5), 3000);
  for (double u = 0.0; u < 1.0; u += 0.01) {
    const int delay = backoffDelayMs(policy, 3, u);
    EXPECT_GE(delay, 2000);
    EXPECT_LE(delay, 4000);
  }
}

TEST(Backoff, HostileInputsNeitherOverflowNorGoNegative) {
  const BackoffPolicy policy{1000, 300000, 6};
  EXPECT_EQ(backoffDelayMs(policy, 1'000'000, 1.0), 300000);
  EXPECT_EQ(backoffDelayMs(policy, 0, 1.0), 1000);
  EXPECT_EQ(backoffDelayMs(policy, -5, 1.0), 1000);
  EXPECT_EQ(backoffDelayMs(policy, 2, 7.0), 2000);
  EXPECT_EQ(backoffDelayMs(policy, 2, -3.0), 1000);
  EXPECT_EQ(backoffDelayMs(BackoffPolicy{-10, -10, 1}, 3, 1.0), 0);
}

}  // namespace
}  // namespace faltlogg::client
