// Detects Swedish personal identity numbers (personnummer, samordningsnummer) and phone numbers in
// free text, so that notes and case codes never carry them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::core {

struct IdentityMatch {
  enum class Kind { personnummer, samordningsnummer, phone_number };
  Kind kind;
  std::size_t offset;  // byte offset of the match in the text
  std::size_t length;
};

// 10 digits (YYMMDD-NNNC, separator '-' or '+' or none) or 12 digits (YYYYMMDD[-]NNNC); the date must be
// a real date (day + 60 for samordningsnummer) and the last digit must pass the Luhn check. Digits that
// are part of a longer run of digits are not matched.
// Separators between the date and the last four digits: '-', '+' (10 digits only), one space, " - ", and
// the en dash / minus sign / no-break space that editors substitute. A space is accepted on purpose: a
// missed number leaks personal data into an anonymous record, a false match only asks the author to
// rephrase, and the date and Luhn checks keep random digit pairs out.
std::optional<IdentityMatch> find_personal_identity_number(std::string_view text);
// Swedish phone numbers: 07x-xxx xx xx, 08-xxx xx xx, (08) xxx xx xx, +46 7x ..., 0046..., with spaces/dashes.
// Mobiles are 07[02369] + 7 digits; other numbers 8-10 digits with the trunk 0 (0 + area code +
// subscriber of 5-8 digits not starting with 0). Service ranges (020, 0900/0939/0944, other 07x) are
// not matched. Refused shapes that notes are full of: groups of one digit, mixed separators after the
// area code ("08-12 13-17"), day-month-year ("05-12-2024"), anything joined by ':', '.', ',' or '/'.
// Not a defence against someone deliberately disguising a number (digits spelt out, one per line).
std::optional<IdentityMatch> find_phone_number(std::string_view text);
// Either of the above, personal identity numbers first.
std::optional<IdentityMatch> find_identifying_number(std::string_view text);

bool luhn_valid(std::string_view digits);

}  // namespace faltlogg::core
