#include "api/enrolment_api.hpp"

#include "api/auth_api.hpp"
#include "api/enrolment_code.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"

namespace faltlogg::server {

namespace {

constexpr std::size_t kMaxDeviceNameBytes = 100;

HttpResponse rate_limited(int retry_after) {
  HttpResponse response = problem_response(core::make_problem(
      "rate_limited", 429, "Too many attempts",
      "Too many wrong enrolment codes. Wait " + std::to_string(retry_after) + " seconds and try again."));
  response.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return response;
}

// Who may enrol whom: admins anyone active; a team lead active members of the own team, but never an
// account that holds admin or evaluator (a lead must not mint sessions with powers the lead lacks).
core::Status may_enrol(const User& caller, const User& target) {
  if (caller.roles.has(Role::admin)) return core::Ok{};
  if (target.team_id != caller.team_id) return problems::forbidden("A team lead enrols only members of the own team.");
  if (target.roles.any_of({Role::admin, Role::evaluator})) {
    return problems::forbidden("A team lead may not enrol an admin or evaluator account.");
  }
  return core::Ok{};
}

// The redeeming side's key for the limiter: per address only, so wrong codes from one place cannot
// lock out enrolments everywhere (a code has 50 random bits and lives 15 minutes).
std::string limiter_key(const RequestContext& context) { return "enrol:" + context.remote_address; }

}  // namespace

ApiResult handle_enrolment_create(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin, Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"user_id"}); !known) return known.problem();
  auto user_id = core::get_string(*body, "user_id");
  if (!user_id) return user_id.problem();
  if (!core::is_uuid_v4(*user_id)) {
    return problems::validation_failed("user_id", "invalid_id", "user_id must be a user id (UUID version 4).");
  }
  auto target = services.store.find_user(*user_id);
  // A lead learns nothing about users outside the team: unknown and foreign look alike.
  if (!target || (!principal.user.roles.has(Role::admin) && target->team_id != principal.user.team_id)) {
    return problems::not_found("No user with this id in your reach.");
  }
  if (auto allowed = may_enrol(principal.user, *target); !allowed) return allowed.problem();
  if (target->disabled) {
    return core::make_problem("conflict", 409, "Conflict", "This account is disabled; enable it before enrolling.");
  }
  if (services.options.public_url.empty() || services.options.key_pin.empty()) {
    return core::make_problem("not_configured", 503, "Enrolment not configured",
                              "The server has no public URL or certificate pin; set public_url and restart.");
  }
  auto issued = issue_enrolment(services.store, *target, principal.user.id,
                                {services.options.public_url, services.options.key_pin}, services.clock());
  if (!issued) return issued.problem();
  return json_response(201, boost::json::object{{"code", issued->code},
                                                {"expires_at", issued->expires_at},
                                                {"uri", issued->uri},
                                                {"user_id", target->id},
                                                {"display_name", target->display_name}});
}

ApiResult handle_enrol(ApiServices& services, const RequestContext& context) {
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"code", "device_name"}); !known) return known.problem();
  auto typed = core::get_string(*body, "code");
  if (!typed) return typed.problem();
  auto device_name = core::get_string(*body, "device_name");
  if (!device_name) return device_name.problem();
  if (device_name->empty() || device_name->size() > kMaxDeviceNameBytes) {
    return problems::validation_failed("device_name", "out_of_range", "The device name must be 1-100 characters.");
  }
  const std::string key = limiter_key(context);
  if (int wait = services.rate_limiter.retry_after_seconds(key, context.remote_address); wait > 0) {
    services.metrics.count_rate_limited();
    return rate_limited(wait);
  }
  auto code = normalize_enrolment_code(*typed);
  const std::string token = make_bearer_token();
  const core::Millis expires = token_expiry(services);
  auto enrolled = code ? services.store.redeem_enrolment(
                             {enrolment_code_hash(*code), *device_name, core::hash_hex(token), expires, services.clock()})
                       : core::Result<EnrolledSession>(problems::unauthorized("This enrolment code is not valid."));
  if (!enrolled) {
    services.rate_limiter.record_failure(key, context.remote_address);
    // The code is not stored in the audit log: it may be a mistyped live one.
    if (auto audited = services.store.append_audit({"anonymous", "enrol_failed", "", enrolled.problem().code});
        !audited) {
      return audited.problem();
    }
    return enrolled.problem();
  }
  return session_response(services, enrolled->user, enrolled->device, token, expires);
}

}  // namespace faltlogg::server
