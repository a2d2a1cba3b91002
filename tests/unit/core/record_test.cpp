#include "faltlogg/core/json.hpp"
#include "faltlogg/core/record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace faltlogg::core {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kId = "7f1c2a4e-3b5d-4c6e-8f70-112233445566";
constexpr std::string_view kHlc = "2026-11-22T18:04:05.123Z/0003/dev-1";

boost::json::object valid_record_json() {
  return parse_json(R"({"id": "7f1c2a4e-3b5d-4c6e-8f70-112233445566", "form_id": "faltkontakt", "form_version": 1,
      "hlc": "2026-11-22T18:04:05.123Z/0003/dev-1", "deleted": false, "occurred_at": "2026-11-22T18:00:00.000Z",
      "data": {"arena": "skola", "youths": {"flicka": {"13_15": 2}}, "concerns": ["alkohol", "vald"]}})")
      ->as_object();
}

TEST(RecordFromJson, ReadsAValidRecord) {
  auto record = record_from_json(valid_record_json());
  ASSERT_TRUE(record) << record.problem().detail;
  EXPECT_EQ(record->id, kId);
  EXPECT_EQ(record->form_id, "faltkontakt");
  EXPECT_EQ(record->form_version, 1);
  EXPECT_EQ(record->hlc, kHlc);
  EXPECT_FALSE(record->deleted);
  EXPECT_EQ(record->occurred_at, "2026-11-22T18:00:00.000Z");
  EXPECT_EQ(record->data.at("arena").as_string(), "skola");
}

TEST(RecordJson, RoundTrips) {
  auto record = record_from_json(valid_record_json());
  ASSERT_TRUE(record);
  auto again = record_from_json(record_to_json(*record));
  ASSERT_TRUE(again) << again.problem().detail;
  EXPECT_EQ(*again, *record);
  EXPECT_EQ(boost::json::value(record_to_json(*record)), boost::json::value(valid_record_json()));
}

TEST(RecordJson, TombstoneRoundTrips) {
  auto json = valid_record_json();
  json["deleted"] = true;
  json["data"] = boost::json::object{};
  auto record = record_from_json(json);
  ASSERT_TRUE(record);
  EXPECT_TRUE(record->deleted);
  EXPECT_EQ(record_to_json(*record).at("deleted").as_bool(), true);
}

TEST(RecordFromJson, DeletedDefaultsToFalse) {
  auto json = valid_record_json();
  json.erase("deleted");
  auto record = record_from_json(json);
  ASSERT_TRUE(record);
  EXPECT_FALSE(record->deleted);
}

TEST(RecordFromJson, NormalisesSpellingsOfTheSameValue) {
  auto json = valid_record_json();
  json["id"] = "7F1C2A4E-3B5D-4C6E-8F70-112233445566";
  json["occurred_at"] = "2026-11-22T20:00:00+02:00";
  auto record = record_from_json(json);
  ASSERT_TRUE(record) << record.problem().detail;
  EXPECT_EQ(record->id, kId);
  EXPECT_EQ(record->occurred_at, "2026-11-22T18:00:00.000Z");
}

struct RefusedRecord {
  std::string name;
  std::string member;             // member to change ("" = replace whole record)
  std::optional<std::string> value_json;  // nullopt = remove the member
  std::string detail_part;
};

void PrintTo(const RefusedRecord& c, std::ostream* os) { *os << c.name; }

class RecordRefusedTest : public ::testing::TestWithParam<RefusedRecord> {};

TEST_P(RecordRefusedTest, WithInvalidRecordNamingTheMember) {
  const auto& c = GetParam();
  boost::json::value input = valid_record_json();
  if (c.member.empty()) {
    input = *parse_json(*c.value_json);
  } else if (c.value_json) {
    input.as_object()[c.member] = *parse_json(*c.value_json);
  } else {
    input.as_object().erase(c.member);
  }
  auto record = record_from_json(input);
  ASSERT_FALSE(record) << c.name << " was accepted";
  EXPECT_EQ(record.problem().code, "invalid_record");
  EXPECT_EQ(record.problem().status, 400);
  EXPECT_THAT(record.problem().detail, HasSubstr(c.detail_part));
}

