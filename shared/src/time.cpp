#include "faltlogg/core/time.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace faltlogg::core {
namespace {

using std::chrono::days;
using std::chrono::milliseconds;
using std::chrono::sys_days;

// The protocol only ever carries four-digit years; keeping formatting inside the same range means
// every formatted string parses back and no calendar arithmetic can overflow.
constexpr Millis kMinMillis = -62167219200000;  // 0000-01-01T00:00:00.000Z
constexpr Millis kMaxMillis = 253402300799999;  // 9999-12-31T23:59:59.999Z

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` decimal digits at `pos`; nullopt if any is not a digit.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool expect(std::string_view text, std::size_t pos, char c) { return pos < text.size() && text[pos] == c; }

struct CivilTime {
  int year, month, day, hour, minute, second, millis;
};

// "YYYY-MM-DDTHH:MM:SS" at the start of text, with every field range-checked (no leap second: the
// protocol's clocks are POSIX clocks and never produce :60).
std::optional<CivilTime> parse_date_time(std::string_view text) {
  auto year = read_digits(text, 0, 4);
  auto month = read_digits(text, 5, 2);
  auto day = read_digits(text, 8, 2);
  auto hour = read_digits(text, 11, 2);
  auto minute = read_digits(text, 14, 2);
  auto second = read_digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  if (!expect(text, 4, '-') || !expect(text, 7, '-') || !expect(text, 10, 'T') || !expect(text, 13, ':') ||
      !expect(text, 16, ':'))
    return std::nullopt;
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                   std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;  // month 13, 2023-02-29, 2024-04-31 ...
  return CivilTime{*year, *month, *day, *hour, *minute, *second, 0};
}

// Optional ".f{1,9}" at pos; advances pos and returns milliseconds (digits past the third are
// truncated, never rounded, so a time never moves into the next second).
std::optional<int> parse_fraction(std::string_view text, std::size_t& pos) {
  if (!expect(text, pos, '.')) return 0;
  std::size_t start = ++pos;
  int millis = 0;
  while (pos < text.size() && is_digit(text[pos])) {
    if (pos - start < 3) millis = millis * 10 + (text[pos] - '0');
    ++pos;
  }
  std::size_t digits = pos - start;
  if (digits == 0 || digits > 9) return std::nullopt;
  for (std::size_t i = digits; i < 3; ++i) millis *= 10;
  return millis;
}

// "Z" or "+HH:MM"/"-HH:MM" ending the text; returns the offset east of UTC in minutes.
std::optional<int> parse_offset(std::string_view text, std::size_t pos) {
  if (pos + 1 == text.size() && text[pos] == 'Z') return 0;
  if (pos + 6 != text.size()) return std::nullopt;
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  auto hours = read_digits(text, pos + 1, 2);
  auto minutes = read_digits(text, pos + 4, 2);
  if (!hours || !minutes || !expect(text, pos + 3, ':') || *hours > 23 || *minutes > 59) return std::nullopt;
  int offset = *hours * 60 + *minutes;
  return text[pos] == '-' ? -offset : offset;
}

}  // namespace

Millis now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_rfc3339(Millis ms) {
  ms = std::clamp(ms, kMinMillis, kMaxMillis);
  const auto point = std::chrono::sys_time<milliseconds>{milliseconds{ms}};
  const auto day_point = std::chrono::floor<days>(point);
  const std::chrono::year_month_day date{day_point};
  const std::chrono::hh_mm_ss<milliseconds> time{point - day_point};

  std::array<char, 64> buffer{};  // roomy: the compiler cannot see the clamped ranges
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  return std::string(buffer.data());
}

std::optional<Millis> parse_rfc3339(std::string_view text) {
  // Shortest valid form is "YYYY-MM-DDTHH:MM:SSZ" (20); the longest adds ".fffffffff" and "+HH:MM" (35).
  if (text.size() < 20 || text.size() > 35) return std::nullopt;
  auto civil = parse_date_time(text);
  if (!civil) return std::nullopt;
  std::size_t pos = 19;
  auto millis = parse_fraction(text, pos);
  if (!millis) return std::nullopt;
  auto offset_minutes = parse_offset(text, pos);
  if (!offset_minutes) return std::nullopt;

  const std::chrono::year_month_day date{std::chrono::year{civil->year},
                                         std::chrono::month{static_cast<unsigned>(civil->month)},
                                         std::chrono::day{static_cast<unsigned>(civil->day)}};
  const auto local = sys_days{date} + std::chrono::hours{civil->hour} + std::chrono::minutes{civil->minute} +
                     std::chrono::seconds{civil->second} + milliseconds{*millis};
  const auto utc = local - std::chrono::minutes{*offset_minutes};
  const Millis result = std::chrono::duration_cast<milliseconds>(utc.time_since_epoch()).count();
  // An offset can push 0000-01-01 or 9999-12-31 out of the four-digit range format_rfc3339 writes.
  if (result < kMinMillis || result > kMaxMillis) return std::nullopt;
  return result;
}

}  // namespace faltlogg::core
