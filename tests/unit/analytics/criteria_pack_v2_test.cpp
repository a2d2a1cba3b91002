// The version 2 criteria packs as DOMAIN.md lists them, and the members v2 adds to the pack format
// (about, default_for_form, source_note, section, beside, case_distribution, mean_of) refused when wrong.
#include "faltlogg/analytics/criteria_pack.hpp"

#include "faltlogg/core/json.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

namespace fa = faltlogg::server::analytics;
namespace json = boost::json;
using ::testing::ElementsAre;

namespace {

const std::string kDir = FALTLOGG_CRITERIA_DIR_FOR_TESTS;

json::value shipped(const std::string& file) {
  std::ifstream in(kDir + "/" + file);
  std::stringstream text;
  text << in.rdbuf();
  auto value = faltlogg::core::parse_json(text.str());
  EXPECT_TRUE(value.ok()) << file;
  return value.ok() ? *value : json::value{};
}

fa::CriteriaPack load(const std::string& file) {
  auto pack = fa::parse_criteria_pack(shipped(file));
  EXPECT_TRUE(pack.ok()) << file << ": " << (pack.ok() ? "" : pack.problem().detail);
  return pack.ok() ? *pack : fa::CriteriaPack{};
}

std::vector<std::string> ids(const fa::CriteriaPack& pack) {
  std::vector<std::string> out;
  for (const auto& c : pack.criteria) out.push_back(c.id);
  return out;
}

TEST(CriteriaPackV2, ActivityPackIsLocalTargetsFramedByTheStandard) {
  const auto pack = load("faltarbete-aktivitet.v2.json");
  EXPECT_EQ(pack.version, 2);
  EXPECT_TRUE(pack.default_for_form);
  EXPECT_EQ(pack.title_sv,
            "Uppföljning av fältarbete – aktivitetsindikatorer (lokala mål, med Stockholmsstandarden 2021 som ram)");
  EXPECT_NE(pack.about_sv.find("lokala mål"), std::string::npos);
  EXPECT_THAT(ids(pack), ElementsAre("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C10", "C11"));
  for (const auto& c : pack.criteria) {
    EXPECT_FALSE(c.source_note.empty()) << c.id;
    EXPECT_EQ(c.target.has_value(), c.id != "C10" && c.id != "C11") << c.id;
    if (c.target) {
      EXPECT_EQ(c.source_note, "lokalt mål, ej ur standardens text") << c.id;
    }
  }
  EXPECT_EQ(pack.find("C1")->title_sv, "Nya kontakter genom uppsökande arbete");
  EXPECT_EQ(pack.find("C1")->indicator.numerator.counters, std::vector<std::string>{"kontakt.ny"});
  EXPECT_EQ(pack.find("C2")->indicator.numerator.where.at("time_band"), (std::vector<std::string>{"kvall", "helg"}));
  EXPECT_EQ(pack.find("C2")->indicator.beside.at("natt").where.at("time_band"), std::vector<std::string>{"natt"});
  EXPECT_EQ(pack.find("C3")->indicator.value.where_not.at("arena"), std::vector<std::string>{"digital"});
  EXPECT_EQ(pack.find("C4")->section_sv, "Säkerhet");
  EXPECT_EQ(pack.find("C5")->indicator.value.counters,
            (std::vector<std::string>{"aktivitet.samverkansmote", "aktivitet.faltnatverk"}));
  EXPECT_EQ(pack.find("C5")->indicator.beside.size(), 13u);  // every partner of faltkontakt v2
  EXPECT_EQ(pack.find("C8")->indicator.numerator.counters,
            (std::vector<std::string>{"youths.10_12", "youths.13_15", "youths.16_17", "youths.18_20"}));
  EXPECT_EQ(pack.find("C8")->indicator.beside.at("karnmalgrupp").counters,
            (std::vector<std::string>{"youths.13_15", "youths.16_17"}));
  EXPECT_EQ(pack.find("C10")->indicator.denominator.counters, std::vector<std::string>{"unga_sedda"});
}

TEST(CriteriaPackV2, FamilyFollowUpAddsTargetGroupBasisAndClosing) {
  const auto pack = load("familjebehandling-uppfoljning.v2.json");
  EXPECT_THAT(ids(pack), ElementsAre("F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"));
  EXPECT_EQ(pack.find("F2")->title_sv, "Barnets egen syn efterfrågad");
  for (const char* id : {"F6", "F7", "F8"}) {
    EXPECT_EQ(pack.find(id)->indicator.kind, fa::IndicatorKind::case_distribution) << id;
    EXPECT_EQ(pack.find(id)->minimum_data.at("cases"), 5) << id;
  }
  EXPECT_EQ(pack.find("F6")->indicator.counter_prefix, "malgrupp.");
  EXPECT_EQ(pack.find("F8")->indicator.mean_of.counters, std::vector<std::string>{"case_weeks"});
  EXPECT_NE(pack.find("F5")->source_note.find("tillfällig"), std::string::npos);
  for (const auto& c : pack.criteria) EXPECT_FALSE(c.target.has_value()) << c.id;
}

TEST(CriteriaPackV2, DataQualityIsNotAFormsDefault) {
  const auto pack = load("datakvalitet.v1.json");
  EXPECT_FALSE(pack.default_for_form);
  EXPECT_EQ(pack.find("D1")->title_sv, "Registrering i tid");
  EXPECT_EQ(pack.find("D1")->indicator.numerator.counters, std::vector<std::string>{"synced_within_72h"});
}

struct Broken {
  const char* name;
  const char* file;
  std::function<void(json::object&)> breaks;
  const char* mentions;
};

void PrintTo(const Broken& b, std::ostream* os) { *os << b.name; }

class BrokenV2 : public ::testing::TestWithParam<Broken> {};

json::object& nth(json::object& pack, std::size_t i) { return pack["criteria"].as_array()[i].as_object(); }
json::object& indicator(json::object& pack, std::size_t i) { return nth(pack, i)["indicator"].as_object(); }

TEST_P(BrokenV2, IsRefusedNamingWhatIsWrong) {
  json::value pack = shipped(GetParam().file);
  GetParam().breaks(pack.as_object());
  auto result = fa::parse_criteria_pack(pack);
  ASSERT_FALSE(result.ok()) << GetParam().name;
  EXPECT_EQ(result.problem().code, "invalid_criteria_pack");
  EXPECT_NE(result.problem().detail.find(GetParam().mentions), std::string::npos) << result.problem().detail;
}

const char* kActivity = "faltarbete-aktivitet.v2.json";
const char* kFamily = "familjebehandling-uppfoljning.v2.json";

INSTANTIATE_TEST_SUITE_P(
    Cases, BrokenV2,
    ::testing::Values(
        Broken{"about without English", kActivity, [](json::object& p) { p.erase("about_en"); }, "about_sv"},
        Broken{"default flag not a bool", kActivity, [](json::object& p) { p["default_for_form"] = "yes"; },
               "default_for_form"},
        Broken{"empty source note", kActivity, [](json::object& p) { nth(p, 0)["source_note"] = ""; }, "source_note"},
        Broken{"oversized source note", kActivity,
               [](json::object& p) { nth(p, 0)["source_note"] = std::string(400, 'x'); }, "source_note"},
        Broken{"section in one language", kActivity, [](json::object& p) { nth(p, 3).erase("section_en"); },
               "section_sv"},
        Broken{"beside with an unknown counter", kActivity,
               [](json::object& p) { indicator(p, 1)["beside"].as_object()["natt"].as_object()["counters"] = {"nights"}; },
               "nights"},
        Broken{"beside label not a name", kActivity,
               [](json::object& p) { indicator(p, 1)["beside"] = {{"natt och dag", {{"counters", {"minutes"}}}}}; },
               "beside"},
        Broken{"beside on a distinct count", kActivity,
               [](json::object& p) { indicator(p, 2)["beside"] = {{"x", {{"counters", {"contacts"}}}}}; }, "beside"},
        Broken{"empty beside", kActivity, [](json::object& p) { indicator(p, 1)["beside"] = json::object{}; },
               "beside"},
        Broken{"mean_of on a share", kActivity,
               [](json::object& p) { indicator(p, 0)["mean_of"] = {{"counters", {"contacts"}}}; }, "mean_of"},
        Broken{"case distribution without prefix", kFamily, [](json::object& p) { indicator(p, 5).erase("counter_prefix"); },
               "counter_prefix"},
        Broken{"case distribution with a session prefix", kFamily,
               [](json::object& p) { indicator(p, 5)["counter_prefix"] = "method."; }, "counter_prefix"},
        Broken{"case distribution on sessions", kFamily,
               [](json::object& p) { indicator(p, 6)["rollup"] = "session_daily"; }, "rollup"},
        Broken{"case distribution with a target", kFamily,
               [](json::object& p) {
                 nth(p, 7)["comparison"] = "at_least";
                 nth(p, 7)["target"] = 3;
               },
               "target"},
        Broken{"case distribution measuring sessions", kFamily,
               [](json::object& p) { nth(p, 5)["minimum_data"] = {{"total", 5}}; }, "total"}),
    [](const auto& info) {
      std::string name = info.param.name;
      for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

}  // namespace
