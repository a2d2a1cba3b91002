#include "api/ops_api.hpp"

#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/uuid.hpp"

namespace faltlogg::server {

ApiResult handle_device_revoke(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin, Role::team_lead}); !allowed) return allowed.problem();
  const Principal& principal = *context.principal;
  const std::string& device_id = context.path_params.at("id");
  if (!core::is_uuid_v4(device_id)) return problems::not_found("No device with this id.");
  auto device = services.store.find_device(device_id);
  if (!device) return problems::not_found("No device with this id.");
  if (!principal.user.roles.has(Role::admin)) {
    auto owner = services.store.find_user(device->user_id);
    if (!owner || owner->team_id != principal.user.team_id) {
      return problems::forbidden("A team lead revokes only devices of the own team.");
    }
  }
  auto revoked = services.store.revoke_device(device_id, {principal.user.id, "device_revoke", device_id, ""});
  if (!revoked) return revoked.problem();
  return json_response(200, boost::json::object{{"device_id", device_id}, {"revoked", true}});
}

ApiResult handle_healthz(ApiServices&, const RequestContext&) {
  return json_response(200, boost::json::object{{"status", "ok"}});
}

ApiResult handle_version(ApiServices& services, const RequestContext&) {
  return json_response(200, boost::json::object{{"name", "faltlogg-server"},
                                                {"version", services.options.server_version},
                                                {"protocol", core::protocol::kVersion}});
}

ApiResult handle_metrics(ApiServices& services, const RequestContext&) {
  HttpResponse response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = services.metrics.render();
  return response;
}

}  // namespace faltlogg::server
