#include "api/analytics_api.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/report_options.hpp"
#include "faltlogg/analytics/table_render.hpp"
#include "faltlogg/core/json.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace faltlogg::server {

namespace {

using analytics::Audience;
using analytics::OutputFormat;

// Who sees what: a team lead their own team (exact numbers), an evaluator any district (cell-key
// protected, decision 0027; never a team). The role check happens before any parameter is looked at.
struct Viewer {
  Audience audience = Audience::evaluator;
  std::optional<std::string> team_id;      // forced for team leads
  std::optional<std::string> district_id;  // the team lead's district
};

core::Result<Viewer> viewer_for(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead, Role::evaluator}); !allowed) return allowed.problem();
  const User& user = context.principal->user;
  if (user.roles.has(Role::evaluator)) return Viewer{Audience::evaluator, std::nullopt, std::nullopt};
  auto team = services.store.find_team(user.team_id);
  if (!team) return problems::forbidden("Your account has no team.");
  return Viewer{Audience::team_lead, team->id, team->district_id};
}

// The scope asked for, checked against the viewer; a team lead always gets exactly their team.
core::Result<analytics::ReportScope> scoped(const Viewer& viewer, const analytics::ReportScope& asked) {
  if (viewer.audience == Audience::evaluator) {
    if (asked.team_id) return problems::forbidden("Evaluators see districts at the finest, never a team.");
    return asked;
  }
  if (asked.team_id && asked.team_id != viewer.team_id) return problems::forbidden("You may only see your own team.");
  if (asked.district_id && asked.district_id != viewer.district_id) {
    return problems::forbidden("You may only see your own team.");
  }
  return analytics::ReportScope{viewer.district_id, viewer.team_id};
}

analytics::QueryParams to_params(const std::map<std::string, std::string>& query) {
  return analytics::QueryParams(query.begin(), query.end());
}

std::string scope_text(const analytics::ReportScope& scope) {
  return "district=" + scope.district_id.value_or("*") + " team=" + scope.team_id.value_or("*");
}

// Every read of statistics is audited before it is answered: a read whose audit row cannot be written is
// not served.
core::Status audit_read(ApiServices& services, const RequestContext& context, std::string action,
                        const analytics::ReportScope& scope, const analytics::ReportPeriod& period,
                        std::string extra = "") {
  return services.store.append_audit({context.principal->user.id, std::move(action), scope_text(scope),
                               "from=" + analytics::format_date(period.from) + " to=" +
                                   analytics::format_date(period.to) + extra});
}

