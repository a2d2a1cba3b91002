#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/json.hpp"

#include "golden_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include <unistd.h>

namespace faltlogg::core {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

const std::filesystem::path kFormsDir = FALTLOGG_FORMS_DIR_FOR_TESTS;
const std::filesystem::path kDataDir = std::filesystem::path(FALTLOGG_TEST_DATA_DIR) / "forms";

const FormRegistry& shipped_forms() {
  static const FormRegistry registry = [] {
    auto loaded = FormRegistry::load_directory(kFormsDir);
    if (!loaded) throw std::runtime_error(loaded.problem().detail);
    return std::move(*loaded);
  }();
  return registry;
}

std::vector<std::string> option_values(const std::vector<Option>& options) {
  std::vector<std::string> values;
  for (const auto& o : options) values.push_back(o.value);
  return values;
}

std::vector<std::string> field_ids(const FormDefinition& form) {
  std::vector<std::string> ids;
  for (const auto& f : form.fields) ids.push_back(f.id);
  return ids;
}

TEST(ShippedForms, BothPacksLoad) {
  auto registry = FormRegistry::load_directory(kFormsDir);
  ASSERT_TRUE(registry) << registry.problem().detail;
  ASSERT_NE(registry->find("faltkontakt", 1), nullptr);
  ASSERT_NE(registry->find("familjebehandling", 1), nullptr);
  EXPECT_EQ(registry->all().size(), 5u);  // v1 and v2 side by side, and the case record
}

TEST(ShippedForms, FaltkontaktFieldsInOrder) {
  const FormDefinition* form = shipped_forms().find("faltkontakt", 1);
  ASSERT_NE(form, nullptr);
  EXPECT_THAT(field_ids(*form), ElementsAreArray({"occurred_at", "duration_min", "area_id", "arena", "contact_kind", "youths",
                                     "parents", "concerns", "actions", "partners", "in_pair", "notes"}));
  EXPECT_EQ(form->title_sv, "Fältkontakt");
}

TEST(ShippedForms, FamiljebehandlingFieldsInOrder) {
  const FormDefinition* form = shipped_forms().find("familjebehandling", 1);
  ASSERT_NE(form, nullptr);
  EXPECT_THAT(field_ids(*form), ElementsAreArray({"case_code", "occurred_at", "duration_min", "basis", "setting", "session_kind",
                                     "participants", "focus", "methods", "child_heard", "goal_rating", "notes"}));
}

// One row per field as DOMAIN.md lists it: type, required flag, bounds and option values.
struct FieldExpectation {
  std::string form;
  std::string field;
  FieldType type;
  bool required;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  std::vector<std::string> options;
};

void PrintTo(const FieldExpectation& e, std::ostream* os) { *os << e.form << "." << e.field; }

class ShippedFieldTest : public ::testing::TestWithParam<FieldExpectation> {};

TEST_P(ShippedFieldTest, MatchesDomain) {
  const auto& want = GetParam();
  const FormDefinition* form = shipped_forms().find(want.form, 1);
  ASSERT_NE(form, nullptr);
  const FieldDef* field = form->field(want.field);
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->type, want.type);
  EXPECT_EQ(field->required, want.required);
  EXPECT_EQ(field->min, want.min);
  EXPECT_EQ(field->max, want.max);
  EXPECT_EQ(option_values(field->options), want.options);
  EXPECT_FALSE(field->label_sv.empty());
  EXPECT_FALSE(field->label_en.empty());
  for (const auto& o : field->options) {
    EXPECT_FALSE(o.label_sv.empty()) << o.value;
    EXPECT_FALSE(o.label_en.empty()) << o.value;
  }
}

const std::nullopt_t none = std::nullopt;

