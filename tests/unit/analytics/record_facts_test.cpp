#include "faltlogg/analytics/record_facts.hpp"

#include "faltlogg/analytics/cell_key.hpp"

#include "fixture_records.hpp"

#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;
namespace json = boost::json;

namespace {

faltlogg::core::Record field_contact(json::object data, const char* occurred_at = "2026-03-06T19:00:00.000Z") {
  faltlogg::core::Record record;
  record.id = "6f1c2d3e-1111-4222-8333-444455556666";
  record.form_id = "faltkontakt";
  record.form_version = 1;
  record.occurred_at = occurred_at;
  record.data = std::move(data);
  return record;
}

json::object typical_contact() {
  return {{"duration_min", 35},
          {"area_id", "a1"},
          {"arena", "utomhus"},
          {"contact_kind", "relation"},
          {"youths", {{"flicka", {{"13_15", 2}, {"16_17", 1}}}, {"pojke", {{"13_15", 3}}}}},
          {"parents", 1},
          {"concerns", json::array{"alkohol", "vald"}},
          {"actions", json::array{"samtal", "orosanmalan"}},
          {"partners", json::array{"polis"}},
          {"in_pair", true},
          {"notes", "Fri text som aldrig får nå en rollup"}};
}

fa::RecordContext context(faltlogg::core::Millis received_at) {
  return fa::RecordContext{"D1", "T1", received_at, fa::testing::kTestCaseSecret, {}};
}

faltlogg::core::Millis at(const char* text) { return faltlogg::core::parse_rfc3339(text).value(); }

std::int64_t get(const fa::Counters& counters, const std::string& name) {
  const auto it = counters.find(name);
  return it == counters.end() ? 0 : it->second;
}

}  // namespace

TEST(RecordFacts, FieldContactGivesOneDailyRowWithEveryCounter) {
  auto facts = fa::facts_for_record(field_contact(typical_contact()), context(at("2026-03-06T20:00:00.000Z")));
  ASSERT_TRUE(facts.ok()) << facts.problem().detail;
  ASSERT_EQ(facts->contributions.size(), 1u);
  const auto& row = facts->contributions[0];
  EXPECT_EQ(row.key.kind, fa::RollupKind::contact_daily);
  EXPECT_EQ(row.key.period, "2026-03-06");  // Friday 20:00 local
  EXPECT_EQ(row.key.district_id, "D1");
  EXPECT_EQ(row.key.team_id, "T1");
  // v1's relation is v2's relationsskapande: the activity is a dimension too (decision 0096).
  const std::map<std::string, std::string> dims{
      {"aktivitet", "relationsskapande"}, {"arena", "utomhus"}, {"contact_kind", "relation"}, {"time_band", "kvall"}};
  EXPECT_EQ(row.key.dimensions, dims);
  const fa::Counters expected{{"contacts", 1},
                              {"minutes", 35},
                              {"youths", 6},
                              {"youths.flicka", 3},
                              {"youths.pojke", 3},
                              {"youths.13_15", 5},
                              {"youths.16_17", 1},
                              {"parents", 1},
                              {"contacts_in_pair", 1},
                              {"contacts_with_parents", 1},
                              {"contacts_with_concern", 1},
                              {"contacts_with_concern_and_referral", 1},
                              {"collaboration_contacts", 1},
                              {"synced_within_72h", 1},
                              {"concern.alkohol", 1},
                              {"concern.vald", 1},
                              {"action.samtal", 1},
                              {"action.orosanmalan", 1},
                              {"partner.polis", 1},
                              // v1's relation in v2's words (decision 0070), and C4's base: not school, no meeting.
                              {"kontakt.kand", 1},
                              {"aktivitet.relationsskapande", 1},
                              {"pair_eligible", 1},
                              {"pair_eligible_in_pair", 1},
                              // The record's cell key (decision 0027): the same id always gives the same one.
                              {std::string(fa::kRecordKeyCounter),
                               static_cast<std::int64_t>(fa::record_key("6f1c2d3e-1111-4222-8333-444455556666",
                                                                        fa::testing::kTestCaseSecret))}};
  EXPECT_EQ(row.counters, expected);
}

TEST(RecordFacts, LocalDayAndBandComeFromStockholmTime) {
  // 23:30 UTC on 31 May is 01:30 on 1 June in Stockholm (CEST): June, night.
  auto facts = fa::facts_for_record(field_contact(typical_contact(), "2026-05-31T23:30:00.000Z"),
                                    context(at("2026-06-01T00:00:00.000Z")));
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts->contributions[0].key.period, "2026-06-01");
  EXPECT_EQ(facts->contributions[0].key.dimensions.at("time_band"), "natt");
}

TEST(RecordFacts, SeventyTwoHoursIsInTimeAndOneMillisecondMoreIsNot) {
  const auto occurred = at("2026-03-06T19:00:00.000Z");
  auto in_time = fa::facts_for_record(field_contact(typical_contact()), context(occurred + fa::kSyncedInTimeMillis));
  auto late = fa::facts_for_record(field_contact(typical_contact()), context(occurred + fa::kSyncedInTimeMillis + 1));
  ASSERT_TRUE(in_time.ok() && late.ok());
  EXPECT_EQ(get(in_time->contributions[0].counters, "synced_within_72h"), 1);
  EXPECT_EQ(get(late->contributions[0].counters, "synced_within_72h"), 0);
}

