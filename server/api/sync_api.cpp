#include "api/sync_api.hpp"

#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/uuid.hpp"
#include "faltlogg/core/validation.hpp"

#include <set>

namespace faltlogg::server {

namespace {

constexpr std::size_t kDefaultPullLimit = 500;
constexpr core::Millis kMaxHlcLeadMillis = 60 * 60 * 1000;

core::Problem form_not_permitted(const std::string& form_id) {
  core::Problem problem = core::make_problem("forbidden", 403, "Forbidden",
                                             "Your roles may not write records of form '" + form_id + "'.");
  problem.errors.push_back({"form_id", "form_not_permitted",
                            "Din roll får inte registrera det här formuläret. Kontakta din teamledare.",
                            "Your role may not record this form. Contact your team lead."});
  return problem;
}

// Checks one parsed record against its form, the author's roles and the author's team; the problem, if
// any, becomes this record's `rejected` outcome while its neighbours go on.
std::optional<core::Problem> check_record(const ApiServices& services, const core::Record& record,
                                          const core::ValidationContext& validation,
                                          const std::set<std::string>& writable) {
  if (!core::is_uuid_v4(record.id)) {
    return problems::validation_failed("id", "invalid_id", "The record id must be a UUID version 4.");
  }
  const auto hlc = core::Hlc::parse(record.hlc);
  if (!hlc) {
    return problems::validation_failed("hlc", "invalid_hlc", "The hlc is not a valid hybrid logical clock value.");
  }
  // An hlc far ahead of the server's clock would be adopted by the author's other tablets and order every later
  // edit after it (year 9999 freezes the record); a tablet whose clock is that wrong must be set right first.
  if (hlc->wall_ms > validation.now_ms + kMaxHlcLeadMillis) {
    return problems::validation_failed("hlc", "hlc_in_future",
                                       "The device clock is more than an hour ahead of the server's: set the "
                                       "tablet's date and time, then sync again.");
  }
  const core::FormDefinition* form = services.forms.find(record.form_id, record.form_version);
  if (form == nullptr) {
    if (services.forms.latest(record.form_id) != nullptr) {
      return core::make_problem("unsupported_form_version", 422, "Unsupported form version",
                                "This server does not know version " + std::to_string(record.form_version) +
                                    " of form '" + record.form_id + "'.");
    }
    return core::make_problem("unknown_form", 422, "Unknown form", "This server does not know that form.");
  }
  if (!writable.contains(record.form_id)) return form_not_permitted(record.form_id);
  auto errors = core::validate_record(*form, record, validation);
  if (!errors.empty()) return core::validation_problem(errors);
  return std::nullopt;
}

PushBatch prepare_batch(const ApiServices& services, const Principal& principal, core::protocol::ParsedPush& push) {
  core::ValidationContext validation;
  validation.now_ms = services.clock();
  auto team = services.store.find_team(principal.user.team_id);
  std::set<std::string> areas;
  if (team) areas.insert(team->areas.begin(), team->areas.end());
  validation.references["areas"] = std::move(areas);

  const std::set<std::string> writable = writable_forms(principal.user.roles);
  PushBatch batch{push.batch_id, principal.user.id, principal.device.id, principal.user.team_id, {}, std::nullopt};
  for (core::Record& record : push.records) {
    PushItem item{record.id, std::nullopt, check_record(services, record, validation, writable)};
    item.record = std::move(record);
    batch.items.push_back(std::move(item));
  }
  for (auto& [id, problem] : push.unparsable) batch.items.push_back({id, std::nullopt, std::move(problem)});
  return batch;
}

}  // namespace

std::set<std::string> writable_forms(const RoleSet& roles) {
  std::set<std::string> forms;
  if (roles.has(Role::field_worker)) forms.insert("faltkontakt");
  if (roles.has(Role::family_therapist)) {
    forms.insert("familjebehandling");
    forms.insert("familjearende");  // the case record its sessions belong to (decision 0072)
  }
  return forms;
}

std::set<std::string> visible_forms(Store& store, const User& user) {
  std::set<std::string> forms = writable_forms(user.roles);
  if (user.roles.has(Role::team_lead)) {
    for (const User& member : store.team_members(user.team_id)) {
      if (member.disabled) continue;
      forms.merge(writable_forms(member.roles));
    }
  }
  return forms;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

ApiResult handle_forms(ApiServices& services, const RequestContext& context) {
  if (!context.principal) return problems::unauthorized("Log in first.");
  const std::set<std::string> visible = visible_forms(services.store, context.principal->user);
  boost::json::array forms;
  for (const core::FormDefinition* form : services.forms.latest_all()) {
    if (visible.contains(form->id)) forms.push_back(core::form_to_json(*form));
  }
  return json_response(200, forms);
}

ApiResult handle_push(ApiServices& services, const RequestContext& context) {
  // A team lead may push: records of a form the lead's roles may not write are refused per record
  // (forbidden), so one such record never blocks the lead's own ones (issue 11).
  if (auto allowed = require_role(context, {Role::field_worker, Role::family_therapist, Role::team_lead});
      !allowed) {
    return allowed.problem();
  }
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  auto push = core::protocol::push_request_from_json(*body);
  if (!push) return push.problem();
  if (!core::is_uuid_v4(push->batch_id)) {
    return problems::validation_failed("batch_id", "invalid_id", "The batch_id must be a UUID version 4.");
  }
  if (push->records.size() + push->unparsable.size() > core::protocol::kMaxPushRecords) {
    return core::make_problem("payload_too_large", 413, "Too many records",
                              "A push carries at most " + std::to_string(core::protocol::kMaxPushRecords) +
                                  " records; split the batch.");
  }
  const Principal& principal = *context.principal;
  PushBatch batch = prepare_batch(services, principal, *push);
  if (services.before_push_store) services.before_push_store();
  auto outcome = services.store.apply_push_batch(batch, {principal.user.id, "push", batch.batch_id, ""});
  if (!outcome) return outcome.problem();
  services.metrics.add_push(outcome->accepted, batch.items.size(), outcome->replayed);
  if (services.after_push_commit && !outcome->replayed) services.after_push_commit();
  HttpResponse response;
  response.body = std::move(outcome->response_json);
  return response;
}

ApiResult handle_pull(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::field_worker, Role::family_therapist, Role::team_lead});
      !allowed) {
    return allowed.problem();
  }
  std::int64_t cursor = 0;
  if (auto it = context.query.find("cursor"); it != context.query.end()) {
    auto parsed = parse_count(it->second);
    if (!parsed) return problems::bad_request("invalid_request", "cursor must be a non-negative integer.");
    cursor = *parsed;
  }
  std::size_t limit = kDefaultPullLimit;
  if (auto it = context.query.find("limit"); it != context.query.end()) {
    auto parsed = parse_count(it->second);
    if (!parsed || *parsed < 1) return problems::bad_request("invalid_request", "limit must be a positive integer.");
    limit = static_cast<std::size_t>(std::min<std::int64_t>(*parsed, core::protocol::kMaxPullLimit));
  }
  const Principal& principal = *context.principal;
  const bool team_scope = principal.user.roles.has(Role::team_lead);
  PullScope scope{team_scope ? PullScope::Kind::team : PullScope::Kind::author,
                  team_scope ? principal.user.team_id : principal.user.id};
  auto page = services.store.pull_since(scope, cursor, limit);
  if (!page) return page.problem();
  if (team_scope && !page->records.empty()) {
    // A lead's read of the team's records is audited before it is answered, or not served.
    if (auto audited = services.store.append_audit({principal.user.id, "read_records", principal.user.team_id,
                                                    "pull records=" + std::to_string(page->records.size())});
        !audited) {
      return audited.problem();
    }
  }
  core::protocol::PullResponse response{std::move(page->records), std::move(page->reviews), page->next_cursor,
                                        page->more};
  return json_response(200, core::protocol::to_json(response));
}

}  // namespace faltlogg::server
