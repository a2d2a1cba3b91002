#include "models/passphrase_strength.hpp"

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

struct Case {
  const char* passphrase;
  int minimum;
  int maximum;
};

class PassphraseStrengthTest : public ::testing::TestWithParam<Case> {};

TEST_P(PassphraseStrengthTest, ScoresWithinTheExpectedBand) {
  const auto& c = GetParam();
  const int score = passphraseStrength(QString::fromUtf8(c.passphrase));
  EXPECT_GE(score, c.minimum) << c.passphrase;
  EXPECT_LE(score, c.maximum) << c.passphrase;
}

INSTANTIATE_TEST_SUITE_P(Bands, PassphraseStrengthTest,
                         ::testing::Values(Case{"", 0, 0}, Case{"kort", 0, 0}, Case{"aaaaaaaaaaaa", 0, 0},
                                           Case{"lösenord123", 0, 0}, Case{"Fältlogg2026!", 0, 0},
                                           Case{"blå cykel", 1, 2}, Case{"tre vanliga ord här", 2, 3},
                                           Case{"Tre vanliga ord och en siffra 7", 4, 4}));

}  // namespace
}  // namespace faltlogg::client
