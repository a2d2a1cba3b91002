#include "faltlogg/core/json.hpp"
#include "faltlogg/core/time.hpp"
#include "faltlogg/core/validation.hpp"

#include "golden_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace faltlogg::core {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path kValidationDir = std::filesystem::path(FALTLOGG_TEST_DATA_DIR) / "validation";
constexpr std::string_view kNow = "2026-11-22T18:00:00.000Z";

const FormRegistry& forms() {
  static const FormRegistry registry = [] {
    auto loaded = FormRegistry::load_directory(FALTLOGG_FORMS_DIR_FOR_TESTS);
    if (!loaded) throw std::runtime_error(loaded.problem().detail);
    return std::move(*loaded);
  }();
  return registry;
}

ValidationContext context_with_areas() {
  ValidationContext context;
  context.now_ms = *parse_rfc3339(kNow);
  context.references["areas"] = {"omr-1", "omr-2"};
  return context;
}

// A valid record of each form, which each case then breaks in one way.
Record base_record(const std::string& form_id) {
  Record record;
  record.id = "7f1c2a4e-3b5d-4c6e-8f70-112233445566";
  record.form_id = form_id;
  record.form_version = 1;
  record.hlc = "2026-11-22T18:04:05.123Z/0003/dev-1";
  record.occurred_at = "2026-11-22T17:00:00.000Z";
  if (form_id == "faltkontakt") {
    record.data = parse_json(R"({"duration_min": 45, "area_id": "omr-1", "arena": "utomhus",
        "contact_kind": "uppsokande", "youths": {"flicka": {"13_15": 2}, "pojke": {"16_17": 1}}, "in_pair": true})")
                      ->as_object();
  } else {
    record.data = parse_json(R"({"case_code": "AB-2026-0421", "duration_min": 60})")->as_object();
  }
  return record;
}

