// Version 2 of the packs (decisions 0070-0072): the v1 -> v2 mapping value by value, the facts of a v1
// record equal to those of its v2 image, faltarbete-aktivitet v2 on mixed v1/v2 data against values
// computed by hand, and the family case record counted per distinct case.
#include "faltlogg/analytics/criteria_report.hpp"
#include "faltlogg/analytics/form_versions.hpp"
#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/report_options.hpp"

#include "fixture_records.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;
namespace fat = faltlogg::server::analytics::testing;
namespace json = boost::json;

namespace {

fa::CriteriaPack load_pack(const std::string& file) {
  auto pack = fa::load_criteria_pack_file(std::string(FALTLOGG_CRITERIA_DIR_FOR_TESTS) + "/" + file);
  EXPECT_TRUE(pack.ok()) << (pack.ok() ? "" : pack.problem().detail);
  return pack.ok() ? *pack : fa::CriteriaPack{};
}

const fa::ReportPeriod kMarch{std::chrono::year{2026} / 3 / 1, std::chrono::year{2026} / 3 / 31};

const fa::CriterionResult& result_of(const fa::CriteriaReport& report, std::string_view id) {
  for (const auto& result : report.results) {
    if (result.id == id) return result;
  }
  throw std::runtime_error("no criterion " + std::string(id));
}

fa::CriteriaReport evaluate(const fa::CriteriaPack& pack, const std::vector<fat::FixtureRecord>& records) {
  const auto rows = fat::rollups_of(records).rows();
  auto report = fa::evaluate_criteria(pack, rows, kMarch, {});
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.problem().detail);
  return report.ok() ? *report : fa::CriteriaReport{};
}

// Every v1 record of the fixture rewritten in v2's words (the v2 records stay as they are).
std::vector<fat::FixtureRecord> all_as_v2(std::vector<fat::FixtureRecord> records) {
  for (auto& fixture : records) {
    if (fixture.record.form_version != 1) continue;
    auto data = fa::faltkontakt_v1_data_as_v2(fixture.record.data);
    EXPECT_TRUE(data.has_value());
    fixture.record.data = *data;
    fixture.record.form_version = 2;
  }
  return records;
}

struct MappingCase {
  const char* v1;
  const char* kontakt;
  const char* aktivitet;
};

class V1ToV2Mapping : public ::testing::TestWithParam<MappingCase> {};

TEST_P(V1ToV2Mapping, EachV1KindMapsAsDomainSaysAndBack) {
  const MappingCase& c = GetParam();
  const auto image = fa::v2_image_of(c.v1);
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->kontakt, c.kontakt);
  EXPECT_EQ(image->aktivitet, c.aktivitet);
  EXPECT_EQ(fa::v1_kind_of(c.kontakt, c.aktivitet), std::optional<std::string_view>(c.v1));
}

