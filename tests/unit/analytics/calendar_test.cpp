#include "faltlogg/analytics/calendar.hpp"

#include "faltlogg/core/time.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace fa = faltlogg::server::analytics;
namespace chr = std::chrono;

namespace {

faltlogg::core::Millis utc(const char* text) {
  const auto ms = faltlogg::core::parse_rfc3339(text);
  EXPECT_TRUE(ms.has_value()) << text;
  return ms.value_or(0);
}

fa::Date date(int y, unsigned m, unsigned d) { return chr::year{y} / chr::month{m} / chr::day{d}; }

const fa::Holiday* holiday_named(const std::vector<fa::Holiday>& days, std::string_view name) {
  const auto it = std::find_if(days.begin(), days.end(), [&](const fa::Holiday& h) { return h.name_sv == name; });
  return it == days.end() ? nullptr : &*it;
}

}  // namespace

TEST(Calendar, EasterByComputusMatchesKnownYears) {
  EXPECT_EQ(fa::easter_sunday(2024), date(2024, 3, 31));
  EXPECT_EQ(fa::easter_sunday(2025), date(2025, 4, 20));
  EXPECT_EQ(fa::easter_sunday(2026), date(2026, 4, 5));
  // Extremes of the computus: earliest (22 March) and latest (25 April) possible dates.
  EXPECT_EQ(fa::easter_sunday(1818), date(1818, 3, 22));
  EXPECT_EQ(fa::easter_sunday(2038), date(2038, 4, 25));
  EXPECT_EQ(fa::easter_sunday(2000), date(2000, 4, 23));
}

TEST(Calendar, EasterIsAlwaysASundayBetween22MarchAnd25April) {
  for (int year = 1900; year <= 2200; ++year) {
    const fa::Date easter = fa::easter_sunday(year);
    EXPECT_EQ(chr::weekday{chr::sys_days{easter}}, chr::Sunday) << year;
    EXPECT_GE(chr::sys_days{easter}, chr::sys_days{date(year, 3, 22)}) << year;
    EXPECT_LE(chr::sys_days{easter}, chr::sys_days{date(year, 4, 25)}) << year;
  }
}

TEST(Calendar, The2025CalendarMatchesThePublishedOne) {
  // From the published Swedish calendar for 2025, typed in by hand (not derived from the code's rules).
  const std::vector<fa::Date> published = {
      date(2025, 1, 1),   date(2025, 1, 6),   date(2025, 4, 18),  date(2025, 4, 19), date(2025, 4, 20),
      date(2025, 4, 21),  date(2025, 5, 1),   date(2025, 5, 29),  date(2025, 6, 6),  date(2025, 6, 7),
      date(2025, 6, 8),   date(2025, 6, 20),  date(2025, 6, 21),  date(2025, 11, 1), date(2025, 12, 24),
      date(2025, 12, 25), date(2025, 12, 26), date(2025, 12, 31)};
  std::vector<fa::Date> computed;
  for (const auto& holiday : fa::swedish_holidays(2025)) computed.push_back(holiday.date);
  EXPECT_EQ(computed, published);
}

TEST(Calendar, MovableHolidays2026) {
  const auto days = fa::swedish_holidays(2026);
  ASSERT_NE(holiday_named(days, "långfredagen"), nullptr);
  EXPECT_EQ(holiday_named(days, "långfredagen")->date, date(2026, 4, 3));
  EXPECT_EQ(holiday_named(days, "annandag påsk")->date, date(2026, 4, 6));
  EXPECT_EQ(holiday_named(days, "Kristi himmelfärds dag")->date, date(2026, 5, 14));
  EXPECT_EQ(holiday_named(days, "pingstdagen")->date, date(2026, 5, 24));
  EXPECT_EQ(holiday_named(days, "midsommarafton")->date, date(2026, 6, 19));
  EXPECT_EQ(holiday_named(days, "midsommarafton")->kind, fa::HolidayKind::de_facto);
  EXPECT_EQ(holiday_named(days, "midsommardagen")->date, date(2026, 6, 20));
  EXPECT_EQ(holiday_named(days, "alla helgons dag")->date, date(2026, 10, 31));
}

TEST(Calendar, MidsummerAndAllSaintsFollowTheirWeekdayRules) {
  for (int year = 2000; year <= 2100; ++year) {
    const auto days = fa::swedish_holidays(year);
    const fa::Date eve = holiday_named(days, "midsommarafton")->date;
    const fa::Date all_saints = holiday_named(days, "alla helgons dag")->date;
    EXPECT_EQ(chr::weekday{chr::sys_days{eve}}, chr::Friday) << year;
    EXPECT_EQ(eve.month(), chr::June);
    EXPECT_GE(static_cast<unsigned>(eve.day()), 19u);
    EXPECT_LE(static_cast<unsigned>(eve.day()), 25u);
    EXPECT_EQ(chr::weekday{chr::sys_days{all_saints}}, chr::Saturday) << year;
    EXPECT_GE(chr::sys_days{all_saints}, chr::sys_days{date(year, 10, 31)});
    EXPECT_LE(chr::sys_days{all_saints}, chr::sys_days{date(year, 11, 6)});
  }
}

