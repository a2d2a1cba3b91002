#include "api/api_context.hpp"

#include "faltlogg/core/json.hpp"

#include <algorithm>

namespace faltlogg::server {

namespace problems {

core::Problem unauthorized(std::string detail) {
  return core::make_problem("unauthorized", 401, "Unauthorized", std::move(detail));
}

core::Problem forbidden(std::string detail) {
  return core::make_problem("forbidden", 403, "Forbidden", std::move(detail));
}

core::Problem not_found(std::string detail) {
  return core::make_problem("not_found", 404, "Not found", std::move(detail));
}

core::Problem bad_request(std::string code, std::string detail) {
  return core::make_problem(std::move(code), 400, "Bad request", std::move(detail));
}

core::Problem validation_failed(std::string field, std::string code, std::string detail) {
  core::Problem problem = core::make_problem("validation_failed", 422, "Validation failed", detail);
  problem.errors.push_back({std::move(field), std::move(code), detail, detail});
  return problem;
}

}  // namespace problems

core::Status require_role(const RequestContext& context, std::initializer_list<Role> roles) {
  if (!context.principal) return problems::unauthorized("Log in first.");
  // Any of the caller's roles may permit the endpoint (a team lead who also does field work pushes).
  if (!context.principal->user.roles.any_of(roles)) {
    return problems::forbidden("Your role may not use this endpoint.");
  }
  return core::Ok{};
}

core::Result<boost::json::object> parse_body_object(const ApiServices& services, const RequestContext& context) {
  core::JsonLimits limits;
  limits.max_bytes = services.options.max_body_bytes;
  auto parsed = core::parse_json(context.body, limits);
  if (!parsed) return parsed.problem();
  if (!parsed->is_object()) return problems::bad_request("invalid_json", "The body must be a JSON object.");
  return std::move(parsed->as_object());
}

}  // namespace faltlogg::server