INSTANTIATE_TEST_SUITE_P(
    Faltkontakt, ShippedFieldTest,
    ::testing::Values(
        FieldExpectation{"faltkontakt", "occurred_at", FieldType::datetime, true, none, none, {}},
        FieldExpectation{"faltkontakt", "duration_min", FieldType::integer, true, 1, 600, {}},
        FieldExpectation{"faltkontakt", "area_id", FieldType::reference, true, none, none, {}},
        FieldExpectation{"faltkontakt", "arena", FieldType::single, true, none, none,
                         {"skola", "fritid", "utomhus", "centrum", "kollektivtrafik", "evenemang", "digital", "annat"}},
        FieldExpectation{"faltkontakt", "contact_kind", FieldType::single, true, none, none,
                         {"uppsokande", "relation", "stodsamtal", "foralder", "grupp", "samverkan", "slussning"}},
        FieldExpectation{"faltkontakt", "youths", FieldType::count_grid, false, 0, 200, {}},
        FieldExpectation{"faltkontakt", "parents", FieldType::integer, false, 0, 200, {}},
        FieldExpectation{"faltkontakt", "concerns", FieldType::multi, false, none, none,
                         {"alkohol", "narkotika", "nikotin", "kriminalitet", "vald", "vapen", "rekrytering",
                          "psykisk_ohalsa", "sjalvskada", "skolfranvaro", "hemforhallanden", "sexuell_utsatthet",
                          "heder", "digital_utsatthet", "otrygghet", "ingen"}},
        FieldExpectation{"faltkontakt", "actions", FieldType::multi, false, none, none,
                         {"samtal", "mi", "hanvisning", "foljt", "vardnadshavare", "orosanmalan", "samrad", "akut"}},
        FieldExpectation{"faltkontakt", "partners", FieldType::multi, false, none, none,
                         {"skola", "polis", "fritid", "sspf", "nattvandrare", "socialtjanst", "region",
                          "civilsamhalle"}},
        FieldExpectation{"faltkontakt", "in_pair", FieldType::boolean, true, none, none, {}},
        FieldExpectation{"faltkontakt", "notes", FieldType::text, false, none, none, {}}));

INSTANTIATE_TEST_SUITE_P(
    Familjebehandling, ShippedFieldTest,
    ::testing::Values(
        FieldExpectation{"familjebehandling", "case_code", FieldType::code, true, none, none, {}},
        FieldExpectation{"familjebehandling", "occurred_at", FieldType::datetime, true, none, none, {}},
        FieldExpectation{"familjebehandling", "duration_min", FieldType::integer, true, 1, 600, {}},
        FieldExpectation{"familjebehandling", "basis", FieldType::single, false, none, none,
                         {"beslut", "utan_behovsprovning"}},
        FieldExpectation{"familjebehandling", "setting", FieldType::single, false, none, none,
                         {"hembesok", "mottagning", "digitalt", "telefon", "skola", "annan"}},
        FieldExpectation{"familjebehandling", "session_kind", FieldType::single, false, none, none,
                         {"kartlaggning", "behandling", "uppfoljning", "avslut"}},
        FieldExpectation{"familjebehandling", "participants", FieldType::multi, false, none, none,
                         {"barn", "vardnadshavare", "syskon", "natverk", "annan_profession"}},
        FieldExpectation{"familjebehandling", "focus", FieldType::multi, false, none, none,
                         {"foraldraskap", "relationer", "konflikter", "barnets_beteende", "skola",
                          "vald_nara_relation", "barn_upplevt_vald", "missbruk", "psykisk_ohalsa", "ekonomi_boende",
                          "natverk"}},
        FieldExpectation{"familjebehandling", "methods", FieldType::multi, false, none, none,
                         {"familjesamtal", "foraldraprogram", "mi", "natverksmote", "praktiskt_stod", "krisstod",
                          "kbt", "annan"}},
        FieldExpectation{"familjebehandling", "child_heard", FieldType::boolean, false, none, none, {}},
        FieldExpectation{"familjebehandling", "goal_rating", FieldType::integer, false, 1, 5, {}},
        FieldExpectation{"familjebehandling", "notes", FieldType::text, false, none, none, {}}));

