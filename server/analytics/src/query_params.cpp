#include "faltlogg/analytics/query_params.hpp"

#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/core/json.hpp"

#include <algorithm>

namespace faltlogg::server::analytics {

namespace {

constexpr std::size_t kMaxValueBytes = 64;

core::Problem bad(std::string_view name, std::string_view why) {
  return core::invalid_request("query parameter " + core::quote_for_detail(name) + " " + std::string(why));
}

bool is_id(std::string_view text) {
  return !text.empty() && text.size() <= kMaxValueBytes && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

core::Status only_known(const QueryParams& params, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) return bad(name, "is not known");
  }
  return core::Ok{};
}

core::Result<Date> required_date(const QueryParams& params, std::string_view name) {
  const auto it = params.find(name);
  if (it == params.end()) return bad(name, "is required (YYYY-MM-DD)");
  const auto date = parse_date(it->second);
  if (!date) return bad(name, "must be a date YYYY-MM-DD");
  return *date;
}

core::Result<std::optional<std::string>> optional_id(const QueryParams& params, std::string_view name) {
  const auto it = params.find(name);
  if (it == params.end()) return std::optional<std::string>{};
  if (!is_id(it->second)) return bad(name, "must be an id of 1-64 letters, digits, '_', '-' or '.'");
  return std::optional<std::string>{it->second};
}

core::Result<OutputFormat> format_of(const QueryParams& params) {
  const auto it = params.find("format");
  if (it == params.end() || it->second == "json") return OutputFormat::json;
  if (it->second == "csv") return OutputFormat::csv;
  return bad("format", "must be json or csv");
}

core::Result<ReportQuery> period_scope_format(const QueryParams& params) {
  auto from = required_date(params, "from");
  if (!from) return from.problem();
  auto to = required_date(params, "to");
  if (!to) return to.problem();
  auto district = optional_id(params, "district_id");
  if (!district) return district.problem();
  auto team = optional_id(params, "team_id");
  if (!team) return team.problem();
  auto format = format_of(params);
  if (!format) return format.problem();
  return ReportQuery{{*from, *to}, {*district, *team}, *format};
}

}  // namespace

core::Result<ReportQuery> parse_report_query(const QueryParams& params) {
  if (auto ok = only_known(params, {"from", "to", "district_id", "team_id", "format"}); !ok) return ok.problem();
  return period_scope_format(params);
}

core::Result<AggregateQuery> parse_aggregate_query(const QueryParams& params, Audience audience,
                                                   const SuppressionPolicy& policy) {
  if (auto ok = only_known(params, {"from", "to", "district_id", "team_id", "format", "measure", "by", "form"}); !ok) {
    return ok.problem();
  }
  auto base = period_scope_format(params);
  if (!base) return base.problem();
  AggregateQuery query;
  query.format = base->format;
  AggregateRequest& request = query.request;
  request.period = base->period;
  request.scope = base->scope;
  request.audience = audience;
  request.policy = policy;
  const auto form = params.find("form");
  if (form == params.end() || form->second == kFieldContactForm) {
    request.rollup = RollupKind::contact_daily;
  } else if (form->second == kFamilySessionForm) {
    request.rollup = RollupKind::session_daily;
  } else {
    return bad("form", "must be faltkontakt or familjebehandling");
  }
  const auto measure = params.find("measure");
  if (measure == params.end() || !is_id(measure->second)) return bad("measure", "is required: a counter name");
  request.measure = measure->second;
  const auto by = params.find("by");
  if (by == params.end() || by->second.size() > 2 * kMaxValueBytes + 1) return bad("by", "is required: one or two dimensions");
  const std::string& text = by->second;
  const auto comma = text.find(',');
  request.by.push_back(text.substr(0, comma));
  if (comma != std::string::npos) request.by.push_back(text.substr(comma + 1));
  for (const auto& dimension : request.by) {
    if (!is_id(dimension)) return bad("by", "must be one or two dimension names separated by ','");
  }
  if (auto ok = check_aggregate_request(request); !ok) return ok.problem();
  return query;
}

}  // namespace faltlogg::server::analytics
