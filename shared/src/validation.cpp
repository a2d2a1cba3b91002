#include "faltlogg/core/validation.hpp"

#include "faltlogg/core/identity.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/text_hygiene.hpp"
#include "faltlogg/core/time.hpp"
#include "validation_messages.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <regex>

namespace faltlogg::core {

namespace {

namespace json = boost::json;
namespace msg = validation_messages;

// A reference id when the server supplied no list to check against.
constexpr std::size_t kMaxReferenceIdLength = 64;
// Row and column names in an error path are the sender's; keep them short.
constexpr std::size_t kMaxPathKeyBytes = 64;

using Errors = std::vector<FieldError>;

// A uint64 beyond int64 is certainly out of any pack's range; saturate so the bound check reports it.
std::optional<std::int64_t> as_count(const json::value& v) {
  if (auto number = as_int64(v)) return number;
  if (v.is_uint64()) return std::numeric_limits<std::int64_t>::max();
  return std::nullopt;
}

bool within(const FieldDef& f, std::int64_t v) {
  return v >= f.min.value_or(std::numeric_limits<std::int64_t>::min()) &&
         v <= f.max.value_or(std::numeric_limits<std::int64_t>::max());
}

const Option* find_option(const std::vector<Option>& options, std::string_view value) {
  auto it = std::find_if(options.begin(), options.end(), [&](const Option& o) { return o.value == value; });
  return it == options.end() ? nullptr : &*it;
}

// Characters as a person counts them: UTF-8 code points, not bytes.
std::int64_t count_code_points(std::string_view text) {
  return std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// now + minutes, saturating: a FieldDef built in code may carry any bound, and signed overflow is UB.
// A time further back than this is a typing or clock error (1970 from a reset tablet), not late documentation:
// field contacts are kept 24 months, so such a record would only feed old periods' statistics.
constexpr Millis kMaxPastMillis = Millis{5} * 366 * 24 * 60 * 60 * 1000;

Millis latest_allowed(Millis now, std::int64_t minutes) {
  constexpr Millis kMax = std::numeric_limits<Millis>::max();
  constexpr std::int64_t kMillisPerMinute = 60'000;
  if (minutes > (kMax - std::max<Millis>(now, 0)) / kMillisPerMinute) return kMax;
  return now + minutes * kMillisPerMinute;
}

void check_datetime_text(const FieldDef& f, std::string_view text, Millis now, Errors& errors) {
  auto when = parse_rfc3339(text);
  if (!when) {
    errors.push_back(msg::invalid_datetime(f));
    return;
  }
  if (f.max_future_minutes && *when > latest_allowed(now, *f.max_future_minutes)) {
    errors.push_back(msg::in_future(f));
  } else if (*when < now - kMaxPastMillis) {
    errors.push_back(msg::too_far_back(f));
  }
}

void check_integer(const FieldDef& f, const json::value& v, Errors& errors) {
  auto number = as_count(v);
  if (!number) {
    errors.push_back(msg::wrong_type(f, f.id));
  } else if (!within(f, *number)) {
    errors.push_back(msg::out_of_range(f, f.id));
  }
}

void check_single(const FieldDef& f, const json::value& v, Errors& errors) {
  if (!v.is_string()) {
    errors.push_back(msg::wrong_type(f, f.id));
  } else if (find_option(f.options, v.get_string()) == nullptr) {
    errors.push_back(msg::unknown_value(f));
  }
}

void check_multi(const FieldDef& f, const json::value& v, Errors& errors) {
  const auto* items = v.if_array();
  if (items == nullptr) {
    errors.push_back(msg::wrong_type(f, f.id));
    return;
  }
  if (items->empty() && f.required) {
    errors.push_back(msg::required(f));
    return;
  }
  std::vector<const Option*> chosen;
  for (const auto& item : *items) {
    if (!item.is_string()) {
      errors.push_back(msg::wrong_type(f, f.id));
      return;
    }
    const Option* option = find_option(f.options, item.get_string());
    if (option == nullptr) {
      errors.push_back(msg::unknown_value(f));
      return;
    }
    if (std::find(chosen.begin(), chosen.end(), option) != chosen.end()) {
      errors.push_back(msg::duplicate_value(f));
      return;
    }
    chosen.push_back(option);
  }
  if (chosen.size() < 2) return;
  for (const Option* option : chosen) {
    if (option->exclusive) {
      errors.push_back(msg::exclusive_combined(f, *option));
      return;
    }
  }
}

// Compiling a std::regex costs far more than matching it (~0.2 ms against ~1 µs), and a push validates up
// to 500 records; patterns come only from form packs, so the cache stays as small as the packs.
// Patterns are checked when a pack loads, so compiling here cannot throw for a loaded form.
const std::regex& compiled_pattern(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<const std::regex>, std::less<>> cache;
  const std::lock_guard lock(mutex);
  auto& slot = cache[pattern];
  if (!slot) slot = std::make_unique<const std::regex>(pattern, std::regex::ECMAScript);
  return *slot;
}

// Identifying numbers are checked before format, so the author is told the one thing that matters.
// The detector reads a folded copy, so invisible characters and foreign digits cannot split or disguise a number.
bool refuse_identifying_number(const FieldDef& f, std::string_view text, Errors& errors) {
  if (!f.refuse_identity_numbers) return false;
  // Both: folding joins digit runs that an invisible character split, which can also hide a number's end.
  auto match = find_identifying_number(text);
  if (!match) match = find_identifying_number(fold_for_identity_check(text));
  if (!match) return false;
  errors.push_back(msg::identifying_number(f, match->kind));
  return true;
}

// The value of a string-valued field, or nullopt once the reason there is none has been reported.
std::optional<std::string_view> string_value(const FieldDef& f, const json::value& v, Errors& errors) {
  if (!v.is_string()) {
    errors.push_back(msg::wrong_type(f, f.id));
    return std::nullopt;
  }
  const std::string_view text = v.get_string();
  if (text.empty() && f.required) {
    errors.push_back(msg::required(f));
    return std::nullopt;
  }
  return text;
}

void check_text(const FieldDef& f, const json::value& v, Errors& errors) {
  const auto value = string_value(f, v, errors);
  if (!value) return;
  const std::string_view text = *value;
  const std::int64_t max_length = f.max_length.value_or(f.type == FieldType::code ? kDefaultCodeMaxLength
                                                                                   : std::numeric_limits<std::int64_t>::max());
  if (const auto length = count_code_points(text); length > max_length) {
    errors.push_back(msg::too_long(f, max_length, length));
    return;
  }
  if (const auto forbidden = first_forbidden_code_point(text)) {
    errors.push_back(msg::forbidden_character(f, *forbidden));
    return;
  }
  if (refuse_identifying_number(f, text, errors)) return;
  if (f.type == FieldType::code && f.pattern && !text.empty()) {
    if (!std::regex_match(text.begin(), text.end(), compiled_pattern(*f.pattern))) {
      errors.push_back(msg::pattern_mismatch(f));
    }
  }
}

void check_reference(const FieldDef& f, const json::value& v, const ValidationContext& context, Errors& errors) {
  const auto value = string_value(f, v, errors);
  if (!value) return;
  const std::string_view id = *value;
  auto list = f.reference ? context.references.find(*f.reference) : context.references.end();
  const bool known = list != context.references.end() ? list->second.contains(std::string(id))
                                                       : !id.empty() && id.size() <= kMaxReferenceIdLength;
  if (!known) errors.push_back(msg::unknown_reference(f));
}

// Sums the valid cells; reports every bad row, column or cell with its path (e.g. "youths.flicka.13_15").
std::int64_t check_grid_cells(const FieldDef& f, const json::object& grid, Errors& errors) {
  std::int64_t total = 0;
  for (const auto& row : grid) {
    if (errors.size() > kMaxReportedErrors) break;
    const std::string row_path = f.id + "." + std::string(truncate_utf8(row.key(), kMaxPathKeyBytes));
    if (find_option(f.rows, row.key()) == nullptr) {
      errors.push_back(msg::unknown_row(f, row_path));
      continue;
    }
    const auto* cells = row.value().if_object();
    if (cells == nullptr) {
      errors.push_back(msg::wrong_type(f, row_path));
      continue;
    }
    for (const auto& cell : *cells) {
      if (errors.size() > kMaxReportedErrors) break;
      const std::string cell_path = row_path + "." + std::string(truncate_utf8(cell.key(), kMaxPathKeyBytes));
      auto count = as_count(cell.value());
      if (find_option(f.columns, cell.key()) == nullptr) {
        errors.push_back(msg::unknown_column(f, cell_path));
      } else if (!count) {
        errors.push_back(msg::wrong_type(f, cell_path));
      } else if (!within(f, *count)) {
        errors.push_back(msg::out_of_range(f, cell_path));
      } else {
        total += std::min(*count, std::numeric_limits<std::int64_t>::max() - total);
      }
    }
  }
  return total;
}

bool min_total_waived(const FieldDef& f, const json::object& data) {
  if (f.min_total_unless_field.empty()) return false;
  const auto* other = data.if_contains(f.min_total_unless_field);
  if (other == nullptr || !other->is_string()) return false;
  const std::string_view value = other->get_string();
  return std::find(f.min_total_unless_values.begin(), f.min_total_unless_values.end(), value) !=
         f.min_total_unless_values.end();
}

// A missing grid counts as all zeros, so the minimum total still applies to it.
void check_count_grid(const FormDefinition& form, const FieldDef& f, const json::value* v, const json::object& data,
                      Errors& errors) {
  std::int64_t total = 0;
  if (v != nullptr) {
    const auto* grid = v->if_object();
    if (grid == nullptr) {
      errors.push_back(msg::wrong_type(f, f.id));
      return;
    }
    const std::size_t before = errors.size();
    total = check_grid_cells(f, *grid, errors);
    if (errors.size() != before) return;  // the total of a broken grid means nothing
  }
  if (f.min_total && total < *f.min_total && !min_total_waived(f, data)) {
    errors.push_back(msg::total_too_small(f, form.field(f.min_total_unless_field)));
  }
}

void check_value(const FieldDef& f, const json::value& v, Millis now, const ValidationContext& context,
                 Errors& errors) {
  switch (f.type) {
    case FieldType::datetime:
      if (v.is_string()) {
        check_datetime_text(f, v.get_string(), now, errors);
      } else {
        errors.push_back(msg::wrong_type(f, f.id));
      }
      return;
    case FieldType::integer: return check_integer(f, v, errors);
    case FieldType::single: return check_single(f, v, errors);
    case FieldType::multi: return check_multi(f, v, errors);
    case FieldType::boolean:
      if (!v.is_bool()) errors.push_back(msg::wrong_type(f, f.id));
      return;
    case FieldType::text:
    case FieldType::code: return check_text(f, v, errors);
    case FieldType::reference: return check_reference(f, v, context, errors);
    case FieldType::count_grid: return;  // needs the whole record; see check_count_grid
  }
}

void check_field(const FormDefinition& form, const FieldDef& f, const Record& record, Millis now,
                 const ValidationContext& context, Errors& errors) {
  if (f.id == kOccurredAtField) {
    if (record.occurred_at.empty()) {
      errors.push_back(msg::required(f));
    } else {
      check_datetime_text(f, record.occurred_at, now, errors);
    }
    return;
  }
  const json::value* v = record.data.if_contains(f.id);
  if (v != nullptr && v->is_null()) v = nullptr;  // null is how a client says "no value"
  if (f.type == FieldType::count_grid) {
    if (v == nullptr && f.required) {
      errors.push_back(msg::required(f));
      return;
    }
    return check_count_grid(form, f, v, record.data, errors);
  }
  if (v == nullptr) {
    if (f.required) errors.push_back(msg::required(f));
    return;
  }
  check_value(f, *v, now, context, errors);
}

}  // namespace

std::vector<FieldError> validate_record(const FormDefinition& form, const Record& record,
                                        const ValidationContext& context) {
  Errors errors;
  if (record.form_id != form.id || record.form_version != form.version) {
    errors.push_back(msg::form_mismatch(form));
    return errors;
  }
  if (record.deleted) return errors;
  const Millis now = context.now_ms != 0 ? context.now_ms : now_millis();
  for (const auto& field : form.fields) check_field(form, field, record, now, context, errors);
  for (const auto& member : record.data) {
    if (errors.size() > kMaxReportedErrors) break;
    // occurred_at is a field of the form but travels in the envelope, so inside data it is unknown too.
    if (member.key() == kOccurredAtField || form.field(member.key()) == nullptr) {
      errors.push_back(msg::unknown_field(form, member.key()));
    }
  }
  if (errors.size() > kMaxReportedErrors) {
    errors.resize(kMaxReportedErrors);
    errors.push_back(msg::too_many_errors());
  }
  return errors;
}

Problem validation_problem(const std::vector<FieldError>& errors) {
  std::vector<std::string_view> seen;
  std::string fields;
  for (const auto& e : errors) {
    if (e.field.empty() || std::find(seen.begin(), seen.end(), e.field) != seen.end()) continue;
    seen.push_back(e.field);
    fields += (fields.empty() ? "" : ", ") + e.field;
  }
  const bool capped = !errors.empty() && errors.back().code == "too_many_errors";
  const std::size_t count = capped ? errors.size() - 1 : errors.size();
  const bool one = count == 1;
  const std::string how_many = (capped ? "more than " : "") + std::to_string(count);
  Problem problem = make_problem("validation_failed", 422, "Validation failed",
                                 "The record has " + how_many + (one ? " invalid value (" : " invalid values (") +
                                     fields + (one ? "). Correct it and save again." : "). Correct them and save again."));
  problem.errors = errors;
  return problem;
}

}  // namespace faltlogg::core
