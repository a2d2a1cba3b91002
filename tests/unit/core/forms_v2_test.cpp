// Version 2 of the form packs (DOMAIN.md "Version 2 of the packs"): faltkontakt v2, the case record
// familjearende v1 and the relabelled familjebehandling v2 sessions, field by field, and records of
// each validated against them. v1 stays loadable beside them (forms_test.cpp).
#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/validation.hpp"

#include "golden_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace faltlogg::core {
namespace {

using ::testing::ElementsAreArray;

const FormRegistry& shipped() {
  static const FormRegistry registry = [] {
    auto loaded = FormRegistry::load_directory(FALTLOGG_FORMS_DIR_FOR_TESTS);
    if (!loaded) throw std::runtime_error(loaded.problem().detail);
    return std::move(*loaded);
  }();
  return registry;
}

std::vector<std::string> values_of(const std::vector<Option>& options) {
  std::vector<std::string> out;
  for (const auto& o : options) out.push_back(o.value);
  return out;
}

std::string label_sv(const std::vector<Option>& options, std::string_view value) {
  for (const auto& o : options) {
    if (o.value == value) return o.label_sv;
  }
  return "";
}

struct V2Field {
  std::string form;
  int version;
  std::string field;
  FieldType type;
  bool required;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  std::vector<std::string> options;
};

void PrintTo(const V2Field& f, std::ostream* os) { *os << f.form << ".v" << f.version << "." << f.field; }

class V2FieldTest : public ::testing::TestWithParam<V2Field> {};

TEST_P(V2FieldTest, MatchesDomain) {
  const V2Field& want = GetParam();
  const FormDefinition* form = shipped().find(want.form, want.version);
  ASSERT_NE(form, nullptr);
  const FieldDef* field = form->field(want.field);
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->type, want.type);
  EXPECT_EQ(field->required, want.required);
  EXPECT_EQ(field->min, want.min);
  EXPECT_EQ(field->max, want.max);
  EXPECT_EQ(values_of(field->options), want.options);
  EXPECT_FALSE(field->label_sv.empty());
  EXPECT_FALSE(field->label_en.empty());
  for (const auto& o : field->options) {
    EXPECT_FALSE(o.label_sv.empty()) << o.value;
    EXPECT_FALSE(o.label_en.empty()) << o.value;
    EXPECT_NE(o.label_sv, o.label_en) << o.value << ": the English label is not a translation";
  }
}

const std::nullopt_t none = std::nullopt;

INSTANTIATE_TEST_SUITE_P(
    Faltkontakt2, V2FieldTest,
    ::testing::Values(
        V2Field{"faltkontakt", 2, "kontakt", FieldType::single, true, none, none, {"ny", "kand", "ingen_direkt"}},
        V2Field{"faltkontakt", 2, "aktivitet", FieldType::single, true, none, none,
                {"uppsokande_runda", "relationsskapande", "stodsamtal", "grupp_klassbesok", "foraldraaktivitet",
                 "samverkansmote", "faltnatverk", "kartlaggning", "info_socialtjanst", "lankning"}},
        V2Field{"faltkontakt", 2, "unga_sedda", FieldType::integer, false, 0, 500, {}},
        V2Field{"faltkontakt", 2, "youths", FieldType::count_grid, false, 0, 200, {}},
        V2Field{"faltkontakt", 2, "actions", FieldType::multi, false, none, none,
                {"samtal", "mi", "hanvisning", "foljt", "vardnadshavare", "info_socialtjanst", "orosanmalan", "samrad",
                 "akut"}},
        V2Field{"faltkontakt", 2, "partners", FieldType::multi, false, none, none,
                {"skola", "polis", "fritid", "sspf", "nattvandrare", "socialtjanst", "region", "civilsamhalle", "sig",
                 "ungdomsjour", "skolsocialt_team", "omradesvard", "bostadsbolag"}},
        V2Field{"faltkontakt", 2, "in_pair", FieldType::boolean, true, none, none, {}}));

INSTANTIATE_TEST_SUITE_P(
    Familjearende1, V2FieldTest,
    ::testing::Values(
        V2Field{"familjearende", 1, "case_code", FieldType::code, true, none, none, {}},
        V2Field{"familjearende", 1, "occurred_at", FieldType::datetime, true, none, none, {}},
        V2Field{"familjearende", 1, "barn_alder_band", FieldType::single, true, none, none,
                {"0_5", "6_9", "10_12", "13_15", "16_17", "18_20"}},
        V2Field{"familjearende", 1, "barn_kon", FieldType::single, true, none, none, {"flicka", "pojke", "annat_okant"}},
        V2Field{"familjearende", 1, "antal_barn", FieldType::integer, true, 1, 15, {}},
        V2Field{"familjearende", 1, "anledning", FieldType::multi, false, none, none,
                {"foraldraskap", "relationer", "konflikter", "barnets_beteende", "skola", "vald_nara_relation",
                 "barn_upplevt_vald", "missbruk", "psykisk_ohalsa", "ekonomi_boende", "natverk"}},
        V2Field{"familjearende", 1, "grund", FieldType::single, true, none, none, {"bistand", "utan_behovsprovning"}},
        V2Field{"familjearende", 1, "insatskategori", FieldType::single, false, none, none,
                {"foraldraskapsstod", "familjebehandling", "vald_nara_relation", "missbruk_familj", "annan"}},
        V2Field{"familjearende", 1, "manualbaserad", FieldType::boolean, false, none, none, {}},
        V2Field{"familjearende", 1, "program", FieldType::text, false, none, none, {}},
        V2Field{"familjearende", 1, "slutdatum", FieldType::datetime, false, none, none, {}},
        V2Field{"familjearende", 1, "avslutsorsak", FieldType::single, false, none, none,
                {"planerat", "avbrutet_familjen", "flytt", "annan_insats", "annat"}}));

