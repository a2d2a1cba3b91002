// What every handler receives: the services it may use and the request's parsed context.
// Handlers are plain functions (ApiServices&, const RequestContext&) -> ApiResult.
#pragma once

#include "api/browser_session.hpp"
#include "api/login_rate_limiter.hpp"
#include "api/metrics.hpp"
#include "faltlogg/analytics/criteria_pack.hpp"
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/forms.hpp"
#include "http/http_types.hpp"
#include "store/store.hpp"

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>

namespace faltlogg::server {

struct ApiOptions {
  core::KdfStrength kdf = core::KdfStrength::interactive;
  int token_ttl_days = 30;
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  std::string server_version = "0.1.0";
  int suppression_k = 5;  // disclosure control for evaluators (config suppression_k, 3-10)
  // What enrolment URIs carry (decision 0043): the https base URL tablets reach, and the key pin of the
  // server certificate ("sha256/<base64url>").
  std::string public_url;
  std::string key_pin;
};

struct ApiServices {
  Store& store;
  const core::FormRegistry& forms;
  LoginRateLimiter& rate_limiter;
  Metrics& metrics;
  ApiOptions options;
  std::function<core::Millis()> clock = core::now_millis;
  // Test-only hook (--fail-point after_push_commit): runs after a push batch committed and before the
  // response leaves, to simulate a server dying between commit and acknowledgement.
  std::function<void()> after_push_commit;
  // Criteria packs loaded at start-up (every version, sorted by id and version).
  const std::vector<analytics::CriteriaPack>* criteria_packs = nullptr;
  // Web console sessions (idle clock); null: cookie sessions are refused.
  BrowserSessions* browser_sessions = nullptr;
};

// The authenticated caller.
struct Principal {
  User user;
  Device device;
  std::string token_hash;
  // Authenticated by the session cookie: non-GET requests carried the CSRF token, logout clears the cookie.
  bool via_cookie = false;
  std::string csrf_token;
};

struct RequestContext {
  std::optional<Principal> principal;
  std::map<std::string, std::string> query;        // decoded query parameters
  std::map<std::string, std::string> path_params;  // e.g. {"id": "..."} from /api/v1/review/{id}
  std::string body;
  std::string remote_address;
};

using ApiResult = core::Result<HttpResponse>;

// Shared problem constructors, so codes and titles stay identical across endpoints.
namespace problems {
core::Problem unauthorized(std::string detail);
core::Problem forbidden(std::string detail);
core::Problem not_found(std::string detail);
core::Problem bad_request(std::string code, std::string detail);
core::Problem validation_failed(std::string field, std::string code, std::string detail);
}  // namespace problems

// 403 unless one of the caller's roles is among `roles`.
core::Status require_role(const RequestContext& context, std::initializer_list<Role> roles);
// Parses the body as a JSON object within the configured limits (invalid_json / payload_too_large).
core::Result<boost::json::object> parse_body_object(const ApiServices& services, const RequestContext& context);

}  // namespace faltlogg::server
