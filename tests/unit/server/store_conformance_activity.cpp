// `aktivitet` as a rollup dimension (decision 0096), on every backend: v1 and v2 contacts land under their
// activity at every grain that keeps dimensions, an edit that changes the activity moves the record's
// cell, a deletion takes it away, and all of it equals a rebuild.
#include "store_conformance.hpp"

#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/uuid.hpp"

#include <set>

namespace faltlogg::server::testing {
namespace {

using Activities = std::multiset<std::string>;

// The activity of every row of a grain, once per contact counted there.
Activities activities(const std::vector<analytics::RollupRow>& rows) {
  Activities out;
  for (const auto& row : rows) {
    const auto contacts = row.counters.find("contacts");
    if (contacts == row.counters.end()) continue;
    const auto it = row.key.dimensions.find("aktivitet");
    for (std::int64_t i = 0; i < contacts->second; ++i) out.insert(it == row.key.dimensions.end() ? "-" : it->second);
  }
  return out;
}

core::Record as_v2(core::Record record, const std::string& kontakt, const std::string& aktivitet) {
  record.form_version = 2;
  record.data.erase("contact_kind");
  record.data["kontakt"] = kontakt;
  record.data["aktivitet"] = aktivitet;
  return record;
}

TEST_P(StoreConformance, ContactRowsCarryTheActivityAndAnEditMovesIt) {
  using G = analytics::RollupGrain;
  auto anna = author("anna");
  const std::string v1_id = core::make_uuid_v4();
  const std::string v2_id = core::make_uuid_v4();
  push(anna, {field_contact(v1_id, 1), as_v2(field_contact(v2_id, 1), "kand", "stodsamtal")});
  for (const G grain : {G::base, G::month, G::district_month}) {
    EXPECT_EQ(activities(rollups(grain)), (Activities{"stodsamtal", "uppsokande_runda"}));
  }
  EXPECT_EQ(activities(rollups(G::team_month)), (Activities{"-", "-"})) << "team-months keep no dimensions";

  push(anna, {as_v2(field_contact(v2_id, 2), "kand", "kartlaggning")});
  EXPECT_EQ(activities(rollups()), (Activities{"kartlaggning", "uppsokande_runda"}));
  expect_rollups_equal_a_rebuild();

  auto removed = field_contact(v1_id, 3);
  removed.deleted = true;
  push(anna, {removed});
  EXPECT_EQ(activities(rollups(G::district_month)), (Activities{"kartlaggning"}));
  expect_rollups_equal_a_rebuild();
}

}  // namespace
}  // namespace faltlogg::server::testing
