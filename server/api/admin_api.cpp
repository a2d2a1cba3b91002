#include "api/admin_api.hpp"

#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"
#include "http/router.hpp"

#include <qrencode.h>

#include <cmath>
#include <memory>

namespace faltlogg::server {

namespace {

constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxAreas = 100;
constexpr std::size_t kMaxQrText = 600;

std::size_t utf8_chars(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

bool is_area_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") == std::string_view::npos;
}

const analytics::CriteriaPack* latest_pack(const ApiServices& services, std::string_view id) {
  const analytics::CriteriaPack* pack = nullptr;
  if (services.criteria_packs == nullptr) return nullptr;
  for (const auto& candidate : *services.criteria_packs) {
    if (candidate.id == id && (pack == nullptr || candidate.version > pack->version)) pack = &candidate;
  }
  return pack;
}

boost::json::object team_json(const Team& team) {
  boost::json::array areas;
  for (const auto& area : team.areas) areas.push_back({{"id", area}, {"name", team.area_name(area)}});
  return {{"id", team.id}, {"name", team.name}, {"district_id", team.district_id}, {"areas", std::move(areas)}};
}

boost::json::object criterion_doc(const analytics::CriterionDef& criterion) {
  boost::json::object out{{"id", criterion.id},
                          {"title_sv", criterion.title_sv},
                          {"title_en", criterion.title_en},
                          {"kind", std::string(analytics::to_string(criterion.indicator.kind))}};
  if (criterion.target) {
    out["target"] = {{"comparison", std::string(analytics::to_string(criterion.target->comparison))},
                     {"value", criterion.target->value}};
  }
  boost::json::object minimum;
  for (const auto& [measure, value] : criterion.minimum_data) minimum[measure] = value;
  out["minimum_data"] = std::move(minimum);
  return out;
}

}  // namespace

core::Result<std::string> admin_text(const boost::json::object& body, std::string_view key, std::size_t max_chars) {
  auto text = core::get_string(body, key);
  if (!text) return text.problem();
  const std::string field(key);
  if (text->empty() || utf8_chars(*text) > max_chars) {
    return problems::validation_failed(field, "out_of_range",
                                       field + " must be 1-" + std::to_string(max_chars) + " characters.");
  }
  for (unsigned char c : *text) {
    if (c < 0x20 || c == 0x7f) return problems::validation_failed(field, "invalid_characters", field + " has control characters.");
  }
  return text;
}

ApiResult handle_admin_districts(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  boost::json::array out;
  for (const District& district : services.store.list_districts()) {
    out.push_back({{"id", district.id}, {"name", district.name}});
  }
  return json_response(200, boost::json::object{{"districts", std::move(out)}});
}

ApiResult handle_admin_district_add(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"name"}); !known) return known.problem();
  auto name = admin_text(*body, "name", kMaxNameChars);
  if (!name) return name.problem();
  auto district = services.store.add_district(*name, {context.principal->user.id, "district_add", "", ""});
  if (!district) return district.problem();
  return json_response(201, boost::json::object{{"id", district->id}, {"name", district->name}});
}

ApiResult handle_admin_teams(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  boost::json::array out;
  for (const Team& team : services.store.list_teams()) out.push_back(team_json(team));
  return json_response(200, boost::json::object{{"teams", std::move(out)}});
}

ApiResult handle_admin_team_add(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"name", "district_id", "areas"}); !known) return known.problem();
  auto name = admin_text(*body, "name", kMaxNameChars);
  if (!name) return name.problem();
  auto district_id = core::get_string(*body, "district_id");
  if (!district_id) return district_id.problem();
  auto district = services.store.find_district(*district_id);
  if (!district) return problems::validation_failed("district_id", "unknown_value", "No district with this id.");
  std::vector<std::string> areas;
  if (const auto* list = body->if_contains("areas")) {
    if (!list->is_array() || list->as_array().size() > kMaxAreas) {
      return problems::validation_failed("areas", "invalid_type", "areas must be a list of at most 100 area ids.");
    }
    for (const auto& item : list->as_array()) {
      if (!item.is_string() || !is_area_id(item.as_string())) {
        return problems::validation_failed("areas", "invalid_value",
                                           "An area id is 1-64 characters of a-z, 0-9, '-' and '_'.");
      }
      areas.emplace_back(item.as_string());
    }
  }
  auto team = services.store.add_team(*name, district->name, areas, {context.principal->user.id, "team_add", "", ""});
  if (!team) return team.problem();
  return json_response(201, team_json(*team));
}

