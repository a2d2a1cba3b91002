#include "faltlogg/core/text_hygiene.hpp"

#include "faltlogg/core/identity.hpp"

#include <gtest/gtest.h>

namespace faltlogg::core {
namespace {

struct FoldCase {
  std::string name;
  std::string text;
  std::string folded;
};

void PrintTo(const FoldCase& c, std::ostream* os) { *os << c.name; }

class FoldForIdentityCheckTest : public ::testing::TestWithParam<FoldCase> {};

TEST_P(FoldForIdentityCheckTest, GivesAsciiDigitsWithoutInvisibleCharacters) {
  EXPECT_EQ(fold_for_identity_check(GetParam().text), GetParam().folded);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FoldForIdentityCheckTest,
    ::testing::Values(
        FoldCase{"plain_ascii_unchanged", "Tre unga, kl 21-23 (torget).", "Tre unga, kl 21-23 (torget)."},
        FoldCase{"swedish_letters_unchanged", "Åsa på Söder – lugnt", "Åsa på Söder – lugnt"},
        FoldCase{"zero_width_space", "12\u200B34", "1234"},
        FoldCase{"zero_width_joiners_and_word_joiner", "1\u200C2\u200D3\u20604", "1234"},
        FoldCase{"byte_order_mark_and_soft_hyphen", "\uFEFF1\u00AD2", "12"},
        FoldCase{"left_to_right_mark", "1\u200E2\u200F3", "123"},
        FoldCase{"variation_selector", "7\uFE0F", "7"},
        FoldCase{"fullwidth_digits_and_signs", "\uFF0B\uFF14\uFF16\uFF08\uFF10\uFF09\uFF17\uFF0D\uFF11", "+46(0)7-1"},
        FoldCase{"arabic_indic", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "0123456789"},
        FoldCase{"extended_arabic_indic", "\u06F0\u06F9", "09"},
        FoldCase{"devanagari_and_thai", "\u0967\u0E52", "12"},
        FoldCase{"mathematical_bold_and_monospace", "\U0001D7CF\U0001D7FF", "19"},
        FoldCase{"superscript_subscript_circled", "\u00B9\u00B2\u00B3\u2074\u2080\u2460\u24EA", "1234010"},
        FoldCase{"ideographic_and_thin_spaces", "070\u3000123\u200945", "070 123 45"},
        FoldCase{"non_breaking_hyphen", "850709\u20119805", "850709-9805"}),
    [](const auto& info) { return info.param.name; });

TEST(FoldForIdentityCheck, LetsTheDetectorSeeADisguisedPersonnummer) {
  const std::string disguised = "pnr \u0668\u0665\u0660\u0667\u200B\u0660\u0669-\uFF19\uFF18\uFF10\uFF15";
  EXPECT_FALSE(find_identifying_number(disguised));
  EXPECT_TRUE(find_identifying_number(fold_for_identity_check(disguised)));
}

struct ForbiddenCase {
  std::string name;
  std::string text;
  char32_t expected;
};

void PrintTo(const ForbiddenCase& c, std::ostream* os) { *os << c.name; }

class FirstForbiddenCodePointTest : public ::testing::TestWithParam<ForbiddenCase> {};

TEST_P(FirstForbiddenCodePointTest, NamesTheFirstOne) {
  const auto found = first_forbidden_code_point(GetParam().text);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FirstForbiddenCodePointTest,
    ::testing::Values(ForbiddenCase{"nul", std::string("a\0b", 3), U'\0'},
                      ForbiddenCase{"bell", "a\ab", U'\a'}, ForbiddenCase{"escape", "\x1b[0m", U'\x1b'},
                      ForbiddenCase{"delete", "a\x7F", U'\x7F'}, ForbiddenCase{"c1_next_line", "a\u0085", U'\u0085'},
                      ForbiddenCase{"right_to_left_override", "x\u202Ey", U'\u202E'},
                      ForbiddenCase{"left_to_right_embedding", "\u202A", U'\u202A'},
                      ForbiddenCase{"first_strong_isolate", "\u2068x\u2069", U'\u2068'},
                      ForbiddenCase{"interlinear_annotation", "\uFFF9", U'\uFFF9'},
                      ForbiddenCase{"invalid_utf8_reported_as_replacement", "a\xC3", U'\uFFFD'},
                      ForbiddenCase{"first_of_two", "\u202Ea\x01", U'\u202E'}),
    [](const auto& info) { return info.param.name; });

TEST(FirstForbiddenCodePoint, AllowsWhatNotesAreMadeOf) {
  EXPECT_FALSE(first_forbidden_code_point(""));
  EXPECT_FALSE(first_forbidden_code_point("Rad ett\nRad två\r\n\tindrag – ÅÄÖ åäö é ü ß 🙂 \u00A0 \u200F"));
  EXPECT_FALSE(first_forbidden_code_point("\u0645\u0631\u062D\u0628\u0627"));
}

TEST(CodePointName, IsUnicodeNotation) {
  EXPECT_EQ(code_point_name(U'\u202E'), "U+202E");
  EXPECT_EQ(code_point_name(U'\0'), "U+0000");
  EXPECT_EQ(code_point_name(U'\U0001D7CF'), "U+1D7CF");
}

}  // namespace
}  // namespace faltlogg::core
