#include "faltlogg/analytics/criteria_pack.hpp"

#include "faltlogg/core/json.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

namespace fa = faltlogg::server::analytics;
namespace json = boost::json;

namespace {

const std::string kCriteriaDir = FALTLOGG_CRITERIA_DIR_FOR_TESTS;

json::value shipped(const std::string& file) {
  std::ifstream in(kCriteriaDir + "/" + file);
  std::stringstream text;
  text << in.rdbuf();
  auto value = faltlogg::core::parse_json(text.str());
  EXPECT_TRUE(value.ok());
  return value.ok() ? *value : json::value{};
}

json::object& criterion(json::value& pack, std::size_t index) {
  return pack.as_object()["criteria"].as_array()[index].as_object();
}

struct BrokenPack {
  const char* name;
  std::function<void(json::value&)> breaks;
  const char* detail_mentions;
};

class BrokenPacks : public ::testing::TestWithParam<BrokenPack> {};

}  // namespace

TEST(CriteriaPack, ShippedStockholmStandardHasNineCriteriaWithDomainTargets) {
  auto pack = fa::load_criteria_pack_file(kCriteriaDir + "/stockholmsstandard-2021.v1.json");
  ASSERT_TRUE(pack.ok()) << pack.problem().detail;
  EXPECT_EQ(pack->id, "stockholmsstandard-2021");
  EXPECT_EQ(pack->version, 1);
  EXPECT_EQ(pack->form_id, "faltkontakt");
  ASSERT_EQ(pack->criteria.size(), 9u);
  const std::vector<std::pair<const char*, double>> targets = {{"C1", 0.30}, {"C2", 0.40}, {"C3", 4},
                                                               {"C4", 0.90}, {"C5", 8},    {"C6", 0.10},
                                                               {"C7", 0.25}, {"C8", 0.70}, {"C9", 0.95}};
  for (const auto& [id, target] : targets) {
    const auto* c = pack->find(id);
    ASSERT_NE(c, nullptr) << id;
    ASSERT_TRUE(c->target.has_value()) << id;
    EXPECT_DOUBLE_EQ(c->target->value, target) << id;
    EXPECT_EQ(c->target->comparison, fa::Comparison::at_least) << id;
    EXPECT_FALSE(c->minimum_data.empty()) << id;
  }
  EXPECT_EQ(pack->find("C3")->indicator.required_values, std::vector<std::string>{"digital"});
  EXPECT_EQ(pack->find("C4")->indicator.denominator.where_not.at("arena"), std::vector<std::string>{"skola"});
}

TEST(CriteriaPack, ShippedFamilyFollowUpPackHasNoTargets) {
  auto pack = fa::load_criteria_pack_file(kCriteriaDir + "/familjebehandling-uppfoljning.v1.json");
  ASSERT_TRUE(pack.ok()) << pack.problem().detail;
  EXPECT_EQ(pack->form_id, "familjebehandling");
  ASSERT_EQ(pack->criteria.size(), 5u);
  for (const auto& c : pack->criteria) EXPECT_FALSE(c.target.has_value()) << c.id;
  EXPECT_EQ(pack->find("F5")->indicator.counter_prefix, "method.");
}

TEST(CriteriaPack, DirectoryLoadsBothPacksInOrder) {
  auto packs = fa::load_criteria_directory(kCriteriaDir);
  ASSERT_TRUE(packs.ok()) << packs.problem().detail;
  ASSERT_EQ(packs->size(), 5u);  // v1 and v2 side by side (criteria_pack_v2_test.cpp)
  EXPECT_EQ((*packs)[0].id, "datakvalitet");
  EXPECT_EQ((*packs)[1].id, "faltarbete-aktivitet");
  EXPECT_EQ((*packs)[2].id, "familjebehandling-uppfoljning");
  EXPECT_EQ((*packs)[2].version, 1);
  EXPECT_EQ((*packs)[3].version, 2);
  EXPECT_EQ((*packs)[4].id, "stockholmsstandard-2021");
}

