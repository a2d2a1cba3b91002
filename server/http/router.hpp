// Maps method + path to a handler. The router decodes the target, refuses path traversal, resolves
// the bearer token for endpoints that need one, counts metrics and turns any escaped exception into
// a 500 problem; the handler only sees a RequestContext.
#pragma once

#include "api/api_context.hpp"
#include "http/http_types.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faltlogg::server {

using Handler = std::function<ApiResult(ApiServices&, const RequestContext&)>;

struct ParsedTarget {
  std::vector<std::string> segments;        // decoded path segments
  std::map<std::string, std::string> query;  // decoded query parameters (last one wins)
};

// Problem "invalid_path" for traversal ("..", "."), encoded slashes or dots, control bytes or bad
// percent-encoding; "invalid_request" for an over-long target.
core::Result<ParsedTarget> parse_target(std::string_view target);

class Router {
 public:
  explicit Router(ApiServices& services);

  // pattern like "/api/v1/review/{id}"; `{name}` matches one segment into path_params[name].
  void add(std::string method, std::string pattern, bool needs_auth, Handler handler);
  HttpResponse handle(const HttpRequest& request);

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    bool needs_auth;
    Handler handler;
  };
  static bool matches(const Route& route, const ParsedTarget& target, std::map<std::string, std::string>& params);
  ApiResult dispatch(const HttpRequest& request, std::string& route_label);

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

}  // namespace faltlogg::server
