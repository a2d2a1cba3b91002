#include "faltlogg/core/time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <random>

namespace faltlogg::core {
namespace {

struct KnownInstant {
  const char* text;
  Millis millis;
};

class ParseKnownInstant : public ::testing::TestWithParam<KnownInstant> {};

TEST_P(ParseKnownInstant, GivesTheExpectedMillis) {
  const auto& param = GetParam();
  const auto parsed = parse_rfc3339(param.text);
  ASSERT_TRUE(parsed.has_value()) << param.text;
  EXPECT_EQ(*parsed, param.millis) << param.text;
}

// Expected values computed independently (date -u -d ... +%s%3N).
INSTANTIATE_TEST_SUITE_P(
    Accepted, ParseKnownInstant,
    ::testing::Values(KnownInstant{"1970-01-01T00:00:00Z", 0}, KnownInstant{"1970-01-01T00:00:00.000Z", 0},
                      KnownInstant{"2026-11-22T18:04:05.123Z", 1795370645123},
                      KnownInstant{"2026-11-22T18:04:05.1Z", 1795370645100},
                      KnownInstant{"2026-11-22T18:04:05.12Z", 1795370645120},
                      // Fractions beyond milliseconds are truncated, never rounded up into the next ms.
                      KnownInstant{"2026-11-22T18:04:05.123999999Z", 1795370645123},
                      KnownInstant{"2026-11-22T19:04:05.123+01:00", 1795370645123},
                      KnownInstant{"2026-11-22T12:34:05.123-05:30", 1795370645123},
                      KnownInstant{"2026-11-22T18:04:05.123-00:00", 1795370645123},
                      KnownInstant{"2024-02-29T12:00:00Z", 1709208000000},  // leap year
                      KnownInstant{"2000-02-29T00:00:00Z", 951782400000},   // divisible by 400
                      KnownInstant{"1969-12-31T23:59:59.999Z", -1},
                      KnownInstant{"2026-01-01T00:30:00+01:00", 1767223800000},  // offset crosses the year
                      KnownInstant{"0000-01-01T00:00:00Z", -62167219200000},
                      KnownInstant{"9999-12-31T23:59:59.999Z", 253402300799999}));

class ParseRefused : public ::testing::TestWithParam<const char*> {};

TEST_P(ParseRefused, ReturnsNullopt) { EXPECT_FALSE(parse_rfc3339(GetParam()).has_value()) << GetParam(); }

INSTANTIATE_TEST_SUITE_P(
    Malformed, ParseRefused,
    ::testing::Values("", "2026-11-22", "2026-11-22T18:04:05", "2026-11-22T18:04Z", "2026-11-22 18:04:05Z",
                      "2026-11-22t18:04:05Z", "2026-11-22T18:04:05z", "2026-11-22T18:04:05.Z",
                      "2026-11-22T18:04:05.1234567890Z",  // ten fraction digits
                      "2026-11-22T18:04:05,123Z", "2026-11-22T18:04:05.123", "2026-11-22T18:04:05.123+0100",
                      "2026-11-22T18:04:05.123+01", "2026-11-22T18:04:05.123+1:00", "2026-11-22T18:04:05.123 Z",
                      " 2026-11-22T18:04:05Z", "2026-11-22T18:04:05Z ", "2026-11-22T18:04:05ZZ",
                      "26-11-22T18:04:05Z", "+2026-11-22T18:04:05Z", "2026-1-22T18:04:05Z", "2026-11-2T18:04:05Z",
                      "２026-11-22T18:04:05Z", "2026-11-22T18:04:05.12a3Z", "2026-11-22T18:04:05.123Zjunk",
                      "2026-11-22T18:04:05.123+01:00:00", "abcd-ef-ghTij:kl:mnZ"));

INSTANTIATE_TEST_SUITE_P(
    OutOfRange, ParseRefused,
    ::testing::Values("2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z",
                      "2023-02-29T00:00:00Z",  // not a leap year
                      "1900-02-29T00:00:00Z",  // divisible by 100, not by 400
                      "2026-04-31T00:00:00Z", "2026-06-31T00:00:00Z", "2026-11-22T24:00:00Z",
                      "2026-11-22T23:60:00Z", "2026-11-22T23:59:60Z",  // no leap seconds
                      "2026-11-22T18:04:05+24:00", "2026-11-22T18:04:05+23:60",
                      "0000-01-01T00:00:00+00:01",  // before year 0 in UTC
                      "9999-12-31T23:59:59-00:01"));  // after year 9999 in UTC

TEST(FormatRfc3339, AlwaysWritesMillisecondsAndZ) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339(1795370645123), "2026-11-22T18:04:05.123Z");
  EXPECT_EQ(format_rfc3339(1795370645000), "2026-11-22T18:04:05.000Z");
  EXPECT_EQ(format_rfc3339(1709208000007), "2024-02-29T12:00:00.007Z");
}

