// Detection errs on the side of refusing: a false positive costs the author one rephrased note, a
// false negative puts an identifying number into a record that is meant to be anonymous. The rules
// below still keep counts, years, clock times, dates and time ranges out, because notes are full of them.
#include "faltlogg/core/identity.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

namespace faltlogg::core {
namespace {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool digit_at(std::string_view text, std::size_t pos) { return pos < text.size() && is_digit(text[pos]); }

// Length of the run of digits starting at pos.
std::size_t digit_run(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && is_digit(text[end])) ++end;
  return end - pos;
}

int two_digits(std::string_view digits, std::size_t pos) { return (digits[pos] - '0') * 10 + (digits[pos + 1] - '0'); }

// One separator character at pos, as (kind, bytes): kind ' ' for a space or no-break space, '-' for a
// hyphen, en dash or minus sign (keyboards and word processors turn '-' into these), '+' for plus.
// Returns bytes == 0 when there is none.
struct Separator {
  char kind = 0;
  std::size_t bytes = 0;
};

Separator separator_at(std::string_view text, std::size_t pos) {
  const std::string_view rest = text.substr(std::min(pos, text.size()));
  if (rest.empty()) return {};
  switch (rest.front()) {
    case ' ': return {' ', 1};
    case '-': return {'-', 1};
    case '+': return {'+', 1};
    default: break;
  }
  if (rest.starts_with("\xC2\xA0")) return {' ', 2};      // U+00A0 no-break space
  if (rest.starts_with("\xE2\x80\x93")) return {'-', 3};  // U+2013 en dash
  if (rest.starts_with("\xE2\x88\x92")) return {'-', 3};  // U+2212 minus sign
  return {};
}

// ---- personnummer / samordningsnummer --------------------------------------------------------

struct IdentityCandidate {
  std::size_t offset;
  std::size_t length;
  std::string ten_digits;  // YYMMDDNNNC, the form the Luhn check runs over
  std::optional<int> century;
};

// YYMMDD (century known or not); day 61-91 marks a samordningsnummer.
std::optional<IdentityMatch::Kind> classify_birth_date(std::string_view ten_digits, std::optional<int> century) {
  const int yy = two_digits(ten_digits, 0);
  const int month = two_digits(ten_digits, 2);
  int day = two_digits(ten_digits, 4);
  auto kind = IdentityMatch::Kind::personnummer;
  if (day > 60) {
    day -= 60;
    kind = IdentityMatch::Kind::samordningsnummer;
  }
  // Without a century, 29 February is accepted when any century makes the year a leap year;
  // YY % 4 == 0 covers that (00 is a leap year as 2000).
  const int year = century ? *century * 100 + yy : 2000 + yy;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  return kind;
}

// Reads "D{6}[sep]D{4}" or "D{8}[sep]D{4}" at pos. The separator is a dash, '+' (10-digit form: age
// 100 or more) or one space. Spaces count because people typing on a tablet or reading a number aloud
// often write one where the dash goes; the date and Luhn checks keep that from matching much else.
std::optional<IdentityCandidate> read_identity_candidate(std::string_view text, std::size_t pos) {
  const std::size_t head = digit_run(text, pos);
  if (head != 6 && head != 8 && head != 10 && head != 12) return std::nullopt;
  std::string digits;
  std::size_t end = pos + head;
  if (head == 6 || head == 8) {
    Separator sep = separator_at(text, end);
    const bool allowed = sep.kind == '-' || sep.kind == ' ' || (sep.kind == '+' && head == 6);
    if (!allowed) return std::nullopt;
    if (sep.kind == ' ') {  // " - " as typed by some: a dash between spaces counts as one separator
      const Separator dash = separator_at(text, end + sep.bytes);
      const Separator space = separator_at(text, end + sep.bytes + dash.bytes);
      if (dash.kind == '-' && space.kind == ' ') sep.bytes += dash.bytes + space.bytes;
    }
    if (digit_run(text, end + sep.bytes) != 4) return std::nullopt;
    digits.append(text.substr(pos, head)).append(text.substr(end + sep.bytes, 4));
    end += sep.bytes + 4;
  } else {
    digits.assign(text.substr(pos, head));
  }
  std::optional<int> century;
  if (digits.size() == 12) {
    century = two_digits(digits, 0);
    if (*century < 18 || *century > 20) return std::nullopt;
    digits.erase(0, 2);
  }
  return IdentityCandidate{pos, end - pos, digits, century};
}

// ---- phone numbers -----------------------------------------------------------------------------

struct DigitGroups {
  std::vector<std::size_t> group_end;    // byte offset just past each digit group
  std::vector<std::size_t> group_size;   // digits in each group
};

// A separator between digit groups: one space, one dash, or a dash between spaces (" - "). Anything else
// (':', '.', ',', '/', two spaces) ends the number, which keeps "18:30", "0,5", dotted dates and lists apart.
std::size_t separator_length(std::string_view text, std::size_t pos, char& kind) {
  const Separator first = separator_at(text, pos);
  if (first.bytes == 0 || first.kind == '+') return 0;
  if (digit_at(text, pos + first.bytes)) {
    kind = first.kind;
    return first.bytes;
  }
  if (first.kind != ' ') return 0;
  const Separator dash = separator_at(text, pos + first.bytes);
  if (dash.kind != '-') return 0;
  const Separator after = separator_at(text, pos + first.bytes + dash.bytes);
  const std::size_t total = first.bytes + dash.bytes + after.bytes;
  if (after.kind != ' ' || !digit_at(text, pos + total)) return 0;
  kind = '-';
  return total;
}

// Digit groups from pos. After the first separator (the one after the area code) all separators must be
// of one kind: "070-123 45 67" and "070-123-45-67" are numbers, "08-12 13-17" is two time ranges.
DigitGroups read_digit_groups(std::string_view text, std::size_t pos) {
  DigitGroups groups;
  char later_kind = 0;
  char kind = 0;
  while (true) {
    const std::size_t size = digit_run(text, pos);
    if (size == 0) break;
    groups.group_end.push_back(pos + size);
    groups.group_size.push_back(size);
    pos += size;
    const std::size_t sep = separator_length(text, pos, kind);
    if (sep == 0) break;
    if (groups.group_size.size() >= 2) {
      if (later_kind == 0) later_kind = kind;
      if (kind != later_kind) break;
    }
    pos += sep;
    if (groups.group_size.size() > 8) break;  // no number has this many groups
  }
  return groups;
}

bool looks_like_date(const std::vector<std::size_t>& sizes, std::string_view digits) {
  // "05-12-2024", "05 12 2024": day, month, year.
  if (sizes.size() != 3 || sizes[0] != 2 || sizes[1] != 2 || sizes[2] != 4) return false;
  const int day = two_digits(digits, 0);
  const int month = two_digits(digits, 2);
  const int century = two_digits(digits, 4);
  return day >= 1 && day <= 31 && month >= 1 && month <= 12 && (century == 19 || century == 20);
}

// The national significant number (no leading 0 or +46). Mobiles are 7[02369] + 7 digits. Other
// 07x ranges, 020 (freephone) and 0900/0939/0944 (premium) belong to services, not persons.
bool is_personal_national_number(std::string_view nsn) {
  if (nsn.empty() || nsn.front() == '0') return false;
  if (nsn.front() == '7') {
    const char second = nsn.size() > 1 ? nsn[1] : 'x';
    return nsn.size() == 9 && (second == '0' || second == '2' || second == '3' || second == '6' || second == '9');
  }
  if (nsn.starts_with("20") || nsn.starts_with("900") || nsn.starts_with("939") || nsn.starts_with("944"))
    return false;
  return nsn.size() >= 7 && nsn.size() <= 9;  // 8-10 digits with the trunk 0
}

struct PhonePrefix {
  std::size_t digits_start;  // where the national digits begin
  bool international;        // +46 / 0046: a strong signal, so a one-digit area group ("+46 8 ...") is fine
};

std::optional<PhonePrefix> read_phone_prefix(std::string_view text, std::size_t pos) {
  std::size_t next = 0;
  if (text.substr(pos).starts_with("+46")) {
    next = pos + 3;
  } else if (text.substr(pos).starts_with("0046")) {
    next = pos + 4;
  } else if (text[pos] == '0') {
    return PhonePrefix{pos, false};
  } else {
    return std::nullopt;
  }
  if (const Separator sep = separator_at(text, next); sep.kind == ' ' || sep.kind == '-') next += sep.bytes;
  if (text.substr(next).starts_with("(0)")) {  // "+46 (0)70 ..." keeps the trunk 0 for domestic readers
    next += 3;
    if (const Separator sep = separator_at(text, next); sep.kind == ' ') next += sep.bytes;
  }
  if (!digit_at(text, next)) return std::nullopt;
  return PhonePrefix{next, true};
}

// Longest prefix of the digit groups (ending at a group boundary) that forms a personal number.
std::optional<std::size_t> phone_match_end(std::string_view text, const PhonePrefix& prefix) {
  const DigitGroups groups = read_digit_groups(text, prefix.digits_start);
  const auto& sizes = groups.group_size;
  for (std::size_t count = sizes.size(); count >= 1; --count) {
    std::string digits;
    bool groups_ok = true;
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t start = groups.group_end[i] - sizes[i];
      digits.append(text.substr(start, sizes[i]));
      // Single digits strung together are counts ("0 1 2 4 0 1 5"), not numbers.
      const bool first_may_be_short = i == 0 && prefix.international;
      if (sizes[i] < 2 && !first_may_be_short) groups_ok = false;
    }
    if (!groups_ok) continue;
    std::string_view nsn = digits;
    if (prefix.international) {
      if (nsn.starts_with('0')) nsn.remove_prefix(1);  // "+46 070..." is a common mistake
    } else {
      if (!nsn.starts_with('0') || nsn.size() < 2 || nsn[1] == '0') return std::nullopt;
      nsn.remove_prefix(1);
      if (looks_like_date({sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(count)}, digits)) continue;
      // With a separated area group (0 + 1-3 digits), the subscriber part has 5-8 digits and does not
      // start with 0: this is what tells "0800-1200" (opening hours) from a number.
      if (count >= 2 && sizes[0] <= 4 && nsn.front() != '7') {
        const std::size_t subscriber = digits.size() - sizes[0];
        if (subscriber < 5 || subscriber > 8 || digits[sizes[0]] == '0') continue;
      }
    }
    if (is_personal_national_number(nsn)) return groups.group_end[count - 1];
  }
  return std::nullopt;
}

