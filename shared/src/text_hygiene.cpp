#include "faltlogg/core/text_hygiene.hpp"

#include <array>
#include <cstdio>

namespace faltlogg::core {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at pos and advances pos; invalid input yields U+FFFD and one byte.
char32_t next_code_point(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  int extra = 0;
  char32_t cp = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    cp = lead & 0x07;
  } else {
    ++pos;
    return kReplacement;
  }
  if (pos + static_cast<std::size_t>(extra) >= s.size()) {
    pos = s.size();
    return kReplacement;
  }
  for (int i = 1; i <= extra; ++i) {
    const unsigned char c = byte(pos + i);
    if ((c & 0xC0) != 0x80) {
      ++pos;
      return kReplacement;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  pos += extra + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_forbidden(char32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp >= 0x202A && cp <= 0x202E) return true;
  if (cp >= 0x2066 && cp <= 0x2069) return true;
  if (cp >= 0xFFF9 && cp <= 0xFFFB) return true;
  return cp == kReplacement;
}

bool is_invisible_format(char32_t cp) {
  switch (cp) {
    case 0x00AD: case 0x034F: case 0x061C: case 0x115F: case 0x1160: case 0x17B4: case 0x17B5:
    case 0x3164: case 0xFEFF: case 0xFFA0:
      return true;
    default:
      break;
  }
  return (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0xFE00 && cp <= 0xFE0F);
}

// The zero of every Unicode (15.0) block of ten decimal digits (general category Nd).
constexpr std::array<char32_t, 66> kDigitZeros = {
    0x0660,  0x06F0,  0x07C0,  0x0966,  0x09E6,  0x0A66,  0x0AE6,  0x0B66,  0x0BE6,  0x0C66,  0x0CE6,
    0x0D66,  0x0DE6,  0x0E50,  0x0ED0,  0x0F20,  0x1040,  0x1090,  0x17E0,  0x1810,  0x1946,  0x19D0,
    0x1A80,  0x1A90,  0x1B50,  0x1BB0,  0x1C40,  0x1C50,  0xA620,  0xA8D0,  0xA900,  0xA9D0,  0xA9F0,
    0xAA50,  0xABF0,  0xFF10,  0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450,
    0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60,
    0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0};

std::optional<char> ascii_digit(char32_t cp) {
  for (char32_t zero : kDigitZeros) {
    if (cp >= zero && cp < zero + 10) return static_cast<char>('0' + (cp - zero));
  }
  // Compatibility digits that NFKC folds to ASCII digits.
  if (cp == 0x00B9) return '1';
  if (cp == 0x00B2) return '2';
  if (cp == 0x00B3) return '3';
  if (cp == 0x2070) return '0';
  if (cp >= 0x2074 && cp <= 0x2079) return static_cast<char>('4' + (cp - 0x2074));
  if (cp >= 0x2080 && cp <= 0x2089) return static_cast<char>('0' + (cp - 0x2080));
  if (cp >= 0x2460 && cp <= 0x2468) return static_cast<char>('1' + (cp - 0x2460));  // circled 1-9
  if (cp == 0x24EA) return '0';                                                     // circled 0
  if (cp >= 0x2780 && cp <= 0x2788) return static_cast<char>('1' + (cp - 0x2780));  // dingbat circled
  if (cp >= 0x278A && cp <= 0x2792) return static_cast<char>('1' + (cp - 0x278A));
  if (cp >= 0x1F101 && cp <= 0x1F10A) return static_cast<char>('0' + (cp - 0x1F101));  // digit comma
  return std::nullopt;
}

std::optional<char> ascii_punctuation(char32_t cp) {
  switch (cp) {
    case 0xFF0B: case 0x207A: case 0x208A: return '+';
    case 0xFF0D: case 0x2010: case 0x2011: case 0x2012: case 0xFE63: case 0x207B: case 0x208B: return '-';
    case 0xFF08: case 0xFE59: case 0x207D: case 0x208D: return '(';
    case 0xFF09: case 0xFE5A: case 0x207E: case 0x208E: return ')';
    case 0x3000: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005: case 0x2006:
    case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x205F: return ' ';
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<char32_t> first_forbidden_code_point(std::string_view utf8) {
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t cp = next_code_point(utf8, pos);
    if (is_forbidden(cp)) return cp;
  }
  return std::nullopt;
}

std::string fold_for_identity_check(std::string_view utf8) {
  std::string folded;
  folded.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t cp = next_code_point(utf8, pos);
    if (cp < 0x80) {
      folded.push_back(static_cast<char>(cp));
    } else if (is_invisible_format(cp)) {
      continue;
    } else if (auto digit = ascii_digit(cp)) {
      folded.push_back(*digit);
    } else if (auto mark = ascii_punctuation(cp)) {
      folded.push_back(*mark);
    } else {
      append_utf8(folded, cp);
    }
  }
  return folded;
}

std::string code_point_name(char32_t cp) {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "U+%04X", static_cast<unsigned>(cp));
  return buffer.data();
}

}  // namespace faltlogg::core