TEST_P(BrokenPacks, AreRefusedNamingWhatIsWrong) {
  json::value pack = shipped("stockholmsstandard-2021.v1.json");
  GetParam().breaks(pack);
  auto result = fa::parse_criteria_pack(pack);
  ASSERT_FALSE(result.ok()) << GetParam().name;
  EXPECT_EQ(result.problem().code, "invalid_criteria_pack");
  EXPECT_NE(result.problem().detail.find(GetParam().detail_mentions), std::string::npos)
      << GetParam().name << ": " << result.problem().detail;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BrokenPacks,
    ::testing::Values(
        BrokenPack{"unknown top member", [](json::value& p) { p.as_object()["extra"] = 1; }, "extra"},
        BrokenPack{"zero version", [](json::value& p) { p.as_object()["version"] = 0; }, "version"},
        BrokenPack{"version as text", [](json::value& p) { p.as_object()["version"] = "1"; }, "version"},
        BrokenPack{"no criteria", [](json::value& p) { p.as_object()["criteria"] = json::array{}; }, "criteria"},
        BrokenPack{"criteria not a list", [](json::value& p) { p.as_object()["criteria"] = "C1"; }, "criteria"},
        BrokenPack{"duplicate id", [](json::value& p) { criterion(p, 1)["id"] = "C1"; }, "two criteria"},
        BrokenPack{"hostile id", [](json::value& p) { criterion(p, 0)["id"] = "<script>"; }, "criterion #1"},
        BrokenPack{"unknown kind", [](json::value& p) { criterion(p, 2)["indicator"].as_object()["kind"] = "median"; },
                   "criterion C3: indicator.kind"},
        BrokenPack{"unknown rollup",
                   [](json::value& p) { criterion(p, 0)["indicator"].as_object()["rollup"] = "contacts"; },
                   "criterion C1: indicator.rollup"},
        BrokenPack{"unknown counter",
                   [](json::value& p) {
                     criterion(p, 3)["indicator"].as_object()["numerator"].as_object()["counters"] = json::array{"pairs"};
                   },
                   "criterion C4: numerator.counters"},
        BrokenPack{"counter of another rollup",
                   [](json::value& p) {
                     criterion(p, 0)["indicator"].as_object()["numerator"].as_object()["counters"] =
                         json::array{"sessions_child_heard"};
                   },
                   "criterion C1"},
        BrokenPack{"unknown dimension in where",
                   [](json::value& p) {
                     criterion(p, 0)["indicator"].as_object()["numerator"].as_object()["where"] =
                         json::object{{"setting", json::array{"hembesok"}}};
                   },
                   "criterion C1: where"},
        BrokenPack{"empty where list",
                   [](json::value& p) {
                     criterion(p, 0)["indicator"].as_object()["numerator"].as_object()["where"] =
                         json::object{{"contact_kind", json::array{}}};
                   },
                   "criterion C1: where.contact_kind"},
        BrokenPack{"share without denominator",
                   [](json::value& p) { criterion(p, 5)["indicator"].as_object().erase("denominator"); },
                   "criterion C6: indicator"},
        BrokenPack{"share target above one", [](json::value& p) { criterion(p, 8)["target"] = 95; },
                   "criterion C9: target"},
        BrokenPack{"negative target", [](json::value& p) { criterion(p, 4)["target"] = -1; }, "criterion C5: target"},
        BrokenPack{"target without comparison", [](json::value& p) { criterion(p, 4).erase("comparison"); },
                   "criterion C5"},
        BrokenPack{"bad comparison", [](json::value& p) { criterion(p, 4)["comparison"] = ">="; },
                   "criterion C5: comparison"},
        BrokenPack{"no minimum data", [](json::value& p) { criterion(p, 6).erase("minimum_data"); },
                   "criterion C7: minimum_data"},
        BrokenPack{"minimum of an unknown measure",
                   [](json::value& p) { criterion(p, 6)["minimum_data"] = json::object{{"team_months", 1}}; },
                   "criterion C7: minimum_data"},
        BrokenPack{"dimension on a share",
                   [](json::value& p) { criterion(p, 0)["indicator"].as_object()["dimension"] = "arena"; },
                   "criterion C1: indicator.dimension"},
        BrokenPack{"distinct without dimension",
                   [](json::value& p) { criterion(p, 2)["indicator"].as_object().erase("dimension"); },
                   "criterion C3: dimension"},
        BrokenPack{"required values on a share",
                   [](json::value& p) {
                     criterion(p, 0)["indicator"].as_object()["required_values"] = json::array{"digital"};
                   },
                   "criterion C1: indicator.required_values"},
        BrokenPack{"case kind on daily rollup",
                   [](json::value& p) { criterion(p, 4)["indicator"].as_object()["kind"] = "per_case_month"; },
                   "criterion C5: indicator.rollup"},
        BrokenPack{"empty title", [](json::value& p) { criterion(p, 1)["title_sv"] = ""; }, "criterion C2: title_sv"},
        BrokenPack{"oversized title", [](json::value& p) { criterion(p, 1)["title_en"] = std::string(5000, 'x'); },
                   "criterion C2: title_en"},
        BrokenPack{"unknown criterion member", [](json::value& p) { criterion(p, 1)["weight"] = 2; },
                   "criterion C2"},
        BrokenPack{"criterion not an object",
                   [](json::value& p) { p.as_object()["criteria"].as_array()[1] = "C2"; }, "criterion #2"}));