TEST_P(V1ToV2Mapping, AV1RecordCountsExactlyAsItsV2Image) {
  const MappingCase& c = GetParam();
  fat::FixtureRecord v1;
  v1.record.id = "4a1b2c3d-0000-4000-8000-000000000001";
  v1.record.form_id = "faltkontakt";
  v1.record.form_version = 1;
  v1.record.occurred_at = "2026-03-06T18:00:00.000Z";
  v1.record.data = {{"duration_min", 40}, {"arena", "centrum"}, {"contact_kind", c.v1},
                    {"youths", {{"pojke", {{"13_15", 2}}}}}, {"parents", 1}, {"in_pair", true},
                    {"concerns", json::array{"vald"}}, {"actions", json::array{"samrad", "vardnadshavare"}},
                    {"partners", json::array{"polis"}}};
  v1.district_id = "D1";
  v1.team_id = "T1";
  v1.received_at = 1'772'820'000'000;
  fat::FixtureRecord v2 = v1;
  v2.record.form_version = 2;
  v2.record.data = *fa::faltkontakt_v1_data_as_v2(v1.record.data);
  EXPECT_EQ(v2.record.data.at("kontakt").as_string(), c.kontakt);
  EXPECT_EQ(v2.record.data.at("aktivitet").as_string(), c.aktivitet);
  EXPECT_EQ(v2.record.data.count("contact_kind"), 0u);
  auto facts_v1 = fa::facts_for_record(v1.record, fat::context_of(v1));
  auto facts_v2 = fa::facts_for_record(v2.record, fat::context_of(v2));
  ASSERT_TRUE(facts_v1.ok()) << facts_v1.problem().detail;
  ASSERT_TRUE(facts_v2.ok()) << facts_v2.problem().detail;
  ASSERT_EQ(facts_v1->contributions.size(), 1u);
  EXPECT_EQ(facts_v1->contributions, facts_v2->contributions);
  const auto& counters = facts_v1->contributions[0].counters;
  EXPECT_EQ(counters.at("kontakt." + std::string(c.kontakt)), 1);
  EXPECT_EQ(counters.at("aktivitet." + std::string(c.aktivitet)), 1);
  EXPECT_EQ(facts_v1->contributions[0].key.dimensions.at("contact_kind"), c.v1);
  // Tables by activity put a v1 record under its image's activity (decision 0096).
  EXPECT_EQ(facts_v1->contributions[0].key.dimensions.at("aktivitet"), c.aktivitet);
}

INSTANTIATE_TEST_SUITE_P(
    Domain, V1ToV2Mapping,
    ::testing::Values(MappingCase{"uppsokande", "ny", "uppsokande_runda"},
                      MappingCase{"relation", "kand", "relationsskapande"},
                      MappingCase{"stodsamtal", "kand", "stodsamtal"},
                      MappingCase{"foralder", "ingen_direkt", "foraldraaktivitet"},
                      MappingCase{"grupp", "kand", "grupp_klassbesok"},
                      MappingCase{"samverkan", "ingen_direkt", "samverkansmote"},
                      MappingCase{"slussning", "kand", "lankning"}),
    [](const auto& info) { return std::string(info.param.v1); });

TEST(V1ToV2MappingEdges, UnknownKindsAndV2OnlyPairs) {
  EXPECT_FALSE(fa::v2_image_of("nattvandring").has_value());
  EXPECT_FALSE(fa::faltkontakt_v1_data_as_v2(json::object{{"arena", "skola"}}).has_value());
  EXPECT_FALSE(fa::v1_kind_of("kand", "kartlaggning").has_value());  // new in v2: no v1 kind
  faltlogg::core::Record record;
  record.id = "4a1b2c3d-0000-4000-8000-000000000002";
  record.form_id = "faltkontakt";
  record.form_version = 1;
  record.occurred_at = "2026-03-06T18:00:00.000Z";
  record.data = {{"duration_min", 40}, {"arena", "centrum"}, {"contact_kind", "okand"}, {"in_pair", true}};
  auto facts = fa::facts_for_record(record, {"D1", "T1", 0, fat::kTestCaseSecret, {}});
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.problem().code, "invalid_record_for_rollup");
  record.form_version = 2;
  record.data = {{"duration_min", 40}, {"arena", "centrum"}, {"kontakt", "kand"}, {"aktivitet", "kartlaggning"},
                 {"in_pair", true}};
  facts = fa::facts_for_record(record, {"D1", "T1", 0, fat::kTestCaseSecret, {}});
  ASSERT_TRUE(facts.ok()) << facts.problem().detail;
  EXPECT_EQ(facts->contributions[0].key.dimensions.at("contact_kind"), "ej_angivet");
  EXPECT_EQ(facts->contributions[0].key.dimensions.at("aktivitet"), "kartlaggning");
}

