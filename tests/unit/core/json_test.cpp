#include "faltlogg/core/json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace faltlogg::core {
namespace {

using ::testing::HasSubstr;

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string nested_objects(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += "{\"a\":";
  text += "1";
  text += std::string(depth, '}');
  return text;
}

struct RefusedCase {
  std::string name;
  std::string text;
  JsonLimits limits;
  std::string code;
  int status;
  std::string detail_part;
};

void PrintTo(const RefusedCase& c, std::ostream* os) { *os << c.name; }

class ParseJsonRefusesTest : public ::testing::TestWithParam<RefusedCase> {};

TEST_P(ParseJsonRefusesTest, WithTheRightProblem) {
  const auto& c = GetParam();
  auto result = parse_json(c.text, c.limits);
  ASSERT_FALSE(result) << c.name << " was accepted";
  EXPECT_EQ(result.problem().code, c.code);
  EXPECT_EQ(result.problem().status, c.status);
  EXPECT_THAT(result.problem().detail, HasSubstr(c.detail_part));
}

const JsonLimits kDefaults{};

INSTANTIATE_TEST_SUITE_P(
    Limits, ParseJsonRefusesTest,
    ::testing::Values(
        RefusedCase{"arrays_deeper_than_limit", nested_arrays(33), kDefaults, "invalid_json", 400, "deeper than 32"},
        RefusedCase{"objects_deeper_than_limit", nested_objects(33), kDefaults, "invalid_json", 400, "deeper than 32"},
        RefusedCase{"custom_depth", nested_arrays(5), JsonLimits{1024, 4}, "invalid_json", 400, "deeper than 4"},
        RefusedCase{"deep_hostile_nesting", nested_arrays(100000), JsonLimits{1024 * 1024, 32}, "invalid_json", 400,
                    "deeper than"},
        RefusedCase{"one_byte_over_limit", "[1,2,3]", JsonLimits{6, 32}, "payload_too_large", 413, "limit is 6"},
        RefusedCase{"oversized_default", std::string(4 * 1024 * 1024 + 1, ' '), kDefaults, "payload_too_large", 413,
                    "4194305 bytes"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Malformed, ParseJsonRefusesTest,
    ::testing::Values(
        RefusedCase{"empty", "", kDefaults, "invalid_json", 400, "not valid JSON"},
        RefusedCase{"only_space", "  \n", kDefaults, "invalid_json", 400, "not valid JSON"},
        RefusedCase{"trailing_garbage", "{} x", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"two_values", "{}{}", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"trailing_comma", "[1,2,]", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"comment", "/* hi */ {}", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"single_quotes", "{'a': 1}", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"nan", "[NaN]", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"unterminated_string", "\"abc", kDefaults, "invalid_json", 400, "not valid JSON"},
        RefusedCase{"byte_order_mark", "\xEF\xBB\xBF{}", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"lone_surrogate_escape", "\"\\ud800\"", kDefaults, "invalid_json", 400, "well-formed"},
        RefusedCase{"number_overflowing_to_infinity", "[1e400]", kDefaults, "invalid_json", 400, "too large"},
        RefusedCase{"negative_infinity", "{\"a\": -1e999}", kDefaults, "invalid_json", 400, "too large"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    InvalidUtf8, ParseJsonRefusesTest,
    ::testing::Values(
        RefusedCase{"stray_continuation_byte", "\"a\x80\"", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"invalid_byte_ff", "\"\xff\"", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"overlong_slash", "\"\xc0\xaf\"", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"overlong_three_byte", "\"\xe0\x80\xaf\"", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"encoded_surrogate", "\"\xed\xa0\x80\"", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"above_unicode_range", "\"\xf4\x90\x80\x80\"", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"truncated_sequence", "\"\xc3\"", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"truncated_at_end", "\"a\xe2\x82", kDefaults, "invalid_json", 400, "UTF-8"},
        RefusedCase{"invalid_utf8_in_key", "{\"\xc3\x28\": 1}", kDefaults, "invalid_json", 400, "UTF-8"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    DuplicateMembers, ParseJsonRefusesTest,
    ::testing::Values(
        RefusedCase{"top_level", R"({"a": 1, "a": 2})", kDefaults, "invalid_json", 400, "\"a\" appears twice"},
        RefusedCase{"nested", R"({"r": [{"id": "x", "deleted": false, "deleted": true}]})", kDefaults, "invalid_json",
                    400, "\"deleted\" appears twice"},
        RefusedCase{"same_name_escaped", R"({"ab": 1, "a\u0062": 2})", kDefaults, "invalid_json", 400,
                    "\"ab\" appears twice"},
        RefusedCase{"empty_name", R"({"": 1, "": 1})", kDefaults, "invalid_json", 400, "appears twice"}),
    [](const auto& info) { return info.param.name; });

TEST(ParseJson, AcceptsTheSameNameInDifferentObjects) {
  auto result = parse_json(R"({"a": {"a": 1, "b": {"a": 2}}, "b": [{"a": 1}, {"a": 2}]})");
  ASSERT_TRUE(result) << result.problem().detail;
  EXPECT_EQ(result->at("a").at("b").at("a").as_int64(), 2);
}

TEST(ParseJson, AcceptsDepthExactlyAtTheLimit) {
  EXPECT_TRUE(parse_json(nested_arrays(32)));
  EXPECT_TRUE(parse_json(nested_objects(31)));
}

TEST(ParseJson, AcceptsSizeExactlyAtTheLimit) {
  auto result = parse_json("[1,2,3]", JsonLimits{7, 32});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->as_array().size(), 3u);
}

TEST(ParseJson, KeepsUnicodeAndLargeIntegers) {
  auto result = parse_json(R"({"t": "Fältlogg – ÅÄÖ 🙂", "n": 9007199254740993, "u": 18446744073709551615})");
  ASSERT_TRUE(result) << result.problem().detail;
  const auto& obj = result->as_object();
  EXPECT_EQ(obj.at("t").as_string(), "Fältlogg – ÅÄÖ 🙂");
  EXPECT_EQ(obj.at("n").as_int64(), 9007199254740993);
  EXPECT_TRUE(obj.at("u").is_uint64());
}

TEST(ParseJson, NeverThrowsOnRandomBytes) {
  std::mt19937 random(20261127);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 64);
  const std::string alphabet = "{}[]\":,0123456789.eE-+tfnul\\ \xc3\xa5\xff";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    const int n = length(random);
    for (int j = 0; j < n; ++j) text.push_back(i % 2 ? static_cast<char>(byte(random)) : alphabet[pick(random)]);
    auto result = parse_json(text);
    if (!result) {
      EXPECT_EQ(result.problem().code, "invalid_json");
    }
  }
}

TEST(ToJsonText, RoundTripsThroughParse) {
  auto value = parse_json(R"({"a":[1,true,null,"x"],"b":{"c":-5}})");
  ASSERT_TRUE(value);
  EXPECT_EQ(to_json_text(*value), R"({"a":[1,true,null,"x"],"b":{"c":-5}})");
}

class GettersTest : public ::testing::Test {
 protected:
  boost::json::object obj = parse_json(R"({"s": "text", "i": 42, "neg": -7, "big": 18446744073709551615,
      "d": 1.5, "whole_double": 3.0, "b": true, "o": {"x": 1}, "a": [1, 2], "n": null})")
                                ->as_object();
};

TEST_F(GettersTest, ReadTheRightTypes) {
  EXPECT_EQ(*get_string(obj, "s"), "text");
  EXPECT_EQ(*get_int(obj, "i"), 42);
  EXPECT_EQ(*get_int(obj, "neg"), -7);
  EXPECT_TRUE(*get_bool(obj, "b"));
  EXPECT_EQ((*get_object(obj, "o"))->at("x").as_int64(), 1);
  EXPECT_EQ((*get_array(obj, "a"))->size(), 2u);
  EXPECT_EQ(opt_string(obj, "s"), "text");
  EXPECT_EQ(opt_string(obj, "i"), std::nullopt);
  EXPECT_EQ(opt_string(obj, "missing"), std::nullopt);
}

TEST_F(GettersTest, MissingMemberIsNamed) {
  auto result = get_string(obj, "username");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.problem().code, "invalid_request");
  EXPECT_EQ(result.problem().status, 400);
  EXPECT_EQ(result.problem().detail, "member \"username\" is missing");
}

struct WrongTypeCase {
  std::string getter;
  std::string key;
  std::string detail;
};

void PrintTo(const WrongTypeCase& c, std::ostream* os) { *os << c.getter << "(" << c.key << ")"; }

class GetterWrongTypeTest : public GettersTest, public ::testing::WithParamInterface<WrongTypeCase> {};

TEST_P(GetterWrongTypeTest, IsRefusedWithDetail) {
  const auto& c = GetParam();
  Problem problem;
  if (c.getter == "string") problem = get_string(obj, c.key).problem();
  if (c.getter == "int") problem = get_int(obj, c.key).problem();
  if (c.getter == "bool") problem = get_bool(obj, c.key).problem();
  if (c.getter == "object") problem = get_object(obj, c.key).problem();
  if (c.getter == "array") problem = get_array(obj, c.key).problem();
  EXPECT_EQ(problem.code, "invalid_request");
  EXPECT_EQ(problem.detail, c.detail);
}

INSTANTIATE_TEST_SUITE_P(
    All, GetterWrongTypeTest,
    ::testing::Values(WrongTypeCase{"string", "i", "member \"i\" must be a string"},
                      WrongTypeCase{"string", "n", "member \"n\" must be a string"},
                      WrongTypeCase{"int", "s", "member \"s\" must be an integer"},
                      WrongTypeCase{"int", "d", "member \"d\" must be an integer"},
                      WrongTypeCase{"int", "whole_double", "member \"whole_double\" must be an integer"},
                      WrongTypeCase{"int", "big", "member \"big\" must be an integer"},
                      WrongTypeCase{"int", "b", "member \"b\" must be an integer"},
                      WrongTypeCase{"bool", "i", "member \"i\" must be true or false"},
                      WrongTypeCase{"bool", "s", "member \"s\" must be true or false"},
                      WrongTypeCase{"object", "a", "member \"a\" must be an object"},
                      WrongTypeCase{"array", "o", "member \"o\" must be an array"}));

TEST(CheckKnownMembers, RefusesTheFirstUnknownMember) {
  auto obj = parse_json(R"({"a": 1, "b": 2, "zz": 3})")->as_object();
  EXPECT_TRUE(check_known_members(obj, {"a", "b", "zz"}));
  auto refused = check_known_members(obj, {"a", "b"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.problem().detail, "unknown member \"zz\"");
}

TEST(QuoteForDetail, CutsLongTextAtACharacterBoundary) {
  EXPECT_EQ(quote_for_detail("abc"), "\"abc\"");
  const std::string long_text = std::string(63, 'a') + "ÅÅÅ";
  const std::string quoted = quote_for_detail(long_text);
  EXPECT_EQ(quoted, "\"" + std::string(63, 'a') + "…\"");
  EXPECT_TRUE(parse_json("[" + boost::json::serialize(boost::json::value(quoted)) + "]"));
}

TEST(TruncateUtf8, NeverSplitsASequence) {
  EXPECT_EQ(truncate_utf8("åäö", 3), "å");
  EXPECT_EQ(truncate_utf8("åäö", 4), "åä");
  EXPECT_EQ(truncate_utf8("åäö", 6), "åäö");
  EXPECT_EQ(truncate_utf8("abc", 0), "");
}

TEST(ProblemJson, HasTheRfc9457Shape) {
  Problem problem = make_problem("validation_failed", 422, "Validation failed", "fix the fields");
  problem.errors.push_back(FieldError{"notes", "too_long", "för lång", "too long"});
  const auto json = problem_to_json(problem);
  EXPECT_EQ(json.at("type").as_string(), "https://faltlogg.se/problems/validation_failed");
  EXPECT_EQ(json.at("title").as_string(), "Validation failed");
  EXPECT_EQ(json.at("status").as_int64(), 422);
  EXPECT_EQ(json.at("detail").as_string(), "fix the fields");
  EXPECT_EQ(json.at("code").as_string(), "validation_failed");
  const auto& error = json.at("errors").as_array().at(0).as_object();
  EXPECT_EQ(error.at("field").as_string(), "notes");
  EXPECT_EQ(error.at("code").as_string(), "too_long");
  EXPECT_EQ(error.at("message_sv").as_string(), "för lång");
  EXPECT_EQ(error.at("message_en").as_string(), "too long");
}

TEST(ProblemJson, OmitsErrorsWhenThereAreNone) {
  EXPECT_FALSE(problem_to_json(make_problem("not_found", 404, "Not found", "no such record")).contains("errors"));
}

TEST(ProblemJson, RoundTrips) {
  Problem problem = make_problem("conflict", 409, "Conflict", "same hlc, different content");
  problem.errors.push_back(FieldError{"youths.flicka.13_15", "out_of_range", "sv", "en"});
  const Problem back = problem_from_json(problem_to_json(problem));
  EXPECT_EQ(back.code, problem.code);
  EXPECT_EQ(back.title, problem.title);
  EXPECT_EQ(back.detail, problem.detail);
  EXPECT_EQ(back.status, problem.status);
  ASSERT_EQ(back.errors.size(), 1u);
  EXPECT_EQ(back.errors[0].field, "youths.flicka.13_15");
  EXPECT_EQ(back.errors[0].message_en, "en");
}

TEST(ProblemJson, FromJsonToleratesWhatAServerMightSend) {
  auto from_type_only = problem_from_json(
      *parse_json(R"({"type": "https://faltlogg.se/problems/rate_limited", "status": 429, "extra": 1})"));
  EXPECT_EQ(from_type_only.code, "rate_limited");
  EXPECT_EQ(from_type_only.status, 429);
  auto not_object = problem_from_json(boost::json::value("oops"));
  EXPECT_EQ(not_object.code, "invalid_problem");
  auto bad_errors = problem_from_json(*parse_json(R"({"code": "x", "errors": [1, {"field": 2}]})"));
  ASSERT_EQ(bad_errors.errors.size(), 1u);
  EXPECT_EQ(bad_errors.errors[0].field, "");
}

}  // namespace
}  // namespace faltlogg::core
