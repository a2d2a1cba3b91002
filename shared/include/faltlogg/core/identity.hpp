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
std::optional<IdentityMatch> find_personal_identity_number(std::string_view text);
// Swedish phone numbers: 07x-xxx xx xx, 08-xxx xx xx, +46 7x ..., 0046..., with spaces/dashes.
std::optional<IdentityMatch> find_phone_number(std::string_view text);
// Either of the above, personal identity numbers first.
std::optional<IdentityMatch> find_identifying_number(std::string_view text);

bool luhn_valid(std::string_view digits);

}  // namespace faltlogg::core