// The fixture's twelve contacts, counted by hand (see the fixture's groups):
//   G1 v1 x4 uppsokande utomhus kvall 60 min, 2 girls 13-15, pair, alcohol + referral
//   G2 v2 x3 kand/stodsamtal fritid dag 30 min, 1 boy 10-12, seen 5, alone, partner sig
//   G3 v2 x2 ingen_direkt/samverkansmote skola helg 90 min, pair, partners polis + skola
//   G4 v1 x1 foralder centrum natt 45 min, 1 under-13 (v1 band), 3 parents, pair
//   G5 v2 x2 ny/uppsokande_runda digital kvall 20 min, 1 girl 16-17 + 1 over 20, seen 1, alone
TEST(MixedVersions, FaltarbeteAktivitetEqualsTheHandCount) {
  const auto report = evaluate(load_pack("faltarbete-aktivitet.v2.json"), fat::load_fixture("mixed_v1_v2_march_2026.json"));
  auto value = [&](std::string_view id) { return result_of(report, id).value.value_or(-1); };
  auto measure = [&](std::string_view id, const char* name) { return result_of(report, id).measures.at(name); };
  EXPECT_DOUBLE_EQ(measure("C1", "denominator"), 12);
  EXPECT_DOUBLE_EQ(value("C1"), 6.0 / 12);                  // G1 (v1 uppsokande) + G5 (v2 ny)
  EXPECT_DOUBLE_EQ(value("C2"), 460.0 / 595);               // kvall 240 + 40, helg 180 of 595 minutes
  EXPECT_EQ(result_of(report, "C2").breakdown.at("natt"), 45);  // beside, not counted
  EXPECT_DOUBLE_EQ(value("C3"), 4);                         // utomhus, fritid, skola, centrum; digital not
  EXPECT_DOUBLE_EQ(value("C4"), 5.0 / 10);                  // school and meetings left out
  EXPECT_DOUBLE_EQ(value("C5"), 2);                         // two collaboration meetings in one team-month
  EXPECT_EQ(result_of(report, "C5").breakdown.at("sig"), 3);
  EXPECT_EQ(result_of(report, "C5").breakdown.at("polis"), 2);
  EXPECT_EQ(result_of(report, "C5").breakdown.at("bostadsbolag"), 0);
  EXPECT_DOUBLE_EQ(value("C6"), 1.0 / 12);                  // G4: v1 foralder = foraldraaktivitet
  EXPECT_DOUBLE_EQ(value("C7"), 4.0 / 4);
  EXPECT_DOUBLE_EQ(value("C8"), 13.0 / 15);                 // v1's u13 outside both
  EXPECT_EQ(result_of(report, "C8").breakdown.at("karnmalgrupp"), 10);
  EXPECT_DOUBLE_EQ(value("C10"), 7.0 / 19);                 // talked 3 + 4 of seen 15 + max(2, 2) * 2
  EXPECT_DOUBLE_EQ(value("C11"), 1.0 / 12);
  EXPECT_EQ(result_of(report, "C10").status, fa::CriterionStatus::insufficient_data);
  EXPECT_FALSE(result_of(report, "C10").target.has_value());
}

TEST(MixedVersions, APeriodSpanningTheChangeCountsTheSameWhicheverVersionWroteEachRecord) {
  const auto mixed = fat::load_fixture("mixed_v1_v2_march_2026.json");
  const auto as_v2 = all_as_v2(mixed);
  EXPECT_EQ(fat::rollups_of(mixed).rows(), fat::rollups_of(as_v2).rows());
  for (const char* file : {"faltarbete-aktivitet.v2.json", "datakvalitet.v1.json", "stockholmsstandard-2021.v1.json"}) {
    const auto pack = load_pack(file);
    const auto a = evaluate(pack, mixed);
    const auto b = evaluate(pack, as_v2);
    ASSERT_EQ(a.results.size(), b.results.size()) << file;
    for (std::size_t i = 0; i < a.results.size(); ++i) {
      EXPECT_EQ(a.results[i].measures, b.results[i].measures) << file << " " << a.results[i].id;
      EXPECT_EQ(a.results[i].value, b.results[i].value) << file << " " << a.results[i].id;
      EXPECT_EQ(a.results[i].breakdown, b.results[i].breakdown) << file << " " << a.results[i].id;
    }
  }
}

