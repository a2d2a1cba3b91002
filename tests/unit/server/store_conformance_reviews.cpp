// Review state in the rollups (decision 0074), on every backend: a review moves its record's counters,
// a later review moves them again (the latest state counts once), edits carry them along, deletions take
// them away, and all of it equals a rebuild from records + reviews.
#include "store_conformance.hpp"

#include "faltlogg/analytics/rollup.hpp"
#include "faltlogg/core/uuid.hpp"

namespace faltlogg::server::testing {
namespace {

namespace counter = analytics::counter;

std::int64_t total(const std::vector<analytics::RollupRow>& rows, std::string_view name) {
  std::int64_t sum = 0;
  for (const auto& row : rows) {
    if (const auto it = row.counters.find(name); it != row.counters.end()) sum += it->second;
  }
  return sum;
}

struct ReviewTotals {
  std::int64_t reviewed = 0, needs_changes = 0, in_time = 0;
  friend bool operator==(const ReviewTotals&, const ReviewTotals&) = default;
};

std::ostream& operator<<(std::ostream& out, const ReviewTotals& t) {
  return out << "{reviewed " << t.reviewed << ", needs_changes " << t.needs_changes << ", in time " << t.in_time << "}";
}

ReviewTotals totals_of(const std::vector<analytics::RollupRow>& rows) {
  return {total(rows, counter::reviewed), total(rows, counter::needs_changes), total(rows, counter::reviewed_within_14d)};
}

void review(Store& store, const User& lead, const std::string& id, const std::string& state) {
  auto owner = store.record_owner(id);
  ASSERT_TRUE(owner);
  ASSERT_TRUE(store.add_review(*owner, lead.id, state, "", {lead.id, "review", id, state}).ok());
}

TEST_P(StoreConformance, TheLatestReviewCountsOnceAndTheFirstDecidesInTime) {
  auto anna = author("anna");
  auto lead = author("lead", Role::team_lead);
  const auto old = field_contact(core::make_uuid_v4(), 1, 20);
  const auto fresh = field_contact(core::make_uuid_v4(), 1, 2);
  push_received(anna, old, 20);
  push_received(anna, fresh, 2);
  EXPECT_EQ(totals_of(rollups()), ReviewTotals{});

  review(*store_, lead.user, old.id, "needs_changes");  // 20 days after it arrived: reviewed, not in time
  EXPECT_EQ(totals_of(rollups()), (ReviewTotals{1, 1, 0}));
  review(*store_, lead.user, fresh.id, "approved");
  EXPECT_EQ(totals_of(rollups()), (ReviewTotals{2, 1, 1}));
  review(*store_, lead.user, old.id, "approved");  // corrected and approved: no longer needs changes, still late
  EXPECT_EQ(totals_of(rollups()), (ReviewTotals{2, 0, 1}));
  review(*store_, lead.user, fresh.id, "needs_changes");
  review(*store_, lead.user, fresh.id, "needs_changes");  // the same state again moves nothing
  EXPECT_EQ(totals_of(rollups()), (ReviewTotals{2, 1, 1}));
  EXPECT_EQ(totals_of(rollups(analytics::RollupGrain::month)), (ReviewTotals{2, 1, 1}));
  EXPECT_EQ(totals_of(rollups(analytics::RollupGrain::district_month)), (ReviewTotals{2, 1, 1}));
  expect_rollups_equal_a_rebuild();
}

TEST_P(StoreConformance, AnEditCarriesTheReviewToItsNewCellAndADeletionTakesItAway) {
  auto anna = author("anna");
  auto lead = author("lead", Role::team_lead);
  const std::string id = core::make_uuid_v4();
  push(anna, {field_contact(id, 1, 1), field_contact(core::make_uuid_v4(), 1, 1)});
  review(*store_, lead.user, id, "needs_changes");
  auto edit = field_contact(id, 2, 1);
  edit.data["arena"] = "fritid";
  push(anna, {edit});  // the author's correction after the review
  EXPECT_EQ(totals_of(rollups()), (ReviewTotals{1, 1, 1})) << "the latest review still says needs changes until a new one";
  for (const auto& row : rollups()) {
    const bool reviewed = row.counters.contains(counter::reviewed);
    EXPECT_EQ(reviewed, row.key.dimensions.at("arena") == "fritid") << "counters follow the record's cell";
  }
  expect_rollups_equal_a_rebuild();
  review(*store_, lead.user, id, "approved");
  EXPECT_EQ(totals_of(rollups()), (ReviewTotals{1, 0, 1}));
  auto removed = field_contact(id, 3, 1);
  removed.deleted = true;
  push(anna, {removed});
  EXPECT_EQ(totals_of(rollups()), ReviewTotals{});
  review(*store_, lead.user, id, "needs_changes");  // a review of a deleted record counts nowhere
  EXPECT_EQ(totals_of(rollups()), ReviewTotals{});
  expect_rollups_equal_a_rebuild();
}

}  // namespace
}  // namespace faltlogg::server::testing