struct Case {
  std::string name;
  std::string form;
  std::string set_json = "{}";            // members set on top of the base data
  std::vector<std::string> remove = {};    // members removed from the base data
  std::string expected = "";              // "field:code" pairs, comma separated, in report order
  std::optional<std::string> occurred_at = std::nullopt;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string summary(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += (out.empty() ? "" : ",") + e.field + ":" + e.code;
  return out;
}

class ValidateRecordTest : public ::testing::TestWithParam<Case> {};

TEST_P(ValidateRecordTest, ReportsExactlyTheExpectedErrors) {
  const Case& c = GetParam();
  Record record = base_record(c.form);
  auto changes = parse_json(c.set_json);
  ASSERT_TRUE(changes) << c.set_json;
  for (const auto& [key, value] : changes->as_object()) record.data[key] = value;
  for (const auto& key : c.remove) record.data.erase(key);
  if (c.occurred_at) record.occurred_at = *c.occurred_at;
  const auto errors = validate_record(*forms().find(c.form, 1), record, context_with_areas());
  EXPECT_EQ(summary(errors), c.expected);
  for (const auto& e : errors) {
    EXPECT_FALSE(e.message_sv.empty()) << e.field;
    EXPECT_FALSE(e.message_en.empty()) << e.field;
  }
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

const std::string kNotes2000 = "{\"notes\": \"" + repeat("å", 2000) + "\"}";
const std::string kNotes2001 = "{\"notes\": \"" + repeat("a", 2001) + "\"}";

INSTANTIATE_TEST_SUITE_P(
    Required, ValidateRecordTest,
    ::testing::Values(
        Case{"base_is_valid", "faltkontakt"},
        Case{"duration_missing", "faltkontakt", "{}", {"duration_min"}, "duration_min:required"},
        Case{"area_missing", "faltkontakt", "{}", {"area_id"}, "area_id:required"},
        Case{"arena_missing", "faltkontakt", "{}", {"arena"}, "arena:required"},
        Case{"contact_kind_missing", "faltkontakt", "{}", {"contact_kind"}, "contact_kind:required"},
        Case{"in_pair_missing", "faltkontakt", "{}", {"in_pair"}, "in_pair:required"},
        Case{"null_counts_as_missing", "faltkontakt", R"({"in_pair": null})", {}, "in_pair:required"},
        Case{"null_optional_is_fine", "faltkontakt", R"({"notes": null, "parents": null})"},
        Case{"occurred_at_empty", "faltkontakt", "{}", {}, "occurred_at:required", ""},
        Case{"area_empty_string", "faltkontakt", R"({"area_id": ""})", {}, "area_id:required"},
        Case{"all_required_missing", "faltkontakt", "{}",
             {"duration_min", "area_id", "arena", "contact_kind", "youths", "in_pair"},
             "duration_min:required,area_id:required,arena:required,contact_kind:required,youths:total_too_small,"
             "in_pair:required"},
        Case{"case_code_missing", "familjebehandling", "{}", {"case_code"}, "case_code:required"},
        Case{"case_code_empty", "familjebehandling", R"({"case_code": ""})", {}, "case_code:required"},
        Case{"familjebehandling_optional_fields_absent", "familjebehandling"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    IntegerBounds, ValidateRecordTest,
    ::testing::Values(
        Case{"duration_at_min", "faltkontakt", R"({"duration_min": 1})"},
        Case{"duration_at_max", "faltkontakt", R"({"duration_min": 600})"},
        Case{"duration_below_min", "faltkontakt", R"({"duration_min": 0})", {}, "duration_min:out_of_range"},
        Case{"duration_above_max", "faltkontakt", R"({"duration_min": 601})", {}, "duration_min:out_of_range"},
        Case{"duration_negative", "faltkontakt", R"({"duration_min": -30})", {}, "duration_min:out_of_range"},
        Case{"duration_huge", "faltkontakt", R"({"duration_min": 18446744073709551615})", {}, "duration_min:out_of_range"},
        Case{"duration_fraction", "faltkontakt", R"({"duration_min": 45.5})", {}, "duration_min:wrong_type"},
        Case{"duration_whole_double", "faltkontakt", R"({"duration_min": 45.0})", {}, "duration_min:wrong_type"},
        Case{"duration_string", "faltkontakt", R"({"duration_min": "45"})", {}, "duration_min:wrong_type"},
        Case{"duration_bool", "faltkontakt", R"({"duration_min": true})", {}, "duration_min:wrong_type"},
        Case{"parents_zero", "faltkontakt", R"({"parents": 0})"},
        Case{"parents_above_max", "faltkontakt", R"({"parents": 201})", {}, "parents:out_of_range"},
        Case{"parents_below_min", "faltkontakt", R"({"parents": -1})", {}, "parents:out_of_range"},
        Case{"goal_rating_in_range", "familjebehandling", R"({"goal_rating": 3})"},
        Case{"goal_rating_zero", "familjebehandling", R"({"goal_rating": 0})", {}, "goal_rating:out_of_range"},
        Case{"goal_rating_six", "familjebehandling", R"({"goal_rating": 6})", {}, "goal_rating:out_of_range"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    Choices, ValidateRecordTest,
    ::testing::Values(
        Case{"arena_unknown", "faltkontakt", R"({"arena": "bibliotek"})", {}, "arena:unknown_value"},
        Case{"arena_wrong_case", "faltkontakt", R"({"arena": "Skola"})", {}, "arena:unknown_value"},
        Case{"arena_number", "faltkontakt", R"({"arena": 3})", {}, "arena:wrong_type"},
        Case{"arena_as_list", "faltkontakt", R"({"arena": ["skola"]})", {}, "arena:wrong_type"},
        Case{"concerns_valid", "faltkontakt", R"({"concerns": ["alkohol", "vald", "otrygghet"]})"},
        Case{"concerns_empty", "faltkontakt", R"({"concerns": []})"},
        Case{"concerns_ingen_alone", "faltkontakt", R"({"concerns": ["ingen"]})"},
        Case{"concerns_ingen_combined", "faltkontakt", R"({"concerns": ["alkohol", "ingen"]})", {},
             "concerns:exclusive_combined"},
        Case{"concerns_duplicate", "faltkontakt", R"({"concerns": ["alkohol", "alkohol"]})", {},
             "concerns:duplicate_value"},
        Case{"concerns_unknown", "faltkontakt", R"({"concerns": ["alkohol", "tristess"]})", {},
             "concerns:unknown_value"},
        Case{"concerns_as_string", "faltkontakt", R"({"concerns": "alkohol"})", {}, "concerns:wrong_type"},
        Case{"concerns_number_item", "faltkontakt", R"({"concerns": [1]})", {}, "concerns:wrong_type"},
        Case{"actions_valid", "faltkontakt", R"({"actions": ["samtal", "hanvisning", "akut"]})"},
        Case{"partners_unknown", "faltkontakt", R"({"partners": ["kyrkan"]})", {}, "partners:unknown_value"},
        Case{"methods_duplicate", "familjebehandling", R"({"methods": ["kbt", "mi", "kbt"]})", {},
             "methods:duplicate_value"},
        Case{"setting_unknown", "familjebehandling", R"({"setting": "kontor"})", {}, "setting:unknown_value"},
        Case{"all_singles_valid", "familjebehandling",
             R"({"basis": "beslut", "setting": "hembesok", "session_kind": "uppfoljning"})"},
        Case{"in_pair_string", "faltkontakt", R"({"in_pair": "yes"})", {}, "in_pair:wrong_type"},
        Case{"in_pair_number", "faltkontakt", R"({"in_pair": 1})", {}, "in_pair:wrong_type"},
        Case{"in_pair_false_is_a_value", "faltkontakt", R"({"in_pair": false})"},
        Case{"child_heard_string", "familjebehandling", R"({"child_heard": "ja"})", {}, "child_heard:wrong_type"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    CountGrid, ValidateRecordTest,
    ::testing::Values(
        Case{"every_cell_at_max", "faltkontakt",
             R"({"youths": {"flicka": {"u13": 200, "13_15": 200, "16_17": 200, "18_20": 200, "o20": 200, "okand": 200},
                 "annat_okant": {"okand": 200}}})"},
        Case{"cell_above_max", "faltkontakt", R"({"youths": {"flicka": {"13_15": 201}}})", {},
             "youths.flicka.13_15:out_of_range"},
        Case{"cell_negative", "faltkontakt", R"({"youths": {"flicka": {"13_15": 2, "u13": -1}}})", {},
             "youths.flicka.u13:out_of_range"},
        Case{"cell_string", "faltkontakt", R"({"youths": {"pojke": {"13_15": "2"}}})", {},
             "youths.pojke.13_15:wrong_type"},
        Case{"cell_fraction", "faltkontakt", R"({"youths": {"pojke": {"13_15": 1.5}}})", {},
             "youths.pojke.13_15:wrong_type"},
        Case{"unknown_row", "faltkontakt", R"({"youths": {"man": {"13_15": 1}, "pojke": {"o20": 1}}})", {},
             "youths.man:unknown_row"},
        Case{"unknown_column", "faltkontakt", R"({"youths": {"flicka": {"14": 1, "13_15": 1}}})", {},
             "youths.flicka.14:unknown_column"},
        Case{"row_not_object", "faltkontakt", R"({"youths": {"flicka": 3}})", {}, "youths.flicka:wrong_type"},
        Case{"grid_not_object", "faltkontakt", R"({"youths": [1, 2]})", {}, "youths:wrong_type"},
        Case{"grid_number", "faltkontakt", R"({"youths": 4})", {}, "youths:wrong_type"},
        Case{"total_zero", "faltkontakt", R"({"youths": {"flicka": {"13_15": 0}}})", {}, "youths:total_too_small"},
        Case{"grid_empty", "faltkontakt", R"({"youths": {}})", {}, "youths:total_too_small"},
        Case{"grid_missing", "faltkontakt", "{}", {"youths"}, "youths:total_too_small"},
        Case{"samverkan_without_youths", "faltkontakt", R"({"contact_kind": "samverkan"})", {"youths"}},
        Case{"samverkan_with_empty_grid", "faltkontakt", R"({"contact_kind": "samverkan", "youths": {}})"},
        Case{"samverkan_still_checks_cells", "faltkontakt",
             R"({"contact_kind": "samverkan", "youths": {"flicka": {"13_15": 500}}})", {},
             "youths.flicka.13_15:out_of_range"},
        Case{"other_kind_needs_youths", "faltkontakt", R"({"contact_kind": "grupp", "youths": {}})", {},
             "youths:total_too_small"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    TextAndCode, ValidateRecordTest,
    ::testing::Values(
        Case{"notes_at_max_length_in_characters", "faltkontakt", kNotes2000},
        Case{"notes_too_long", "faltkontakt", kNotes2001, {}, "notes:too_long"},
        Case{"notes_plain", "faltkontakt", R"({"notes": "Tre unga vid torget, lugnt. Pratade om sommarjobb."})"},
        Case{"notes_personnummer", "faltkontakt", R"({"notes": "Pratade med 850709-9805 om skolan"})", {},
             "notes:personal_identity_number"},
        Case{"notes_personnummer_12_digits", "faltkontakt", R"({"notes": "pnr 198507099805"})", {},
             "notes:personal_identity_number"},
        Case{"notes_samordningsnummer", "faltkontakt", R"({"notes": "snr 850769-9802"})", {},
             "notes:personal_identity_number"},
        Case{"notes_phone_number", "faltkontakt", R"({"notes": "ring mamman på 070-123 45 67"})", {},
             "notes:phone_number"},
        Case{"notes_number", "faltkontakt", R"({"notes": 12})", {}, "notes:wrong_type"},
        Case{"case_code_lower_case", "familjebehandling", R"({"case_code": "ab-2026-0421"})", {},
             "case_code:pattern_mismatch"},
        Case{"case_code_too_few_digits", "familjebehandling", R"({"case_code": "AB-2026-04"})", {},
             "case_code:pattern_mismatch"},
        Case{"case_code_longest_allowed", "familjebehandling", R"({"case_code": "ABCD-2026-123456"})"},
        Case{"case_code_with_suffix", "familjebehandling", R"({"case_code": "AB-2026-0421x"})", {},
             "case_code:pattern_mismatch"},
        Case{"case_code_personnummer", "familjebehandling", R"({"case_code": "19850709-9805"})", {},
             "case_code:personal_identity_number"},
        Case{"case_code_too_long", "familjebehandling", "{\"case_code\": \"" + std::string(33, 'A') + "\"}", {},
             "case_code:too_long"},
        Case{"case_code_number", "familjebehandling", R"({"case_code": 20260421})", {}, "case_code:wrong_type"},
        Case{"family_notes_phone", "familjebehandling", R"({"notes": "+46 70 123 45 67"})", {}, "notes:phone_number"},
        // Disguised numbers: invisible characters and digits of other scripts are folded before the check.
        Case{"notes_personnummer_zero_width_space", "faltkontakt", R"({"notes": "pnr 8507\u200b09-98\u200d05"})", {},
             "notes:personal_identity_number"},
        Case{"notes_personnummer_soft_hyphen_and_bom", "faltkontakt", R"({"notes": "85\u00ad0709\ufeff-9805"})", {},
             "notes:personal_identity_number"},
        Case{"notes_personnummer_fullwidth", "faltkontakt",
             R"({"notes": "\uff18\uff15\uff10\uff17\uff10\uff19\uff0d\uff19\uff18\uff10\uff15"})", {},
             "notes:personal_identity_number"},
        Case{"notes_personnummer_arabic_indic", "faltkontakt",
             R"({"notes": "\u0668\u0665\u0660\u0667\u0660\u0669-\u0669\u0668\u0660\u0665"})", {},
             "notes:personal_identity_number"},
        Case{"notes_phone_extended_arabic_indic", "faltkontakt",
             R"({"notes": "ring \u06f0\u06f7\u06f0-\u06f1\u06f2\u06f3 \u06f4\u06f5 \u06f6\u06f7"})", {},
             "notes:phone_number"},
        Case{"case_code_personnummer_mathematical_digits", "familjebehandling",
             R"({"case_code": "\ud835\udfd6\ud835\udfd3\ud835\udfce\ud835\udfd5\ud835\udfce\ud835\udfd7-\ud835\udfd7\ud835\udfd6\ud835\udfce\ud835\udfd3"})",
             {}, "case_code:personal_identity_number"},
        Case{"notes_right_to_left_override", "faltkontakt", R"({"notes": "lugnt \u202e5089-907058"})", {},
             "notes:forbidden_character"},
        Case{"notes_isolate", "faltkontakt", R"({"notes": "a \u2067b\u2069"})", {}, "notes:forbidden_character"},
        Case{"notes_nul", "faltkontakt", R"({"notes": "före\u0000efter"})", {}, "notes:forbidden_character"},
        Case{"notes_escape_control", "faltkontakt", R"({"notes": "\u001b[31mröd"})", {}, "notes:forbidden_character"},
        Case{"notes_c1_control", "faltkontakt", R"({"notes": "a\u0085b"})", {}, "notes:forbidden_character"},
        Case{"case_code_with_control", "familjebehandling", R"({"case_code": "AB-2026-0421\u0007"})", {},
             "case_code:forbidden_character"},
        Case{"notes_tabs_newlines_and_emoji", "faltkontakt",
             R"({"notes": "Rad ett\n\tRad två 🙂 – lugnt, åäö ÅÄÖ, 3 unga kl 21.30"})"},
        Case{"notes_arabic_text_without_numbers", "faltkontakt", R"({"notes": "\u0645\u0631\u062d\u0628\u0627 \u200f"})"}),
    [](const auto& info) { return info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    ReferencesTimesAndUnknowns, ValidateRecordTest,
    ::testing::Values(
        Case{"area_other_known", "faltkontakt", R"({"area_id": "omr-2"})"},
        Case{"area_not_in_team", "faltkontakt", R"({"area_id": "omr-9"})", {}, "area_id:unknown_reference"},
        Case{"area_number", "faltkontakt", R"({"area_id": 1})", {}, "area_id:wrong_type"},
        Case{"occurred_now", "faltkontakt", "{}", {}, "", std::string(kNow)},
        Case{"occurred_5_min_ahead", "faltkontakt", "{}", {}, "", "2026-11-22T18:05:00.000Z"},
        Case{"occurred_5_min_1_ms_ahead", "faltkontakt", "{}", {}, "occurred_at:in_future",
             "2026-11-22T18:05:00.001Z"},
        Case{"occurred_tomorrow", "familjebehandling", "{}", {}, "occurred_at:in_future", "2026-11-23T17:00:00.000Z"},
        Case{"occurred_last_year", "faltkontakt", "{}", {}, "", "2025-11-22T17:00:00.000Z"},
        Case{"occurred_not_a_time", "faltkontakt", "{}", {}, "occurred_at:invalid_datetime", "igår"},
        Case{"unknown_field", "faltkontakt", R"({"name": "Kalle"})", {}, "name:unknown_field"},
        Case{"occurred_at_inside_data", "faltkontakt", R"({"occurred_at": "2026-11-22T17:00:00.000Z"})", {},
             "occurred_at:unknown_field"},
        Case{"field_of_the_other_form", "faltkontakt", R"({"case_code": "AB-2026-0421"})", {},
             "case_code:unknown_field"},
        Case{"several_errors_in_form_order", "faltkontakt",
             R"({"zzz": 1, "notes": 5, "arena": "x", "duration_min": 0})", {"in_pair"},
             "duration_min:out_of_range,arena:unknown_value,in_pair:required,notes:wrong_type,zzz:unknown_field"}),
    [](const auto& info) { return info.param.name; });

TEST(ValidateRecord, ReferenceWithoutAListAcceptsAnyShortId) {
  const FormDefinition& form = *forms().find("faltkontakt", 1);
  Record record = base_record("faltkontakt");
  ValidationContext no_lists;
  no_lists.now_ms = *parse_rfc3339(kNow);
  record.data["area_id"] = "whatever-id";
  EXPECT_TRUE(validate_record(form, record, no_lists).empty());
  record.data["area_id"] = std::string(65, 'x');
  EXPECT_EQ(summary(validate_record(form, record, no_lists)), "area_id:unknown_reference");
}

TEST(ValidateRecord, DefaultNowIsTheWallClock) {
  const FormDefinition& form = *forms().find("faltkontakt", 1);
  Record record = base_record("faltkontakt");
  record.occurred_at = format_rfc3339(now_millis() + 60 * 60 * 1000);
  ValidationContext context = context_with_areas();
  context.now_ms = 0;
  EXPECT_EQ(summary(validate_record(form, record, context)), "occurred_at:in_future");
  record.occurred_at = format_rfc3339(now_millis() - 60 * 1000);
  EXPECT_TRUE(validate_record(form, record, context).empty());
}

TEST(ValidateRecord, TombstonesAreNotCheckedAgainstFields) {
  const FormDefinition& form = *forms().find("faltkontakt", 1);
  Record record = base_record("faltkontakt");
  record.deleted = true;
  record.data = {};
  EXPECT_TRUE(validate_record(form, record, context_with_areas()).empty());
}

TEST(ValidateRecord, RecordOfAnotherFormOrVersionIsRefused) {
  Record record = base_record("faltkontakt");
  EXPECT_EQ(summary(validate_record(*forms().find("familjebehandling", 1), record, context_with_areas())),
            "form_id:form_mismatch");
  record.form_version = 2;
  EXPECT_EQ(summary(validate_record(*forms().find("faltkontakt", 1), record, context_with_areas())),
            "form_id:form_mismatch");
}

TEST(ValidateRecord, MessagesNeverEchoTheRefusedText) {
  const FormDefinition& form = *forms().find("faltkontakt", 1);
  Record record = base_record("faltkontakt");
  record.data["notes"] = "Pratade med 850709-9805 om skolan";
  const auto errors = validate_record(form, record, context_with_areas());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message_sv,
            "Ta bort personnumret — anteckningar får inte innehålla personnummer eller telefonnummer.");
  EXPECT_EQ(errors[0].message_en,
            "Remove the personal identity number — notes must not contain personal identity numbers or phone numbers.");
  const Problem problem = validation_problem(errors);
  EXPECT_EQ(to_json_text(problem_to_json(problem)).find("9805"), std::string::npos);
}

TEST(ValidationProblem, IsA422NamingTheFieldsOnce) {
  std::vector<FieldError> errors = {{"youths.flicka.u13", "out_of_range", "sv", "en"},
                                    {"youths.flicka.u13", "other", "sv", "en"},
                                    {"notes", "too_long", "sv", "en"}};
  const Problem problem = validation_problem(errors);
  EXPECT_EQ(problem.code, "validation_failed");
  EXPECT_EQ(problem.status, 422);
  EXPECT_EQ(problem.errors.size(), 3u);
  EXPECT_EQ(problem.detail, "The record has 3 invalid values (youths.flicka.u13, notes). Correct them and save again.");
  EXPECT_THAT(validation_problem({errors[2]}).detail, HasSubstr("1 invalid value (notes)"));
}

// Rules the shipped packs do not exercise (required multi and grid, code without pattern, a datetime
// inside data, one-sided bounds, text that may hold numbers), on a pack written for the test.
const FormDefinition& generic_form() {
  static const FormDefinition form = [] {
    auto parsed = parse_form_definition(*parse_json(R"({"id": "generic", "version": 3,
      "title": {"sv": "Allmänt", "en": "Generic"},
      "fields": [
        {"id": "occurred_at", "type": "datetime", "label": {"sv": "Tid", "en": "Time"}, "required": true},
        {"id": "tags", "type": "multi", "label": {"sv": "Taggar", "en": "Tags"}, "required": true,
         "options": [{"value": "a", "label": {"sv": "A", "en": "A"}}, {"value": "b", "label": {"sv": "B", "en": "B"}}]},
        {"id": "grid", "type": "count_grid", "label": {"sv": "Rutnät", "en": "Grid"}, "required": true,
         "min": 0, "max": 9, "rows": [{"value": "r", "label": {"sv": "R", "en": "R"}}],
         "columns": [{"value": "c", "label": {"sv": "C", "en": "C"}}]},
        {"id": "ref_code", "type": "code", "label": {"sv": "Kod", "en": "Code"}},
        {"id": "follow_up", "type": "datetime", "label": {"sv": "Uppföljning", "en": "Follow-up"},
         "max_future_minutes": 0},
        {"id": "free", "type": "text", "label": {"sv": "Fritext", "en": "Free text"}, "max_length": 100}
      ]})"));
    if (!parsed) throw std::runtime_error(parsed.problem().detail);
    return std::move(*parsed);
  }();
  return form;
}

std::string validate_generic(const std::string& data_json) {
  Record record = base_record("generic");
  record.form_id = "generic";
  record.form_version = 3;
  record.data = parse_json(data_json)->as_object();
  return summary(validate_record(generic_form(), record, context_with_areas()));
}

TEST(ValidateGenericForm, RequiredMultiAndGridNeedContent) {
  EXPECT_EQ(validate_generic(R"({"tags": ["a"], "grid": {"r": {"c": 0}}})"), "");
  EXPECT_EQ(validate_generic(R"({"tags": [], "grid": {}})"), "tags:required");
  EXPECT_EQ(validate_generic(R"({"tags": ["a", "b"]})"), "grid:required");
  EXPECT_EQ(validate_generic(R"({"tags": ["a", "b"], "grid": {"r": {"c": 10}}})"), "grid.r.c:out_of_range");
}

TEST(ValidateGenericForm, CodeWithoutPatternIsBoundedByTheDefaultLength) {
  const std::string base = R"({"tags": ["a"], "grid": {}, "ref_code": ")";
  EXPECT_EQ(validate_generic(base + std::string(kDefaultCodeMaxLength, 'k') + "\"}"), "");
  EXPECT_EQ(validate_generic(base + std::string(kDefaultCodeMaxLength + 1, 'k') + "\"}"), "ref_code:too_long");
}

TEST(ValidateGenericForm, DatetimeInsideData) {
  EXPECT_EQ(validate_generic(R"({"tags": ["a"], "grid": {}, "follow_up": "2026-11-22T17:59:59.999Z"})"), "");
  EXPECT_EQ(validate_generic(R"({"tags": ["a"], "grid": {}, "follow_up": "2026-11-22T18:00:00.001Z"})"),
            "follow_up:in_future");
  EXPECT_EQ(validate_generic(R"({"tags": ["a"], "grid": {}, "follow_up": "2026-13-01T00:00:00Z"})"),
            "follow_up:invalid_datetime");
  EXPECT_EQ(validate_generic(R"({"tags": ["a"], "grid": {}, "follow_up": 1764000000})"), "follow_up:wrong_type");
}

TEST(ValidateGenericForm, HugeFutureBoundInACodeBuiltFormDoesNotOverflow) {
  FormDefinition form = generic_form();
  for (auto& f : form.fields) {
    if (f.id == "follow_up") f.max_future_minutes = std::numeric_limits<std::int64_t>::max();
  }
  Record record = base_record("generic");
  record.form_id = "generic";
  record.form_version = 3;
  record.data = parse_json(R"({"tags": ["a"], "grid": {}, "follow_up": "9999-12-31T23:59:59.999Z"})")->as_object();
  EXPECT_TRUE(validate_record(form, record, context_with_areas()).empty());
}

TEST(ValidateGenericForm, TextWithoutRefusalMayHoldNumbers) {
  EXPECT_EQ(validate_generic(R"({"tags": ["a"], "grid": {}, "free": "850709-9805 070-123 45 67"})"), "");
}

TEST(ValidateRecord, HostileRecordsGetABoundedAnswer) {
  const FormDefinition& form = *forms().find("faltkontakt", 1);
  Record many_fields = base_record("faltkontakt");
  for (int i = 0; i < 1000; ++i) many_fields.data["extra_" + std::to_string(i)] = i;
  Record many_rows = base_record("faltkontakt");
  boost::json::object grid;
  for (int i = 0; i < 1000; ++i) grid[std::string(300, 'r') + std::to_string(i)] = boost::json::object{{"u13", 1}};
  many_rows.data["youths"] = grid;
  for (const Record* record : {&many_fields, &many_rows}) {
    const auto errors = validate_record(form, *record, context_with_areas());
    ASSERT_EQ(errors.size(), kMaxReportedErrors + 1);
    EXPECT_EQ(errors.back().code, "too_many_errors");
    EXPECT_EQ(errors.back().field, "");
    for (const auto& e : errors) EXPECT_LE(e.field.size(), 6u + 1u + 64u) << e.field;
    const Problem problem = validation_problem(errors);
    EXPECT_THAT(problem.detail, HasSubstr("The record has more than 50 invalid values ("));
    EXPECT_THAT(problem.detail, Not(HasSubstr(", ).")));
  }
}

// Golden files: a whole record in, the full problem (with both languages' messages) out.
std::string describe(const std::vector<FieldError>& errors) {
  if (errors.empty()) return "valid\n";
  const Problem problem = validation_problem(errors);
  std::ostringstream out;
  out << problem.code << " " << problem.status << ": " << problem.detail << "\n";
  for (const auto& e : problem.errors) {
    out << e.field << " " << e.code << "\n  sv: " << e.message_sv << "\n  en: " << e.message_en << "\n";
  }
  return out.str();
}

class ValidationGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ValidationGoldenTest, MatchesReference) {
  const auto file = kValidationDir / GetParam();
  auto input = parse_json(test::read_text_file(file));
  ASSERT_TRUE(input) << input.problem().detail;
  const auto& obj = input->as_object();
  auto record = record_from_json(obj.at("record"));
  ASSERT_TRUE(record) << record.problem().detail;
  const FormDefinition* form = forms().find(record->form_id, record->form_version);
  ASSERT_NE(form, nullptr);
  ValidationContext context;
  context.now_ms = *parse_rfc3339(obj.at("now").as_string());
  if (const auto* refs = obj.if_contains("references")) {
    for (const auto& [name, ids] : refs->as_object()) {
      for (const auto& id : ids.as_array()) context.references[name].emplace(id.as_string());
    }
  }
  test::expect_matches_golden(file, describe(validate_record(*form, *record, context)));
}

INSTANTIATE_TEST_SUITE_P(Golden, ValidationGoldenTest, ::testing::ValuesIn(test::json_files_in(kValidationDir)),
                         [](const auto& info) { return test::test_name_of(info.param); });

}  // namespace
}  // namespace faltlogg::core