ApiResult handle_admin_devices(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  std::map<std::string, User> users;
  for (User& user : services.store.list_users()) users.emplace(user.id, std::move(user));
  boost::json::array out;
  for (const Device& device : services.store.list_devices()) {
    boost::json::object item{{"id", device.id},
                             {"user_id", device.user_id},
                             {"name", device.name},
                             {"created_at", device.created_at},
                             {"revoked_at", device.revoked_at ? boost::json::value(*device.revoked_at) : nullptr}};
    if (auto it = users.find(device.user_id); it != users.end()) {
      item["username"] = it->second.username;
      item["display_name"] = it->second.display_name;
    }
    out.push_back(std::move(item));
  }
  return json_response(200, boost::json::object{{"devices", std::move(out)}});
}

ApiResult handle_admin_targets(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto it = context.query.find("district_id");
  if (it == context.query.end() || !services.store.find_district(it->second)) {
    return problems::bad_request("invalid_request", "district_id must name a district.");
  }
  boost::json::array packs;
  if (services.criteria_packs != nullptr) {
    for (const auto& pack : *services.criteria_packs) {
      if (latest_pack(services, pack.id) != &pack) continue;
      const auto overrides = services.store.criteria_targets(it->second, pack.id);
      boost::json::array criteria;
      for (const auto& criterion : pack.criteria) {
        if (!criterion.target) continue;
        boost::json::object item = criterion_doc(criterion);
        auto override_it = overrides.find(criterion.id);
        item["district_target"] = override_it == overrides.end() ? boost::json::value(nullptr) : override_it->second;
        criteria.push_back(std::move(item));
      }
      packs.push_back({{"id", pack.id}, {"title_sv", pack.title_sv}, {"title_en", pack.title_en},
                       {"criteria", std::move(criteria)}});
    }
  }
  return json_response(200, boost::json::object{{"district_id", it->second}, {"packs", std::move(packs)}});
}

ApiResult handle_admin_target_set(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"district_id", "pack_id", "criterion_id", "target"}); !known) {
    return known.problem();
  }
  auto district_id = core::get_string(*body, "district_id");
  auto pack_id = core::get_string(*body, "pack_id");
  auto criterion_id = core::get_string(*body, "criterion_id");
  if (!district_id) return district_id.problem();
  if (!pack_id) return pack_id.problem();
  if (!criterion_id) return criterion_id.problem();
  if (!services.store.find_district(*district_id)) {
    return problems::validation_failed("district_id", "unknown_value", "No district with this id.");
  }
  const analytics::CriteriaPack* pack = latest_pack(services, *pack_id);
  if (pack == nullptr) return problems::validation_failed("pack_id", "unknown_value", "No criteria pack with this id.");
  const auto* target = body->if_contains("target");
  if (target == nullptr || !target->is_number()) {
    return problems::validation_failed("target", "invalid_type", "target must be a number, e.g. 0.8 for 80 %.");
  }
  const double value = target->to_number<double>();
  if (auto ok = analytics::check_target_overrides(*pack, {{*criterion_id, value}}); !ok) {
    return problems::validation_failed("target", "invalid_value", ok.problem().detail);
  }
  if (auto stored = services.store.set_criteria_target({*district_id, pack->id, *criterion_id, value},
                                                       {context.principal->user.id, "criteria_set_target",
                                                        *district_id, pack->id + " " + *criterion_id});
      !stored) {
    return stored.problem();
  }
  return json_response(200, boost::json::object{{"district_id", *district_id}, {"pack_id", pack->id},
                                                {"criterion_id", *criterion_id}, {"target", value}});
}

ApiResult handle_admin_audit(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin}); !allowed) return allowed.problem();
  const AuditVerification verification = services.store.verify_audit();
  boost::json::object out{{"intact", verification.intact}, {"entries", verification.entries},
                          {"head_hash", verification.head_hash}};
  if (!verification.intact) {
    out["first_bad_seq"] = verification.first_bad_seq;
    out["reason"] = verification.reason;
  }
  return json_response(200, out);
}