// "(08) 123 45 67": the area code in brackets. Rewritten as "08-123 45 67" (the rest bounded to what a
// number can span) and checked by the ordinary rules, then mapped back to offsets in the text.
std::optional<IdentityMatch> bracketed_area_code_match(std::string_view text, std::size_t pos) {
  if (text[pos] != '(' || !digit_at(text, pos + 1) || text[pos + 1] != '0') return std::nullopt;
  const std::size_t area = digit_run(text, pos + 1);
  const std::size_t close = pos + 1 + area;
  if (area < 2 || area > 4 || close >= text.size() || text[close] != ')') return std::nullopt;
  std::size_t rest = close + 1;
  if (const Separator sep = separator_at(text, rest); sep.kind == ' ') rest += sep.bytes;
  if (!digit_at(text, rest)) return std::nullopt;
  constexpr std::size_t kMaxRest = 48;
  const std::string rewritten =
      std::string(text.substr(pos + 1, area)) + "-" + std::string(text.substr(rest, kMaxRest));
  const auto end = phone_match_end(rewritten, PhonePrefix{0, false});
  if (!end || *end <= area + 1) return std::nullopt;
  const std::size_t end_in_text = rest + (*end - area - 1);
  return IdentityMatch{IdentityMatch::Kind::phone_number, pos, end_in_text - pos};
}

}  // namespace

