#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/enum_names.hpp"
#include "faltlogg/core/json.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace faltlogg::core {

namespace {

namespace json = boost::json;

constexpr EnumNames<FieldType, 9> kTypeNames{{
    {FieldType::datetime, "datetime"},
    {FieldType::integer, "integer"},
    {FieldType::single, "single"},
    {FieldType::multi, "multi"},
    {FieldType::boolean, "boolean"},
    {FieldType::text, "text"},
    {FieldType::code, "code"},
    {FieldType::reference, "reference"},
    {FieldType::count_grid, "count_grid"},
}};

// A form pack is small; anything larger is not a pack (and must not be read into memory whole).
constexpr std::uintmax_t kMaxPackBytes = 1024 * 1024;

json::object labels_to_json(const std::string& sv, const std::string& en) { return {{"sv", sv}, {"en", en}}; }

json::array options_to_json(const std::vector<Option>& options) {
  json::array out;
  for (const auto& o : options) {
    json::object item{{"value", o.value}, {"label", labels_to_json(o.label_sv, o.label_en)}};
    if (o.exclusive) item["exclusive"] = true;
    out.push_back(std::move(item));
  }
  return out;
}

json::object field_to_json(const FieldDef& f) {
  json::object out{{"id", f.id}, {"type", to_string(f.type)}, {"label", labels_to_json(f.label_sv, f.label_en)}};
  if (!f.help_sv.empty() || !f.help_en.empty()) out["help"] = labels_to_json(f.help_sv, f.help_en);
  if (f.required) out["required"] = true;
  if (f.min) out["min"] = *f.min;
  if (f.max) out["max"] = *f.max;
  if (f.max_length) out["max_length"] = *f.max_length;
  if (f.max_future_minutes) out["max_future_minutes"] = *f.max_future_minutes;
  if (f.pattern) out["pattern"] = *f.pattern;
  if (f.reference) out["reference"] = *f.reference;
  if (f.refuse_identity_numbers) out["refuse_identity_numbers"] = true;
  if (!f.options.empty()) out["options"] = options_to_json(f.options);
  if (!f.rows.empty()) out["rows"] = options_to_json(f.rows);
  if (!f.columns.empty()) out["columns"] = options_to_json(f.columns);
  if (!f.presets.empty()) out["presets"] = json::array(f.presets.begin(), f.presets.end());
  if (f.min_total) out["min_total"] = *f.min_total;
  if (!f.min_total_unless_field.empty()) {
    out["min_total_unless"] = json::object{
        {"field", f.min_total_unless_field},
        {"values", json::array(f.min_total_unless_values.begin(), f.min_total_unless_values.end())}};
  }
  return out;
}

Problem file_problem(const std::filesystem::path& file, std::string what) {
  return make_problem("invalid_form_pack", 400, "Invalid form pack",
                      file.filename().string() + ": " + std::move(what));
}

}  // namespace

std::optional<FieldType> field_type_from_string(std::string_view name) { return enum_from_name(kTypeNames, name); }

std::string_view to_string(FieldType type) { return enum_name(kTypeNames, type).value_or("unknown"); }

const FieldDef* FormDefinition::field(std::string_view field_id) const {
  auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldDef& f) { return f.id == field_id; });
  return it == fields.end() ? nullptr : &*it;
}

// The same shape parse_form_definition reads, so a client can parse what GET /api/v1/forms sends.
boost::json::object form_to_json(const FormDefinition& form) {
  json::array fields;
  fields.reserve(form.fields.size());
  for (const auto& f : form.fields) fields.push_back(field_to_json(f));
  return {{"id", form.id},
          {"version", form.version},
          {"title", labels_to_json(form.title_sv, form.title_en)},
          {"fields", std::move(fields)}};
}

Result<FormDefinition> load_form_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return file_problem(file, "the form pack file cannot be read (" + ec.message() + ")");
  if (size > kMaxPackBytes) {
    return file_problem(file, "the form pack file is larger than " + std::to_string(kMaxPackBytes) + " bytes");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return file_problem(file, "the form pack file cannot be opened");
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_json(text.str());
  if (!parsed) return file_problem(file, "the form pack is not valid JSON: " + parsed.problem().detail);
  auto form = parse_form_definition(*parsed);
  if (!form) return file_problem(file, form.problem().detail);
  return form;
}

Result<FormRegistry> FormRegistry::load_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && it->path().extension() == ".json") files.push_back(it->path());
  }
  if (ec) {
    return make_problem("form_packs_unreadable", 500, "Form packs unreadable",
                        "the form pack directory " + dir.string() + " cannot be read (" + ec.message() + ")");
  }
  std::sort(files.begin(), files.end());  // deterministic: the same broken pack is reported every time
  FormRegistry registry;
  for (const auto& file : files) {
    auto form = load_form_file(file);
    if (!form) return form.problem();
    if (registry.find(form->id, form->version) != nullptr) {
      return file_problem(file, "form " + quote_for_detail(form->id) + " v" + std::to_string(form->version) +
                                    " is defined twice");
    }
    registry.add(std::move(*form));
  }
  return registry;
}

void FormRegistry::add(FormDefinition form) {
  auto key = std::make_pair(form.id, form.version);
  forms_.insert_or_assign(std::move(key), std::move(form));
}

const FormDefinition* FormRegistry::find(std::string_view id, int version) const {
  auto it = forms_.find(std::make_pair(std::string(id), version));
  return it == forms_.end() ? nullptr : &it->second;
}

const FormDefinition* FormRegistry::latest(std::string_view id) const {
  const FormDefinition* best = nullptr;
  for (const auto& [key, form] : forms_) {
    if (key.first == id) best = &form;  // map order: versions ascend within one id
  }
  return best;
}

std::vector<const FormDefinition*> FormRegistry::latest_all() const {
  std::vector<const FormDefinition*> out;
  for (const auto& [key, form] : forms_) {
    if (!out.empty() && out.back()->id == key.first) {
      out.back() = &form;
    } else {
      out.push_back(&form);
    }
  }
  return out;
}

std::vector<const FormDefinition*> FormRegistry::all() const {
  std::vector<const FormDefinition*> out;
  out.reserve(forms_.size());
  for (const auto& [key, form] : forms_) out.push_back(&form);
  return out;
}

std::filesystem::path default_forms_dir() {
  if (const char* env = std::getenv("FALTLOGG_FORMS_DIR"); env != nullptr && *env != '\0') return env;
  return FALTLOGG_DEFAULT_FORMS_DIR;
}

}  // namespace faltlogg::core