// The enrolment QR as modules, drawn by the console as SVG: no image library, no inline data: URL.
ApiResult handle_qr(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::admin, Role::team_lead}); !allowed) return allowed.problem();
  auto body = parse_body_object(services, context);
  if (!body) return body.problem();
  if (auto known = core::check_known_members(*body, {"text"}); !known) return known.problem();
  auto text = admin_text(*body, "text", kMaxQrText);
  if (!text) return text.problem();
  // Only enrolment links are drawn: the endpoint is not a general QR service.
  if (!text->starts_with("faltlogg://enrol?")) {
    return problems::validation_failed("text", "invalid_value", "Only faltlogg://enrol? links are drawn as QR codes.");
  }
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(text->c_str(), 0, QR_ECLEVEL_M),
                                                       &QRcode_free);
  if (!code) return problems::bad_request("invalid_request", "The text cannot be drawn as a QR code.");
  boost::json::array rows;
  for (int y = 0; y < code->width; ++y) {
    std::string row(static_cast<std::size_t>(code->width), '0');
    for (int x = 0; x < code->width; ++x) {
      if ((code->data[y * code->width + x] & 1) != 0) row[static_cast<std::size_t>(x)] = '1';
    }
    rows.emplace_back(row);
  }
  return json_response(200, boost::json::object{{"size", code->width}, {"rows", std::move(rows)}});
}

// Every code and measure, from the packs the server runs with (Dokumentation in the console).
ApiResult handle_code_docs(ApiServices& services, const RequestContext& context) {
  if (auto allowed = require_role(context, {Role::evaluator, Role::team_lead, Role::admin}); !allowed) {
    return allowed.problem();
  }
  boost::json::array forms;
  for (const core::FormDefinition* form : services.forms.latest_all()) forms.push_back(core::form_to_json(*form));
  boost::json::array packs;
  if (services.criteria_packs != nullptr) {
    for (const auto& pack : *services.criteria_packs) {
      if (latest_pack(services, pack.id) != &pack) continue;
      boost::json::array criteria;
      for (const auto& criterion : pack.criteria) criteria.push_back(criterion_doc(criterion));
      packs.push_back({{"id", pack.id}, {"version", pack.version}, {"title_sv", pack.title_sv},
                       {"title_en", pack.title_en}, {"form_id", pack.form_id}, {"criteria", std::move(criteria)}});
    }
  }
  // District names (never people) so evaluators can pick a district without the admin list.
  boost::json::array districts;
  for (const District& district : services.store.list_districts()) {
    districts.push_back({{"id", district.id}, {"name", district.name}});
  }
  return json_response(200, boost::json::object{{"forms", std::move(forms)},
                                                {"criteria_packs", std::move(packs)},
                                                {"districts", std::move(districts)}});
}

void add_admin_routes(Router& router) {
  router.add("GET", "/api/v1/admin/districts", true, handle_admin_districts);
  router.add("POST", "/api/v1/admin/districts", true, handle_admin_district_add);
  router.add("GET", "/api/v1/admin/teams", true, handle_admin_teams);
  router.add("POST", "/api/v1/admin/teams", true, handle_admin_team_add);
  router.add("GET", "/api/v1/admin/users", true, handle_admin_users);
  router.add("POST", "/api/v1/admin/users", true, handle_admin_user_add);
  router.add("PUT", "/api/v1/admin/users/{id}", true, handle_admin_user_update);
  router.add("POST", "/api/v1/admin/users/{id}/disable", true, handle_admin_user_disable);
  router.add("POST", "/api/v1/admin/users/{id}/password", true, handle_admin_user_password);
  router.add("GET", "/api/v1/admin/devices", true, handle_admin_devices);
  router.add("GET", "/api/v1/admin/targets", true, handle_admin_targets);
  router.add("PUT", "/api/v1/admin/targets", true, handle_admin_target_set);
  router.add("GET", "/api/v1/admin/settings", true, handle_admin_settings);
  router.add("PUT", "/api/v1/admin/settings", true, handle_admin_setting_set);
  router.add("GET", "/api/v1/admin/audit", true, handle_admin_audit);
  router.add("POST", "/api/v1/qr", true, handle_qr);
  router.add("GET", "/api/v1/docs/codes", true, handle_code_docs);
}

}  // namespace faltlogg::server