TEST(MixedVersions, DistrictSettingsMoveC8AndC3) {
  const auto records = fat::load_fixture("mixed_v1_v2_march_2026.json");
  fa::DistrictSettings settings;
  settings.age_band = std::pair{13, 17};
  settings.digital_counts = true;
  const auto pack = fa::pack_for_district(load_pack("faltarbete-aktivitet.v2.json"), settings);
  const auto report = evaluate(pack, records);
  EXPECT_DOUBLE_EQ(result_of(report, "C8").value.value_or(-1), 10.0 / 15);
  EXPECT_DOUBLE_EQ(result_of(report, "C3").value.value_or(-1), 5);
  const auto words = fa::district_settings_json(pack);
  EXPECT_EQ(words.at("c8_age_band").as_string(), "13-17");
  EXPECT_TRUE(words.at("c3_digital").as_bool());
  EXPECT_EQ(fa::district_settings_json(load_pack("faltarbete-aktivitet.v2.json")).at("c8_age_band").as_string(), "10-20");
}

fat::FixtureRecord case_record(int n, const std::string& start, std::optional<std::string> end = std::nullopt) {
  fat::FixtureRecord fixture;
  fixture.record.id = "5a1b2c3d-0000-4000-8000-00000000000" + std::to_string(n);
  fixture.record.form_id = "familjearende";
  fixture.record.form_version = 1;
  fixture.record.occurred_at = start;
  fixture.record.data = {{"case_code", "AB-2026-00" + std::to_string(n)}, {"barn_alder_band", n % 2 ? "13_15" : "6_9"},
                         {"barn_kon", n % 2 ? "flicka" : "pojke"}, {"antal_barn", 1}, {"grund", "bistand"},
                         {"anledning", json::array{"konflikter"}}};
  if (end) {
    fixture.record.data["slutdatum"] = *end;
    fixture.record.data["avslutsorsak"] = "planerat";
  }
  fixture.district_id = "D1";
  fixture.team_id = "T1";
  return fixture;
}

fat::FixtureRecord session_of(int n, int serial, const std::string& when) {
  fat::FixtureRecord fixture;
  fixture.record.id = "6a1b2c3d-0000-4000-8000-0000000000" + std::to_string(10 * n + serial);
  fixture.record.form_id = "familjebehandling";
  fixture.record.form_version = serial % 2 ? 1 : 2;
  fixture.record.occurred_at = when;
  fixture.record.data = {{"case_code", "AB-2026-00" + std::to_string(n)}, {"duration_min", 60}};
  fixture.district_id = "D1";
  fixture.team_id = "T1";
  return fixture;
}

