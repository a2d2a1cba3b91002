// Reference lists from the server (decisions 0040/0041): the team's sub-areas and, later, other lists a form
// field points at by name, with the display names people see. The login and enrolment answers carry them,
// and GET /api/v1/references refreshes them on every sync. `reference_items` ({name: [{id, name}]}) is read
// where the server sends it; a list only in `references` (ids, an older server) shows its ids as names.
#pragma once

#include "faltlogg/core/protocol.hpp"
#include "faltlogg/core/result.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <string>
#include <vector>

namespace faltlogg::client {

struct ReferenceItem {
  std::string id;
  std::string name;
};
using ReferenceItems = std::map<std::string, std::vector<ReferenceItem>, std::less<>>;

// Bounds for what a server may send: a hostile or broken answer is refused whole, never half-stored.
inline constexpr std::size_t kMaxReferenceLists = 32;
inline constexpr std::size_t kMaxReferenceItems = 2000;
inline constexpr std::size_t kMaxReferenceIdBytes = 128;
inline constexpr std::size_t kMaxReferenceNameBytes = 200;

// The login (and enrolment) answer as the tablet reads it: the protocol's message plus the named lists.
struct LoginAnswer : core::protocol::LoginResponse {
  ReferenceItems referenceItems;
};

// Problem code "invalid_response" for anything but the shapes above, empty or over-long ids or names,
// repeated ids, or more lists or items than the bounds.
core::Result<ReferenceItems> referenceItemsFromJson(const boost::json::object& body);

// The shape the vault keeps a list in ("reference.<name>") and the form reads: [{value, label_sv, label_en}].
std::string referenceOptionsJson(const std::vector<ReferenceItem>& items);

}  // namespace faltlogg::client