bool luhn_valid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool double_it = false;  // from the right: the check digit itself is not doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (!is_digit(*it)) return false;
    int value = *it - '0';
    if (double_it) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

std::optional<IdentityMatch> find_personal_identity_number(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    // Start only where a digit run starts; a match may not be the tail of a longer run of digits.
    if (!is_digit(text[pos]) || (pos > 0 && is_digit(text[pos - 1]))) continue;
    const auto candidate = read_identity_candidate(text, pos);
    if (!candidate || digit_at(text, candidate->offset + candidate->length)) continue;
    const auto kind = classify_birth_date(candidate->ten_digits, candidate->century);
    if (kind && luhn_valid(candidate->ten_digits)) return IdentityMatch{*kind, candidate->offset, candidate->length};
  }
  return std::nullopt;
}

std::optional<IdentityMatch> find_phone_number(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (pos > 0 && is_digit(text[pos - 1])) continue;
    if (auto bracketed = bracketed_area_code_match(text, pos)) return bracketed;
    const auto prefix = read_phone_prefix(text, pos);
    if (!prefix) continue;
    const auto end = phone_match_end(text, *prefix);
    if (end) return IdentityMatch{IdentityMatch::Kind::phone_number, pos, *end - pos};
  }
  return std::nullopt;
}

std::optional<IdentityMatch> find_identifying_number(std::string_view text) {
  if (auto identity = find_personal_identity_number(text)) return identity;
  return find_phone_number(text);
}

}  // namespace faltlogg::core
