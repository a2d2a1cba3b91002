#include "api/analytics_api.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/record_facts.hpp"
#include "faltlogg/analytics/table_render.hpp"
#include "faltlogg/core/json.hpp"

#include <set>

namespace faltlogg::server {

namespace {

using analytics::Audience;
using analytics::OutputFormat;

// Who sees what: a team lead their own team (unsuppressed), an evaluator any district (suppressed,
// never a team). The role check happens before any parameter is looked at.
struct Viewer {
  Audience audience = Audience::evaluator;
  std::optional<std::string> team_id;      // forced for team leads
  std::optional<std::string> district_id;  // the team lead's district
};

core::Result<Viewer> viewer_for(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::team_lead, Role::evaluator}); !allowed) return allowed.problem();
  const User& user = context.principal->user;
  if (user.role == Role::evaluator) return Viewer{Audience::evaluator, std::nullopt, std::nullopt};
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

void audit_read(ApiServices& services, const RequestContext& context, std::string action,
                const analytics::ReportScope& scope, const analytics::ReportPeriod& period, std::string extra = "") {
  services.store.append_audit({context.principal->user.id, std::move(action), scope_text(scope),
                               "from=" + analytics::format_date(period.from) + " to=" +
                                   analytics::format_date(period.to) + extra});
}

std::vector<analytics::RollupRow> rows_for(Store& store, analytics::RollupKind kind, const analytics::ReportPeriod& period,
                                           const analytics::ReportScope& scope) {
  const bool monthly = kind == analytics::RollupKind::case_monthly;
  RollupQuery query{kind,
                    monthly ? analytics::format_month(period.from) : analytics::format_date(period.from),
                    monthly ? analytics::format_month(period.to) : analytics::format_date(period.to),
                    scope.district_id, scope.team_id};
  return store.rollup_rows(query);
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
    field = field || user.role == Role::field_worker;
    family = family || user.role == Role::family_therapist;
  }
  return family && !field ? analytics::kFamilySessionForm : analytics::kFieldContactForm;
}

}  // namespace

const analytics::CriteriaPack* latest_pack_for_form(const std::vector<analytics::CriteriaPack>& packs,
                                                    std::string_view form_id) {
  const analytics::CriteriaPack* latest = nullptr;
  for (const auto& pack : packs) {
    if (pack.form_id == form_id && (latest == nullptr || pack.version >= latest->version)) latest = &pack;
  }
  return latest;
}

ApiResult handle_criteria_report(ApiServices& services, const RequestContext& context) {
  auto viewer = viewer_for(services, context);
  if (!viewer) return viewer.problem();
  analytics::QueryParams params = to_params(context.query);
  auto form = take_form(params, viewer->team_id ? team_form(services.store, *viewer->team_id)
                                                : analytics::kFieldContactForm);
  if (!form) return form.problem();
  auto query = analytics::parse_report_query(params);
  if (!query) return query.problem();
  auto scope = scoped(*viewer, query->scope);
  if (!scope) return scope.problem();
  const analytics::CriteriaPack* pack =
      services.criteria_packs ? latest_pack_for_form(*services.criteria_packs, *form) : nullptr;
  if (pack == nullptr) return problems::not_found("No criteria pack is loaded for this form.");

  std::set<analytics::RollupKind> kinds;
  for (const auto& criterion : pack->criteria) kinds.insert(criterion.indicator.rollup);
  std::vector<analytics::RollupRow> rows;
  for (analytics::RollupKind kind : kinds) {
    auto some = rows_for(services.store, kind, query->period, *scope);
    rows.insert(rows.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
  }
  analytics::TargetOverrides overrides;
  if (scope->district_id) {
    for (auto& [criterion, target] : services.store.criteria_targets(*scope->district_id, pack->id)) {
      overrides[criterion] = target;
    }
  }
  auto report = analytics::evaluate_criteria(*pack, rows, query->period, *scope, overrides);
  if (!report) return report.problem();
  audit_read(services, context, "read_criteria_report", *scope, query->period, " pack=" + pack->id);
  const std::optional<int> k =
      viewer->audience == Audience::evaluator ? std::optional<int>(services.options.suppression_k) : std::nullopt;
  if (query->format == OutputFormat::csv) {
    return csv_response(analytics::report_to_csv(*report, k), "kriterier-" + period_name(query->period) + ".csv");
  }
  return json_response(200, analytics::report_to_json(*report, k));
}

core::Result<analytics::Aggregate> build_aggregate_from_store(Store& store, const analytics::AggregateRequest& request) {
  return analytics::build_aggregate(rows_for(store, request.rollup, request.period, request.scope), request);
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
  audit_read(services, context, "read_aggregate", *scope, query->request.period,
             " measure=" + query->request.measure);
  if (query->format == OutputFormat::csv) {
    return csv_response(analytics::aggregate_to_csv(*aggregate),
                        "aggregat-" + period_name(query->request.period) + ".csv");
  }
  return json_response(200, analytics::aggregate_to_json(*aggregate));
}

}  // namespace faltlogg::server
