#include "api/auth_api.hpp"

#include "api/team_api.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/protocol.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>

namespace faltlogg::server {

namespace {

constexpr std::size_t kMaxUsernameBytes = 64;
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kMaxDeviceNameBytes = 100;

// Verifying against a real hash when the username is unknown keeps the response time the same,
// so timing does not reveal which usernames exist.
const std::string& decoy_hash(core::KdfStrength strength) {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [&] { hash = core::hash_password("decoy-password-never-matches", core::KdfParams::of(strength)); });
  return hash;
}

core::Status check_login_fields(const core::protocol::LoginRequest& request) {
  if (request.username.empty() || request.username.size() > kMaxUsernameBytes) {
    return problems::validation_failed("username", "out_of_range", "The username must be 1-64 characters.");
  }
  if (request.password.empty() || request.password.size() > kMaxPasswordBytes) {
    return problems::validation_failed("password", "out_of_range", "The password must be 1-1024 characters.");
  }
  if (request.device_name.empty() || request.device_name.size() > kMaxDeviceNameBytes) {
    return problems::validation_failed("device_name", "out_of_range", "The device name must be 1-100 characters.");
  }
  return core::Ok{};
}

constexpr int kBusyRetryAfterSeconds = 5;
// Each login makes a device row; a script that logs in in a loop must not grow the table without bound.
constexpr std::size_t kMaxActiveDevicesPerUser = 50;

std::size_t active_devices(Store& store, const std::string& user_id) {
  std::size_t count = 0;
  for (const Device& device : store.list_devices()) count += device.user_id == user_id && !device.revoked_at ? 1 : 0;
  return count;
}

HttpResponse rate_limited(int retry_after, std::string_view why = "Too many logins.") {
  HttpResponse response = problem_response(core::make_problem(
      "rate_limited", 429, "Too many attempts",
      std::string(why) + " Wait " + std::to_string(retry_after) + " seconds and try again."));
  response.headers.emplace_back("Retry-After", std::to_string(retry_after));
  return response;
}

// `session: "cookie"` is the console's login (PROTOCOL.md "Browser sessions"); it is taken out of the
// body before the shared login parser, which knows only the tablet's members.
core::Result<bool> take_cookie_flag(boost::json::object& body) {
  auto it = body.find("session");
  if (it == body.end()) return false;
  const bool cookie = it->value().is_string() && it->value().as_string() == "cookie";
  if (!cookie) return problems::validation_failed("session", "unknown_value", "session must be \"cookie\" or absent.");
  body.erase(it);
  return true;
}

boost::json::object user_json(ApiServices& services, const User& user) {
  boost::json::array roles;
  for (const auto& name : user.roles.names()) roles.push_back(boost::json::string(name));
  boost::json::object out{{"id", user.id},           {"username", user.username}, {"display_name", user.display_name},
                          {"roles", std::move(roles)}, {"team_id", user.team_id},   {"district_id", user.district_id}};
  if (auto team = services.store.find_team(user.team_id)) out["team_name"] = team->name;
  if (auto district = services.store.find_district(user.district_id)) out["district_name"] = district->name;
  return out;
}

// The console never sees the token: it lives in an HttpOnly cookie; the page gets the CSRF token.
ApiResult cookie_session_response(ApiServices& services, const User& user, const Device& device,
                                  const std::string& token, core::Millis expires_at_ms, core::Millis now) {
  auto session = session_response(services, user, device, token, expires_at_ms);
  if (!session) return session;
  auto parsed = core::parse_json(session->body);
  if (!parsed) return parsed.problem();
  boost::json::object out = parsed->as_object();
  out.erase("token");
  out["user"] = user_json(services, user);
  services.browser_sessions->start(core::hash_hex(token), now);
  out["csrf_token"] = csrf_token_for(token);
  out["idle_timeout_s"] = services.browser_sessions->idle_ms() / 1000;
  HttpResponse http = json_response(200, out);
  http.headers.emplace_back("Set-Cookie", session_cookie_set(token));
  return http;
}

}  // namespace