// Hostile edits: replace random members anywhere in the pack by values of the wrong type. The loader
// must answer (accept or refuse with invalid_criteria_pack), never crash or throw.
TEST(CriteriaPack, RandomlyMangledPacksAreAnsweredNotCrashedOn) {
  const json::value original = shipped("stockholmsstandard-2021.v1.json");
  const std::vector<json::value> junk = {json::value(nullptr), json::value(true), json::value(-1),
                                         json::value(1e308), json::value(""), json::value(std::string(300, 'x')),
                                         json::value(json::array{}), json::value(json::object{}),
                                         json::value(json::array{nullptr}), json::value("C1")};
  std::mt19937 rng(31337);
  int refused = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    json::value pack = original;
    for (int edits = 0; edits < 3; ++edits) {
      json::value* at = &pack;
      // Walk down a random path, then overwrite what is there.
      for (int depth = 0; depth < 6; ++depth) {
        if (auto* obj = at->if_object(); obj != nullptr && !obj->empty() && rng() % 3 != 0) {
          auto it = obj->begin();
          std::advance(it, rng() % obj->size());
          at = &it->value();
        } else if (auto* arr = at->if_array(); arr != nullptr && !arr->empty() && rng() % 3 != 0) {
          at = &(*arr)[rng() % arr->size()];
        } else {
          break;
        }
      }
      *at = junk[rng() % junk.size()];
    }
    auto result = fa::parse_criteria_pack(pack);
    if (!result.ok()) {
      ++refused;
      EXPECT_EQ(result.problem().code, "invalid_criteria_pack");
      EXPECT_LT(result.problem().detail.size(), 400u);
    }
  }
  EXPECT_GT(refused, 2500);
}

TEST(CriteriaPack, FilesThatAreNotPacksAreRefused) {
  const auto dir = std::filesystem::temp_directory_path() / "faltlogg_criteria_pack_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto write = [&](const char* name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
  };
  write("broken.json", "{\"id\": ");
  auto broken = fa::load_criteria_pack_file(dir / "broken.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.problem().detail.find("broken.json"), std::string::npos);
  write("huge.json", std::string(2 * 1024 * 1024, ' '));
  EXPECT_FALSE(fa::load_criteria_pack_file(dir / "huge.json").ok());
  EXPECT_FALSE(fa::load_criteria_pack_file(dir / "missing.json").ok());
  write("deep.json", std::string(100, '[') + std::string(100, ']'));
  EXPECT_FALSE(fa::load_criteria_pack_file(dir / "deep.json").ok());
  std::filesystem::remove_all(dir);
}

TEST(CriteriaPack, ADirectoryWithOneBrokenPackLoadsNothing) {
  const auto dir = std::filesystem::temp_directory_path() / "faltlogg_criteria_dir_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kCriteriaDir + "/stockholmsstandard-2021.v1.json", dir / "a.json");
  std::filesystem::copy_file(kCriteriaDir + "/stockholmsstandard-2021.v1.json", dir / "b.json");
  auto twice = fa::load_criteria_directory(dir);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.problem().detail.find("repeats"), std::string::npos);
  EXPECT_FALSE(fa::load_criteria_directory(dir / "nope").ok());
  std::filesystem::remove_all(dir);
}

TEST(CriteriaPack, TargetOverridesAreChecked) {
  auto pack = fa::load_criteria_pack_file(kCriteriaDir + "/stockholmsstandard-2021.v1.json");
  ASSERT_TRUE(pack.ok());
  EXPECT_TRUE(fa::check_target_overrides(*pack, {{"C1", 0.5}, {"C5", 12}}).ok());
  EXPECT_FALSE(fa::check_target_overrides(*pack, {{"C1", 50}}).ok());
  EXPECT_FALSE(fa::check_target_overrides(*pack, {{"X1", 0.5}}).ok());
  auto family = fa::load_criteria_pack_file(kCriteriaDir + "/familjebehandling-uppfoljning.v1.json");
  ASSERT_TRUE(family.ok());
  const auto no_target = fa::check_target_overrides(*family, {{"F1", 2}});
  ASSERT_FALSE(no_target.ok());
  EXPECT_EQ(no_target.problem().code, "invalid_target");
}