TEST(FamilyCases, CaseCriteriaCountDistinctCasesNotRowsOrSessions) {
  // Case 1 starts in March with three sessions and closes in April after 5 weeks; case 2 starts in
  // March and stays open; case 3 starts in April.
  std::vector<fat::FixtureRecord> records{case_record(1, "2026-03-02T09:00:00.000Z", "2026-04-06T09:00:00.000Z"),
                                          case_record(2, "2026-03-10T09:00:00.000Z"),
                                          case_record(3, "2026-04-01T09:00:00.000Z")};
  for (int s = 1; s <= 3; ++s) records.push_back(session_of(1, s, "2026-03-1" + std::to_string(s) + "T09:00:00.000Z"));
  const auto pack = load_pack("familjebehandling-uppfoljning.v2.json");
  const auto rows = fat::rollups_of(records).rows();
  auto march = fa::evaluate_criteria(pack, rows, kMarch, {});
  ASSERT_TRUE(march.ok());
  EXPECT_DOUBLE_EQ(result_of(*march, "F6").measures.at("cases"), 2);
  EXPECT_EQ(result_of(*march, "F6").breakdown.at("alder_13_15"), 1);
  EXPECT_EQ(result_of(*march, "F6").breakdown.at("kon_pojke"), 1);
  EXPECT_EQ(result_of(*march, "F7").breakdown.at("bistand"), 2);
  EXPECT_DOUBLE_EQ(result_of(*march, "F8").measures.at("cases"), 0);
  EXPECT_DOUBLE_EQ(result_of(*march, "F1").measures.at("case_months"), 1);  // sessions, not case records
  const fa::ReportPeriod tertial{std::chrono::year{2026} / 1 / 1, std::chrono::year{2026} / 4 / 30};
  auto t1 = fa::evaluate_criteria(pack, rows, tertial, {});
  ASSERT_TRUE(t1.ok());
  EXPECT_DOUBLE_EQ(result_of(*t1, "F6").measures.at("cases"), 3);
  EXPECT_DOUBLE_EQ(result_of(*t1, "F8").measures.at("cases"), 1);
  EXPECT_EQ(result_of(*t1, "F8").breakdown.at("planerat"), 1);
  EXPECT_DOUBLE_EQ(result_of(*t1, "F8").value.value_or(-1), 5);  // weeks from start to closing
  EXPECT_EQ(result_of(*t1, "F8").status, fa::CriterionStatus::insufficient_data);  // fewer than 5 cases

  // Evaluators: every count of cases is protected by the cases' own keys, so 1..4 never shows.
  const auto shown = fa::protect_report(*t1, {5, fa::kCellKeyMaxNoise});
  for (const char* id : {"F6", "F7", "F8"}) {
    const auto& result = result_of(shown, id);
    EXPECT_GE(result.measures.at("cases"), 5) << id;
    for (const auto& [label, count] : result.breakdown) EXPECT_TRUE(count == 0 || count >= 5) << id << " " << label;
  }
  // Three case-record rows of case 1 (start, sessions, closing) are one case: the same published count as
  // a set where case 1 had no sessions at all.
  std::vector<fat::FixtureRecord> without_sessions(records.begin(), records.begin() + 3);
  auto t1_plain = fa::evaluate_criteria(pack, fat::rollups_of(without_sessions).rows(), tertial, {});
  ASSERT_TRUE(t1_plain.ok());
  EXPECT_EQ(fa::protect_report(*t1_plain, {5, fa::kCellKeyMaxNoise}).results[5].measures.at("cases"),
            result_of(shown, "F6").measures.at("cases"));
}

TEST(FamilyCases, ACaseRecordThatCannotBeCountedIsRefused) {
  auto closed_before_start = case_record(4, "2026-03-10T09:00:00.000Z", "2026-03-01T09:00:00.000Z");
  auto facts = fa::facts_for_record(closed_before_start.record, fat::context_of(closed_before_start));
  ASSERT_FALSE(facts.ok());
  EXPECT_NE(facts.problem().detail.find("slutdatum"), std::string::npos);
  auto no_child = case_record(5, "2026-03-10T09:00:00.000Z");
  no_child.record.data.erase("barn_kon");
  EXPECT_FALSE(fa::facts_for_record(no_child.record, fat::context_of(no_child)).ok());
  auto same_month = case_record(6, "2026-03-02T09:00:00.000Z", "2026-03-30T09:00:00.000Z");
  auto one_row = fa::facts_for_record(same_month.record, fat::context_of(same_month));
  ASSERT_TRUE(one_row.ok());
  ASSERT_EQ(one_row->contributions.size(), 1u);
  EXPECT_EQ(one_row->contributions[0].counters.at("case_weeks"), 4);
  EXPECT_EQ(one_row->contributions[0].counters.count("case_code"), 0u);
}

}  // namespace