TEST(ShippedFormsV2, EveryVersionLoadsSideBySide) {
  for (auto [id, version] : std::vector<std::pair<std::string, int>>{
           {"faltkontakt", 1}, {"faltkontakt", 2}, {"familjebehandling", 1}, {"familjebehandling", 2},
           {"familjearende", 1}}) {
    EXPECT_NE(shipped().find(id, version), nullptr) << id << " v" << version;
  }
  EXPECT_EQ(shipped().latest("faltkontakt")->version, 2);
  EXPECT_EQ(shipped().latest("familjebehandling")->version, 2);
}

TEST(ShippedFormsV2, FaltkontaktWordingAndRules) {
  const FormDefinition& form = *shipped().find("faltkontakt", 2);
  const FieldDef& youths = *form.field("youths");
  EXPECT_EQ(youths.label_sv, "Unga i samtal");
  EXPECT_EQ(values_of(youths.columns),
            (std::vector<std::string>{"u10", "10_12", "13_15", "16_17", "18_20", "o20", "okand"}));
  EXPECT_EQ(youths.min_total, 1);
  EXPECT_EQ(youths.min_total_unless_field, "kontakt");
  EXPECT_EQ(youths.min_total_unless_values, std::vector<std::string>{"ingen_direkt"});
  EXPECT_EQ(form.field("actions")->label_sv, "Åtgärder");
  EXPECT_EQ(label_sv(form.field("actions")->options, "hanvisning"), "Hänvisat vidare");
  EXPECT_EQ(label_sv(form.field("actions")->options, "foljt"), "Länkat / följt till verksamhet");
  EXPECT_EQ(label_sv(form.field("partners")->options, "nattvandrare"), "Nattvandrare / föräldravandrare");
  EXPECT_EQ(form.field("in_pair")->help_sv.rfind("Säkerhet", 0), 0u);  // the work-safety item says so
  EXPECT_EQ(form.field("in_pair")->help_en.rfind("Safety", 0), 0u);
  EXPECT_EQ(form.field("contact_kind"), nullptr);
}

TEST(ShippedFormsV2, SessionsRelabelledCaseRecordPrivate) {
  const FormDefinition& sessions = *shipped().find("familjebehandling", 2);
  EXPECT_EQ(sessions.field("session_kind")->label_sv, "Typ av träff");
  EXPECT_EQ(sessions.field("child_heard")->label_sv, "Barnets egen syn efterfrågad");
  const FormDefinition& cases = *shipped().find("familjearende", 1);
  EXPECT_EQ(cases.field("case_code")->pattern, sessions.field("case_code")->pattern);
  EXPECT_TRUE(cases.field("case_code")->refuse_identity_numbers);
  EXPECT_EQ(cases.field("program")->max_length, 80);
  EXPECT_TRUE(cases.field("program")->refuse_identity_numbers);
  EXPECT_EQ(cases.field("notes"), nullptr);  // no free text beyond the programme's name
}

TEST(ShippedFormsV2, FilesEqualTheirOwnSerialisation) {
  for (const char* name : {"faltkontakt.v2.json", "familjebehandling.v2.json", "familjearende.v1.json"}) {
    auto text = test::read_text_file(std::filesystem::path(FALTLOGG_FORMS_DIR_FOR_TESTS) / name);
    auto file_json = parse_json(text);
    ASSERT_TRUE(file_json) << name;
    auto form = parse_form_definition(*file_json);
    ASSERT_TRUE(form) << form.problem().detail;
    EXPECT_EQ(boost::json::value(form_to_json(*form)), *file_json) << name;
  }
}

// Records against the v2 packs: one valid record each, then each broken in one way.
struct V2Case {
  std::string name;
  std::string form;
  int version;
  std::string data;
  std::string expected;  // "field:code" pairs in report order, "" for valid
};

void PrintTo(const V2Case& c, std::ostream* os) { *os << c.name; }

class V2RecordTest : public ::testing::TestWithParam<V2Case> {};

