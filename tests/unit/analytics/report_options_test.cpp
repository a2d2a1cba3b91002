// Periods evaluators may ask for, district settings as typed and as stored, and the words of v2 in a
// rendered report (decisions 0071, 0073).
#include "faltlogg/analytics/report_options.hpp"
#include "faltlogg/analytics/table_render.hpp"

#include <gtest/gtest.h>

namespace fa = faltlogg::server::analytics;
using namespace std::chrono;

namespace {

fa::ReportPeriod period(const char* from, const char* to) { return {*fa::parse_date(from), *fa::parse_date(to)}; }

fa::CriteriaPack pack(const std::string& file) {
  auto loaded = fa::load_criteria_pack_file(std::string(FALTLOGG_CRITERIA_DIR_FOR_TESTS) + "/" + file);
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.problem().detail);
  return loaded.ok() ? *loaded : fa::CriteriaPack{};
}

TEST(ReportPeriods, MonthTertialAndYearAreNamed) {
  EXPECT_EQ(fa::named_period_kind(period("2026-02-01", "2026-02-28")), "month");
  EXPECT_EQ(fa::named_period_kind(period("2024-02-01", "2024-02-29")), "month");
  EXPECT_EQ(fa::named_period_kind(period("2026-01-01", "2026-04-30")), "tertial");
  EXPECT_EQ(fa::named_period_kind(period("2026-05-01", "2026-08-31")), "tertial");
  EXPECT_EQ(fa::named_period_kind(period("2026-09-01", "2026-12-31")), "tertial");
  EXPECT_EQ(fa::named_period_kind(period("2026-01-01", "2026-12-31")), "year");
}

TEST(ReportPeriods, AnythingElseIsRefusedNamingWhatIsAllowed) {
  for (auto p : {period("2026-02-01", "2026-05-31"), period("2026-01-01", "2026-03-31"),
                 period("2026-03-01", "2026-03-30"), period("2026-03-02", "2026-03-31"),
                 period("2026-09-01", "2027-08-31"), period("2026-12-01", "2027-01-31"),
                 period("2026-01-01", "2027-12-31"), period("2026-03-15", "2026-03-15")}) {
    EXPECT_FALSE(fa::named_period_kind(p).has_value()) << fa::format_date(p.from) << ".." << fa::format_date(p.to);
    auto refused = fa::check_evaluator_report_period(p);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().status, 400);
    EXPECT_EQ(refused.problem().code, "invalid_period");
    for (const char* word : {"month", "tertial", "year", "T1 jan-apr"}) {
      EXPECT_NE(refused.problem().detail.find(word), std::string::npos) << word;
    }
  }
  EXPECT_TRUE(fa::check_evaluator_report_period(period("2026-05-01", "2026-08-31")).ok());
}

TEST(DistrictSettings, AreEncodedOnlyWhenValidAndForAPackTheyApplyTo) {
  const auto activity = pack("faltarbete-aktivitet.v2.json");
  EXPECT_EQ(*fa::encode_district_setting(activity, "c8_age_band", "13-17"), 1317);
  EXPECT_EQ(*fa::encode_district_setting(activity, "c8_age_band", "10-20"), 1020);
  EXPECT_EQ(*fa::encode_district_setting(activity, "c3_digital", "on"), 1);
  EXPECT_EQ(*fa::encode_district_setting(activity, "c3_digital", "off"), 0);
  EXPECT_EQ(fa::describe_district_setting("c8_age_band", 1317), "13-17");
  EXPECT_EQ(fa::describe_district_setting("c3_digital", 1), "on");
  for (auto [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"c8_age_band", "17-13"}, {"c8_age_band", "11-20"}, {"c8_age_band", "10-21"}, {"c8_age_band", "1020"},
           {"c8_age_band", "10-"}, {"c8_age_band", "-20"}, {"c8_age_band", "10-20-30"}, {"c8_age_band", " 10-20"},
           {"c8_age_band", "99999999999-20"}, {"c3_digital", "yes"}, {"c3_digital", ""}, {"c9_anything", "on"},
           {"C1", "0.5"}, {"c8_age_band", "13-17\n"}, {"c3_digital", "on'; DROP TABLE criteria_target;--"}}) {
    auto refused = fa::encode_district_setting(activity, name, value);
    ASSERT_FALSE(refused.ok()) << name << "=" << value;
    EXPECT_EQ(refused.problem().code, "invalid_setting");
    EXPECT_EQ(refused.problem().status, 422);
    EXPECT_EQ(refused.problem().detail.find("DROP"), std::string::npos) << "never echoes the value";
  }
  // The family pack has no age band to set and no arenas.
  EXPECT_FALSE(fa::encode_district_setting(pack("familjebehandling-uppfoljning.v2.json"), "c8_age_band", "13-17").ok());
  EXPECT_FALSE(fa::encode_district_setting(pack("datakvalitet.v1.json"), "c3_digital", "on").ok());
}