// The rows of `kind` for `period` and `scope`: the base grain, or for whole months of a daily kind the
// month grain (one team) or the district-month grain summed over what the scope leaves open.
// `dimensions` are the ones the caller groups or filters by; `team_months` adds the team-month rows
// per_team_month needs when teams are summed away.
std::vector<analytics::RollupRow> rows_for(Store& store, analytics::RollupKind kind, const analytics::ReportPeriod& period,
                                           const analytics::ReportScope& scope, std::vector<std::string> counters,
                                           std::vector<std::string> dimensions, bool team_months) {
  const bool monthly_kind = kind == analytics::RollupKind::case_monthly;
  const bool by_day = std::find(dimensions.begin(), dimensions.end(), "day") != dimensions.end() ||
                      std::find(dimensions.begin(), dimensions.end(), "week") != dimensions.end();
  RollupQuery query{kind,
                    monthly_kind ? analytics::format_month(period.from) : analytics::format_date(period.from),
                    monthly_kind ? analytics::format_month(period.to) : analytics::format_date(period.to),
                    scope.district_id, scope.team_id};
  query.counters = std::move(counters);
  if (monthly_kind || by_day || !analytics::covers_whole_months(period)) return store.rollup_rows(query);
  query.from_period = analytics::format_month(period.from);
  query.to_period = analytics::format_month(period.to);
  const bool by_team = std::find(dimensions.begin(), dimensions.end(), "team_id") != dimensions.end();
  if (scope.team_id || by_team) {
    query.grain = analytics::RollupGrain::month;
    return store.rollup_rows(query);
  }
  query.grain = analytics::RollupGrain::district_month;
  std::vector<std::string> keep = std::move(dimensions);
  if (scope.district_id) keep.emplace_back("district_id");
  query.keep = keep;
  auto rows = store.rollup_rows(query);
  if (team_months) {
    query.grain = analytics::RollupGrain::team_month;
    query.keep.reset();
    auto more = store.rollup_rows(query);
    rows.insert(rows.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  return rows;
}

HttpResponse csv_response(std::string body, const std::string& filename) {
  HttpResponse response;
  response.content_type = "text/csv; charset=utf-8";
  response.body = std::move(body);
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return response;
}

std::string period_name(const analytics::ReportPeriod& period) {
  return analytics::format_date(period.from) + "-" + analytics::format_date(period.to);
}

// `form` picks the pack (faltkontakt, the default, or familjebehandling); parse_report_query knows
// only the report's own parameters, so it is taken out first.
core::Result<std::string> take_form(analytics::QueryParams& params, std::string_view default_form) {
  auto it = params.find("form");
  if (it == params.end()) return std::string(default_form);
  std::string form = it->second;
  params.erase(it);
  if (form != analytics::kFieldContactForm && form != analytics::kFamilySessionForm) {
    return core::invalid_request("query parameter \"form\" must be faltkontakt or familjebehandling");
  }
  return form;
}

// The team's form: family treatment when the team has family therapists and no field workers, else
// field contacts. Teams carry no form of their own; their members' roles say what they record.
std::string_view team_form(Store& store, const std::string& team_id) {
  bool field = false;
  bool family = false;
  for (const User& user : store.list_users()) {
    if (user.team_id != team_id || user.disabled) continue;
    field = field || user.roles.has(Role::field_worker);
    family = family || user.roles.has(Role::family_therapist);
  }
  return family && !field ? analytics::kFamilySessionForm : analytics::kFieldContactForm;
}

// Districts and teams by name, not by id, for the people who read the table.
void name_labels(Store& store, analytics::Aggregate& aggregate) {
  std::vector<std::pair<std::string, const std::vector<std::string>*>> labelled;
  if (const auto* one_way = std::get_if<analytics::Table1D>(&aggregate.table)) {
    labelled.emplace_back(one_way->dimension, &one_way->labels);
  } else {
    const auto& two_way = std::get<analytics::Table2D>(aggregate.table);
    labelled.emplace_back(two_way.row_dimension, &two_way.row_labels);
    labelled.emplace_back(two_way.column_dimension, &two_way.column_labels);
  }
  for (const auto& [dimension, labels] : labelled) {
    for (const std::string& id : *labels) {
      std::optional<std::string> name;
      if (dimension == "district_id") {
        if (auto district = store.find_district(id)) name = district->name;
      } else if (dimension == "team_id") {
        if (auto team = store.find_team(id)) name = team->name;
      }
      if (name) aggregate.names[dimension][id] = *name;
    }
  }
}

}  // namespace

const analytics::CriteriaPack* latest_pack_for_form(const std::vector<analytics::CriteriaPack>& packs,
                                                    std::string_view form_id) {
  // The form's default pack (its activity or follow-up pack) when one says so, else its latest pack.
  const analytics::CriteriaPack* latest = nullptr;
  for (const auto& pack : packs) {
    if (pack.form_id != form_id) continue;
    const bool better = latest == nullptr || (pack.default_for_form && !latest->default_for_form) ||
                        (pack.default_for_form == latest->default_for_form && pack.version >= latest->version);
    if (better) latest = &pack;
  }
  return latest;
}

const analytics::CriteriaPack* latest_pack_named(const std::vector<analytics::CriteriaPack>& packs, std::string_view id) {
  const analytics::CriteriaPack* latest = nullptr;
  for (const auto& pack : packs) {
    if (pack.id == id && (latest == nullptr || pack.version > latest->version)) latest = &pack;
  }
  return latest;
}

namespace {

// `pack=<id>` names the pack (the latest version of it); without it, the form's default pack.
core::Result<const analytics::CriteriaPack*> chosen_pack(const ApiServices& services, analytics::QueryParams& params,
                                                        const std::string& form, bool form_given) {
  if (services.criteria_packs == nullptr) return problems::not_found("No criteria pack is loaded.");
  const auto it = params.find("pack");
  if (it == params.end()) {
    const auto* pack = latest_pack_for_form(*services.criteria_packs, form);
    if (pack == nullptr) return problems::not_found("No criteria pack is loaded for this form.");
    return pack;
  }
  const std::string id = it->second;
  params.erase(it);
  const auto* pack = id.size() <= 64 ? latest_pack_named(*services.criteria_packs, id) : nullptr;
  if (pack == nullptr) {
    std::set<std::string> known;
    for (const auto& candidate : *services.criteria_packs) known.insert(candidate.id);
    std::string list;
    for (const auto& name : known) list += (list.empty() ? "" : ", ") + name;
    return core::make_problem("unknown_criteria_pack", 400, "Unknown criteria pack",
                              "query parameter \"pack\" must name a loaded criteria pack: " + list);
  }
  if (form_given && pack->form_id != form) {
    return core::invalid_request("pack " + pack->id + " is for form " + pack->form_id + ", not " + form +
                                 ": leave out form= or name that form");
  }
  return pack;
}

}  // namespace

ApiResult handle_criteria_report(ApiServices& services, const RequestContext& context) {
  auto viewer = viewer_for(services, context);
  if (!viewer) return viewer.problem();
  analytics::QueryParams params = to_params(context.query);
  const bool form_given = params.count("form") != 0;
  auto form = take_form(params, viewer->team_id ? team_form(services.store, *viewer->team_id)
                                                : analytics::kFieldContactForm);
  if (!form) return form.problem();
  auto named = chosen_pack(services, params, *form, form_given);
  if (!named) return named.problem();
  auto query = analytics::parse_report_query(params);
  if (!query) return query.problem();
  auto scope = scoped(*viewer, query->scope);
  if (!scope) return scope.problem();
  if (viewer->audience == Audience::evaluator) {
    if (auto allowed = analytics::check_evaluator_report_period(query->period); !allowed) return allowed.problem();
  }
  analytics::TargetOverrides overrides;
  if (scope->district_id) {
    for (auto& [criterion, target] : services.store.criteria_targets(*scope->district_id, (*named)->id)) {
      overrides[criterion] = target;
    }
  }
  // The district's settings shape the pack (C8's band, C3's digital); all districts get the pack as written.
  const analytics::CriteriaPack pack =
      analytics::pack_for_district(**named, analytics::take_district_settings(overrides));
  auto report = criteria_report_from_store(services.store, pack, query->period, *scope, overrides);
  if (!report) return report.problem();
  if (auto audited = audit_read(services, context, "read_criteria_report", *scope, query->period, " pack=" + pack.id);
      !audited) {
    return audited.problem();
  }
  const std::optional<int> k =
      viewer->audience == Audience::evaluator ? std::optional<int>(services.options.suppression_k) : std::nullopt;
  if (query->format == OutputFormat::csv) {
    return csv_response(analytics::with_csv_report_words(analytics::report_to_csv(*report, k), pack, query->period),
                        "kriterier-" + period_name(query->period) + ".csv");
  }
  boost::json::object rendered = analytics::report_to_json(*report, k);
  analytics::add_report_words(rendered, pack, query->period);
  rendered["district_settings"] = analytics::district_settings_json(pack);
  return json_response(200, rendered);
}

core::Result<analytics::CriteriaReport> criteria_report_from_store(Store& store, const analytics::CriteriaPack& pack,
                                                                   const analytics::ReportPeriod& period,
                                                                   const analytics::ReportScope& scope,
                                                                   const analytics::TargetOverrides& overrides) {
  // Checked before reading, so a refused request costs no query.
  if (auto ok = analytics::check_report_request(pack, period, overrides); !ok) return ok.problem();
  std::set<analytics::RollupKind> kinds;
  std::set<analytics::RollupKind> per_team_month;
  for (const auto& criterion : pack.criteria) {
    kinds.insert(criterion.indicator.rollup);
    if (criterion.indicator.kind == analytics::IndicatorKind::per_team_month) per_team_month.insert(criterion.indicator.rollup);
  }
  std::vector<analytics::RollupRow> rows;
  for (analytics::RollupKind kind : kinds) {
    const auto& dims = analytics::dimensions_of(kind);
    auto some = rows_for(store, kind, period, scope, analytics::counters_read_by(pack, kind),
                         std::vector<std::string>(dims.begin(), dims.end()), per_team_month.count(kind) > 0);
    rows.insert(rows.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
  }
  return analytics::evaluate_criteria(pack, rows, period, scope, overrides);
}

core::Result<analytics::Aggregate> build_aggregate_from_store(Store& store, const analytics::AggregateRequest& request) {
  // Checked before reading, so a bad request costs no query.
  if (auto ok = analytics::check_aggregate_request(request); !ok) return ok.problem();
  std::vector<std::string> counters{request.measure, std::string(analytics::record_counter(request.rollup)),
                                    std::string(analytics::kRecordKeyCounter)};
  auto aggregate = analytics::build_aggregate(
      rows_for(store, request.rollup, request.period, request.scope, std::move(counters), request.by, false), request);
  if (aggregate) name_labels(store, *aggregate);
  return aggregate;
}

ApiResult handle_aggregates(ApiServices& services, const RequestContext& context) {
  auto viewer = viewer_for(services, context);
  if (!viewer) return viewer.problem();
  const analytics::SuppressionPolicy policy{services.options.suppression_k};
  auto query = analytics::parse_aggregate_query(to_params(context.query), viewer->audience, policy);
  if (!query) return query.problem();
  auto scope = scoped(*viewer, query->request.scope);
  if (!scope) return scope.problem();
  query->request.scope = *scope;
  auto aggregate = build_aggregate_from_store(services.store, query->request);
  if (!aggregate) return aggregate.problem();
  if (auto audited = audit_read(services, context, "read_aggregate", *scope, query->request.period,
                                " measure=" + query->request.measure);
      !audited) {
    return audited.problem();
  }
  if (query->format == OutputFormat::csv) {
    return csv_response(analytics::aggregate_to_csv(*aggregate),
                        "aggregat-" + period_name(query->request.period) + ".csv");
  }
  return json_response(200, analytics::aggregate_to_json(*aggregate));
}

}  // namespace faltlogg::server
