// parse_form_definition: a form pack is admin-edited data, so every mistake is caught at load time with a
// message that names the field, instead of surfacing later as records that cannot validate.
#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <regex>
#include <set>
#include <span>

namespace faltlogg::core {

namespace {

namespace json = boost::json;

// A time can be allowed at most a (leap) year ahead; more is a typo, not a rule.
constexpr std::int64_t kMaxFutureMinutes = 366 * 24 * 60;

// Failure text without the "where" prefix; nullopt means success.
using Error = std::optional<std::string>;

std::string q(std::string_view text) { return quote_for_detail(text); }

bool is_identifier(std::string_view text, bool allow_leading_digit) {
  if (text.empty() || text.size() > 64) return false;
  if (!allow_leading_digit && !(text[0] >= 'a' && text[0] <= 'z')) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Error check_members(const json::object& obj, std::span<const std::string_view> known, std::string_view what) {
  if (auto unknown = first_unknown_member(obj, known)) return "unknown member " + q(*unknown) + " in " + std::string(what);
  return std::nullopt;
}

Error check_members(const json::object& obj, std::initializer_list<std::string_view> known, std::string_view what) {
  return check_members(obj, std::span<const std::string_view>(known.begin(), known.size()), what);
}

Error read_labels(const json::object& obj, std::string_view key, bool required, std::string& sv, std::string& en) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) return required ? Error(q(key) + " is missing (needs {\"sv\": …, \"en\": …})") : std::nullopt;
  const auto* labels = v->if_object();
  if (labels == nullptr) return q(key) + " must be an object {\"sv\": …, \"en\": …}";
  if (auto e = check_members(*labels, {"sv", "en"}, key)) return e;
  for (auto [lang, out] : {std::pair<std::string_view, std::string*>{"sv", &sv}, {"en", &en}}) {
    const auto* text = labels->if_contains(lang);
    if (text == nullptr || !text->is_string() || text->get_string().empty()) {
      return q(key) + " needs a non-empty " + q(lang) + " text";
    }
    *out = std::string(text->get_string());
  }
  return std::nullopt;
}

Error read_int(const json::object& obj, std::string_view key, std::optional<std::int64_t>& out) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) return std::nullopt;
  out = as_int64(*v);
  if (!out) return q(key) + " must be an integer";
  return std::nullopt;
}

Error read_bool(const json::object& obj, std::string_view key, bool& out) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) return q(key) + " must be true or false";
  out = v->get_bool();
  return std::nullopt;
}

Error read_string(const json::object& obj, std::string_view key, std::optional<std::string>& out) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string() || v->get_string().empty()) return q(key) + " must be a non-empty string";
  out = std::string(v->get_string());
  return std::nullopt;
}

// "options" -> "option", for messages about one item of a list.
std::string singular(std::string_view list_name) {
  return std::string(list_name.ends_with('s') ? list_name.substr(0, list_name.size() - 1) : list_name);
}

// Options, rows and columns share one shape: {"value", "label": {sv, en}, "exclusive"?}.
Error read_options(const json::object& obj, std::string_view key, bool exclusive_allowed, std::vector<Option>& out) {
  const auto* v = obj.if_contains(key);
  if (v == nullptr) return std::nullopt;
  const auto* items = v->if_array();
  if (items == nullptr || items->empty()) return q(key) + " must be a non-empty array";
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    const auto* item = (*items)[i].if_object();
    if (item == nullptr) return where + " must be an object";
    Option option;
    const auto* value = item->if_contains("value");
    if (value == nullptr || !value->is_string() || !is_identifier(value->get_string(), true)) {
      return where + ": \"value\" must be a lower-case identifier ([a-z0-9_], at most 64 characters)";
    }
    option.value = std::string(value->get_string());
    const std::string named = singular(key) + " " + q(option.value);
    if (!seen.insert(option.value).second) return "duplicate " + named;
    if (auto e = check_members(*item, {"value", "label", "exclusive"}, named)) return e;
    if (auto e = read_labels(*item, "label", true, option.label_sv, option.label_en)) return named + ": " + *e;
    if (auto e = read_bool(*item, "exclusive", option.exclusive)) return named + ": " + *e;
    if (option.exclusive && !exclusive_allowed) return named + ": \"exclusive\" applies only to multi options";
    out.push_back(std::move(option));
  }
  return std::nullopt;
}

Error read_min_total_unless(const json::object& obj, FieldDef& field) {
  const auto* v = obj.if_contains("min_total_unless");
  if (v == nullptr) return std::nullopt;
  const auto* unless = v->if_object();
  if (unless == nullptr) return std::string("\"min_total_unless\" must be an object {\"field\", \"values\"}");
  if (auto e = check_members(*unless, {"field", "values"}, "min_total_unless")) return e;
  const auto* other = unless->if_contains("field");
  const auto* values = unless->if_contains("values");
  if (other == nullptr || !other->is_string() || values == nullptr || !values->is_array() ||
      values->get_array().empty()) {
    return std::string("\"min_total_unless\" needs a \"field\" name and a non-empty \"values\" array");
  }
  field.min_total_unless_field = std::string(other->get_string());
  for (const auto& item : values->get_array()) {
    if (!item.is_string()) return std::string("\"min_total_unless\" values must be strings");
    field.min_total_unless_values.emplace_back(item.get_string());
  }
  return std::nullopt;
}

