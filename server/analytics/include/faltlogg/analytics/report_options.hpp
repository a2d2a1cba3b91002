// What version 2 adds around a criteria report (decisions 0071, 0073): the periods evaluators may ask
// for, and the settings each district decides (the age band C8 counts, whether digital counts for C3).
#pragma once

#include "faltlogg/analytics/criteria_report.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace faltlogg::server::analytics {

// "month", "tertial" (T1 jan-apr, T2 maj-aug, T3 sep-dec) or "year" when the period is exactly one of
// them, else nullopt.
std::optional<std::string_view> named_period_kind(const ReportPeriod& period);
// Evaluators' criteria reports: a month, a tertial or a calendar year, else 400 invalid_period naming them.
core::Status check_evaluator_report_period(const ReportPeriod& period);

// Per-district settings, stored beside the district's targets (criteria_target, criterion id
// "setting.<name>") so they are set, audited and read the same way.
// Unset: the pack as written (faltarbete-aktivitet v2: ages 10-20, digital not counted).
struct DistrictSettings {
  std::optional<std::pair<int, int>> age_band;  // C8's band, inclusive: from 10, 13, 16, 18 to 12, 15, 17, 20
  std::optional<bool> digital_counts;           // C3: whether `digital` counts as an arena
};
inline constexpr std::string_view kSettingPrefix = "setting.";
inline constexpr std::string_view kAgeBandSetting = "c8_age_band";  // "10-20"
inline constexpr std::string_view kDigitalSetting = "c3_digital";   // "on" / "off"

// Takes the settings out of a district's overrides (what is left are targets) and reads them.
DistrictSettings take_district_settings(TargetOverrides& overrides);
// A setting as the admin types it -> the number stored, or 422 invalid_setting saying what to send.
// Refused too when `pack` has no criterion the setting applies to.
core::Result<double> encode_district_setting(const CriteriaPack& pack, std::string_view name, std::string_view value);
// The stored number back as the admin typed it ("13-17", "on").
std::string describe_district_setting(std::string_view name, double stored);
// The pack as the district's settings have it: C8-like criteria (a share of youths by age band) count the
// bands inside the band, C3-like ones (distinct arenas) count `digital` when enabled.
CriteriaPack pack_for_district(const CriteriaPack& pack, const DistrictSettings& settings);
// For the report's metadata: the settings in effect in this (already adjusted) pack, by name, as typed.
boost::json::object district_settings_json(const CriteriaPack& pack);

// The words of version 2 in a rendered report (report_to_json's object): the pack's titles and what its
// indicators are ("aktivitetsindikatorer med lokala mål"), each criterion's source note and section, the
// status in words ("inom lokalt mål" / "utanför lokalt mål" / "för lite underlag") and the period kind.
void add_report_words(boost::json::object& rendered, const CriteriaPack& pack, const ReportPeriod& period);
// The same words as CSV header lines, put after the BOM of report_to_csv's output.
std::string with_csv_report_words(std::string csv, const CriteriaPack& pack, const ReportPeriod& period);
// The status in words, Swedish and English: every target is local (DOMAIN.md), so the words say so.
std::string_view status_words_sv(CriterionStatus status);
std::string_view status_words_en(CriterionStatus status);

}  // namespace faltlogg::server::analytics