std::string make_bearer_token() { return core::to_hex(core::random_bytes(32)); }

ApiResult handle_login(ApiServices& services, const RequestContext& context) {
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  auto cookie = take_cookie_flag(*body);
  if (!cookie) return cookie.problem();
  if (*cookie && services.browser_sessions == nullptr) {
    return problems::bad_request("invalid_request", "This server does not offer browser sessions.");
  }
  auto request = core::protocol::login_request_from_json(*body);
  if (!request) return request.problem();
  if (auto fields = check_login_fields(*request); !fields) return fields.problem();

  if (int wait = services.rate_limiter.retry_after_seconds(request->username, context.remote_address); wait > 0) {
    services.metrics.count_rate_limited();
    return rate_limited(wait);
  }
  auto user = services.store.find_user_by_username(request->username);
  auto slot = services.rate_limiter.acquire_password_check();
  if (!slot) {
    services.metrics.count_rate_limited();
    return rate_limited(kBusyRetryAfterSeconds, "Many people are logging in right now.");
  }
  // A disabled account answers exactly like a wrong password: no hint that the username exists.
  const bool password_ok = user && !user->disabled
                               ? core::verify_password(user->password_hash, request->password)
                               : (core::verify_password(decoy_hash(services.options.kdf), request->password), false);
  slot.reset();
  if (!password_ok) {
    services.rate_limiter.record_failure(request->username, context.remote_address);
    services.metrics.count_login(false);
    // The attempted username is not stored: it may be a mistyped password or another person's name.
    // A refusal whose audit row cannot be written is answered with the store's error (the login fails either way).
    if (auto audited = services.store.append_audit({user ? user->id : "anonymous", "login_failed", user ? user->id : "", ""});
        !audited) {
      return audited.problem();
    }
    return problems::unauthorized("Wrong username or password.");
  }

  if (active_devices(services.store, user->id) >= kMaxActiveDevicesPerUser) {
    return core::make_problem("too_many_devices", 409, "Too many devices",
                              "This account is logged in on " + std::to_string(kMaxActiveDevicesPerUser) +
                                  " devices. Log out on one you no longer use, or ask your team lead or an admin "
                                  "to revoke it, then log in again.");
  }
  services.rate_limiter.record_success(request->username);
  const std::string token = make_bearer_token();
  const core::Millis now = services.clock();
  core::Millis expires = token_expiry(services);
  if (*cookie) expires = std::min(expires, now + kBrowserSessionAbsoluteMs);
  auto created = services.store.create_session(user->id, request->device_name, core::hash_hex(token), expires,
                                               {user->id, "login", "", ""});
  if (!created) return created.problem();
  const Device& device = *created;
  services.metrics.count_login(true);
  if (*cookie) return cookie_session_response(services, *user, device, token, expires, now);
  return session_response(services, *user, device, token, expires);
}

ApiResult handle_session_info(ApiServices& services, const RequestContext& context) {
  if (!context.principal) return problems::unauthorized("Log in first.");
  const Principal& principal = *context.principal;
  boost::json::object out{{"user", user_json(services, principal.user)}, {"device_id", principal.device.id}};
  if (principal.via_cookie) {
    out["csrf_token"] = principal.csrf_token;
    out["idle_timeout_s"] = services.browser_sessions->idle_ms() / 1000;
  }
  return json_response(200, out);
}

core::Millis token_expiry(const ApiServices& services) {
  return services.clock() + core::Millis{services.options.token_ttl_days} * 24 * 3600 * 1000;
}

ApiResult session_response(ApiServices& services, const User& user, const Device& device, const std::string& token,
                           core::Millis expires_at_ms) {
  core::protocol::LoginResponse response;
  response.token = token;
  response.device_id = device.id;
  response.expires_at = core::format_rfc3339(expires_at_ms);
  response.user = {user.id, user.display_name, user.roles.names(), user.team_id, user.district_id};
  boost::json::object body = core::protocol::to_json(response);
  // The tablet offers the team's sub-areas as choices offline; pushes are validated against the same list.
  boost::json::object references = team_references(services.store, user.team_id);
  body["references"] = std::move(references.at("references"));
  body["reference_items"] = std::move(references.at("reference_items"));
  return json_response(200, body);
}