TEST(ShippedForms, FaltkontaktSpecialRules) {
  const FormDefinition& form = *shipped_forms().find("faltkontakt", 1);
  EXPECT_EQ(form.field("occurred_at")->max_future_minutes, 5);
  EXPECT_EQ(form.field("area_id")->reference, "areas");
  EXPECT_EQ(form.field("duration_min")->presets, (std::vector<std::int64_t>{15, 30, 45, 60, 90, 120}));

  const FieldDef& youths = *form.field("youths");
  EXPECT_EQ(option_values(youths.rows), (std::vector<std::string>{"flicka", "pojke", "annat_okant"}));
  EXPECT_EQ(option_values(youths.columns), (std::vector<std::string>{"u13", "13_15", "16_17", "18_20", "o20", "okand"}));
  EXPECT_EQ(youths.min_total, 1);
  EXPECT_EQ(youths.min_total_unless_field, "contact_kind");
  EXPECT_EQ(youths.min_total_unless_values, std::vector<std::string>{"samverkan"});

  for (const auto& o : form.field("concerns")->options) EXPECT_EQ(o.exclusive, o.value == "ingen") << o.value;

  const FieldDef& notes = *form.field("notes");
  EXPECT_EQ(notes.max_length, 2000);
  EXPECT_TRUE(notes.refuse_identity_numbers);
}

TEST(ShippedForms, FamiljebehandlingCaseCode) {
  const FormDefinition& form = *shipped_forms().find("familjebehandling", 1);
  const FieldDef& code = *form.field("case_code");
  EXPECT_EQ(code.pattern, R"(^[A-Z]{2,4}-\d{4}-\d{3,6}$)");
  EXPECT_TRUE(code.refuse_identity_numbers);
  EXPECT_EQ(form.field("notes")->max_length, 2000);
  EXPECT_TRUE(form.field("notes")->refuse_identity_numbers);
}

TEST(FormJson, RoundTripsThroughFormToJson) {
  for (const FormDefinition* form : shipped_forms().all()) {
    const boost::json::object first = form_to_json(*form);
    auto reparsed = parse_form_definition(first);
    ASSERT_TRUE(reparsed) << reparsed.problem().detail;
    EXPECT_EQ(form_to_json(*reparsed), first) << form->id;
  }
}

TEST(FormJson, ShippedFileEqualsItsOwnSerialisation) {
  // The pack file uses exactly the schema form_to_json writes: nothing in it is silently dropped.
  auto text = test::read_text_file(kFormsDir / "faltkontakt.v1.json");
  auto file_json = parse_json(text);
  ASSERT_TRUE(file_json);
  EXPECT_EQ(boost::json::value(form_to_json(*shipped_forms().find("faltkontakt", 1))), *file_json);
}

TEST(FieldTypeNames, RoundTripEveryEnumerator) {
  for (auto type : {FieldType::datetime, FieldType::integer, FieldType::single, FieldType::multi, FieldType::boolean,
                    FieldType::text, FieldType::code, FieldType::reference, FieldType::count_grid}) {
    EXPECT_EQ(field_type_from_string(to_string(type)), type);
  }
  EXPECT_EQ(field_type_from_string("Integer"), std::nullopt);
  EXPECT_EQ(field_type_from_string(""), std::nullopt);
}

TEST(BrokenPacks, BaseOfTheBrokenPacksIsValid) {
  auto form = load_form_file(kDataDir / "base.json");
  ASSERT_TRUE(form) << form.problem().detail;
  EXPECT_EQ(form->fields.size(), 9u);
}

class BrokenPackTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenPackTest, IsRejectedNamingTheField) {
  const auto file = kDataDir / "broken" / GetParam();
  auto form = load_form_file(file);
  ASSERT_FALSE(form) << GetParam() << " was accepted";
  EXPECT_EQ(form.problem().code, "invalid_form_pack");
  test::expect_matches_golden(file, form.problem().code + "\n" + form.problem().detail + "\n");
}

INSTANTIATE_TEST_SUITE_P(Golden, BrokenPackTest, ::testing::ValuesIn(test::json_files_in(kDataDir / "broken")),
                         [](const auto& info) { return test::test_name_of(info.param); });

// Systematic strictness: every member of every field in base.json, given a value of the wrong JSON type,
// must make the pack fail to load with a message naming that field; removing a member either leaves a
// valid pack or fails naming the field.
boost::json::value wrong_type_for(const boost::json::value& v) {
  if (v.is_string()) return 5;
  if (v.is_bool() || v.is_number()) return "x";
  if (v.is_array()) return boost::json::object{};
  return boost::json::array{};
}

TEST(BrokenPacks, EveryMemberWithAWrongTypeIsRefusedNamingItsField) {
  const auto base = *parse_json(test::read_text_file(kDataDir / "base.json"));
  const auto& fields = base.at("fields").as_array();
  int checked = 0;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string id(fields[i].at("id").as_string());
    for (const auto& member : fields[i].as_object()) {
      auto broken = base;
      broken.at("fields").as_array()[i].as_object()[member.key()] = wrong_type_for(member.value());
      auto form = parse_form_definition(broken);
      ASSERT_FALSE(form) << id << "." << member.key() << " with a wrong type was accepted";
      EXPECT_EQ(form.problem().code, "invalid_form_pack");
      // A broken id cannot be named by itself; the field's position stands in for it.
      const std::string named = member.key() == "id" ? "field #" + std::to_string(i + 1) : "\"" + id + "\"";
      EXPECT_THAT(form.problem().detail, HasSubstr(named)) << id << "." << member.key();
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
}

TEST(BrokenPacks, RemovingAMemberEitherStillLoadsOrNamesTheField) {
  const auto base = *parse_json(test::read_text_file(kDataDir / "base.json"));
  const auto& fields = base.at("fields").as_array();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string id(fields[i].at("id").as_string());
    for (const auto& member : fields[i].as_object()) {
      auto broken = base;
      broken.at("fields").as_array()[i].as_object().erase(member.key());
      auto form = parse_form_definition(broken);
      if (form) continue;
      EXPECT_EQ(form.problem().code, "invalid_form_pack");
      const bool names_field = form.problem().detail.find("\"" + id + "\"") != std::string::npos ||
                               form.problem().detail.find("field #" + std::to_string(i + 1)) != std::string::npos;
      EXPECT_TRUE(names_field) << id << "." << member.key() << ": " << form.problem().detail;
    }
  }
}

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("faltlogg-forms-" + std::to_string(::getpid()) + "-" +
                                                              std::to_string(counter_++))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

void write_pack(const std::filesystem::path& file, int version, const std::string& title_en) {
  auto base = parse_json(test::read_text_file(kDataDir / "base.json"));
  ASSERT_TRUE(base);
  auto& obj = base->as_object();
  obj["version"] = version;
  obj["title"].as_object()["en"] = title_en;
  std::ofstream(file) << boost::json::serialize(obj);
}

TEST(FormRegistry, KeepsOldVersionsAndKnowsTheLatest) {
  TempDir dir;
  write_pack(dir.path() / "testform.v1.json", 1, "One");
  write_pack(dir.path() / "testform.v2.json", 2, "Two");
  write_pack(dir.path() / "testform.v10.json", 10, "Ten");
  std::ofstream(dir.path() / "README.txt") << "not a pack";
  auto registry = FormRegistry::load_directory(dir.path());
  ASSERT_TRUE(registry) << registry.problem().detail;
  EXPECT_EQ(registry->all().size(), 3u);
  ASSERT_NE(registry->find("testform", 2), nullptr);
  EXPECT_EQ(registry->find("testform", 2)->title_en, "Two");
  EXPECT_EQ(registry->find("testform", 3), nullptr);
  EXPECT_EQ(registry->find("other", 1), nullptr);
  ASSERT_NE(registry->latest("testform"), nullptr);
  EXPECT_EQ(registry->latest("testform")->version, 10);
  EXPECT_EQ(registry->latest("other"), nullptr);
  ASSERT_EQ(registry->latest_all().size(), 1u);
  EXPECT_EQ(registry->latest_all()[0]->version, 10);
}