// Which pack members each type understands; anything else is a typo or a misplaced bound.
const std::vector<std::string_view>& members_for(FieldType type) {
  using Names = std::vector<std::string_view>;
  static const Names datetime{"id", "type", "label", "help", "required", "max_future_minutes"};
  static const Names integer{"id", "type", "label", "help", "required", "min", "max", "presets"};
  static const Names choice{"id", "type", "label", "help", "required", "options"};
  static const Names boolean{"id", "type", "label", "help", "required"};
  static const Names text{"id", "type", "label", "help", "required", "max_length", "refuse_identity_numbers"};
  static const Names code{"id",      "type",       "label", "help", "required", "pattern", "max_length",
                          "refuse_identity_numbers"};
  static const Names reference{"id", "type", "label", "help", "required", "reference"};
  static const Names count_grid{"id",   "type", "label", "help",      "required",        "min",
                                "max",  "rows", "columns", "min_total", "min_total_unless"};
  switch (type) {
    case FieldType::datetime: return datetime;
    case FieldType::integer: return integer;
    case FieldType::single:
    case FieldType::multi: return choice;
    case FieldType::boolean: return boolean;
    case FieldType::text: return text;
    case FieldType::code: return code;
    case FieldType::reference: return reference;
    case FieldType::count_grid: return count_grid;
  }
  return boolean;
}

Error read_presets(const json::object& obj, FieldDef& field) {
  const auto* v = obj.if_contains("presets");
  if (v == nullptr) return std::nullopt;
  if (!v->is_array()) return std::string("\"presets\" must be an array of integers");
  for (const auto& item : v->get_array()) {
    auto preset = as_int64(item);
    if (!preset) return std::string("\"presets\" must be an array of integers");
    if (*preset < field.min.value_or(INT64_MIN) || *preset > field.max.value_or(INT64_MAX)) {
      return "preset " + std::to_string(*preset) + " lies outside min..max";
    }
    if (std::find(field.presets.begin(), field.presets.end(), *preset) != field.presets.end()) {
      return "duplicate preset " + std::to_string(*preset);
    }
    field.presets.push_back(*preset);
  }
  return std::nullopt;
}

Error read_field_attributes(const json::object& obj, FieldDef& field) {
  if (auto e = check_members(obj, members_for(field.type), std::string(to_string(field.type)) + " field")) return e;
  if (auto e = read_labels(obj, "label", true, field.label_sv, field.label_en)) return e;
  if (auto e = read_labels(obj, "help", false, field.help_sv, field.help_en)) return e;
  if (auto e = read_bool(obj, "required", field.required)) return e;
  if (auto e = read_int(obj, "min", field.min)) return e;
  if (auto e = read_int(obj, "max", field.max)) return e;
  if (auto e = read_int(obj, "max_length", field.max_length)) return e;
  if (auto e = read_int(obj, "max_future_minutes", field.max_future_minutes)) return e;
  if (auto e = read_int(obj, "min_total", field.min_total)) return e;
  if (auto e = read_string(obj, "pattern", field.pattern)) return e;
  if (auto e = read_string(obj, "reference", field.reference)) return e;
  if (auto e = read_bool(obj, "refuse_identity_numbers", field.refuse_identity_numbers)) return e;
  if (auto e = read_options(obj, "options", field.type == FieldType::multi, field.options)) return e;
  if (auto e = read_options(obj, "rows", false, field.rows)) return e;
  if (auto e = read_options(obj, "columns", false, field.columns)) return e;
  if (auto e = read_presets(obj, field)) return e;
  return read_min_total_unless(obj, field);
}