ApiResult handle_logout(ApiServices& services, const RequestContext& context) {
  if (!context.principal) return problems::unauthorized("Log in first.");
  const Principal& principal = *context.principal;
  // A logout that did not revoke the token must not say it did: the token would still work.
  if (auto revoked = services.store.revoke_token(principal.token_hash, {principal.user.id, "logout", principal.device.id, ""});
      !revoked) {
    return revoked.problem();
  }
  HttpResponse response;
  response.status = 204;
  response.content_type.clear();
  if (principal.via_cookie) {
    services.browser_sessions->end(principal.token_hash);
    response.headers.emplace_back("Set-Cookie", session_cookie_clear());
  }
  return response;
}

core::Result<Principal> authenticate(ApiServices& services, std::string_view header) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.empty()) return problems::unauthorized("This endpoint needs a bearer token.");
  if (header.size() <= kScheme.size() || header.substr(0, kScheme.size()) != kScheme) {
    return problems::unauthorized("The Authorization header must be 'Bearer <token>'.");
  }
  const std::string_view token = header.substr(kScheme.size());
  // Tokens are exactly 64 hex digits; anything else cannot be one of ours and is not looked up.
  if (token.size() != 64 || token.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return problems::unauthorized("The bearer token is not valid.");
  }
  const std::string token_hash = core::hash_hex(token);
  TokenLookup lookup = services.store.lookup_token(token_hash, services.clock());
  switch (lookup.state) {
    case TokenState::valid:
      return Principal{std::move(lookup.user), std::move(lookup.device), token_hash, false, {}};
    case TokenState::device_revoked:
      return core::make_problem("device_revoked", 401, "Device revoked",
                                "This device was revoked. Its local data must be removed; log in on a new device.");
    case TokenState::expired:
      return problems::unauthorized("The session expired. Log in again.");
    case TokenState::revoked:
      return problems::unauthorized("The session ended (logged out). Log in again.");
    case TokenState::unknown:
      break;
  }
  return problems::unauthorized("The bearer token is not valid.");
}

}  // namespace faltlogg::server

namespace faltlogg::server {

namespace {

bool changes_state(std::string_view method) { return method != "GET" && method != "HEAD"; }

}  // namespace

core::Result<Principal> authenticate_request(ApiServices& services, const HttpRequest& request) {
  if (!request.authorization.empty() || request.cookie.empty()) return authenticate(services, request.authorization);
  auto token = session_cookie_token(request.cookie);
  if (!token || services.browser_sessions == nullptr) return authenticate(services, request.authorization);
  const std::string token_hash = core::hash_hex(*token);
  // CSRF first: a forged cross-site request learns nothing, not even whether the session is alive.
  if (changes_state(request.method) && !constant_time_equal(request.csrf_token, csrf_token_for(*token))) {
    return core::make_problem("csrf_failed", 403, "Forbidden",
                              "The request lacks the console's X-CSRF-Token. Reload the page and try again.");
  }
  TokenLookup lookup = services.store.lookup_token(token_hash, services.clock());
  if (lookup.state != TokenState::valid) {
    services.browser_sessions->end(token_hash);
    return problems::unauthorized("The session ended. Sign in again.");
  }
  const BrowserSessionState state = services.browser_sessions->touch(token_hash, services.clock());
  if (state != BrowserSessionState::active) {
    // Idle too long, or begun before a restart: end it for good, so the cookie cannot come back.
    if (auto revoked = services.store.revoke_token(token_hash, {lookup.user.id, "session_expired", lookup.device.id, ""});
        !revoked) {
      return revoked.problem();
    }
    return core::make_problem("session_expired", 401, "Session expired",
                              "The session expired after inactivity. Sign in again.");
  }
  Principal principal{std::move(lookup.user), std::move(lookup.device), token_hash, true, csrf_token_for(*token)};
  return principal;
}

}  // namespace faltlogg::server