TEST(FormRegistry, LatestAllHasOneEntryPerForm) {
  FormRegistry registry = shipped_forms();
  auto extra = *registry.find("faltkontakt", 1);
  extra.version = 3;
  registry.add(extra);
  auto latest = registry.latest_all();
  ASSERT_EQ(latest.size(), 3u);
  EXPECT_EQ(latest[0]->id, "faltkontakt");
  EXPECT_EQ(latest[0]->version, 3);
  EXPECT_EQ(latest[1]->id, "familjearende");
  EXPECT_EQ(latest[2]->id, "familjebehandling");
}

TEST(FormRegistry, RefusesTheSameVersionTwice) {
  TempDir dir;
  write_pack(dir.path() / "a.json", 1, "A");
  write_pack(dir.path() / "b.json", 1, "B");
  auto registry = FormRegistry::load_directory(dir.path());
  ASSERT_FALSE(registry);
  EXPECT_EQ(registry.problem().code, "invalid_form_pack");
  EXPECT_THAT(registry.problem().detail, HasSubstr("defined twice"));
}

TEST(FormRegistry, OneBrokenPackAbortsTheLoad) {
  TempDir dir;
  write_pack(dir.path() / "good.json", 1, "Good");
  std::filesystem::copy_file(kDataDir / "broken" / "unknown_type.json", dir.path() / "unknown_type.json");
  auto registry = FormRegistry::load_directory(dir.path());
  ASSERT_FALSE(registry);
  EXPECT_THAT(registry.problem().detail, HasSubstr("unknown_type.json"));
  EXPECT_THAT(registry.problem().detail, HasSubstr("duration_min"));
}

TEST(FormRegistry, MissingDirectoryIsAProblem) {
  auto registry = FormRegistry::load_directory("/nonexistent/faltlogg/forms");
  ASSERT_FALSE(registry);
  EXPECT_EQ(registry.problem().code, "form_packs_unreadable");
}

TEST(FormFiles, OversizedFileIsRefusedBeforeReading) {
  TempDir dir;
  const auto file = dir.path() / "huge.json";
  std::ofstream(file) << std::string(2 * 1024 * 1024, ' ');
  auto form = load_form_file(file);
  ASSERT_FALSE(form);
  EXPECT_THAT(form.problem().detail, HasSubstr("larger than"));
}

TEST(FormFiles, MissingFileIsAProblem) {
  auto form = load_form_file(kDataDir / "does-not-exist.json");
  ASSERT_FALSE(form);
  EXPECT_EQ(form.problem().code, "invalid_form_pack");
}

TEST(DefaultFormsDir, EnvironmentOverridesCompiledDefault) {
  ::unsetenv("FALTLOGG_FORMS_DIR");
  EXPECT_EQ(default_forms_dir(), kFormsDir);
  ::setenv("FALTLOGG_FORMS_DIR", "/srv/faltlogg/forms", 1);
  EXPECT_EQ(default_forms_dir(), std::filesystem::path("/srv/faltlogg/forms"));
  ::setenv("FALTLOGG_FORMS_DIR", "", 1);
  EXPECT_EQ(default_forms_dir(), kFormsDir);
  ::unsetenv("FALTLOGG_FORMS_DIR");
}

}  // namespace
}  // namespace faltlogg::core
