#include "record_facts_v2.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/core/time.hpp"

#include <boost/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <chrono>

namespace faltlogg::server::analytics {

namespace json = boost::json;

namespace {

constexpr std::string_view kNotGiven = "ej_angivet";
constexpr std::int64_t kMaxCount = 100'000;
constexpr core::Millis kDayMillis = 24LL * 60 * 60 * 1000;

core::Problem unusable(std::string_view field, std::string_view why) { return fact_unusable(field, why); }

const json::value* member(const json::object& data, std::string_view key) { return fact_member(data, key); }

std::optional<std::int64_t> count_of(const json::value& v) {
  std::int64_t n = 0;
  if (v.is_int64()) n = v.get_int64();
  else if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(kMaxCount)) n = static_cast<std::int64_t>(v.get_uint64());
  else return std::nullopt;
  if (n < 0 || n > kMaxCount) return std::nullopt;
  return n;
}

core::Result<std::optional<std::int64_t>> optional_count(const json::object& data, std::string_view key) {
  const json::value* v = member(data, key);
  if (v == nullptr) return std::optional<std::int64_t>{};
  const auto n = count_of(*v);
  if (!n) return unusable(key, "is not a count within 0-100000");
  return std::optional<std::int64_t>{*n};
}

core::Result<std::string> choice(const json::object& data, std::string_view key, bool required) {
  const json::value* v = member(data, key);
  if (v == nullptr) {
    if (required) return unusable(key, "is missing");
    return std::string(kNotGiven);
  }
  if (!v->is_string() || v->get_string().empty()) return unusable(key, "is not a choice");
  return std::string(v->get_string());
}

// Young people talked with: the grid's total (add_youths in record_facts.cpp checked its cells).
std::int64_t youths_total(const json::object& data) {
  const json::value* v = member(data, "youths");
  std::int64_t total = 0;
  if (v == nullptr || !v->is_object()) return 0;
  for (const auto& row : v->get_object()) {
    if (!row.value().is_object()) continue;
    for (const auto& cell : row.value().get_object()) total += count_of(cell.value()).value_or(0);
  }
  return total;
}

}  // namespace

core::Status add_v2_contact_counters(const json::object& data, const FieldContactView& view, std::string_view arena,
                                     bool in_pair, Counters& c) {
  c[std::string(counter::kontakt_prefix) + view.kontakt] += 1;
  c[std::string(counter::aktivitet_prefix) + view.aktivitet] += 1;
  // C4 as in v1: school visits and collaboration meetings are not where pairs are judged.
  const bool pair_counts = arena != "skola" && view.aktivitet != "samverkansmote";
  c[std::string(counter::pair_eligible)] += pair_counts ? 1 : 0;
  c[std::string(counter::pair_eligible_in_pair)] += (pair_counts && in_pair) ? 1 : 0;
  auto seen = optional_count(data, "unga_sedda");
  if (!seen) return seen.problem();
  if (*seen) {
    // Those talked with were seen too: an estimate below them counts as them, so C10 stays a share <= 1.
    const std::int64_t talked = youths_total(data);
    c[std::string(counter::unga_sedda)] += std::max(**seen, talked);
    c[std::string(counter::youths_where_seen)] += talked;
  }
  return core::Ok{};
}

namespace {

struct CaseDates {
  Date start;
  std::optional<Date> end;
  std::int64_t weeks = 0;
};

core::Result<CaseDates> case_dates(const core::Record& record) {
  const auto start = core::parse_rfc3339(record.occurred_at);
  if (!start) return unusable("occurred_at", "is not an RFC 3339 time");
  CaseDates dates{to_stockholm_local(*start).date, std::nullopt, 0};
  const json::value* end_value = member(record.data, "slutdatum");
  if (end_value == nullptr) return dates;
  const auto end = end_value->is_string() ? core::parse_rfc3339(end_value->get_string()) : std::nullopt;
  if (!end) return unusable("slutdatum", "is not an RFC 3339 time");
  const Date end_day = to_stockholm_local(*end).date;
  const auto days = (std::chrono::sys_days{end_day} - std::chrono::sys_days{dates.start}).count();
  if (days < 0) return unusable("slutdatum", "lies before the start");
  dates.end = end_day;
  dates.weeks = days / 7;
  return dates;
}

}  // namespace

core::Result<RecordFacts> case_record_facts(const core::Record& record, const RecordContext& context) {
  const json::object& data = record.data;
  if (context.case_key_secret.size() < crypto_generichash_KEYBYTES_MIN) {
    return core::make_problem("analytics_misconfigured", 500, "Analytics misconfigured",
                              "the case key secret must be at least 16 bytes");
  }
  auto code = choice(data, "case_code", true);
  auto age = choice(data, "barn_alder_band", true);
  auto gender = choice(data, "barn_kon", true);
  auto basis = choice(data, "grund", true);
  auto category = choice(data, "insatskategori", false);
  auto reason = choice(data, "avslutsorsak", false);
  auto children = optional_count(data, "antal_barn");
  auto anledning = fact_multi(data, "anledning");
  auto dates = case_dates(record);
  if (!code) return code.problem();
  if (!age) return age.problem();
  if (!gender) return gender.problem();
  if (!basis) return basis.problem();
  if (!category) return category.problem();
  if (!reason) return reason.problem();
  if (!children) return children.problem();
  if (!anledning) return anledning.problem();
  if (!dates) return dates.problem();
  const json::value* manual = member(data, "manualbaserad");
  if (manual != nullptr && !manual->is_bool()) return unusable("manualbaserad", "is not true or false");

  const std::string key = case_key(*code, context.case_key_secret);
  auto row_for = [&](Date day) {
    return RollupKey{RollupKind::case_monthly, format_month(day), context.district_id, context.team_id,
                     {{"case_key", key}}};
  };
  RollupRow started{row_for(dates->start), {}};
  Counters& s = started.counters;
  s[std::string(counter::cases_started)] = 1;
  s[std::string(counter::case_children)] = children->value_or(1);
  s[std::string(counter::cases_manual)] = (manual != nullptr && manual->get_bool()) ? 1 : 0;
  s[std::string(counter::malgrupp_prefix) + "alder_" + *age] = 1;
  s[std::string(counter::malgrupp_prefix) + "kon_" + *gender] = 1;
  s[std::string(counter::grund_prefix) + *basis] = 1;
  s[std::string(counter::kategori_prefix) + *category] = 1;
  for (const auto& value : *anledning) s[std::string(counter::anledning_prefix) + value] = 1;
  RecordFacts facts;
  if (dates->end) {
    RollupRow closed{row_for(*dates->end), {}};
    closed.counters[std::string(counter::cases_closed)] = 1;
    closed.counters[std::string(counter::case_weeks)] = dates->weeks;
    closed.counters[std::string(counter::avslut_prefix) + *reason] = 1;
    if (closed.key == started.key) {
      for (const auto& [name, value] : closed.counters) s[name] += value;
    } else {
      facts.contributions.push_back(std::move(closed));
    }
  }
  facts.contributions.insert(facts.contributions.begin(), std::move(started));
  for (RollupRow& row : facts.contributions) std::erase_if(row.counters, [](const auto& e) { return e.second == 0; });
  return facts;
}

}  // namespace faltlogg::server::analytics
