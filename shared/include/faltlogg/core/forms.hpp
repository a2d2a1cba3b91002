// Form packs are data (shared/forms/*.json): adding a field needs no C++ change on either side.
#pragma once

#include "faltlogg/core/result.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace faltlogg::core {

// Every form has this datetime field; its value travels as the record's top-level `occurred_at`,
// never inside `data`.
inline constexpr std::string_view kOccurredAtField = "occurred_at";
// Bound for a code field whose pack sets no max_length.
inline constexpr std::int64_t kDefaultCodeMaxLength = 64;

enum class FieldType {
  datetime,      // RFC 3339 string
  integer,       // JSON integer within [min, max]
  single,        // one of options
  multi,         // array of distinct options
  boolean,
  text,          // free text, max_length, identifying numbers refused when refuse_identity_numbers
  code,          // short string matching pattern (e.g. a pseudonymous case code)
  reference,     // id from reference data named by `reference` (e.g. the team's sub-areas)
  count_grid,    // object rows x columns of integers in [min, max], e.g. youths by gender x age band
};

std::optional<FieldType> field_type_from_string(std::string_view name);
std::string_view to_string(FieldType type);

struct Option {
  std::string value;
  std::string label_sv;
  std::string label_en;
  bool exclusive = false;  // in a multi choice, may not be combined with others (e.g. "ingen")
};

struct FieldDef {
  std::string id;
  FieldType type = FieldType::text;
  std::string label_sv;
  std::string label_en;
  std::string help_sv;
  std::string help_en;
  bool required = false;
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  std::optional<std::int64_t> max_length;
  std::optional<std::int64_t> max_future_minutes;  // datetime
  std::optional<std::string> pattern;               // code (ECMAScript regex, whole string)
  std::optional<std::string> reference;             // reference: name of the reference list
  bool refuse_identity_numbers = false;             // text/code
  std::vector<Option> options;                      // single/multi
  std::vector<Option> rows;                         // count_grid
  std::vector<Option> columns;                      // count_grid
  std::vector<std::int64_t> presets;                // integer: suggested quick values (UI)
  // count_grid: minimum sum unless another single field has one of the listed values.
  std::optional<std::int64_t> min_total;
  std::string min_total_unless_field;
  std::vector<std::string> min_total_unless_values;
};

struct FormDefinition {
  std::string id;
  int version = 0;
  std::string title_sv;
  std::string title_en;
  std::vector<FieldDef> fields;

  const FieldDef* field(std::string_view id) const;
};

// Parses and checks a pack; a broken pack gets a Problem (code "invalid_form_pack") naming the field.
Result<FormDefinition> parse_form_definition(const boost::json::value& json);
Result<FormDefinition> load_form_file(const std::filesystem::path& file);
boost::json::object form_to_json(const FormDefinition& form);

// All known forms by (id, version). Older versions stay known so old records keep validating.
class FormRegistry {
 public:
  // Loads every *.json under dir; the first broken pack aborts with its Problem.
  static Result<FormRegistry> load_directory(const std::filesystem::path& dir);
  void add(FormDefinition form);
  const FormDefinition* find(std::string_view id, int version) const;
  const FormDefinition* latest(std::string_view id) const;
  std::vector<const FormDefinition*> latest_all() const;
  std::vector<const FormDefinition*> all() const;

 private:
  std::map<std::pair<std::string, int>, FormDefinition, std::less<>> forms_;
};

// The directory with the packs shipped in the source tree (compile-time default, overridable by the
// FALTLOGG_FORMS_DIR environment variable).
std::filesystem::path default_forms_dir();

}  // namespace faltlogg::core