Error check_field_consistency(const FieldDef& field) {
  const bool bounded = field.type == FieldType::integer || field.type == FieldType::count_grid;
  if (bounded && (!field.min || !field.max)) return std::string("needs both \"min\" and \"max\"");
  if (field.min && field.max && *field.min > *field.max) {
    return "\"min\" " + std::to_string(*field.min) + " is greater than \"max\" " + std::to_string(*field.max);
  }
  if (field.type == FieldType::count_grid && *field.min < 0) return std::string("\"min\" of a count_grid cannot be negative");
  if (field.max_length && *field.max_length <= 0) return std::string("\"max_length\" must be positive");
  if (field.type == FieldType::text && !field.max_length) return std::string("needs \"max_length\"");
  if (field.max_future_minutes && (*field.max_future_minutes < 0 || *field.max_future_minutes > kMaxFutureMinutes)) {
    return "\"max_future_minutes\" must be between 0 and " + std::to_string(kMaxFutureMinutes) + " (366 days)";
  }
  if ((field.type == FieldType::single || field.type == FieldType::multi) && field.options.empty()) {
    return std::string("needs a non-empty \"options\" list");
  }
  if (field.type == FieldType::count_grid && field.rows.empty()) return std::string("needs a non-empty \"rows\" list");
  if (field.type == FieldType::count_grid && field.columns.empty()) {
    return std::string("needs a non-empty \"columns\" list");
  }
  if (field.type == FieldType::reference && !field.reference) return std::string("needs \"reference\" (the list's name)");
  if (field.min_total && *field.min_total < 0) return std::string("\"min_total\" cannot be negative");
  if (!field.min_total_unless_field.empty() && !field.min_total) {
    return std::string("\"min_total_unless\" needs \"min_total\"");
  }
  if (field.pattern) {
    try {
      std::regex compiled(*field.pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return "\"pattern\" " + q(*field.pattern) + " is not a valid regular expression";
    }
  }
  return std::nullopt;
}

Error parse_field(const json::object& obj, FieldDef& field) {
  const auto* type = obj.if_contains("type");
  if (type == nullptr || !type->is_string()) return std::string("\"type\" is missing");
  auto parsed = field_type_from_string(type->get_string());
  if (!parsed) return "unknown type " + q(type->get_string());
  field.type = *parsed;
  if (auto e = read_field_attributes(obj, field)) return e;
  return check_field_consistency(field);
}

// Checks that need the whole form: the min_total exception names another field and its values.
Error check_cross_field(const FormDefinition& form, const FieldDef& field) {
  if (field.min_total_unless_field.empty()) return std::nullopt;
  const FieldDef* other = form.field(field.min_total_unless_field);
  if (other == nullptr || other->type != FieldType::single) {
    return "\"min_total_unless\" names " + q(field.min_total_unless_field) + ", which is not a single field of this form";
  }
  for (const auto& value : field.min_total_unless_values) {
    const bool known = std::any_of(other->options.begin(), other->options.end(),
                                   [&](const Option& o) { return o.value == value; });
    if (!known) return "\"min_total_unless\" value " + q(value) + " is not an option of " + q(other->id);
  }
  return std::nullopt;
}

Problem pack_problem(std::string_view where, std::string_view what) {
  return make_problem("invalid_form_pack", 400, "Invalid form pack",
                      "form pack " + std::string(where) + ": " + std::string(what));
}

Error parse_header(const json::object& obj, FormDefinition& form) {
  if (auto e = check_members(obj, {"id", "version", "title", "fields"}, "the pack")) return e;
  std::optional<std::int64_t> version;
  if (auto e = read_int(obj, "version", version)) return e;
  if (!version || *version <= 0 || *version > INT32_MAX) return std::string("\"version\" must be a positive integer");
  form.version = static_cast<int>(*version);
  return read_labels(obj, "title", true, form.title_sv, form.title_en);
}

}  // namespace

Result<FormDefinition> parse_form_definition(const boost::json::value& value) {
  const auto* obj = value.if_object();
  if (obj == nullptr) return pack_problem("(unnamed)", "the pack must be a JSON object");
  FormDefinition form;
  const auto* id = obj->if_contains("id");
  if (id == nullptr || !id->is_string() || !is_identifier(id->get_string(), false)) {
    return pack_problem("(unnamed)", "\"id\" must be a lower-case identifier ([a-z][a-z0-9_]*)");
  }
  form.id = std::string(id->get_string());
  if (auto e = parse_header(*obj, form)) return pack_problem(q(form.id), *e);
  const std::string where = q(form.id) + " v" + std::to_string(form.version);
  const auto* fields = obj->if_contains("fields");
  if (fields == nullptr || !fields->is_array() || fields->get_array().empty()) {
    return pack_problem(where, "\"fields\" must be a non-empty array");
  }
  for (std::size_t i = 0; i < fields->get_array().size(); ++i) {
    const auto* field_obj = fields->get_array()[i].if_object();
    std::string numbered = where + ", field #" + std::to_string(i + 1);
    if (field_obj == nullptr) return pack_problem(numbered, "must be an object");
    const auto* field_id = field_obj->if_contains("id");
    if (field_id != nullptr && field_id->is_string()) numbered += " (" + q(field_id->get_string()) + ")";
    if (field_id == nullptr || !field_id->is_string() || !is_identifier(field_id->get_string(), false)) {
      return pack_problem(numbered, "\"id\" must be a lower-case identifier ([a-z][a-z0-9_]*)");
    }
    FieldDef field;
    field.id = std::string(field_id->get_string());
    const std::string named = where + ", field " + q(field.id);
    if (form.field(field.id) != nullptr) return pack_problem(named, "duplicate field id");
    if (auto e = parse_field(*field_obj, field)) return pack_problem(named, *e);
    form.fields.push_back(std::move(field));
  }
  for (const auto& field : form.fields) {
    if (auto e = check_cross_field(form, field)) return pack_problem(where + ", field " + q(field.id), *e);
  }
  const FieldDef* occurred = form.field(kOccurredAtField);
  if (occurred == nullptr || occurred->type != FieldType::datetime || !occurred->required) {
    return pack_problem(where + ", field " + q(kOccurredAtField),
                        "every form needs a required datetime field \"occurred_at\" (it fills the record's occurred_at)");
  }
  return form;
}

}  // namespace faltlogg::core