INSTANTIATE_TEST_SUITE_P(
    Envelope, RecordRefusedTest,
    ::testing::Values(
        RefusedRecord{"not_an_object", "", "[1, 2]", "must be a JSON object"},
        RefusedRecord{"null", "", "null", "must be a JSON object"},
        RefusedRecord{"unknown_member", "author", "\"someone\"", "unknown member \"author\""},
        RefusedRecord{"id_missing", "id", std::nullopt, "\"id\" is missing"},
        RefusedRecord{"id_number", "id", "42", "\"id\" must be a string"},
        RefusedRecord{"id_not_uuid", "id", "\"record-1\"", "UUID version 4"},
        RefusedRecord{"id_uuid_v1", "id", "\"7f1c2a4e-3b5d-1c6e-8f70-112233445566\"", "UUID version 4"},
        RefusedRecord{"id_uuid_without_dashes", "id", "\"7f1c2a4e3b5d4c6e8f70112233445566\"", "UUID version 4"},
        RefusedRecord{"form_id_missing", "form_id", std::nullopt, "\"form_id\" is missing"},
        RefusedRecord{"form_id_empty", "form_id", "\"\"", "form_id"},
        RefusedRecord{"form_id_too_long", "form_id", "\"" + std::string(65, 'f') + "\"", "form_id"},
        RefusedRecord{"form_version_missing", "form_version", std::nullopt, "\"form_version\" is missing"},
        RefusedRecord{"form_version_zero", "form_version", "0", "positive integer"},
        RefusedRecord{"form_version_negative", "form_version", "-1", "positive integer"},
        RefusedRecord{"form_version_fraction", "form_version", "1.5", "\"form_version\" must be an integer"},
        RefusedRecord{"form_version_string", "form_version", "\"1\"", "\"form_version\" must be an integer"},
        RefusedRecord{"form_version_beyond_int", "form_version", "2147483648", "positive integer"},
        RefusedRecord{"hlc_missing", "hlc", std::nullopt, "\"hlc\" is missing"},
        RefusedRecord{"hlc_garbage", "hlc", "\"yesterday\"", "hybrid logical clock"},
        RefusedRecord{"hlc_without_node", "hlc", "\"2026-11-22T18:04:05.123Z/0003/\"", "hybrid logical clock"},
        RefusedRecord{"occurred_at_missing", "occurred_at", std::nullopt, "\"occurred_at\" is missing"},
        RefusedRecord{"occurred_at_not_a_time", "occurred_at", "\"igår kväll\"", "RFC 3339"},
        RefusedRecord{"occurred_at_impossible_date", "occurred_at", "\"2026-02-30T10:00:00Z\"", "RFC 3339"},
        RefusedRecord{"occurred_at_number", "occurred_at", "1764000000000", "\"occurred_at\" must be a string"},
        RefusedRecord{"data_missing", "data", std::nullopt, "\"data\" is missing"},
        RefusedRecord{"data_array", "data", "[]", "\"data\" must be an object"},
        RefusedRecord{"data_null", "data", "null", "\"data\" must be an object"},
        RefusedRecord{"deleted_string", "deleted", "\"false\"", "\"deleted\" must be true or false"},
        RefusedRecord{"deleted_null", "deleted", "null", "\"deleted\" must be true or false"}),
    [](const auto& info) { return info.param.name; });

TEST(RecordFromJson, DetailStartsWithRecordOnce) {
  auto json = valid_record_json();
  json["form_version"] = 0;
  auto record = record_from_json(json);
  ASSERT_FALSE(record);
  EXPECT_EQ(record.problem().detail, "record: \"form_version\" must be a positive integer");
}

Record sample() { return *record_from_json(valid_record_json()); }

TEST(RecordCanonicalText, SortsKeysAtEveryDepth) {
  Record record = sample();
  record.data = parse_json(R"({"b": {"z": 1, "a": [{"y": 1, "x": 2}]}, "a": true})")->as_object();
  EXPECT_EQ(record_canonical_text(record),
            R"({"id":"7f1c2a4e-3b5d-4c6e-8f70-112233445566","form_id":"faltkontakt","form_version":1,)"
            R"("deleted":false,"occurred_at":"2026-11-22T18:00:00.000Z",)"
            R"("data":{"a":true,"b":{"a":[{"x":2,"y":1}],"z":1}}})");
}

TEST(RecordContentDigest, EqualContentGivesEqualDigest) {
  Record a = sample();
  Record b = sample();
  b.data = parse_json(R"({"concerns": ["alkohol", "vald"], "youths": {"flicka": {"13_15": 2}}, "arena": "skola"})")
               ->as_object();
  b.occurred_at = "2026-11-22T19:00:00+01:00";  // the same instant, spelled differently
  b.hlc = "2026-11-22T18:09:00.000Z/0000/dev-2";  // ordering metadata, not content
  EXPECT_EQ(record_content_digest(a), record_content_digest(b));
  EXPECT_EQ(record_content_digest(a).size(), 64u);
  EXPECT_EQ(record_content_digest(a).find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(RecordContentDigest, AnyContentChangeChangesTheDigest) {
  const std::string base = record_content_digest(sample());
  std::vector<std::function<void(Record&)>> edits = {
      [](Record& r) { r.data["arena"] = "fritid"; },
      [](Record& r) { r.data["youths"].as_object()["flicka"].as_object()["13_15"] = 3; },
      [](Record& r) { r.data["concerns"] = boost::json::array{"vald", "alkohol"}; },  // order of a list matters
      [](Record& r) { r.data.erase("arena"); },
      [](Record& r) { r.deleted = true; },
      [](Record& r) { r.form_version = 2; },
      [](Record& r) { r.form_id = "familjebehandling"; },
      [](Record& r) { r.occurred_at = "2026-11-22T18:00:00.001Z"; },
      [](Record& r) { r.id = "8f1c2a4e-3b5d-4c6e-8f70-112233445566"; },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    Record changed = sample();
    edits[i](changed);
    EXPECT_NE(record_content_digest(changed), base) << "edit #" << i;
  }
}

}  // namespace
}  // namespace faltlogg::core
