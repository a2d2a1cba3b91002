// District settings of a criteria pack (decision 0073): GET beside the targets, PUT one setting. Stored in
// criteria_target as "setting.<name>" so they are set, audited and read like targets.
#include "api/admin_api.hpp"
#include "api/analytics_api.hpp"

#include "faltlogg/analytics/report_options.hpp"
#include "faltlogg/core/json.hpp"

namespace faltlogg::server {

namespace {

const analytics::CriteriaPack* latest_named(const ApiServices& services, std::string_view id) {
  return services.criteria_packs == nullptr ? nullptr : latest_pack_named(*services.criteria_packs, id);
}

}  // namespace

ApiResult handle_admin_settings(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto it = context.query.find("district_id");
  if (it == context.query.end() || it->second.size() > 64 || !services.store.find_district(it->second)) {
    return problems::bad_request("invalid_request", "district_id must name a district.");
  }
  boost::json::array packs;
  if (services.criteria_packs != nullptr) {
    for (const auto& pack : *services.criteria_packs) {
      if (latest_named(services, pack.id) != &pack) continue;
      auto stored = services.store.criteria_targets(it->second, pack.id);
      const auto adjusted = analytics::pack_for_district(pack, analytics::take_district_settings(stored));
      auto settings = analytics::district_settings_json(adjusted);
      if (settings.empty()) continue;
      packs.push_back({{"id", pack.id}, {"title_sv", pack.title_sv}, {"title_en", pack.title_en},
                       {"settings", std::move(settings)}});
    }
  }
  return json_response(200, boost::json::object{{"district_id", it->second}, {"packs", std::move(packs)}});
}

ApiResult handle_admin_setting_set(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"district_id", "pack_id", "setting", "value"}); !known) {
    return known.problem();
  }
  auto district_id = core::get_string(*body, "district_id");
  auto pack_id = core::get_string(*body, "pack_id");
  auto setting = core::get_string(*body, "setting");
  auto value = core::get_string(*body, "value");
  if (!district_id) return district_id.problem();
  if (!pack_id) return pack_id.problem();
  if (!setting) return setting.problem();
  if (!value) return value.problem();
  if (district_id->size() > 64 || !services.store.find_district(*district_id)) {
    return problems::validation_failed("district_id", "unknown_value", "No district with this id.");
  }
  const analytics::CriteriaPack* pack = pack_id->size() <= 64 ? latest_named(services, *pack_id) : nullptr;
  if (pack == nullptr) return problems::validation_failed("pack_id", "unknown_value", "No criteria pack with this id.");
  auto stored = analytics::encode_district_setting(*pack, *setting, value->size() <= 16 ? *value : std::string("?"));
  if (!stored) return stored.problem();
  if (auto saved = services.store.set_criteria_target(
          {*district_id, pack->id, std::string(analytics::kSettingPrefix) + *setting, *stored},
          {context.principal->user.id, "criteria_set_setting", *district_id, pack->id + " " + *setting + "=" + *value});
      !saved) {
    return saved.problem();
  }
  return json_response(200, boost::json::object{{"district_id", *district_id}, {"pack_id", pack->id},
                                                {"setting", *setting}, {"value", *value}});
}

}  // namespace faltlogg::server
