// Maps method + path to a handler. The router decodes the target, refuses path traversal, resolves
// the bearer token for endpoints that need one, counts metrics and turns any escaped exception into
// a 500 problem; the handler only sees a RequestContext.
#pragma once

#include "api/api_context.hpp"
#include "http/http_types.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::server {

using Handler = std::function<ApiResult(ApiServices&, const RequestContext&)>;

struct ParsedTarget {
  std::vector<std::string> segments;        // decoded path segments
  std::map<std::string, std::string> query;  // decoded query parameters; a repeated name is refused
};

// Problem "invalid_path" for traversal ("..", "."), encoded slashes or dots, control bytes or bad
// percent-encoding; "invalid_request" for an over-long target.
core::Result<ParsedTarget> parse_target(std::string_view target);

class Router {
 public:
  explicit Router(ApiServices& services);

  // pattern like "/api/v1/review/{id}"; `{name}` matches one segment into path_params[name].
  void add(std::string method, std::string pattern, bool needs_auth, Handler handler);

  // Before the body is read (`head` has no body): for a route that needs a login, the caller, or the complete
  // response refusing the request — so an anonymous client cannot make the server buffer a large body.
  // Unknown paths and methods pass here and get their 404/405 from handle().
  struct HeadVerdict {
    bool needs_auth = false;
    std::optional<Principal> principal;
    std::optional<HttpResponse> refusal;
  };
  // Cheap, on the I/O thread: does the route of this head need a login? check_head may then hit the store.
  bool needs_login(const HttpRequest& head) const;
  HeadVerdict check_head(const HttpRequest& head);

  // `principal` is the caller check_head found, so the token is not looked up twice.
  HttpResponse handle(const HttpRequest& request, std::optional<Principal> principal = std::nullopt);
  // A request the session refuses before any route sees it (bad framing, 413, 415, not HTTP): the same
  // security headers, metrics and log line as every other answer. `head` may be empty when nothing parsed.
  HttpResponse refuse(const HttpRequest& head, const core::Problem& problem);

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    bool needs_auth;
    Handler handler;
  };
  static bool matches(const Route& route, const ParsedTarget& target, std::map<std::string, std::string>& params);
  const Route* find_route(const HttpRequest& request, ParsedTarget& target, RequestContext& context,
                          bool& path_known) const;
  ApiResult dispatch(const HttpRequest& request, std::optional<Principal> principal, std::string& route_label);
  HttpResponse finish(const HttpRequest& request, const std::string& route_label, HttpResponse response,
                      std::chrono::steady_clock::time_point started);

  ApiServices& services_;
  std::vector<Route> routes_;
};

// No inline script or style, nothing from another origin (PROTOCOL.md "Browser sessions").
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
// CSP, nosniff (set by the session), no-referrer, HSTS and framing refusal.
void add_security_headers(HttpResponse& response);

// The full API of PROTOCOL.md v1 as implemented by this server.
void add_api_routes(Router& router);
// The metrics listener's routes (/metrics, /healthz); /metrics is never on the public listener.
void add_metrics_routes(Router& router);

}  // namespace faltlogg::server
