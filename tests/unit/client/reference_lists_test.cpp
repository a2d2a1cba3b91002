// Reference lists as the tablet reads them from the login, enrolment and GET /api/v1/references answers
// (decisions 0040, 0041, 0038): names win over ids, an older server's ids still work, and a malformed,
// oversized or hostile answer is refused whole.
#include "sync/reference_lists.hpp"

#include "faltlogg/core/json.hpp"

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

core::Result<ReferenceItems> parse(const std::string& text) {
  auto json = core::parse_json(text);
  EXPECT_TRUE(json.ok() && json->is_object()) << text;
  return referenceItemsFromJson(json->as_object());
}

TEST(ReferenceLists, NamesFromReferenceItemsAndIdsFromAnOlderServer) {
  auto lists = parse(R"({"references": {"areas": ["norrvik-centrum", "ekbacken"], "places": ["p1"]},
                         "reference_items": {"areas": [{"id": "norrvik-centrum", "name": "Norrvik centrum"},
                                                       {"id": "ekbacken", "name": "Ekbacken"}]}})");
  ASSERT_TRUE(lists) << lists.problem().detail;
  ASSERT_EQ(lists->at("areas").size(), 2u);
  EXPECT_EQ(lists->at("areas")[0].id, "norrvik-centrum");
  EXPECT_EQ(lists->at("areas")[0].name, "Norrvik centrum") << "the name, never the slug";
  ASSERT_EQ(lists->at("places").size(), 1u) << "a list only in references still arrives";
  EXPECT_EQ(lists->at("places")[0].name, "p1");

  auto older = parse(R"({"token": "t", "references": {"areas": ["omr-1"]}})");
  ASSERT_TRUE(older);
  EXPECT_EQ(older->at("areas")[0].name, "omr-1");
  auto none = parse(R"({"token": "t"})");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(ReferenceLists, MalformedAnswersAreRefusedWhole) {
  for (const char* text : {
           R"({"reference_items": []})",
           R"({"reference_items": {"areas": {"id": "a", "name": "A"}}})",
           R"({"reference_items": {"areas": ["a"]}})",
           R"({"reference_items": {"areas": [{"id": "a"}]}})",
           R"({"reference_items": {"areas": [{"id": "", "name": "A"}]}})",
           R"({"reference_items": {"areas": [{"id": "a", "name": ""}]}})",
           R"({"reference_items": {"areas": [{"id": 7, "name": "A"}]}})",
           R"({"reference_items": {"areas": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}})",
           R"({"references": {"areas": "a"}})",
           R"({"references": {"areas": [1]}})",
           R"({"references": {"areas": ["a", "a"]}})",
           R"({"references": []})",
       }) {
    auto lists = parse(text);
    ASSERT_FALSE(lists) << text;
    EXPECT_EQ(lists.problem().code, "invalid_response") << text;
  }
}

TEST(ReferenceLists, OversizedAnswersAreRefused) {
  const std::string longId(kMaxReferenceIdBytes + 1, 'x');
  const std::string longName(kMaxReferenceNameBytes + 1, 'y');
  EXPECT_FALSE(parse(R"({"reference_items": {"areas": [{"id": ")" + longId + R"(", "name": "A"}]}})"));
  EXPECT_FALSE(parse(R"({"reference_items": {"areas": [{"id": "a", "name": ")" + longName + R"("}]}})"));
  std::string many = R"({"references": {"areas": [)";
  for (std::size_t i = 0; i <= kMaxReferenceItems; ++i) many += (i ? ",\"a" : "\"a") + std::to_string(i) + "\"";
  EXPECT_FALSE(parse(many + "]}}"));
  std::string lists = R"({"references": {)";
  for (std::size_t i = 0; i <= kMaxReferenceLists; ++i) lists += (i ? ",\"l" : "\"l") + std::to_string(i) + "\": []";
  EXPECT_FALSE(parse(lists + "}}"));
}

TEST(ReferenceLists, KeptInTheOptionShapeTheFormReads) {
  const auto text = referenceOptionsJson({{"norrvik-centrum", "Norrvik centrum"}});
  EXPECT_EQ(text, R"([{"value":"norrvik-centrum","label_sv":"Norrvik centrum","label_en":"Norrvik centrum"}])");
}

}  // namespace
}  // namespace faltlogg::client