TEST(RecordFacts, IngenIsNotAConcernAndParentsCanComeFromKindOrAction) {
  auto data = typical_contact();
  data["concerns"] = json::array{"ingen"};
  data["parents"] = 0;
  data["partners"] = json::array{};
  data["actions"] = json::array{"vardnadshavare", "vardnadshavare"};  // a duplicate counts once
  auto facts = fa::facts_for_record(field_contact(data), context(at("2026-03-06T20:00:00.000Z")));
  ASSERT_TRUE(facts.ok());
  const auto& c = facts->contributions[0].counters;
  EXPECT_EQ(get(c, "contacts_with_concern"), 0);
  EXPECT_EQ(get(c, "concern.ingen"), 1);
  EXPECT_EQ(get(c, "contacts_with_parents"), 1);
  EXPECT_EQ(get(c, "action.vardnadshavare"), 1);
  EXPECT_EQ(get(c, "collaboration_contacts"), 0);
  EXPECT_EQ(c.count("parents"), 0u);  // zero counters are not stored
}

TEST(RecordFacts, SamverkanWithoutYouthsIsACollaborationContact) {
  auto data = typical_contact();
  data["contact_kind"] = "samverkan";
  data["youths"] = json::object{};
  data["partners"] = json::array{};
  auto facts = fa::facts_for_record(field_contact(data), context(at("2026-03-06T20:00:00.000Z")));
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(get(facts->contributions[0].counters, "collaboration_contacts"), 1);
  EXPECT_EQ(get(facts->contributions[0].counters, "youths"), 0);
}

TEST(RecordFacts, DeletedAndUnknownFormsContributeNothing) {
  auto deleted = field_contact(typical_contact());
  deleted.deleted = true;
  deleted.data = {};
  auto facts = fa::facts_for_record(deleted, context(0));
  ASSERT_TRUE(facts.ok());
  EXPECT_TRUE(facts->contributions.empty());
  auto other = field_contact(typical_contact());
  other.form_id = "someday_form";
  EXPECT_TRUE(fa::facts_for_record(other, context(0))->contributions.empty());
}

TEST(RecordFacts, DataThatBreaksTheFormIsRefusedNamingTheFieldOnly) {
  const std::vector<std::pair<const char*, json::value>> broken = {
      {"arena", nullptr},      {"arena", 5},           {"contact_kind", json::array{}},
      {"duration_min", -3},    {"duration_min", "35"}, {"parents", 2.5},
      {"concerns", "alkohol"}, {"actions", json::array{1}}, {"in_pair", "yes"},
      {"youths", json::array{}}, {"youths", json::object{{"pojke", json::object{{"13_15", -1}}}}},
      {"youths", json::object{{"pojke", 3}}},
      {"duration_min", INT64_MAX}, {"parents", json::value(UINT64_MAX)},
      {"youths", json::object{{"pojke", json::object{{"13_15", INT64_MAX}}}}}};
  for (const auto& [field, value] : broken) {
    auto data = typical_contact();
    data[field] = value;
    auto facts = fa::facts_for_record(field_contact(data), context(0));
    ASSERT_FALSE(facts.ok()) << field << " = " << json::serialize(value);
    EXPECT_EQ(facts.problem().code, "invalid_record_for_rollup");
    EXPECT_NE(facts.problem().detail.find(field), std::string::npos);
    EXPECT_EQ(facts.problem().detail.find("Fri text"), std::string::npos);
  }
  auto bad_time = field_contact(typical_contact(), "yesterday");
  EXPECT_FALSE(fa::facts_for_record(bad_time, context(0)).ok());
}

TEST(RecordFacts, FamilySessionGivesADailyRowAndACaseMonthRowWithoutTheCaseCode) {
  faltlogg::core::Record record;
  record.form_id = "familjebehandling";
  record.occurred_at = "2026-04-07T08:00:00.000Z";
  record.data = {{"case_code", "AB-2026-0001"}, {"duration_min", 60},       {"setting", "hembesok"},
                 {"methods", json::array{"mi", "kbt"}}, {"child_heard", true}, {"goal_rating", 4}};
  auto facts = fa::facts_for_record(record, context(at("2026-04-07T09:00:00.000Z")));
  ASSERT_TRUE(facts.ok()) << facts.problem().detail;
  ASSERT_EQ(facts->contributions.size(), 2u);
  const auto& session = facts->contributions[0];
  EXPECT_EQ(session.key.kind, fa::RollupKind::session_daily);
  EXPECT_EQ(session.key.dimensions.at("setting"), "hembesok");
  EXPECT_EQ(session.key.dimensions.at("session_kind"), "ej_angivet");
  EXPECT_EQ(get(session.counters, "method.kbt"), 1);
  EXPECT_EQ(get(session.counters, "sessions_child_heard"), 1);
  const auto& case_month = facts->contributions[1];
  EXPECT_EQ(case_month.key.kind, fa::RollupKind::case_monthly);
  EXPECT_EQ(case_month.key.period, "2026-04");
  const std::string key = case_month.key.dimensions.at("case_key");
  EXPECT_EQ(key, fa::case_key("AB-2026-0001", fa::testing::kTestCaseSecret));
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(key.find("AB-2026"), std::string::npos);
  EXPECT_NE(key, fa::case_key("AB-2026-0001", "another-secret-of-enough-length"));
  const std::int64_t day = 20550;  // 2026-04-07 as days since 1970-01-01
  EXPECT_EQ(get(case_month.counters, "rating_sum_t"), day);
  EXPECT_EQ(get(case_month.counters, "rating_sum_tt"), day * day);
  EXPECT_EQ(get(case_month.counters, "rating_sum_tr"), day * 4);
}

TEST(RecordFacts, FamilySessionsNeedACaseKeySecret) {
  faltlogg::core::Record record;
  record.form_id = "familjebehandling";
  record.occurred_at = "2026-04-07T08:00:00.000Z";
  record.data = {{"case_code", "AB-2026-0001"}, {"duration_min", 60}};
  auto facts = fa::facts_for_record(record, fa::RecordContext{"D1", "F1", 0, "short", {}});
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.problem().code, "analytics_misconfigured");
}
