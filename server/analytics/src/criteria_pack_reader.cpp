#include "criteria_pack_reader.hpp"

#include "faltlogg/core/json.hpp"

#include <algorithm>
#include <cmath>

namespace faltlogg::server::analytics::detail {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxTitleBytes = 200;
constexpr std::size_t kMaxCriteria = 100;
constexpr std::size_t kMaxListItems = 100;
constexpr std::size_t kMaxBeside = 20;
constexpr std::size_t kMaxNoteBytes = 300;

}  // namespace

const std::vector<KindInfo>& indicator_kinds() {
  static const std::vector<KindInfo> table = {
      {IndicatorKind::share, "share", {"records", "numerator", "denominator"}},
      {IndicatorKind::per_team_month, "per_team_month", {"records", "total", "team_months"}},
      {IndicatorKind::distinct_per_month, "distinct_per_month", {"records", "months", "least_month_total"}},
      {IndicatorKind::per_case_month, "per_case_month", {"records", "total", "case_months"}},
      {IndicatorKind::case_trend_share, "case_trend_share", {"records", "cases", "cases_with_trend"}},
      {IndicatorKind::distribution, "distribution", {"records", "total"}},
      {IndicatorKind::case_distribution, "case_distribution", {"records", "cases", "mean_total"}},
  };
  return table;
}

bool is_identifier(std::string_view text, std::size_t max_len) {
  return !text.empty() && text.size() <= max_len && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

core::Problem PackReader::fail(std::string_view where, std::string_view what) const {
  std::string detail = where_prefix_ + std::string(where) + " " + std::string(what);
  return core::make_problem("invalid_criteria_pack", 422, "Invalid criteria pack", std::move(detail));
}

core::Status PackReader::known(const json::object& obj, std::string_view where,
                               std::initializer_list<std::string_view> keys) {
  for (const auto& member : obj) {
    if (std::find(keys.begin(), keys.end(), member.key()) == keys.end()) {
      return fail(where, "has unknown member " + core::quote_for_detail(member.key()));
    }
  }
  return core::Ok{};
}

core::Status PackReader::optional_texts(const json::object& obj,
                                        std::initializer_list<std::pair<std::string_view, std::string*>> wanted) {
  for (const auto& [key, out] : wanted) {
    if (!obj.contains(key)) continue;
    auto value = text(obj, key, kMaxNoteBytes);
    if (!value) return value.problem();
    *out = std::move(*value);
  }
  return core::Ok{};
}

core::Result<std::string> PackReader::text(const json::object& obj, std::string_view key, std::size_t max_len) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().empty() || v->get_string().size() > max_len) {
    return fail(key, "must be a non-empty string of at most " + std::to_string(max_len) + " bytes");
  }
  return std::string(v->get_string());
}

