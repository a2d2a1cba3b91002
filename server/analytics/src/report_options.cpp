#include "faltlogg/analytics/report_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>

namespace faltlogg::server::analytics {

namespace chr = std::chrono;

namespace {

// The v2 age bands C8 may count, with their ages.
struct AgeBand {
  std::string_view counter;
  int from;
  int to;
};
constexpr std::array<AgeBand, 4> kBands = {{{"youths.10_12", 10, 12}, {"youths.13_15", 13, 15},
                                            {"youths.16_17", 16, 17}, {"youths.18_20", 18, 20}}};

bool is_age_band_share(const CriterionDef& c) {
  if (c.indicator.kind != IndicatorKind::share || c.indicator.numerator.counters.empty()) return false;
  return std::all_of(c.indicator.numerator.counters.begin(), c.indicator.numerator.counters.end(), [](const auto& n) {
    return std::any_of(kBands.begin(), kBands.end(), [&](const AgeBand& b) { return b.counter == n; });
  });
}

bool is_arena_count(const CriterionDef& c) {
  return c.indicator.kind == IndicatorKind::distinct_per_month && c.indicator.dimension == "arena";
}

bool applies(const CriteriaPack& pack, std::string_view name) {
  return std::any_of(pack.criteria.begin(), pack.criteria.end(), [&](const CriterionDef& c) {
    return name == kAgeBandSetting ? is_age_band_share(c) : name == kDigitalSetting && is_arena_count(c);
  });
}

core::Problem invalid(std::string detail) {
  return core::make_problem("invalid_setting", 422, "Invalid district setting", std::move(detail));
}

std::optional<int> number_in(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string_view> named_period_kind(const ReportPeriod& period) {
  if (!covers_whole_months(period) || period.from.year() != period.to.year()) return std::nullopt;
  const auto first = static_cast<unsigned>(period.from.month());
  const auto last = static_cast<unsigned>(period.to.month());
  if (first == last) return "month";
  if (first == 1 && last == 12) return "year";
  if (last == first + 3 && (first == 1 || first == 5 || first == 9)) return "tertial";
  return std::nullopt;
}

core::Status check_evaluator_report_period(const ReportPeriod& period) {
  if (named_period_kind(period)) return core::Ok{};
  return core::make_problem("invalid_period", 400, "Month, tertial or year",
                            "evaluators' criteria reports cover a month (from=2026-03-01&to=2026-03-31), a tertial "
                            "(T1 jan-apr, T2 maj-aug, T3 sep-dec: from=2026-05-01&to=2026-08-31) or a calendar year "
                            "(from=2026-01-01&to=2026-12-31); send one of those");
}

DistrictSettings take_district_settings(TargetOverrides& overrides) {
  DistrictSettings settings;
  for (auto it = overrides.begin(); it != overrides.end();) {
    if (!it->first.starts_with(kSettingPrefix)) {
      ++it;
      continue;
    }
    const std::string_view name = std::string_view(it->first).substr(kSettingPrefix.size());
    const auto stored = static_cast<int>(std::lround(it->second));
    if (name == kAgeBandSetting && stored / 100 <= stored % 100) {
      settings.age_band = std::pair{stored / 100, stored % 100};
    } else if (name == kDigitalSetting) {
      settings.digital_counts = stored != 0;
    }
    it = overrides.erase(it);
  }
  return settings;
}

core::Result<double> encode_district_setting(const CriteriaPack& pack, std::string_view name, std::string_view value) {
  if (name != kAgeBandSetting && name != kDigitalSetting) {
    return invalid("unknown setting: use c8_age_band (e.g. 10-20) or c3_digital (on or off)");
  }
  if (!applies(pack, name)) return invalid("pack " + pack.id + " has no criterion this setting applies to");
  if (name == kDigitalSetting) {
    if (value == "on") return 1.0;
    if (value == "off") return 0.0;
    return invalid("c3_digital must be on or off");
  }
  const auto dash = value.find('-');
  const auto from = dash == std::string_view::npos ? std::nullopt : number_in(value.substr(0, dash));
  const auto to = dash == std::string_view::npos ? std::nullopt : number_in(value.substr(dash + 1));
  const bool from_ok = from && std::any_of(kBands.begin(), kBands.end(), [&](const AgeBand& b) { return b.from == *from; });
  const bool to_ok = to && std::any_of(kBands.begin(), kBands.end(), [&](const AgeBand& b) { return b.to == *to; });
  if (!from_ok || !to_ok || *from > *to) {
    return invalid("c8_age_band must be FROM-TO with FROM 10, 13, 16 or 18 and TO 12, 15, 17 or 20 (e.g. 10-20 or 13-17)");
  }
  return static_cast<double>(*from * 100 + *to);
}

std::string describe_district_setting(std::string_view name, double stored) {
  const auto value = static_cast<int>(std::lround(stored));
  if (name == kDigitalSetting) return value != 0 ? "on" : "off";
  return std::to_string(value / 100) + "-" + std::to_string(value % 100);
}

CriteriaPack pack_for_district(const CriteriaPack& pack, const DistrictSettings& settings) {
  CriteriaPack out = pack;
  for (CriterionDef& c : out.criteria) {
    if (is_age_band_share(c) && settings.age_band) {
      c.indicator.numerator.counters.clear();
      for (const AgeBand& band : kBands) {
        if (band.from >= settings.age_band->first && band.to <= settings.age_band->second) {
          c.indicator.numerator.counters.emplace_back(band.counter);
        }
      }
    } else if (is_arena_count(c) && settings.digital_counts) {
      auto& excluded = c.indicator.value.where_not["arena"];
      std::erase(excluded, "digital");
      std::erase(c.indicator.required_values, "digital");
      if (!*settings.digital_counts) excluded.emplace_back("digital");
      if (excluded.empty()) c.indicator.value.where_not.erase("arena");
    }
  }
  return out;
}

boost::json::object district_settings_json(const CriteriaPack& pack) {
  boost::json::object out;
  for (const CriterionDef& c : pack.criteria) {
    if (is_age_band_share(c)) {
      int from = 99, to = 0;
      for (const AgeBand& band : kBands) {
        const auto& counters = c.indicator.numerator.counters;
        if (std::find(counters.begin(), counters.end(), band.counter) == counters.end()) continue;
        from = std::min(from, band.from);
        to = std::max(to, band.to);
      }
      out[kAgeBandSetting] = std::to_string(from) + "-" + std::to_string(to);
    } else if (is_arena_count(c)) {
      const auto it = c.indicator.value.where_not.find("arena");
      out[kDigitalSetting] = it == c.indicator.value.where_not.end() ||
                             std::find(it->second.begin(), it->second.end(), "digital") == it->second.end();
    }
  }
  return out;
}

std::string_view status_words_sv(CriterionStatus status) {
  switch (status) {
    case CriterionStatus::met: return "inom lokalt mål";
    case CriterionStatus::not_met: return "utanför lokalt mål";
    case CriterionStatus::insufficient_data: return "för lite underlag";
    case CriterionStatus::informational: return "uppföljning utan mål";
  }
  return "för lite underlag";
}

std::string_view status_words_en(CriterionStatus status) {
  switch (status) {
    case CriterionStatus::met: return "within local target";
    case CriterionStatus::not_met: return "outside local target";
    case CriterionStatus::insufficient_data: return "too little data";
    case CriterionStatus::informational: return "follow-up without target";
  }
  return "too little data";
}

namespace {

std::optional<CriterionStatus> status_from_code(std::string_view code) {
  for (auto status : {CriterionStatus::met, CriterionStatus::not_met, CriterionStatus::insufficient_data,
                      CriterionStatus::informational}) {
    if (to_string(status) == code) return status;
  }
  return std::nullopt;
}

std::string csv_text(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), ';', ',');  // one field per line beside its heading
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

}  // namespace

void add_report_words(boost::json::object& rendered, const CriteriaPack& pack, const ReportPeriod& period) {
  if (auto* block = rendered.if_contains("pack"); block != nullptr && block->is_object()) {
    auto& p = block->get_object();
    p["title_sv"] = pack.title_sv;
    p["title_en"] = pack.title_en;
    if (!pack.about_sv.empty()) p["about"] = {{"sv", pack.about_sv}, {"en", pack.about_en}};
  }
  if (auto* block = rendered.if_contains("period"); block != nullptr && block->is_object()) {
    const auto kind = named_period_kind(period);
    block->get_object()["kind"] = kind ? boost::json::value(*kind) : boost::json::value("days");
  }
  auto* criteria = rendered.if_contains("criteria");
  if (criteria == nullptr || !criteria->is_array()) return;
  for (auto& item : criteria->get_array()) {
    auto& c = item.as_object();
    const CriterionDef* def = pack.find(c.at("id").as_string());
    if (def != nullptr && !def->source_note.empty()) c["source_note"] = def->source_note;
    if (def != nullptr && !def->section_sv.empty()) c["section"] = {{"sv", def->section_sv}, {"en", def->section_en}};
    if (const auto status = status_from_code(c.at("status").as_string())) {
      c["status_text"] = {{"sv", status_words_sv(*status)}, {"en", status_words_en(*status)}};
    }
  }
}

std::string with_csv_report_words(std::string csv, const CriteriaPack& pack, const ReportPeriod& period) {
  static constexpr std::string_view kBom = "\xEF\xBB\xBF";
  std::string lines = "Kriteriepaket;" + csv_text(pack.title_sv) + " (" + pack.id + " v" +
                      std::to_string(pack.version) + ")\r\n";
  if (!pack.about_sv.empty()) lines += "Indikatorer;" + csv_text(pack.about_sv) + "\r\n";
  const auto kind = named_period_kind(period);
  lines += "Period;" + format_date(period.from) + " – " + format_date(period.to) +
           (kind ? " (" + std::string(*kind == "month" ? "månad" : *kind == "year" ? "år" : "tertial") + ")" : "") +
           "\r\n";
  const std::size_t at = csv.starts_with(kBom) ? kBom.size() : 0;
  csv.insert(at, lines);
  return csv;
}

}  // namespace faltlogg::server::analytics
