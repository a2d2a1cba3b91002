// Versions side by side (DOMAIN.md "Version 2 of the packs"): a faltkontakt record of either version is
// counted through one v2 view, so a period that spans the change gives the same criteria whichever
// version each record was written in. Decision 0070.
#pragma once

#include "faltlogg/core/record.hpp"
#include "faltlogg/core/result.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::server::analytics {

inline constexpr std::string_view kFamilyCaseForm = "familjearende";

// v1's contact_kind answered two questions at once; v2 asks them apart.
struct ContactKindImage {
  std::string_view kontakt;    // ny, kand, ingen_direkt
  std::string_view aktivitet;  // one of v2's ten activities
};

// The mapping of DOMAIN.md for each of v1's seven kinds; nullopt for anything else.
std::optional<ContactKindImage> v2_image_of(std::string_view v1_contact_kind);
// The v1 kind whose image is exactly (kontakt, aktivitet), so the rollups' contact_kind dimension (which
// v1 packs and tables cut by) stays meaningful for v2 records; nullopt when no v1 kind maps there.
std::optional<std::string_view> v1_kind_of(std::string_view kontakt, std::string_view aktivitet);

// What the rollups read of a field contact, in v2's words, for either version.
struct FieldContactView {
  std::string kontakt;
  std::string aktivitet;
  std::string contact_kind;  // v1's kind, or its v1 equivalent, or "ej_angivet" (v2 with no v1 equivalent)
};
core::Result<FieldContactView> field_contact_view(const core::Record& record);

// A v1 record's data in v2's words: contact_kind replaced by kontakt and aktivitet, everything else as it
// was (v1's age band u13 stays u13, which v2 reads as "under 13, not split"). nullopt for an unknown kind.
std::optional<boost::json::object> faltkontakt_v1_data_as_v2(const boost::json::object& v1_data);

}  // namespace faltlogg::server::analytics
