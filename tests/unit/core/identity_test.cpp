#include "faltlogg/core/identity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <ostream>
#include <string>
#include <vector>

namespace faltlogg::core {
namespace {

using Kind = IdentityMatch::Kind;

// Luhn check digit for the nine digits YYMMDDNNN, computed here independently of luhn_valid().
char check_digit(const std::string& nine) {
  int sum = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    int value = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += value / 10 + value % 10;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

// A fictional number: Luhn-correct for the given date and birth number (e.g. "850709", "980").
std::string pnr10(const std::string& yymmdd, const std::string& serial) {
  const std::string nine = yymmdd + serial;
  return nine + check_digit(nine);
}
std::string with_dash(const std::string& ten, char sep = '-') { return ten.substr(0, 6) + sep + ten.substr(6); }
// The same number with a wrong check digit.
std::string bad_luhn(const std::string& ten) {
  std::string bad = ten;
  bad[9] = static_cast<char>('0' + (bad[9] - '0' + 1) % 10);
  return bad;
}

struct Case {
  std::string name;
  std::string text;
  std::optional<std::string> expected;  // the exact substring that must be reported, or none
  Kind kind = Kind::personnummer;
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name << ": \"" << c.text << '"'; }
std::string case_name(const ::testing::TestParamInfo<Case>& info) { return info.param.name; }

void expect_match(const std::optional<IdentityMatch>& match, const Case& c) {
  if (!c.expected) {
    EXPECT_FALSE(match.has_value()) << "false positive: \"" << c.text.substr(match->offset, match->length) << '"';
    return;
  }
  ASSERT_TRUE(match.has_value()) << "missed \"" << *c.expected << '"';
  EXPECT_EQ(c.text.substr(match->offset, match->length), *c.expected);
  EXPECT_EQ(match->offset, c.text.find(*c.expected));
  EXPECT_EQ(match->kind, c.kind);
}

// ---- personnummer ------------------------------------------------------------------------------

std::vector<Case> personnummer_cases() {
  const std::string p = pnr10("850709", "980");      // 1985-07-09
  const std::string s = pnr10("850769", "123");      // samordningsnummer: day 09 + 60
  const std::string leap = pnr10("000229", "456");   // 2000-02-29
  const std::string young = pnr10("121231", "002");  // 2012-12-31
  const std::string old = pnr10("150101", "331");    // 1915-01-01 written with '+' (100 years or older)
  const std::string twelve = "19" + p;
  return {
      {"TenDigitsWithDash", with_dash(p), with_dash(p)},
      {"TenDigitsNoSeparator", p, p},
      {"TenDigitsPlusForCentenarians", with_dash(old, '+'), with_dash(old, '+')},
      {"TenDigitsSpaceSeparator", with_dash(p, ' '), with_dash(p, ' ')},
      {"TwelveDigitsWithDash", "19" + with_dash(p), "19" + with_dash(p)},
      {"TwelveDigitsNoSeparator", twelve, twelve},
      {"TwelveDigitsSpace", "19" + with_dash(p, ' '), "19" + with_dash(p, ' ')},
      {"TwelveDigitsTwentyFirstCentury", "20" + with_dash(young), "20" + with_dash(young)},
      {"LeapDayTenDigits", with_dash(leap), with_dash(leap)},
      {"LeapDayTwelveDigits", "20" + leap, "20" + leap},
      {"Samordningsnummer", with_dash(s), with_dash(s), Kind::samordningsnummer},
      {"SamordningsnummerTwelveDigits", "19" + s, "19" + s, Kind::samordningsnummer},
      {"EmbeddedInASentence", "Killen gav sitt nummer " + with_dash(p) + " och gick.", with_dash(p)},
      {"InParentheses", "(pnr " + p + ")", p},
      {"AfterLetters", "pnr:" + with_dash(p), with_dash(p)},
      {"BeforeSwedishLetters", with_dash(p) + "är hans", with_dash(p)},
      {"FirstOfTwo", "a " + with_dash(young) + " b " + with_dash(p), with_dash(young)},
      {"AfterANumberThatIsNot", "4 killar, " + with_dash(bad_luhn(p)) + ", " + with_dash(young), with_dash(young)},
      {"FollowedByDashAndDigits", with_dash(p) + "-12", with_dash(p)},
      {"SpacedDash", "nr " + p.substr(0, 6) + " - " + p.substr(6) + ".", p.substr(0, 6) + " - " + p.substr(6)},
      // Editors and keyboards swap the hyphen for an en dash or minus sign, the space for a no-break space.
      {"EnDash", "nr " + p.substr(0, 6) + "\u2013" + p.substr(6), p.substr(0, 6) + "\u2013" + p.substr(6)},
      {"MinusSign", p.substr(0, 6) + "\u2212" + p.substr(6), p.substr(0, 6) + "\u2212" + p.substr(6)},
      {"NoBreakSpace", "19" + p.substr(0, 6) + "\u00a0" + p.substr(6), "19" + p.substr(0, 6) + "\u00a0" + p.substr(6)},
      // Refusals.
      {"WrongCheckDigit", with_dash(bad_luhn(p)), std::nullopt},
      {"WrongCheckDigitNoSeparator", bad_luhn(p), std::nullopt},
      {"WrongCheckDigitTwelve", "19" + bad_luhn(p), std::nullopt},
      {"MonthThirteen", with_dash(pnr10("851309", "980")), std::nullopt},
      {"MonthZero", with_dash(pnr10("850009", "980")), std::nullopt},
      {"DayZero", with_dash(pnr10("850700", "980")), std::nullopt},
      {"DayThirtyTwo", with_dash(pnr10("850732", "980")), std::nullopt},
      {"FebruaryThirtieth", with_dash(pnr10("850230", "980")), std::nullopt},
      {"April31", pnr10("850431", "980"), std::nullopt},
      {"LeapDayInACommonYear", with_dash(pnr10("010229", "980")), std::nullopt},
      {"LeapDay1900TwelveDigits", "19" + pnr10("000229", "456"), std::nullopt},
      {"SamordningDayNinetyTwo", with_dash(pnr10("850792", "123")), std::nullopt},
      {"SamordningFebruary90", with_dash(pnr10("850290", "123")), std::nullopt},
      {"CenturySeventeen", "17" + p, std::nullopt},
      {"CenturyTwentyOne", "21" + p, std::nullopt},
      {"TwelveDigitsWithPlus", "19" + with_dash(p, '+'), std::nullopt},
      {"InsideSixteenDigitCardNumber", "4" + p + "12345", std::nullopt},
      {"InsideElevenDigits", p + "1", std::nullopt},
      {"TailOfElevenDigits", "1" + p, std::nullopt},
      {"TooManyDigitsAfterDash", with_dash(p) + "1", std::nullopt},
      {"TooFewDigitsAfterDash", with_dash(p).substr(0, 10), std::nullopt},
      {"SevenDigitsBeforeDash", "1" + with_dash(p), std::nullopt},
      {"DoubleDash", p.substr(0, 6) + "--" + p.substr(6), std::nullopt},
      {"Underscore", p.substr(0, 6) + "_" + p.substr(6), std::nullopt},
      {"TwoSpaces", p.substr(0, 6) + "  " + p.substr(6), std::nullopt},
      {"SpacedDashWithTwoSpaces", p.substr(0, 6) + "  - " + p.substr(6), std::nullopt},
      {"IsoDate", "Träffades 2024-05-12 vid skolan", std::nullopt},
      {"CompactDate", "Datum 20240512", std::nullopt},
      {"ShortDate", "240512", std::nullopt},
      {"DateAndTime", "2024-05-12 18:30", std::nullopt},
      {"OrganisationNumber", with_dash(pnr10("556677", "889")), std::nullopt},  // month 66
      {"TypicalNote", "Pratade med 4 killar vid Gullmarsplan kl 21, en verkade påverkad", std::nullopt},
      {"CaseCode", "ABC-2024-00123", std::nullopt},
      {"Empty", "", std::nullopt},
  };
}

class PersonalIdentityNumber : public ::testing::TestWithParam<Case> {};
TEST_P(PersonalIdentityNumber, IsFoundExactlyWhenExpected) {
  expect_match(find_personal_identity_number(GetParam().text), GetParam());
}
INSTANTIATE_TEST_SUITE_P(Cases, PersonalIdentityNumber, ::testing::ValuesIn(personnummer_cases()), case_name);

TEST(PersonalIdentityNumber, EveryLuhnCorrectNumberOfADayIsFoundAndEveryOtherCheckDigitIsNot) {
  // All 1000 birth numbers of one fictional date, each with all ten possible check digits.
  int found = 0;
  for (int serial = 0; serial < 1000; ++serial) {
    std::string nine = "901224" + std::string(serial < 10 ? "00" : serial < 100 ? "0" : "") + std::to_string(serial);
    for (char check = '0'; check <= '9'; ++check) {
      const std::string text = "x " + nine.substr(0, 6) + "-" + nine.substr(6) + check + " y";
      const bool expected = check == check_digit(nine);
      ASSERT_EQ(find_personal_identity_number(text).has_value(), expected) << text;
      found += expected ? 1 : 0;
    }
  }
  EXPECT_EQ(found, 1000);
}

// Random fictional numbers (random real dates, birth numbers, separators, centuries and coordination
// numbers) dropped into ordinary note text are all found, at exactly their position.
TEST(PersonalIdentityNumber, RandomNumbersInRandomNotesAreFoundWhereTheyAre) {
  std::mt19937 rng(1212);
  const std::vector<std::string> before = {"", "Killen sa ", "Pratade med 4 killar kl 21, en uppgav ", "(",
                                           "pnr:", "Tre tjejer 13-15 år. Nummer "};
  const std::vector<std::string> after = {"", ".", " och gick", ", 16 år", ")", " kl 18:30"};
  const std::vector<std::string> separators = {"-", "", " ", "+", "\u2013"};
  for (int i = 0; i < 3000; ++i) {
    const int year = std::uniform_int_distribution<int>(1900, 2024)(rng);
    const unsigned month = std::uniform_int_distribution<unsigned>(1, 12)(rng);
    const unsigned last_day = static_cast<unsigned>(
        (std::chrono::year_month_day_last{std::chrono::year{year}, std::chrono::month_day_last{std::chrono::month{month}}})
            .day());
    const unsigned day = std::uniform_int_distribution<unsigned>(1, last_day)(rng);
    const bool coordination = rng() % 4 == 0;
    char date[16];
    std::snprintf(date, sizeof date, "%04d%02u%02u", year, month, day + (coordination ? 60 : 0));
    char serial[4];
    std::snprintf(serial, sizeof serial, "%03u", static_cast<unsigned>(rng() % 1000));
    const std::string ten = pnr10(std::string(date + 2), serial);
    const std::string& sep = separators[rng() % separators.size()];
    const bool twelve = sep != "+" && rng() % 2 == 0;
    const std::string number = (twelve ? std::string(date, 2) : "") + ten.substr(0, 6) + sep + ten.substr(6);
    const std::string text = before[rng() % before.size()] + number + after[rng() % after.size()];
    const auto match = find_personal_identity_number(text);
    ASSERT_TRUE(match.has_value()) << text;
    ASSERT_EQ(text.substr(match->offset, match->length), number) << text;
    ASSERT_EQ(match->kind, coordination ? Kind::samordningsnummer : Kind::personnummer) << text;
  }
}

// ---- phone numbers -------------------------------------------------------------------------------

std::vector<Case> phone_cases() {
  const Kind k = Kind::phone_number;
  return {
      {"MobileDashSpaces", "Ring 070-123 45 67 ikväll", "070-123 45 67", k},
      {"MobileCompact", "0701234567", "0701234567", k},
      {"MobileSpaces", "nr 070 123 45 67.", "070 123 45 67", k},
      {"Mobile072", "072-1234567", "072-1234567", k},
      {"Mobile073", "073-123 45 67", "073-123 45 67", k},
      {"Mobile076", "076 123 45 67", "076 123 45 67", k},
      {"Mobile079", "079-123 45 67", "079-123 45 67", k},
      {"MobileAllDashes", "070-123-45-67", "070-123-45-67", k},
      {"MobileSpacedDash", "070 - 123 45 67", "070 - 123 45 67", k},
      {"MobileFollowedByACount", "Ring 070-123 45 67 12 killar var där", "070-123 45 67", k},
      {"StockholmSeven", "08-123 45 67", "08-123 45 67", k},
      {"StockholmEight", "08-123 456 78", "08-123 456 78", k},
      {"StockholmSix", "08-12 34 56", "08-12 34 56", k},
      {"Gothenburg", "031-12 34 56", "031-12 34 56", k},
      {"FourDigitAreaCode", "0431-123 45", "0431-123 45", k},
      {"FourDigitAreaCodeCompact", "0431-12345", "0431-12345", k},
      {"Umea", "090-12 34 56", "090-12 34 56", k},
      {"InternationalMobileSpaces", "+46 70 123 45 67", "+46 70 123 45 67", k},
      {"InternationalMobileCompact", "+46701234567", "+46701234567", k},
      {"DoubleZeroInternational", "0046 70 123 45 67", "0046 70 123 45 67", k},
      {"InternationalStockholm", "+46 8 123 456 78", "+46 8 123 456 78", k},
      {"InternationalDashes", "+46-8-123 456 78", "+46-8-123 456 78", k},
      {"InternationalTrunkZero", "+46 (0)70-123 45 67", "+46 (0)70-123 45 67", k},
      {"InternationalWithStrayZero", "+46 070 123 45 67", "+46 070 123 45 67", k},
      {"AfterWordAndColon", "tel:0701234567", "0701234567", k},
      {"BracketedAreaCode", "Ring (08) 123 45 67 ikväll", "(08) 123 45 67", k},
      {"BracketedAreaCodeNoSpace", "(031)12 34 56", "(031)12 34 56", k},
      {"BracketedMobile", "(070) 123 45 67, 4 killar", "(070) 123 45 67", k},
      {"StockholmCompactSubscriber", "08-1234567", "08-1234567", k},
      {"StockholmSpacedDash", "08 - 123 45 67", "08 - 123 45 67", k},
      {"InternationalMobileDash", "+46 70-123 45 67", "+46 70-123 45 67", k},
      {"DoubleZeroAllDashes", "0046-70-1234567", "0046-70-1234567", k},
      {"InternationalFourDigitTail", "+46 70 123 4567", "+46 70 123 4567", k},
      {"MobileEnDash", "070\u2013123 45 67", "070\u2013123 45 67", k},
      {"MobileSpacedEnDash", "070 \u2013 123 45 67", "070 \u2013 123 45 67", k},
      {"StockholmNoBreakSpaces", "08\u00a0123\u00a045\u00a067", "08\u00a0123\u00a045\u00a067", k},
      // Refusals: what notes are full of.
      {"TypicalNote", "Pratade med 4 killar vid Gullmarsplan kl 21, en verkade påverkad", std::nullopt, k},
      {"Count", "15 ungdomar i centrum", std::nullopt, k},
      {"Year", "sedan 2024", std::nullopt, k},
      {"ClockTime", "kl 18:30 till 21:45", std::nullopt, k},
      {"Duration", "2 h 30 min, 45 min paus", std::nullopt, k},
      {"OpeningHoursColons", "Fritidsgården 08:00-12:00", std::nullopt, k},
      {"OpeningHoursCompact", "Passet 0800-1200", std::nullopt, k},
      {"ShiftHours", "Pass 08-12 13-17", std::nullopt, k},
      {"ShiftHoursCompact", "Pass 0800-1700", std::nullopt, k},
      {"ShiftHoursEnDash", "Pass 08\u201312 13\u201317", std::nullopt, k},
      {"ShiftHoursSpacedEnDash", "Pass 0800 \u2013 1200", std::nullopt, k},
      {"DayMonthYearDashes", "Träff 05-12-2024", std::nullopt, k},
      {"DayMonthYearSpaces", "Träff 05 12 2024", std::nullopt, k},
      {"IsoDate", "2024-05-12", std::nullopt, k},
      {"SingleDigitCounts", "0 13 2 4 0 1 5 6", std::nullopt, k},
      {"ZeroCount", "Träffade 0 tjejer och 12 killar", std::nullopt, k},
      {"DecimalHours", "0,5 timmar", std::nullopt, k},
      {"TooShortMobile", "070-123 45", std::nullopt, k},
      {"TooLongMobile", "070-123 45 678", std::nullopt, k},
      {"TooShortLandline", "08-123 4", std::nullopt, k},
      {"InsideLongerDigitRun", "12070123456789", std::nullopt, k},
      {"TailOfDigitRun", "90701234567", std::nullopt, k},
      {"ServiceRange0771", "0771-567 567", std::nullopt, k},
      {"Freephone020", "020-123 456", std::nullopt, k},
      {"Premium0900", "0900-123 45 67", std::nullopt, k},
      {"NonMobile071", "071-123 45 67", std::nullopt, k},
      {"SubscriberStartsWithZero", "08-012 34 56", std::nullopt, k},
      {"ForeignInternational", "+45 12 34 56 78", std::nullopt, k},
      {"ForeignDoubleZero", "0045 12 34 56 78", std::nullopt, k},
      // More of what notes contain: addresses, bus lines, ages, week numbers, clock times in many spellings.
      {"BusLine", "Tog buss 172 mot Skarpnäck, linje 19 var inställd", std::nullopt, k},
      {"StreetNumber", "Utanför Götgatan 45 och Ringvägen 102", std::nullopt, k},
      {"AgeRange", "Två 16-åringar och tre 13-15 år", std::nullopt, k},
      {"WeekNumber", "v. 19, vecka 20", std::nullopt, k},
      {"DottedTimes", "kl 21.30-23.00", std::nullopt, k},
      {"CompactTimesWithLeadingZero", "Pass 0730-0900 och 0930 1100", std::nullopt, k},
      {"ShortDate", "Träff 12/5 och 05/06", std::nullopt, k},
      {"Multiplication", "3 x 15 min", std::nullopt, k},
      {"ZeroOfFour", "0 av 4 ville prata", std::nullopt, k},
      {"LeadingZeroCounts", "Flickor 03, pojkar 07, okänt 00", std::nullopt, k},
      {"BracketedCount", "(08) 12 killar", std::nullopt, k},
      {"BracketedHours", "(08) 12-17", std::nullopt, k},
      {"BracketedNonZero", "(12) 123 45 67", std::nullopt, k},
      {"PostalCode", "116 46 Stockholm", std::nullopt, k},
      {"Empty", "", std::nullopt, k},
      {"OnlyPlus", "+46", std::nullopt, k},
  };
}

// Random mobile and landline numbers in the spellings people use are found at exactly their position.
TEST(PhoneNumberGenerated, RandomNumbersInCommonSpellingsAreFound) {
  std::mt19937 rng(4646);
  auto digits = [&rng](int n, bool first_non_zero) {
    std::string out;
    for (int i = 0; i < n; ++i) out += static_cast<char>('0' + (i == 0 && first_non_zero ? 1 + rng() % 9 : rng() % 10));
    return out;
  };
  const std::vector<std::string> area_codes = {"8", "31", "40", "90", "18", "431", "660", "910", "122"};
  const std::vector<std::string> mobile_prefixes = {"70", "72", "73", "76", "79"};
  for (int i = 0; i < 3000; ++i) {
    const bool mobile = rng() % 2 == 0;
    const std::string area = mobile ? mobile_prefixes[rng() % mobile_prefixes.size()]
                                    : area_codes[rng() % area_codes.size()];
    // Subscriber: mobiles 7 digits; landlines so that the whole has 8-10 digits with the trunk 0.
    const int subscriber_length = mobile ? 7 : std::uniform_int_distribution<int>(
                                                   std::max<int>(5, 7 - static_cast<int>(area.size())),
                                                   std::min<int>(8, 9 - static_cast<int>(area.size())))(rng);
    const std::string subscriber = digits(subscriber_length, true);
    // Subscriber grouped as people write it: "123 45 67", "1234567", "12 34 56", "123-45-67".
    std::string grouped;
    const int style = static_cast<int>(rng() % 3);
    const char* group_separator = rng() % 4 == 0 ? "-" : " ";
    if (style == 0) {
      grouped = subscriber;
    } else {
      std::size_t pos = subscriber.size() % 2 == 1 ? 3 : 2;
      grouped = subscriber.substr(0, pos);
      for (; pos < subscriber.size(); pos += 2) grouped += group_separator + subscriber.substr(pos, 2);
    }
    std::string number;
    switch (rng() % 4) {
      case 0: number = "0" + area + "-" + grouped; break;
      case 1: number = "0" + area + " " + grouped; break;
      case 2: number = "+46 " + area + " " + grouped; break;
      default: number = "0046 " + area + "-" + grouped; break;
    }
    const std::string text = "Pappan nås på " + number + " efter kl 17, 3 syskon.";
    const auto match = find_phone_number(text);
    ASSERT_TRUE(match.has_value()) << text;
    ASSERT_EQ(text.substr(match->offset, match->length), number) << text;
  }
}

class PhoneNumber : public ::testing::TestWithParam<Case> {};
TEST_P(PhoneNumber, IsFoundExactlyWhenExpected) { expect_match(find_phone_number(GetParam().text), GetParam()); }
INSTANTIATE_TEST_SUITE_P(Cases, PhoneNumber, ::testing::ValuesIn(phone_cases()), case_name);

// ---- combined ------------------------------------------------------------------------------------

TEST(IdentifyingNumber, PrefersThePersonalIdentityNumber) {
  const std::string p = with_dash(pnr10("850709", "980"));
  const std::string text = "Ring 070-123 45 67, pnr " + p;
  const auto match = find_identifying_number(text);
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->kind, Kind::personnummer);
  EXPECT_EQ(text.substr(match->offset, match->length), p);
}

TEST(IdentifyingNumber, FindsAPhoneNumberWhenThereIsNoPersonnummer) {
  const auto match = find_identifying_number("Mamman nås på 08-123 45 67 efter kl 17");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->kind, Kind::phone_number);
}

TEST(IdentifyingNumber, LeavesOrdinaryNotesAlone) {
  for (const char* note : {
           "Pratade med 4 killar vid Gullmarsplan kl 21, en verkade påverkad",
           "Tre tjejer 13-15 år vid Skärholmens centrum 18:30-20:00, pratade om skolan.",
           "Samverkansmöte med skolan och polisen 2024-05-12, 12 deltagare, 90 min.",
           "Passet 17-23, 25 ungdomar totalt, 2 föräldrar. Nattvandrarna på plats från 21.",
           "Följde en 16-åring till ungdomsmottagningen, väntetid 0,5 h.",
       }) {
    EXPECT_FALSE(find_identifying_number(note).has_value()) << note;
  }
}

TEST(IdentifyingNumber, SurvivesHostileInput) {
  // Long digit runs, separators and non-ASCII bytes must neither crash nor take long.
  std::string hostile;
  for (int i = 0; i < 20000; ++i) hostile += (i % 3 == 0) ? "0- " : "12\xff";
  EXPECT_FALSE(find_identifying_number(std::string(100000, '0')).has_value());
  (void)find_identifying_number(hostile);
  EXPECT_FALSE(find_identifying_number(std::string(50000, '-')).has_value());
}

TEST(LuhnValid, ChecksDigitsOnly) {
  EXPECT_TRUE(luhn_valid("79927398713"));  // the textbook example
  EXPECT_FALSE(luhn_valid("79927398710"));
  EXPECT_TRUE(luhn_valid(pnr10("850709", "980")));
  EXPECT_FALSE(luhn_valid(""));
  EXPECT_FALSE(luhn_valid("85070-9980"));
  EXPECT_FALSE(luhn_valid("12a4"));
  EXPECT_TRUE(luhn_valid("0"));
}

}  // namespace
}  // namespace faltlogg::core
