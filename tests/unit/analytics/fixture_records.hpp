// Test fixtures: records described in tests/data/analytics/*.json as groups of identical records.
#pragma once

#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/time.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace faltlogg::server::analytics::testing {

inline constexpr std::string_view kTestCaseSecret = "test-secret-for-case-keys-0123456789";

struct FixtureRecord {
  core::Record record;
  std::string district_id;
  std::string team_id;
  core::Millis received_at = 0;
  ReviewSummary review;  // none unless a test reviews it
};

inline RecordContext context_of(const FixtureRecord& fixture) {
  return RecordContext{fixture.district_id, fixture.team_id, fixture.received_at, kTestCaseSecret, fixture.review};
}

inline std::vector<FixtureRecord> load_fixture(const std::string& name) {
  std::ifstream in(std::string(FALTLOGG_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto json = core::parse_json(text.str());
  EXPECT_TRUE(json.ok()) << name;
  std::vector<FixtureRecord> out;
  if (!json) return out;
  int serial = 0;
  for (const auto& group_value : json->as_object().at("groups").as_array()) {
    const auto& group = group_value.as_object();
    for (std::int64_t i = 0; i < group.at("repeat").as_int64(); ++i) {
      FixtureRecord fixture;
      fixture.record.id = "00000000-0000-4000-8000-" + std::to_string(100000000000 + ++serial);
      fixture.record.form_id = std::string(group.at("form_id").as_string());
      fixture.record.form_version =
          group.contains("form_version") ? static_cast<int>(group.at("form_version").as_int64()) : 1;
      fixture.record.hlc = "2026-01-01T00:00:00.000Z/0000/test";
      fixture.record.deleted = group.contains("deleted") && group.at("deleted").as_bool();
      fixture.record.occurred_at = std::string(group.at("occurred_at").as_string());
      fixture.record.data = group.at("data").as_object();
      fixture.district_id = std::string(group.at("district_id").as_string());
      fixture.team_id = std::string(group.at("team_id").as_string());
      fixture.received_at = core::parse_rfc3339(fixture.record.occurred_at).value_or(0) +
                            group.at("received_after_minutes").as_int64() * 60'000;
      out.push_back(std::move(fixture));
    }
  }
  return out;
}

inline RollupSet rollups_of(const std::vector<FixtureRecord>& records) {
  RollupSet set;
  for (const auto& fixture : records) {
    auto facts = facts_for_record(fixture.record, context_of(fixture));
    EXPECT_TRUE(facts.ok()) << (facts.ok() ? "" : facts.problem().detail);
    if (!facts) continue;
    EXPECT_TRUE(set.apply(rollup_deltas(*facts, +1)).ok());
  }
  return set;
}

}  // namespace faltlogg::server::analytics::testing
