#include "store_conformance.hpp"

#include "api_fixture.hpp"

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/hlc.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/uuid.hpp"

#include <algorithm>

namespace faltlogg::server::testing {

namespace {
constexpr core::Millis kDay = 86'400'000;
}  // namespace

void StoreConformance::SetUp() { store_ = GetParam()->fresh(); }

StoreConformance::Author StoreConformance::author(const std::string& username, RoleSet roles,
                                                  const std::string& team) {
  if (teams_.empty()) {
    EXPECT_TRUE(store_->add_district("D", {"test", "district_add", "", ""}).ok());
  }
  if (std::find(teams_.begin(), teams_.end(), team) == teams_.end()) {
    teams_.push_back(team);
    EXPECT_TRUE(store_->add_team(team, "D", {"omr-1", "omr-2", "omr-3"}, {"test", "team_add", "", ""}).ok());
  }
  auto user = store_->add_user(username, username, roles, team, "hash", {"test", "user_add", "", ""});
  EXPECT_TRUE(user.ok()) << user.problem().detail;
  auto device = store_->create_session(user->id, "tablet", core::hash_hex(core::make_uuid_v4()), now_ + 3'600'000,
                                       {user->id, "login", "", ""});
  EXPECT_TRUE(device.ok());
  return {*user, *device};
}

core::Record StoreConformance::field_contact(const std::string& id, std::uint32_t hlc_counter, int days_ago) {
  return sample_field_contact(id, core::Hlc{now_ - 60'000, hlc_counter, "node-1"}.to_string(),
                              now_ - 3'600'000 - days_ago * kDay);
}

PushBatch StoreConformance::batch_of(const Author& who, std::vector<core::Record> records, std::string batch_id) {
  PushBatch batch{batch_id.empty() ? core::make_uuid_v4() : batch_id, who.user.id, who.device.id, who.user.team_id,
                  {}, std::nullopt};
  for (auto& record : records) batch.items.push_back({record.id, std::move(record), std::nullopt});
  return batch;
}

core::protocol::PushResponse StoreConformance::push(const Author& who, std::vector<core::Record> records,
                                                    std::string batch_id) {
  auto outcome = store_->apply_push_batch(batch_of(who, std::move(records), std::move(batch_id)),
                                          {who.user.id, "push", "", ""});
  EXPECT_TRUE(outcome.ok()) << (outcome ? "" : outcome.problem().detail);
  if (!outcome) return {};
  auto parsed = core::protocol::push_response_from_json(core::parse_json(outcome->response_json).value());
  EXPECT_TRUE(parsed.ok());
  return parsed.ok() ? parsed.value() : core::protocol::PushResponse{};
}

void StoreConformance::push_received(const Author& who, core::Record record, int days_ago) {
  auto batch = batch_of(who, {std::move(record)});
  batch.received_at_ms = now_ - days_ago * kDay;
  auto outcome = store_->apply_push_batch(batch, {who.user.id, "push", "", ""});
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->accepted, 1u);
}

void StoreConformance::expect_rollups_equal_a_rebuild() {
  const auto base = rollups();
  const auto months = rollups(analytics::RollupGrain::month);
  const auto districts = rollups(analytics::RollupGrain::district_month);
  ASSERT_TRUE(store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "rollup_cell", ""}).ok());
  EXPECT_EQ(rollups(), base);
  EXPECT_EQ(rollups(analytics::RollupGrain::month), months);
  EXPECT_EQ(rollups(analytics::RollupGrain::district_month), districts);
}

std::vector<std::string> StoreConformance::pull_all(const PullScope& scope, std::size_t page_size, int* pages) {
  std::vector<std::string> ids;
  std::int64_t cursor = 0;
  int count = 0;
  for (bool more = true; more && count < 10'000; ++count) {
    auto page = store_->pull_since(scope, cursor, page_size);
    EXPECT_TRUE(page.ok());
    if (!page) break;
    EXPECT_LE(page->records.size() + page->reviews.size(), page_size);
    EXPECT_GE(page->next_cursor, cursor);
    for (const auto& record : page->records) ids.push_back(record.id);
    for (const auto& review : page->reviews) ids.push_back("review:" + review.id);
    cursor = page->next_cursor;
    more = page->more;
  }
  if (pages != nullptr) *pages = count;
  return ids;
}

std::vector<analytics::RollupRow> StoreConformance::rollups(analytics::RollupGrain grain) {
  std::vector<analytics::RollupRow> all;
  for (auto kind : {analytics::RollupKind::contact_daily, analytics::RollupKind::session_daily,
                    analytics::RollupKind::case_monthly}) {
    RollupQuery query;
    query.kind = kind;
    query.grain = grain;
    query.from_period = "0000";
    query.to_period = "9999";
    auto rows = store_->rollup_rows(query);
    all.insert(all.end(), rows.begin(), rows.end());
  }
  return all;
}

}  // namespace faltlogg::server::testing
