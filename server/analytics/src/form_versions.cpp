#include "faltlogg/analytics/form_versions.hpp"

#include <array>
#include <utility>

namespace faltlogg::server::analytics {

namespace {

constexpr std::string_view kNoV1Kind = "ej_angivet";

constexpr std::array<std::pair<std::string_view, ContactKindImage>, 7> kV1ToV2 = {{
    {"uppsokande", {"ny", "uppsokande_runda"}},
    {"relation", {"kand", "relationsskapande"}},
    {"stodsamtal", {"kand", "stodsamtal"}},
    {"foralder", {"ingen_direkt", "foraldraaktivitet"}},
    {"grupp", {"kand", "grupp_klassbesok"}},
    {"samverkan", {"ingen_direkt", "samverkansmote"}},
    {"slussning", {"kand", "lankning"}},
}};

core::Problem unusable(std::string_view field) {
  return core::make_problem("invalid_record_for_rollup", 422, "Record unusable for rollups",
                            "field " + std::string(field) + " is missing or not a known choice");
}

std::optional<std::string> choice(const boost::json::object& data, std::string_view key) {
  const auto* v = data.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) return std::nullopt;
  return std::string(v->get_string());
}

}  // namespace

std::optional<ContactKindImage> v2_image_of(std::string_view v1_contact_kind) {
  for (const auto& [kind, image] : kV1ToV2) {
    if (kind == v1_contact_kind) return image;
  }
  return std::nullopt;
}

std::optional<std::string_view> v1_kind_of(std::string_view kontakt, std::string_view aktivitet) {
  for (const auto& [kind, image] : kV1ToV2) {
    if (image.kontakt == kontakt && image.aktivitet == aktivitet) return kind;
  }
  return std::nullopt;
}

core::Result<FieldContactView> field_contact_view(const core::Record& record) {
  if (record.form_version <= 1) {
    const auto kind = choice(record.data, "contact_kind");
    if (!kind) return unusable("contact_kind");
    const auto image = v2_image_of(*kind);
    if (!image) return unusable("contact_kind");
    return FieldContactView{std::string(image->kontakt), std::string(image->aktivitet), *kind};
  }
  auto kontakt = choice(record.data, "kontakt");
  if (!kontakt) return unusable("kontakt");
  auto aktivitet = choice(record.data, "aktivitet");
  if (!aktivitet) return unusable("aktivitet");
  const auto kind = v1_kind_of(*kontakt, *aktivitet);
  return FieldContactView{std::move(*kontakt), std::move(*aktivitet), std::string(kind.value_or(kNoV1Kind))};
}

std::optional<boost::json::object> faltkontakt_v1_data_as_v2(const boost::json::object& v1_data) {
  const auto kind = choice(v1_data, "contact_kind");
  if (!kind) return std::nullopt;
  const auto image = v2_image_of(*kind);
  if (!image) return std::nullopt;
  boost::json::object out = v1_data;
  out.erase("contact_kind");
  out["kontakt"] = image->kontakt;
  out["aktivitet"] = image->aktivitet;
  return out;
}

}  // namespace faltlogg::server::analytics