TEST(DistrictSettings, ComeOutOfTheOverridesAndLeaveTheTargets) {
  fa::TargetOverrides overrides{{"C1", 0.4}, {"setting.c8_age_band", 1317}, {"setting.c3_digital", 1}};
  const auto settings = fa::take_district_settings(overrides);
  EXPECT_EQ(overrides, (fa::TargetOverrides{{"C1", 0.4}}));
  ASSERT_TRUE(settings.age_band.has_value());
  EXPECT_EQ(*settings.age_band, (std::pair{13, 17}));
  EXPECT_EQ(settings.digital_counts, true);
  fa::TargetOverrides none{{"C4", 0.8}};
  const auto defaults = fa::take_district_settings(none);
  EXPECT_FALSE(defaults.age_band.has_value());
  EXPECT_FALSE(defaults.digital_counts.has_value());
  // The v1 pack keeps its own band (13-20) unless its district sets one.
  const auto v1 = pack("stockholmsstandard-2021.v1.json");
  EXPECT_EQ(fa::district_settings_json(fa::pack_for_district(v1, defaults)).at("c8_age_band").as_string(), "13-20");
  EXPECT_TRUE(fa::check_target_overrides(pack("faltarbete-aktivitet.v2.json"), overrides).ok());
}

TEST(ReportWords, SayWhatTheIndicatorsAreAndWhatEachStatusMeans) {
  const auto activity = pack("faltarbete-aktivitet.v2.json");
  auto report = fa::evaluate_criteria(activity, {}, period("2026-05-01", "2026-08-31"), {});
  ASSERT_TRUE(report.ok());
  auto rendered = fa::report_to_json(*report, 5);
  fa::add_report_words(rendered, activity, report->period);
  EXPECT_NE(rendered.at("pack").at("about").at("sv").as_string().find("lokala mål"), std::string::npos);
  EXPECT_NE(rendered.at("pack").at("about").at("en").as_string().find("ctivity indicators with local targets"),
            std::string::npos);
  EXPECT_EQ(rendered.at("period").at("kind").as_string(), "tertial");
  const auto& c4 = rendered.at("criteria").as_array()[3].as_object();
  EXPECT_EQ(c4.at("id").as_string(), "C4");
  EXPECT_EQ(c4.at("section").at("sv").as_string(), "Säkerhet");
  EXPECT_EQ(c4.at("source_note").as_string(), "lokalt mål, ej ur standardens text");
  EXPECT_EQ(c4.at("status_text").at("sv").as_string(), "för lite underlag");
  EXPECT_EQ(fa::status_words_sv(fa::CriterionStatus::met), "inom lokalt mål");
  EXPECT_EQ(fa::status_words_sv(fa::CriterionStatus::not_met), "utanför lokalt mål");
  const std::string csv = fa::with_csv_report_words(fa::report_to_csv(*report, 5), activity, report->period);
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF" "Kriteriepaket;Uppföljning av fältarbete", 0), 0u) << csv;
  EXPECT_NE(csv.find("Indikatorer;Aktivitetsindikatorer med lokala mål"), std::string::npos) << csv;
  EXPECT_NE(csv.find("Period;2026-05-01 – 2026-08-31 (tertial)"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";för lite underlag;"), std::string::npos) << csv;
}

}  // namespace
