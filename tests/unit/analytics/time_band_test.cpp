#include "faltlogg/analytics/time_band.hpp"

#include "faltlogg/core/time.hpp"

#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;

namespace {

struct BandCase {
  const char* utc;
  fa::TimeBand band;
  const char* why;
};

class TimeBandAt : public ::testing::TestWithParam<BandCase> {};

}  // namespace

TEST_P(TimeBandAt, Stockholm) {
  const auto ms = faltlogg::core::parse_rfc3339(GetParam().utc);
  ASSERT_TRUE(ms.has_value());
  EXPECT_EQ(fa::to_string(fa::time_band_at(*ms)), fa::to_string(GetParam().band)) << GetParam().why;
}

// Winter: local = UTC+1; summer: local = UTC+2.
INSTANTIATE_TEST_SUITE_P(
    Cases, TimeBandAt,
    ::testing::Values(
        BandCase{"2026-01-14T05:59:59.000Z", fa::TimeBand::natt, "Wednesday 06:59 local"},
        BandCase{"2026-01-14T06:00:00.000Z", fa::TimeBand::dag, "Wednesday 07:00 local"},
        BandCase{"2026-01-14T15:59:00.000Z", fa::TimeBand::dag, "Wednesday 16:59 local"},
        BandCase{"2026-01-14T16:00:00.000Z", fa::TimeBand::kvall, "Wednesday 17:00 local"},
        BandCase{"2026-01-14T21:59:00.000Z", fa::TimeBand::kvall, "Wednesday 22:59 local"},
        BandCase{"2026-01-14T22:00:00.000Z", fa::TimeBand::natt, "Wednesday 23:00 local"},
        BandCase{"2026-01-14T23:30:00.000Z", fa::TimeBand::natt, "00:30 local Thursday, past midnight"},
        BandCase{"2026-01-16T22:59:00.000Z", fa::TimeBand::natt, "Friday 23:59 local"},
        BandCase{"2026-01-16T23:00:00.000Z", fa::TimeBand::natt, "Saturday 00:00 local: night wins over weekend"},
        BandCase{"2026-01-17T06:00:00.000Z", fa::TimeBand::helg, "Saturday 07:00 local"},
        BandCase{"2026-01-18T21:59:00.000Z", fa::TimeBand::helg, "Sunday 22:59 local"},
        BandCase{"2026-01-18T22:00:00.000Z", fa::TimeBand::natt, "Sunday 23:00 local"},
        BandCase{"2026-06-17T15:30:00.000Z", fa::TimeBand::kvall, "summer Wednesday 17:30 local (UTC 15:30)"},
        BandCase{"2026-06-17T14:59:00.000Z", fa::TimeBand::dag, "summer Wednesday 16:59 local"},
        BandCase{"2026-06-17T05:00:00.000Z", fa::TimeBand::dag, "summer 07:00 local is 05:00 UTC"},
        BandCase{"2026-06-17T04:59:00.000Z", fa::TimeBand::natt, "summer 06:59 local"},
        BandCase{"2026-06-19T10:00:00.000Z", fa::TimeBand::helg, "midsommarafton 2026 (Friday) 12:00"},
        BandCase{"2026-06-18T10:00:00.000Z", fa::TimeBand::dag, "the Thursday before midsommarafton"},
        BandCase{"2026-04-03T10:00:00.000Z", fa::TimeBand::helg, "långfredagen 2026"},
        BandCase{"2026-04-06T15:30:00.000Z", fa::TimeBand::helg, "annandag påsk 2026, 17:30 local"},
        BandCase{"2026-04-07T15:30:00.000Z", fa::TimeBand::kvall, "the Tuesday after Easter 2026"},
        BandCase{"2025-04-21T10:00:00.000Z", fa::TimeBand::helg, "annandag påsk 2025"},
        BandCase{"2024-04-01T10:00:00.000Z", fa::TimeBand::helg, "annandag påsk 2024"},
        BandCase{"2026-05-14T10:00:00.000Z", fa::TimeBand::helg, "Kristi himmelfärd 2026 (Thursday)"},
        BandCase{"2026-12-24T14:00:00.000Z", fa::TimeBand::helg, "julafton 2026 (Thursday) 15:00"},
        BandCase{"2026-12-31T20:00:00.000Z", fa::TimeBand::helg, "nyårsafton 21:00"},
        BandCase{"2026-01-06T10:00:00.000Z", fa::TimeBand::helg, "trettondedag jul (Tuesday)"},
        // DST, spring: 29 March 2026 is a Sunday; the Monday after in summer time.
        BandCase{"2026-03-30T04:59:00.000Z", fa::TimeBand::natt, "Monday 06:59 CEST"},
        BandCase{"2026-03-30T05:00:00.000Z", fa::TimeBand::dag, "Monday 07:00 CEST (would be 06:00 in CET)"},
        BandCase{"2026-03-27T05:30:00.000Z", fa::TimeBand::natt, "Friday before the switch 06:30 CET"},
        BandCase{"2026-03-27T06:00:00.000Z", fa::TimeBand::dag, "Friday before the switch 07:00 CET"},
        // DST, autumn: 25 October 2026; the Monday after back in CET.
        BandCase{"2026-10-26T06:00:00.000Z", fa::TimeBand::dag, "Monday 07:00 CET"},
        BandCase{"2026-10-26T05:30:00.000Z", fa::TimeBand::natt, "Monday 06:30 CET (07:30 in CEST)"},
        BandCase{"2026-10-23T15:00:00.000Z", fa::TimeBand::kvall, "Friday before the switch 17:00 CEST"},
        BandCase{"2026-10-23T14:59:00.000Z", fa::TimeBand::dag, "Friday before the switch 16:59 CEST"}));

TEST(TimeBand, NamesRoundTrip) {
  for (auto band : {fa::TimeBand::dag, fa::TimeBand::kvall, fa::TimeBand::natt, fa::TimeBand::helg}) {
    EXPECT_EQ(fa::time_band_from_string(fa::to_string(band)), band);
  }
  EXPECT_FALSE(fa::time_band_from_string("Dag").has_value());
  EXPECT_FALSE(fa::time_band_from_string("").has_value());
}