TEST(Calendar, FixedHolidaysAndDeFactoEves) {
  for (auto [m, d] : {std::pair{1u, 1u}, {1u, 6u}, {5u, 1u}, {6u, 6u}, {12u, 24u}, {12u, 25u}, {12u, 26u}, {12u, 31u}}) {
    EXPECT_TRUE(fa::is_swedish_holiday(date(2025, m, d))) << m << "-" << d;
  }
  EXPECT_FALSE(fa::is_swedish_holiday(date(2025, 4, 30)));  // valborgsmässoafton is a working day
  EXPECT_FALSE(fa::is_swedish_holiday(date(2025, 1, 5)));   // trettondagsafton too
  EXPECT_FALSE(fa::is_swedish_holiday(date(2026, 10, 30)));  // the Friday before alla helgons dag
  EXPECT_FALSE(fa::is_swedish_holiday(date(2026, 6, 18)));
}

TEST(Calendar, StockholmOffsetSwitchesAtOneUtcOnLastSundays) {
  // 2026: summer time from 29 March, back on 25 October.
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2026-03-29T00:59:59.999Z")), 60);
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2026-03-29T01:00:00.000Z")), 120);
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2026-10-25T00:59:59.999Z")), 120);
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2026-10-25T01:00:00.000Z")), 60);
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2026-01-15T12:00:00.000Z")), 60);
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2026-07-15T12:00:00.000Z")), 120);
  // 2024: 31 March (also Easter Sunday) and 27 October.
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2024-03-31T01:00:00.000Z")), 120);
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2024-10-27T00:30:00.000Z")), 120);
  EXPECT_EQ(fa::stockholm_utc_offset_minutes(utc("2024-10-27T01:30:00.000Z")), 60);
}

TEST(Calendar, LocalTimeSkipsTheSpringHourAndRepeatsTheAutumnHour) {
  auto local = fa::to_stockholm_local(utc("2026-03-29T00:59:00.000Z"));
  EXPECT_EQ(local.hour, 1);
  EXPECT_EQ(local.minute, 59);
  local = fa::to_stockholm_local(utc("2026-03-29T01:00:00.000Z"));
  EXPECT_EQ(local.hour, 3);  // 02:00-02:59 local does not exist
  EXPECT_EQ(local.minute, 0);
  // 02:30 local happens twice on 25 October 2026: once in CEST, once in CET.
  EXPECT_EQ(fa::to_stockholm_local(utc("2026-10-25T00:30:00.000Z")).hour, 2);
  EXPECT_EQ(fa::to_stockholm_local(utc("2026-10-25T01:30:00.000Z")).hour, 2);
  EXPECT_EQ(fa::to_stockholm_local(utc("2026-10-25T02:30:00.000Z")).hour, 3);
}

TEST(Calendar, LocalDateChangesAtLocalMidnight) {
  const auto winter = fa::to_stockholm_local(utc("2026-01-31T23:30:00.000Z"));
  EXPECT_EQ(winter.date, date(2026, 2, 1));
  EXPECT_EQ(winter.hour, 0);
  const auto summer = fa::to_stockholm_local(utc("2026-06-30T22:15:00.000Z"));
  EXPECT_EQ(summer.date, date(2026, 7, 1));
  EXPECT_EQ(summer.hour, 0);
  EXPECT_EQ(summer.minute, 15);
  const auto new_year = fa::to_stockholm_local(utc("2025-12-31T23:00:00.000Z"));
  EXPECT_EQ(new_year.date, date(2026, 1, 1));
}

TEST(Calendar, IsoWeeksAroundNewYear) {
  EXPECT_EQ(fa::format_iso_week(date(2026, 1, 1)), "2026-W01");   // a Thursday
  EXPECT_EQ(fa::format_iso_week(date(2027, 1, 1)), "2026-W53");   // a Friday: still the 53rd week of 2026
  EXPECT_EQ(fa::format_iso_week(date(2024, 12, 30)), "2025-W01");  // a Monday in week 1 of 2025
  EXPECT_EQ(fa::format_iso_week(date(2026, 6, 19)), "2026-W25");
  EXPECT_EQ(fa::format_month(date(2026, 6, 19)), "2026-06");
}

TEST(Calendar, ParseDateIsStrict) {
  EXPECT_EQ(fa::parse_date("2026-06-19"), date(2026, 6, 19));
  EXPECT_EQ(fa::parse_date("2024-02-29"), date(2024, 2, 29));
  for (const char* bad : {"2025-02-29", "2026-13-01", "2026-6-19", "2026-06-19T00", "", "abcd-ef-gh", "2026-06-1x",
                          "+026-06-19"}) {
    EXPECT_FALSE(fa::parse_date(bad).has_value()) << bad;
  }
}