core::Result<std::vector<std::string>> PackReader::identifiers(const json::value& v, std::string_view where,
                                                               bool allow_empty) {
  const json::array* items = v.if_array();
  if (items == nullptr || (!allow_empty && items->empty()) || items->size() > kMaxListItems) {
    return fail(where, "must be a list of 1-" + std::to_string(kMaxListItems) + " names");
  }
  std::vector<std::string> out;
  for (const json::value& item : *items) {
    if (!item.is_string() || !is_identifier(item.get_string(), 64)) {
      return fail(where, "holds something that is not a name ([A-Za-z0-9_.-], at most 64)");
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

core::Status PackReader::filters(const json::object& obj, std::string_view key, RollupKind rollup,
                                 std::map<std::string, std::vector<std::string>>& into) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) return core::Ok{};
  if (!v->is_object() || v->get_object().empty()) return fail(key, "must be an object of dimension -> values");
  const auto& dims = dimensions_of(rollup);
  for (const auto& member : v->get_object()) {
    if (std::find(dims.begin(), dims.end(), member.key()) == dims.end() || member.key() == "case_key") {
      return fail(key, "names dimension " + core::quote_for_detail(member.key()) + " that " +
                           std::string(to_string(rollup)) + " rollups do not have");
    }
    auto values = identifiers(member.value(), std::string(key) + "." + std::string(member.key()), false);
    if (!values) return values.problem();
    into[std::string(member.key())] = std::move(*values);
  }
  return core::Ok{};
}

core::Result<CounterSum> PackReader::counter_sum(const json::object& parent, std::string_view key,
                                                 RollupKind rollup) {
  const json::value* v = parent.if_contains(key);
  if (v == nullptr || !v->is_object()) return fail(key, "must be an object with \"counters\"");
  const json::object& obj = v->get_object();
  if (auto ok = known(obj, key, {"counters", "where", "where_not"}); !ok) return ok.problem();
  const json::value* list = obj.if_contains("counters");
  if (list == nullptr) return fail(key, "needs \"counters\"");
  CounterSum sum;
  auto names = identifiers(*list, std::string(key) + ".counters", false);
  if (!names) return names.problem();
  for (const auto& name : *names) {
    if (!is_known_counter(rollup, name)) {
      return fail(std::string(key) + ".counters", "names counter " + core::quote_for_detail(name) + " that " +
                                                      std::string(to_string(rollup)) + " rollups do not have");
    }
  }
  sum.counters = std::move(*names);
  if (auto ok = filters(obj, "where", rollup, sum.where); !ok) return ok.problem();
  if (auto ok = filters(obj, "where_not", rollup, sum.where_not); !ok) return ok.problem();
  return sum;
}

core::Result<IndicatorDef> PackReader::indicator(const json::object& parent) {
  const json::value* v = parent.if_contains("indicator");
  if (v == nullptr || !v->is_object()) return fail("indicator", "must be an object");
  const json::object& obj = v->get_object();
  if (auto ok = known(obj, "indicator",
                      {"kind", "rollup", "numerator", "denominator", "value", "dimension", "counter_prefix",
                       "required_values", "mean_of", "beside"});
      !ok) {
    return ok.problem();
  }
  IndicatorDef def;
  auto kind_name = text(obj, "kind", 64);
  if (!kind_name) return kind_name.problem();
  const auto& table = indicator_kinds();
  const auto kind = std::find_if(table.begin(), table.end(), [&](const KindInfo& k) { return k.name == *kind_name; });
  if (kind == table.end()) return fail("indicator.kind", "is unknown: " + core::quote_for_detail(*kind_name));
  def.kind = kind->kind;
  auto rollup_name = text(obj, "rollup", 64);
  if (!rollup_name) return rollup_name.problem();
  const auto rollup = rollup_kind_from_string(*rollup_name);
  if (!rollup) return fail("indicator.rollup", "is unknown: " + core::quote_for_detail(*rollup_name));
  def.rollup = *rollup;
  if (auto ok = indicator_parts(obj, def); !ok) return ok.problem();
  if (auto ok = beside_sums(obj, def); !ok) return ok.problem();
  return def;
}

// Which members each kind needs, allows and forbids; a member a kind would ignore is an error, so a pack
// author never believes a filter applies when it does not.
core::Status PackReader::indicator_parts(const json::object& obj, IndicatorDef& def) {
  const bool is_share = def.kind == IndicatorKind::share;
  const bool by_case = def.kind == IndicatorKind::case_distribution;
  const bool needs_value = def.kind == IndicatorKind::per_team_month || def.kind == IndicatorKind::per_case_month ||
                           def.kind == IndicatorKind::distinct_per_month || by_case;
  const bool on_cases =
      def.kind == IndicatorKind::per_case_month || def.kind == IndicatorKind::case_trend_share || by_case;
  if (on_cases != (def.rollup == RollupKind::case_monthly)) {
    return fail("indicator.rollup", on_cases ? "must be case_monthly for this kind"
                                             : "may not be case_monthly for this kind");
  }
  if (is_share != (obj.contains("numerator") && obj.contains("denominator")) ||
      (!is_share && (obj.contains("numerator") || obj.contains("denominator")))) {
    return fail("indicator", is_share ? "of kind share needs numerator and denominator"
                                      : "has numerator/denominator, which only kind share uses");
  }
  if (is_share) {
    auto numerator = counter_sum(obj, "numerator", def.rollup);
    if (!numerator) return numerator.problem();
    auto denominator = counter_sum(obj, "denominator", def.rollup);
    if (!denominator) return denominator.problem();
    def.numerator = std::move(*numerator);
    def.denominator = std::move(*denominator);
  }
  const bool by_dimension = def.kind == IndicatorKind::distinct_per_month ||
                            (def.kind == IndicatorKind::distribution && !obj.contains("counter_prefix"));
  const bool by_prefix = (def.kind == IndicatorKind::distribution && obj.contains("counter_prefix")) || by_case;
  if (needs_value || by_dimension) {
    auto value = counter_sum(obj, "value", def.rollup);
    if (!value) return value.problem();
    def.value = std::move(*value);
  } else if (obj.contains("value")) {
    return fail("indicator.value", "is not used by this kind");
  }
  if (by_dimension) {
    auto dimension = text(obj, "dimension", 64);
    if (!dimension) return dimension.problem();
    const auto& dims = dimensions_of(def.rollup);
    if (std::find(dims.begin(), dims.end(), *dimension) == dims.end() || *dimension == "case_key") {
      return fail("indicator.dimension", "is not a dimension of " + std::string(to_string(def.rollup)));
    }
    def.dimension = std::move(*dimension);
  } else if (obj.contains("dimension")) {
    return fail("indicator.dimension", "is not used by this kind");
  }
  if (by_prefix) {
    auto prefix = text(obj, "counter_prefix", 64);
    if (!prefix) return prefix.problem();
    if (prefix->back() != '.' || !is_known_counter(def.rollup, *prefix + "x")) {
      return fail("indicator.counter_prefix", "is not a counter prefix of " + std::string(to_string(def.rollup)));
    }
    def.counter_prefix = std::move(*prefix);
  }
  if (obj.contains("mean_of")) {
    if (!by_case) return fail("indicator.mean_of", "is only used by kind case_distribution");
    auto mean_of = counter_sum(obj, "mean_of", def.rollup);
    if (!mean_of) return mean_of.problem();
    def.mean_of = std::move(*mean_of);
  }
  if (const json::value* required = obj.if_contains("required_values")) {
    if (def.kind != IndicatorKind::distinct_per_month) return fail("indicator.required_values", "is not used here");
    auto values = identifiers(*required, "indicator.required_values", false);
    if (!values) return values.problem();
    def.required_values = std::move(*values);
  }
  return core::Ok{};
}

// Named sums beside the value; each label is a breakdown entry, so it may not clash with another.
core::Status PackReader::beside_sums(const json::object& obj, IndicatorDef& def) {
  const json::value* v = obj.if_contains("beside");
  if (v == nullptr) return core::Ok{};
  if (!v->is_object() || v->get_object().empty() || v->get_object().size() > kMaxBeside) {
    return fail("indicator.beside", "must be an object of 1-" + std::to_string(kMaxBeside) + " label -> sum");
  }
  if (def.kind == IndicatorKind::distribution || def.kind == IndicatorKind::case_distribution ||
      def.kind == IndicatorKind::distinct_per_month || def.kind == IndicatorKind::case_trend_share) {
    return fail("indicator.beside", "is not used by this kind (it has a breakdown of its own)");
  }
  for (const auto& member : v->get_object()) {
    if (!is_identifier(member.key(), 32)) return fail("indicator.beside", "has a label that is not a short name");
    auto sum = counter_sum(v->get_object(), member.key(), def.rollup);
    if (!sum) return sum.problem();
    def.beside[std::string(member.key())] = std::move(*sum);
  }
  return core::Ok{};
}

core::Status PackReader::target_and_minimum(const json::object& obj, CriterionDef& def) {
  const json::value* comparison = obj.if_contains("comparison");
  const json::value* target = obj.if_contains("target");
  if ((comparison == nullptr) != (target == nullptr)) return fail("target", "and comparison come together");
  if (target != nullptr) {
    if (!comparison->is_string() ||
        (comparison->get_string() != "at_least" && comparison->get_string() != "at_most")) {
      return fail("comparison", "must be \"at_least\" or \"at_most\"");
    }
    if (!target->is_number() || !std::isfinite(target->to_number<double>()) || target->to_number<double>() < 0) {
      return fail("target", "must be a finite non-negative number");
    }
    const bool is_share = def.indicator.kind == IndicatorKind::share || def.indicator.kind == IndicatorKind::case_trend_share;
    if (is_share && target->to_number<double>() > 1) return fail("target", "of a share must be within 0-1");
    if (def.indicator.kind == IndicatorKind::distribution || def.indicator.kind == IndicatorKind::case_distribution) {
      return fail("target", "makes no sense for a distribution");
    }
    def.target = Target{comparison->get_string() == "at_least" ? Comparison::at_least : Comparison::at_most,
                        target->to_number<double>()};
  }
  const json::value* minimum = obj.if_contains("minimum_data");
  if (minimum == nullptr || !minimum->is_object() || minimum->get_object().empty()) {
    return fail("minimum_data", "is required: an object of measure -> least value");
  }
  const auto& table = indicator_kinds();
  const auto& measures =
      std::find_if(table.begin(), table.end(), [&](const KindInfo& k) { return k.kind == def.indicator.kind; })->measures;
  for (const auto& member : minimum->get_object()) {
    if (std::find(measures.begin(), measures.end(), member.key()) == measures.end()) {
      return fail("minimum_data", "names " + core::quote_for_detail(member.key()) + ", which this kind does not measure");
    }
    if (!member.value().is_number() || !std::isfinite(member.value().to_number<double>()) ||
        member.value().to_number<double>() < 0) {
      return fail("minimum_data." + std::string(member.key()), "must be a finite non-negative number");
    }
    def.minimum_data[std::string(member.key())] = member.value().to_number<double>();
  }
  return core::Ok{};
}

core::Result<CriterionDef> PackReader::criterion(const json::value& v, std::size_t index) {
  where_prefix_ = "criterion #" + std::to_string(index + 1) + ": ";
  if (!v.is_object()) return fail("", "is not an object");
  const json::object& obj = v.get_object();
  CriterionDef def;
  auto id = text(obj, "id", 32);
  if (!id || !is_identifier(*id, 32)) return fail("id", "must be a short name ([A-Za-z0-9_.-])");
  def.id = std::move(*id);
  where_prefix_ = "criterion " + def.id + ": ";
  if (auto ok = known(obj, "criterion",
                      {"id", "title_sv", "title_en", "source_note", "section_sv", "section_en", "indicator",
                       "comparison", "target", "minimum_data"});
      !ok) {
    return ok.problem();
  }
  auto title_sv = text(obj, "title_sv", kMaxTitleBytes);
  if (!title_sv) return title_sv.problem();
  auto title_en = text(obj, "title_en", kMaxTitleBytes);
  if (!title_en) return title_en.problem();
  def.title_sv = std::move(*title_sv);
  def.title_en = std::move(*title_en);
  if (auto ok = optional_texts(obj, {{"source_note", &def.source_note}, {"section_sv", &def.section_sv},
                                     {"section_en", &def.section_en}});
      !ok) {
    return ok.problem();
  }
  if (def.section_sv.empty() != def.section_en.empty()) return fail("section_sv", "and section_en come together");
  auto indicator_def = indicator(obj);
  if (!indicator_def) return indicator_def.problem();
  def.indicator = std::move(*indicator_def);
  if (auto ok = target_and_minimum(obj, def); !ok) return ok.problem();
  return def;
}

core::Result<CriteriaPack> PackReader::read(const json::value& root) {
  where_prefix_ = "pack: ";
  if (!root.is_object()) return fail("", "is not a JSON object");
  const json::object& obj = root.get_object();
  if (auto ok = known(obj, "pack", {"id", "version", "title_sv", "title_en", "about_sv", "about_en", "form_id",
                                    "default_for_form", "criteria"});
      !ok) {
    return ok.problem();
  }
  CriteriaPack pack;
  auto id = text(obj, "id", 64);
  if (!id || !is_identifier(*id, 64)) return fail("id", "must be a name ([A-Za-z0-9_.-], at most 64)");
  pack.id = std::move(*id);
  where_prefix_ = "pack " + pack.id + ": ";
  const json::value* version = obj.if_contains("version");
  if (version == nullptr || !version->is_int64() || version->get_int64() < 1 || version->get_int64() > 1000000) {
    return fail("version", "must be a positive integer");
  }
  pack.version = static_cast<int>(version->get_int64());
  auto title_sv = text(obj, "title_sv", kMaxTitleBytes);
  if (!title_sv) return title_sv.problem();
  auto title_en = text(obj, "title_en", kMaxTitleBytes);
  if (!title_en) return title_en.problem();
  auto form_id = text(obj, "form_id", 64);
  if (!form_id) return form_id.problem();
  pack.title_sv = std::move(*title_sv);
  pack.title_en = std::move(*title_en);
  pack.form_id = std::move(*form_id);
  if (auto ok = optional_texts(obj, {{"about_sv", &pack.about_sv}, {"about_en", &pack.about_en}}); !ok) return ok.problem();
  if (pack.about_sv.empty() != pack.about_en.empty()) return fail("about_sv", "and about_en come together");
  if (const json::value* flag = obj.if_contains("default_for_form")) {
    if (!flag->is_bool()) return fail("default_for_form", "must be true or false");
    pack.default_for_form = flag->get_bool();
  }
  const json::value* criteria = obj.if_contains("criteria");
  if (criteria == nullptr || !criteria->is_array() || criteria->get_array().empty() ||
      criteria->get_array().size() > kMaxCriteria) {
    return fail("criteria", "must be a list of 1-" + std::to_string(kMaxCriteria) + " criteria");
  }
  for (std::size_t i = 0; i < criteria->get_array().size(); ++i) {
    auto def = criterion(criteria->get_array()[i], i);
    if (!def) return def.problem();
    if (pack.find(def->id) != nullptr) return fail("id", "is used by two criteria");
    pack.criteria.push_back(std::move(*def));
  }
  return pack;
}

}  // namespace faltlogg::server::analytics::detail
