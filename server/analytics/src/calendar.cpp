#include "faltlogg/analytics/calendar.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <limits>

namespace faltlogg::server::analytics {

namespace chr = std::chrono;

namespace {

constexpr core::Millis kMillisPerMinute = 60'000;
constexpr core::Millis kMillisPerDay = 86'400'000;

chr::sys_days last_sunday_of(int year, unsigned month) {
  return chr::sys_days{chr::year{year} / chr::month{month} / chr::Sunday[chr::last]};
}

core::Millis millis_at(chr::sys_days day, int hour_utc) {
  return static_cast<core::Millis>(day.time_since_epoch().count()) * kMillisPerDay +
         static_cast<core::Millis>(hour_utc) * 60 * kMillisPerMinute;
}

// Floor division so that instants before 1970 still land on the right day.
core::Millis floor_div(core::Millis a, core::Millis b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// The first date with the given weekday on or after `from` (e.g. midsommardagen: the Saturday in 20-26 June).
Date first_weekday_on_or_after(Date from, chr::weekday weekday) {
  const chr::sys_days start{from};
  return Date{start + (weekday - chr::weekday{start})};
}

Date plus_days(Date date, int days) { return Date{chr::sys_days{date} + chr::days{days}}; }

}  // namespace

int stockholm_utc_offset_minutes(core::Millis utc) {
  const auto day = chr::sys_days{chr::days{floor_div(utc, kMillisPerDay)}};
  const int year = static_cast<int>(Date{day}.year());
  // Both switches happen at 01:00 UTC, which is what makes the EU rule simple in UTC.
  const core::Millis summer_starts = millis_at(last_sunday_of(year, 3), 1);
  const core::Millis summer_ends = millis_at(last_sunday_of(year, 10), 1);
  return (utc >= summer_starts && utc < summer_ends) ? 120 : 60;
}

LocalDateTime to_stockholm_local(core::Millis utc) {
  const core::Millis local = utc + stockholm_utc_offset_minutes(utc) * kMillisPerMinute;
  const core::Millis day_number = floor_div(local, kMillisPerDay);
  const core::Millis minute_of_day = (local - day_number * kMillisPerDay) / kMillisPerMinute;
  LocalDateTime result;
  result.date = Date{chr::sys_days{chr::days{day_number}}};
  result.hour = static_cast<int>(minute_of_day / 60);
  result.minute = static_cast<int>(minute_of_day % 60);
  return result;
}

Date easter_sunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return chr::year{year} / chr::month{static_cast<unsigned>(month)} / chr::day{static_cast<unsigned>(day)};
}

std::vector<Holiday> swedish_holidays(int year) {
  const chr::year y{year};
  const Date easter = easter_sunday(year);
  const Date midsummer_day = first_weekday_on_or_after(y / chr::June / 20, chr::Saturday);
  const Date all_saints = first_weekday_on_or_after(y / chr::October / 31, chr::Saturday);
  using K = HolidayKind;
  std::vector<Holiday> days = {
      {y / chr::January / 1, "nyårsdagen", K::official},
      {y / chr::January / 6, "trettondedag jul", K::official},
      {plus_days(easter, -2), "långfredagen", K::official},
      {plus_days(easter, -1), "påskafton", K::de_facto},
      {easter, "påskdagen", K::official},
      {plus_days(easter, 1), "annandag påsk", K::official},
      {y / chr::May / 1, "första maj", K::official},
      {plus_days(easter, 39), "Kristi himmelfärds dag", K::official},
      {plus_days(easter, 48), "pingstafton", K::de_facto},
      {plus_days(easter, 49), "pingstdagen", K::official},
      {y / chr::June / 6, "Sveriges nationaldag", K::official},
      {plus_days(midsummer_day, -1), "midsommarafton", K::de_facto},
      {midsummer_day, "midsommardagen", K::official},
      {all_saints, "alla helgons dag", K::official},
      {y / chr::December / 24, "julafton", K::de_facto},
      {y / chr::December / 25, "juldagen", K::official},
      {y / chr::December / 26, "annandag jul", K::official},
      {y / chr::December / 31, "nyårsafton", K::de_facto},
  };
  // Kristi himmelfärd can fall on 1 May or 6 June; sorting keeps both entries, which is harmless.
  std::stable_sort(days.begin(), days.end(),
                   [](const Holiday& a, const Holiday& b) { return chr::sys_days{a.date} < chr::sys_days{b.date}; });
  return days;
}

bool is_swedish_holiday(Date date) {
  // Called for every record at ingest and in rebuilds: keep the last year's dates per thread.
  thread_local int cached_year = std::numeric_limits<int>::min();
  thread_local std::vector<Date> cached_dates;
  const int year = static_cast<int>(date.year());
  if (year != cached_year) {
    cached_dates.clear();
    for (const Holiday& h : swedish_holidays(year)) cached_dates.push_back(h.date);
    cached_year = year;
  }
  return std::find(cached_dates.begin(), cached_dates.end(), date) != cached_dates.end();
}

bool is_weekend(Date date) {
  const chr::weekday wd{chr::sys_days{date}};
  return wd == chr::Saturday || wd == chr::Sunday;
}

IsoWeek iso_week(Date date) {
  // The ISO week belongs to the year that holds its Thursday.
  const chr::sys_days day{date};
  const unsigned iso_weekday = chr::weekday{day}.iso_encoding();  // Monday 1 .. Sunday 7
  const chr::sys_days thursday = day + chr::days{4 - static_cast<int>(iso_weekday)};
  const chr::year thursday_year = Date{thursday}.year();
  const chr::sys_days first_of_year{thursday_year / chr::January / 1};
  return IsoWeek{static_cast<int>(thursday_year), static_cast<int>((thursday - first_of_year).count() / 7 + 1)};
}

std::string format_date(Date date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

std::string format_month(Date date) { return format_date(date).substr(0, 7); }

std::string format_iso_week(Date date) {
  const IsoWeek week = iso_week(date);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-W%02d", week.year, week.week);
  return text;
}

std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int value = 0;
    const char* first = text.data() + pos;
    const char* last = first + len;
    if (!std::all_of(first, last, [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    std::from_chars(first, last, value);
    return value;
  };
  const auto year = number(0, 4);
  const auto month = number(5, 2);
  const auto day = number(8, 2);
  if (!year || !month || !day) return std::nullopt;
  const Date date{chr::year{*year}, chr::month{static_cast<unsigned>(*month)}, chr::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

}  // namespace faltlogg::server::analytics