TEST(FormatRfc3339, HandlesInstantsBeforeTheEpoch) {
  EXPECT_EQ(format_rfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(-86400000), "1969-12-31T00:00:00.000Z");
}

TEST(FormatRfc3339, ClampsToFourDigitYears) {
  EXPECT_EQ(format_rfc3339(std::numeric_limits<Millis>::max()), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(std::numeric_limits<Millis>::min()), "0000-01-01T00:00:00.000Z");
}

TEST(Rfc3339RoundTrip, FormatThenParseIsIdentityOverTheWholeRange) {
  std::mt19937_64 rng(20261122);
  std::uniform_int_distribution<Millis> any(-62167219200000, 253402300799999);
  for (int i = 0; i < 20000; ++i) {
    const Millis ms = any(rng);
    const auto text = format_rfc3339(ms);
    ASSERT_EQ(text.size(), 24u) << text;
    const auto back = parse_rfc3339(text);
    ASSERT_TRUE(back.has_value()) << text;
    ASSERT_EQ(*back, ms) << text;
  }
}

TEST(Rfc3339RoundTrip, EveryDayOfALeapYearAndACommonYear) {
  for (int year : {2023, 2024}) {
    const auto start = std::chrono::sys_days{std::chrono::year{year} / 1 / 1};
    const auto end = std::chrono::sys_days{std::chrono::year{year + 1} / 1 / 1};
    int days = 0;
    for (auto day = start; day < end; day += std::chrono::days{1}, ++days) {
      const Millis ms = std::chrono::duration_cast<std::chrono::milliseconds>(day.time_since_epoch()).count() +
                        (23 * 3600 + 59 * 60 + 59) * 1000 + 999;
      const auto back = parse_rfc3339(format_rfc3339(ms));
      ASSERT_TRUE(back.has_value());
      ASSERT_EQ(*back, ms);
    }
    EXPECT_EQ(days, year == 2024 ? 366 : 365);
  }
}

TEST(Rfc3339RoundTrip, NumericOffsetsMeanLocalTimeEastOfUtc) {
  // Write the local wall time for a random offset, then check the parser gets back to the UTC instant.
  std::mt19937_64 rng(3339);
  std::uniform_int_distribution<Millis> any(0, 4102444800000);  // 1970..2100
  std::uniform_int_distribution<int> offset_minutes(-(23 * 60 + 59), 23 * 60 + 59);
  for (int i = 0; i < 5000; ++i) {
    const Millis utc = any(rng);
    const int offset = offset_minutes(rng);
    std::string local = format_rfc3339(utc + Millis{offset} * 60000);
    local.pop_back();  // drop 'Z'
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%c%02d:%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60,
                  std::abs(offset) % 60);
    local += suffix;
    const auto parsed = parse_rfc3339(local);
    ASSERT_TRUE(parsed.has_value()) << local;
    ASSERT_EQ(*parsed, utc) << local;
  }
}

TEST(NowMillis, IsCloseToTheSystemClockAndNotDecreasingQuickly) {
  const Millis before = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  const Millis now = now_millis();
  EXPECT_GE(now, before);
  EXPECT_LT(now - before, 1000);
  EXPECT_GT(now, 1767225600000);  // after 2026-01-01: the test machine's clock is sane
}

}  // namespace
}  // namespace faltlogg::core
