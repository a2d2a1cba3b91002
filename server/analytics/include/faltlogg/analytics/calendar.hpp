// Stockholm local time and the Swedish holiday calendar, computed from rules (no tz database):
// the time band of a contact must not depend on what the server's OS happens to have installed.
#pragma once

#include "faltlogg/core/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faltlogg::server::analytics {

using Date = std::chrono::year_month_day;

struct LocalDateTime {
  Date date;
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
};

// Offset of Europe/Stockholm from UTC at the instant: +60 (CET) or +120 (CEST) minutes. EU rule in force
// since 1996: CEST from the last Sunday of March 01:00 UTC (02:00 CET -> 03:00 CEST) to the last Sunday of
// October 01:00 UTC (03:00 CEST -> 02:00 CET). Earlier years are given the same rule.
int stockholm_utc_offset_minutes(core::Millis utc);
LocalDateTime to_stockholm_local(core::Millis utc);

Date easter_sunday(int year);  // Gregorian computus (Meeus/Jones/Butcher)

enum class HolidayKind {
  official,  // allmän helgdag by law (lag 1989:253)
  de_facto,  // an eve treated as a holiday; see docs/decisions/0022
};

struct Holiday {
  Date date;
  std::string name_sv;
  HolidayKind kind = HolidayKind::official;
};

// Every holiday of the year in date order (Sundays that are holidays, e.g. påskdagen, included by name).
std::vector<Holiday> swedish_holidays(int year);
bool is_swedish_holiday(Date date);
bool is_weekend(Date date);

struct IsoWeek {
  int year = 0;  // the ISO week-numbering year, which differs from the calendar year around New Year
  int week = 0;  // 1-53
};
IsoWeek iso_week(Date date);

std::string format_date(Date date);       // "2026-06-19"
std::string format_month(Date date);      // "2026-06"
std::string format_iso_week(Date date);   // "2026-W25"
// Strict "YYYY-MM-DD" with a real calendar date; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);

}  // namespace faltlogg::server::analytics
