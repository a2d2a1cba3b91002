#include "admin/admin_analytics.hpp"

#include "api/analytics_api.hpp"
#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/criteria_pack.hpp"
#include "faltlogg/analytics/query_params.hpp"
#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/report_options.hpp"
#include "faltlogg/analytics/table_render.hpp"
#include "faltlogg/core/json.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <ostream>

namespace faltlogg::server {

namespace {

constexpr const char* kActor = "admin-cli";

int fail(std::ostream& err, const std::string& message) {
  err << "faltlogg-admin: " << message << "\n";
  return 1;
}

std::optional<std::string> option(const AdminOptions& options, const std::string& name) {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> unknown_option(const AdminOptions& options, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : options) {
    if (std::find(known.begin(), known.end(), name) == known.end()) return "--" + name;
  }
  return std::nullopt;
}

std::optional<int> parse_int(const std::string& text, int min, int max) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

}  // namespace

int admin_criteria_set_target(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err) {
  if (auto bad = unknown_option(options, {"district", "pack", "criterion", "target"})) return fail(err, "unknown option " + *bad);
  auto district = option(options, "district");
  auto pack_id = option(options, "pack");
  auto criterion = option(options, "criterion");
  auto target_text = option(options, "target");
  if (!district || !pack_id || !criterion || !target_text) {
    return fail(err, "criteria set-target needs --district ID --pack P --criterion C --target X");
  }
  if (!store.find_district(*district)) return fail(err, "no district with that id");
  auto packs = analytics::load_criteria_directory(analytics::default_criteria_dir());
  if (!packs) return fail(err, packs.problem().detail);
  const analytics::CriteriaPack* pack = latest_pack_named(*packs, *pack_id);
  if (pack == nullptr) return fail(err, "no criteria pack with that id");
  char* end = nullptr;
  const double target = std::strtod(target_text->c_str(), &end);
  if (target_text->empty() || end != target_text->c_str() + target_text->size() || !std::isfinite(target)) {
    return fail(err, "--target must be a number such as 0.8");
  }
  if (auto ok = analytics::check_target_overrides(*pack, {{*criterion, target}}); !ok) {
    return fail(err, ok.problem().detail);
  }
  if (auto stored = store.set_criteria_target({*district, pack->id, *criterion, target},
                                              {kActor, "criteria_set_target", *district, pack->id + " " + *criterion});
      !stored) {
    return fail(err, stored.problem().detail);
  }
  out << "ok\n";
  return 0;
}

int admin_criteria_set_setting(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err) {
  if (auto bad = unknown_option(options, {"district", "pack", "setting", "value"})) return fail(err, "unknown option " + *bad);
  auto district = option(options, "district");
  auto pack_id = option(options, "pack");
  auto setting = option(options, "setting");
  auto value = option(options, "value");
  if (!district || !pack_id || !setting || !value) {
    return fail(err, "criteria set-setting needs --district ID --pack P --setting c8_age_band|c3_digital --value V");
  }
  if (!store.find_district(*district)) return fail(err, "no district with that id");
  auto packs = analytics::load_criteria_directory(analytics::default_criteria_dir());
  if (!packs) return fail(err, packs.problem().detail);
  const analytics::CriteriaPack* pack = latest_pack_named(*packs, *pack_id);
  if (pack == nullptr) return fail(err, "no criteria pack with that id");
  auto stored = analytics::encode_district_setting(*pack, *setting, *value);
  if (!stored) return fail(err, stored.problem().detail);
  const std::string key = std::string(analytics::kSettingPrefix) + *setting;
  if (auto saved = store.set_criteria_target({*district, pack->id, key, *stored},
                                             {kActor, "criteria_set_setting", *district,
                                              pack->id + " " + *setting + "=" + *value});
      !saved) {
    return fail(err, saved.problem().detail);
  }
  out << "ok\n";
  return 0;
}

int admin_rollups_rebuild(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err) {
  if (auto bad = unknown_option(options, {"from"})) return fail(err, "unknown option " + *bad);
  const std::string from = option(options, "from").value_or(store.retention_horizon().value_or("1970-01-01"));
  auto counted = store.rebuild_rollups(from, {kActor, "rollups_rebuild", "rollup_cell", ""});
  if (!counted) return fail(err, counted.problem().detail);
  out << "rollups rebuilt from " << from << ": " << *counted << " records counted\n";
  return 0;
}

int admin_export_aggregates(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err) {
  analytics::QueryParams params;
  analytics::SuppressionPolicy policy;
  for (const auto& [name, value] : options) {
    if (name == "suppression-k") {
      auto k = parse_int(value, analytics::kMinK, analytics::kMaxK);
      if (!k) return fail(err, "--suppression-k must be 3-10");
      policy.k = *k;
    } else if (name == "district") {
      params["district_id"] = value;
    } else {
      params[name] = value;  // parse_aggregate_query refuses what it does not know
    }
  }
  if (params.count("team_id") != 0) return fail(err, "exports are the evaluator's view: districts at the finest");
  auto query = analytics::parse_aggregate_query(params, analytics::Audience::evaluator, policy);
  if (!query) return fail(err, query.problem().detail);
  auto aggregate = build_aggregate_from_store(store, query->request);
  if (!aggregate) return fail(err, aggregate.problem().detail);
  // The export is audited before anything is written out; without its audit row there is no export.
  if (auto audited = store.append_audit({kActor, "export_aggregate", query->request.scope.district_id.value_or("*"),
                                         "measure=" + query->request.measure +
                                             " from=" + analytics::format_date(query->request.period.from) +
                                             " to=" + analytics::format_date(query->request.period.to)});
      !audited) {
    return fail(err, audited.problem().detail);
  }
  if (query->format == analytics::OutputFormat::csv) {
    out << analytics::aggregate_to_csv(*aggregate);
  } else {
    out << core::to_json_text(analytics::aggregate_to_json(*aggregate)) << "\n";
  }
  return 0;
}

core::Millis retention_cutoff(core::Millis now, int months) {
  using namespace std::chrono;
  const analytics::Date today = analytics::to_stockholm_local(now).date;
  const year_month_day first = year_month_day{today.year() / today.month() / 1} - std::chrono::months(months);
  const core::Millis utc_midnight = duration_cast<milliseconds>(sys_days(first).time_since_epoch()).count();
  // Stockholm is UTC+1 or +2, and clocks never change at local midnight, so the offset an hour
  // before UTC midnight is the one at local midnight.
  const int offset_minutes = analytics::stockholm_utc_offset_minutes(utc_midnight - 3'600'000);
  return utc_midnight - static_cast<core::Millis>(offset_minutes) * 60'000;
}

int admin_retention_run(Store& store, const AdminOptions& options, core::Millis now, std::ostream& out,
                        std::ostream& err) {
  if (auto bad = unknown_option(options, {"months", "family-months"})) return fail(err, "unknown option " + *bad);
  // At least a year: a shorter period is far more likely a typo than policy, and cannot be undone.
  auto months = parse_int(option(options, "months").value_or(std::to_string(kDefaultFieldContactRetentionMonths)), 12, 1200);
  if (!months) return fail(err, "--months must be a whole number of months, 12-1200");
  std::vector<std::pair<std::string, int>> plans{{std::string(analytics::kFieldContactForm), *months}};
  if (auto family = option(options, "family-months")) {
    auto family_months = parse_int(*family, 12, 1200);
    if (!family_months) return fail(err, "--family-months must be a whole number of months, 12-1200");
    plans.emplace_back(std::string(analytics::kFamilySessionForm), *family_months);
  }
  for (const auto& [form, form_months] : plans) {
    const core::Millis cutoff = retention_cutoff(now, form_months);
    auto outcome = store.purge_records({form, cutoff}, {kActor, "retention_run", form, ""});
    if (!outcome) return fail(err, outcome.problem().detail);
    out << form << ": " << outcome->purged_records << " records before " << core::format_rfc3339(cutoff)
        << " purged; rollups kept\n";
  }
  return 0;
}

}  // namespace faltlogg::server
