#include "http/router.hpp"

#include "api/admin_api.hpp"
#include "api/analytics_api.hpp"
#include "api/auth_api.hpp"
#include "api/enrolment_api.hpp"
#include "api/ops_api.hpp"
#include "api/review_api.hpp"
#include "api/sync_api.hpp"
#include "api/team_api.hpp"
#include "http/json_log.hpp"
#include "store/store_error.hpp"
#include "http/static_assets.hpp"

#include <chrono>

namespace faltlogg::server {

namespace {

constexpr std::size_t kMaxTargetBytes = 2048;
constexpr int kStorageFullRetryAfterSeconds = 120;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool has_control_bytes(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

core::Problem invalid_path() {
  return core::make_problem("invalid_path", 400, "Invalid path",
                            "The request path contains traversal or encoding this server refuses.");
}

// A full disk is the operator's to fix and the client's to wait out: 503 with Retry-After, so tablets keep the
// batch and send it again, instead of a 500 that reads like a bug.
HttpResponse store_error_response(const StoreError& error, const std::string& route_label) {
  // The message can name SQL or files, never personal data; it goes to the log, not the client.
  log_event("error", error.storage_full() ? "storage_full" : "handler_failed",
            {{"route", route_label}, {"error", error.what()}});
  if (!error.storage_full()) {
    return problem_response(core::make_problem("internal_error", 500, "Internal error",
                                               "The server could not complete the request; nothing was changed."));
  }
  HttpResponse response = problem_response(core::make_problem(
      "storage_full", 503, "Storage full",
      "The server's disk is full, so nothing was stored. Keep the data and send it again later; the operator "
      "must free disk space."));
  response.headers.emplace_back("Retry-After", std::to_string(kStorageFullRetryAfterSeconds));
  return response;
}

}  // namespace

core::Result<ParsedTarget> parse_target(std::string_view target) {
  if (target.size() > kMaxTargetBytes) {
    return core::make_problem("invalid_request", 400, "Bad request", "The request target is too long.");
  }
  if (target.empty() || target.front() != '/') return invalid_path();
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  ParsedTarget parsed;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view raw = path.substr(start, slash - start);
    // Encoded separators and dots have no legitimate use in our paths; they only hide traversal.
    if (raw.find('%') != std::string_view::npos || raw.find('\\') != std::string_view::npos) return invalid_path();
    if (raw == "." || raw == "..") return invalid_path();
    if (has_control_bytes(raw)) return invalid_path();
    if (!raw.empty() || slash < path.size()) parsed.segments.emplace_back(raw);
    start = slash + 1;
  }
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      std::size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      std::size_t eq = pair.find('=');
      auto key = percent_decode(pair.substr(0, eq), true);
      auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
      if (!key || !value || has_control_bytes(*key) || has_control_bytes(*value)) {
        return core::make_problem("invalid_request", 400, "Bad request", "The query string is malformed.");
      }
      // A repeated name is refused: which copy counts would otherwise be a guess (and a way to slip
      // a second scope past a check that read the first).
      if (!key->empty() && !parsed.query.emplace(*key, *value).second) {
        return core::make_problem("invalid_request", 400, "Bad request", "A query parameter is repeated.");
      }
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return parsed;
}

void add_security_headers(HttpResponse& response) {
  // On every response, not only HTML: a JSON or problem body opened directly in a tab is a document too.
  response.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  response.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  response.headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

Router::Router(ApiServices& services) : services_(services) {}

void Router::add(std::string method, std::string pattern, bool needs_auth, Handler handler) {
  auto parsed = parse_target(pattern);
  routes_.push_back({std::move(method), pattern, parsed ? parsed->segments : std::vector<std::string>{}, needs_auth,
                     std::move(handler)});
}

bool Router::matches(const Route& route, const ParsedTarget& target, std::map<std::string, std::string>& params) {
  if (route.segments.size() != target.segments.size()) return false;
  std::map<std::string, std::string> captured;
  for (std::size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      if (target.segments[i].empty()) return false;
      captured[expected.substr(1, expected.size() - 2)] = target.segments[i];
    } else if (expected != target.segments[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

const Router::Route* Router::find_route(const HttpRequest& request, ParsedTarget& target, RequestContext& context,
                                        bool& path_known) const {
  path_known = false;
  for (const Route& route : routes_) {
    context.path_params.clear();
    if (!matches(route, target, context.path_params)) continue;
    path_known = true;
    if (route.method == request.method) return &route;
  }
  return nullptr;
}

bool Router::needs_login(const HttpRequest& head) const {
  auto target = parse_target(head.target);
  if (!target) return false;
  RequestContext context;
  bool path_known = false;
  const Route* route = find_route(head, *target, context, path_known);
  return route != nullptr && route->needs_auth;
}

Router::HeadVerdict Router::check_head(const HttpRequest& head) {
  HeadVerdict verdict;
  auto target = parse_target(head.target);
  if (!target) return verdict;  // handle() answers it; the body stays within the unauthenticated limit
  RequestContext context;
  bool path_known = false;
  const Route* route = find_route(head, *target, context, path_known);
  if (route == nullptr || !route->needs_auth) return verdict;
  verdict.needs_auth = true;
  const auto started = std::chrono::steady_clock::now();
  try {
    auto principal = authenticate_request(services_, head);
    if (principal) {
      verdict.principal = std::move(*principal);
    } else {
      verdict.refusal = finish(head, route->pattern, problem_response(principal.problem()), started);
    }
  } catch (const StoreError& error) {
    verdict.refusal = finish(head, route->pattern, store_error_response(error, route->pattern), started);
  }
  return verdict;
}

ApiResult Router::dispatch(const HttpRequest& request, std::optional<Principal> principal, std::string& route_label) {
  auto target = parse_target(request.target);
  if (!target) return target.problem();
  RequestContext context;
  bool path_known = false;
  const Route* route = find_route(request, *target, context, path_known);
  if (route == nullptr) {
    if (path_known) {
      return core::make_problem("method_not_allowed", 405, "Method not allowed",
                                "This path does not take that method.");
    }
    return core::make_problem("not_found", 404, "Not found", "No such endpoint.");
  }
  route_label = route->pattern;
  if (route->needs_auth) {
    if (!principal) {
      auto found = authenticate_request(services_, request);
      if (!found) return found.problem();
      principal = std::move(*found);
    }
    context.principal = std::move(principal);
  }
  context.query = std::move(target->query);
  context.body = request.body;
  context.remote_address = request.remote_address;
  return route->handler(services_, context);
}

HttpResponse Router::handle(const HttpRequest& request, std::optional<Principal> principal) {
  const auto started = std::chrono::steady_clock::now();
  std::string route_label = "unmatched";
  HttpResponse response;
  try {
    ApiResult result = dispatch(request, std::move(principal), route_label);
    response = result ? std::move(result.value()) : problem_response(result.problem());
  } catch (const StoreError& error) {
    response = store_error_response(error, route_label);
  } catch (const std::exception& error) {
    // The message can name SQL or files, never personal data; it goes to the log, not the client.
    log_event("error", "handler_failed", {{"route", route_label}, {"error", error.what()}});
    response = problem_response(core::make_problem("internal_error", 500, "Internal error",
                                                   "The server could not complete the request; nothing was changed."));
  }
  return finish(request, route_label, std::move(response), started);
}

HttpResponse Router::refuse(const HttpRequest& head, const core::Problem& problem) {
  return finish(head, "(refused)", problem_response(problem), std::chrono::steady_clock::now());
}

HttpResponse Router::finish(const HttpRequest& request, const std::string& route_label, HttpResponse response,
                            std::chrono::steady_clock::time_point started) {
  // A refused cookie is cleared, so the browser stops sending a dead session.
  if (response.status == 401 && request.authorization.empty() && session_cookie_token(request.cookie)) {
    response.headers.emplace_back("Set-Cookie", session_cookie_clear());
  }
  add_security_headers(response);
  services_.metrics.count_request(route_label, response.status);
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  log_event("info", "request",
            {{"method", request.method}, {"route", route_label}, {"status", response.status}, {"ms", elapsed.count()}});
  return response;
}

void add_metrics_routes(Router& router) {
  router.add("GET", "/metrics", false, handle_metrics);
  router.add("GET", "/healthz", false, handle_healthz);
}

void add_api_routes(Router& router) {
  router.add("GET", "/healthz", false, handle_healthz);
  router.add("GET", "/api/v1/version", false, handle_version);
  router.add("POST", "/api/v1/auth/login", false, handle_login);
  router.add("POST", "/api/v1/auth/enrol", false, handle_enrol);
  router.add("POST", "/api/v1/auth/logout", true, handle_logout);
  router.add("POST", "/api/v1/enrolments", true, handle_enrolment_create);
  router.add("GET", "/api/v1/references", true, handle_references);
  router.add("GET", "/api/v1/auth/session", true, handle_session_info);
  router.add("GET", "/api/v1/forms", true, handle_forms);
  router.add("POST", "/api/v1/sync/push", true, handle_push);
  router.add("GET", "/api/v1/sync/pull", true, handle_pull);
  router.add("GET", "/api/v1/review/records", true, handle_review_list);
  router.add("POST", "/api/v1/review/bulk", true, handle_review_bulk);
  router.add("PUT", "/api/v1/review/{id}", true, handle_review_put);
  router.add("GET", "/api/v1/team/activity", true, handle_team_activity);
  router.add("POST", "/api/v1/devices/{id}/revoke", true, handle_device_revoke);
  router.add("GET", "/api/v1/criteria/report", true, handle_criteria_report);
  router.add("GET", "/api/v1/aggregates", true, handle_aggregates);
  add_admin_routes(router);
  add_web_console_routes(router);
}

}  // namespace faltlogg::server