TEST_P(V2RecordTest, Validates) {
  const V2Case& c = GetParam();
  Record record;
  record.id = "7f1c2a4e-3b5d-4c6e-8f70-112233445566";
  record.form_id = c.form;
  record.form_version = c.version;
  record.hlc = "2026-11-22T18:04:05.123Z/0003/dev-1";
  record.occurred_at = "2026-11-22T17:00:00.000Z";
  auto data = parse_json(c.data);
  ASSERT_TRUE(data) << c.data;
  record.data = data->as_object();
  ValidationContext context;
  context.now_ms = *parse_rfc3339("2026-11-22T18:00:00.000Z");
  context.references["areas"] = {"omr-1"};
  std::string got;
  for (const auto& e : validate_record(*shipped().find(c.form, c.version), record, context)) {
    got += (got.empty() ? "" : ",") + e.field + ":" + e.code;
  }
  EXPECT_EQ(got, c.expected);
}

const std::string kField2 = R"("duration_min": 30, "area_id": "omr-1", "arena": "centrum", "in_pair": true)";
const std::string kCase = R"("case_code": "AB-2026-0421", "barn_alder_band": "10_12", "barn_kon": "flicka",
                             "antal_barn": 2, "grund": "bistand")";

INSTANTIATE_TEST_SUITE_P(
    Records, V2RecordTest,
    ::testing::Values(
        V2Case{"field_v2_valid", "faltkontakt", 2,
               "{" + kField2 + R"(, "kontakt": "ny", "aktivitet": "uppsokande_runda", "unga_sedda": 12,
                  "youths": {"flicka": {"10_12": 2}}, "partners": ["sig", "omradesvard"],
                  "actions": ["info_socialtjanst"]})",
               ""},
        V2Case{"field_v2_meeting_without_youths", "faltkontakt", 2,
               "{" + kField2 + R"(, "kontakt": "ingen_direkt", "aktivitet": "faltnatverk"})", ""},
        V2Case{"field_v2_known_needs_youths", "faltkontakt", 2,
               "{" + kField2 + R"(, "kontakt": "kand", "aktivitet": "stodsamtal"})", "youths:total_too_small"},
        V2Case{"field_v2_needs_kontakt_and_aktivitet", "faltkontakt", 2,
               "{" + kField2 + R"(, "youths": {"pojke": {"13_15": 1}}})", "kontakt:required,aktivitet:required"},
        V2Case{"field_v2_v1_kind_is_unknown", "faltkontakt", 2,
               "{" + kField2 + R"(, "kontakt": "ny", "aktivitet": "uppsokande", "youths": {"pojke": {"u13": 1}}})",
               "aktivitet:unknown_value,youths.pojke.u13:unknown_column"},
        V2Case{"field_v2_seen_bounded", "faltkontakt", 2,
               "{" + kField2 + R"(, "kontakt": "ingen_direkt", "aktivitet": "kartlaggning", "unga_sedda": 501})",
               "unga_sedda:out_of_range"},
        V2Case{"field_v1_still_valid", "faltkontakt", 1,
               "{" + kField2 + R"(, "contact_kind": "grupp", "youths": {"pojke": {"u13": 3}}})", ""},
        V2Case{"case_started", "familjearende", 1, "{" + kCase + R"(, "anledning": ["konflikter"],
                  "insatskategori": "foraldraskapsstod", "manualbaserad": true, "program": "KOMET"})", ""},
        V2Case{"case_closed", "familjearende", 1,
               "{" + kCase + R"(, "slutdatum": "2026-11-22T16:00:00.000Z", "avslutsorsak": "planerat"})", ""},
        V2Case{"case_needs_child_and_basis", "familjearende", 1, R"({"case_code": "AB-2026-0421"})",
               "barn_alder_band:required,barn_kon:required,antal_barn:required,grund:required"},
        V2Case{"case_code_personnummer_refused", "familjearende", 1,
               R"({"case_code": "19121212-1212", "barn_alder_band": "0_5", "barn_kon": "pojke", "antal_barn": 1,
                   "grund": "utan_behovsprovning"})",
               "case_code:personal_identity_number"},
        V2Case{"case_programme_refuses_phone_and_length", "familjearende", 1,
               "{" + kCase + R"(, "program": "ring 070-123 45 67"})", "program:phone_number"},
        V2Case{"case_programme_too_long", "familjearende", 1, "{" + kCase + R"(, "program": ")" +
                                                                  std::string(81, 'a') + R"("})",
               "program:too_long"},
        V2Case{"case_children_bounded", "familjearende", 1,
               R"({"case_code": "AB-2026-0421", "barn_alder_band": "18_20", "barn_kon": "annat_okant",
                   "antal_barn": 16, "grund": "bistand", "avslutsorsak": "kanske"})",
               "antal_barn:out_of_range,avslutsorsak:unknown_value"},
        V2Case{"session_v2_valid", "familjebehandling", 2,
               R"({"case_code": "AB-2026-0421", "duration_min": 60, "child_heard": true})", ""}));

}  // namespace
}  // namespace faltlogg::core
