#include "faltlogg/analytics/criteria_pack.hpp"

#include "criteria_pack_reader.hpp"
#include "faltlogg/core/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace faltlogg::server::analytics {

namespace {

constexpr std::uintmax_t kMaxPackBytes = 1024 * 1024;

core::Problem unreadable(const std::filesystem::path& file, std::string_view why) {
  return core::make_problem("invalid_criteria_pack", 422, "Invalid criteria pack",
                            file.filename().string() + ": " + std::string(why));
}

}  // namespace

std::string_view to_string(IndicatorKind kind) {
  for (const auto& info : detail::indicator_kinds()) {
    if (info.kind == kind) return info.name;
  }
  return "share";
}

std::string_view to_string(Comparison comparison) {
  return comparison == Comparison::at_least ? "at_least" : "at_most";
}

std::vector<std::string_view> measures_of(IndicatorKind kind) {
  for (const auto& info : detail::indicator_kinds()) {
    if (info.kind == kind) return info.measures;
  }
  return {};
}

const CriterionDef* CriteriaPack::find(std::string_view criterion_id) const {
  const auto it = std::find_if(criteria.begin(), criteria.end(),
                               [&](const CriterionDef& c) { return c.id == criterion_id; });
  return it == criteria.end() ? nullptr : &*it;
}

core::Result<CriteriaPack> parse_criteria_pack(const boost::json::value& json) {
  return detail::PackReader{}.read(json);
}

core::Result<CriteriaPack> load_criteria_pack_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return unreadable(file, "cannot be read");
  if (size > kMaxPackBytes) return unreadable(file, "is larger than 1 MiB");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in && !in.eof()) return unreadable(file, "cannot be read");
  auto json = core::parse_json(content.str());
  if (!json) return unreadable(file, json.problem().detail);
  auto pack = parse_criteria_pack(*json);
  if (!pack) {
    core::Problem problem = pack.problem();
    problem.detail = file.filename().string() + ": " + problem.detail;
    return problem;
  }
  return pack;
}

core::Result<std::vector<CriteriaPack>> load_criteria_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (ec) return unreadable(dir, "is not a readable directory");
  std::sort(files.begin(), files.end());
  std::vector<CriteriaPack> packs;
  for (const auto& file : files) {
    auto pack = load_criteria_pack_file(file);
    if (!pack) return pack.problem();
    const bool clash = std::any_of(packs.begin(), packs.end(), [&](const CriteriaPack& p) {
      return p.id == pack->id && p.version == pack->version;
    });
    if (clash) return unreadable(file, "repeats pack " + pack->id + " v" + std::to_string(pack->version));
    packs.push_back(std::move(*pack));
  }
  std::sort(packs.begin(), packs.end(), [](const CriteriaPack& a, const CriteriaPack& b) {
    return std::tie(a.id, a.version) < std::tie(b.id, b.version);
  });
  return packs;
}

std::filesystem::path default_criteria_dir() {
  if (const char* dir = std::getenv("FALTLOGG_CRITERIA_DIR"); dir != nullptr && *dir != '\0') return dir;
  return FALTLOGG_DEFAULT_CRITERIA_DIR;
}

core::Status check_target_overrides(const CriteriaPack& pack, const TargetOverrides& overrides) {
  for (const auto& [id, value] : overrides) {
    auto refuse = [&](std::string why) {
      return core::make_problem("invalid_target", 422, "Invalid target",
                                "criterion " + core::quote_for_detail(id) + " " + why);
    };
    const CriterionDef* criterion = pack.find(id);
    if (criterion == nullptr) return refuse("is not in pack " + pack.id);
    if (!criterion->target) return refuse("has no target to override");
    if (!std::isfinite(value) || value < 0) return refuse("needs a finite non-negative target");
    const bool is_share = criterion->indicator.kind == IndicatorKind::share ||
                          criterion->indicator.kind == IndicatorKind::case_trend_share;
    if (is_share && value > 1) return refuse("is a share: its target must be within 0-1");
  }
  return core::Ok{};
}

}  // namespace faltlogg::server::analytics
