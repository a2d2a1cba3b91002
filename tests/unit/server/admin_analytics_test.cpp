// faltlogg-admin's analytics commands against a real store: target overrides, rebuilds, exports and
// retention (gallring) with its guarantees: rollups stay, rows go, pulls and pushes respect the purge.
#include "api_fixture.hpp"

#include "admin/admin_analytics.hpp"
#include "admin/admin_cli.hpp"
#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/core/json.hpp"

#include <chrono>
#include <sstream>

namespace faltlogg::server::testing {
namespace {

using analytics::RollupKind;
using core::protocol::PushStatus;

constexpr core::Millis kDayMs = 86'400'000;

class AdminAnalyticsTest : public ApiFixture {
 protected:
  std::vector<analytics::RollupRow> contact_rows() {
    return store_->rollup_rows({RollupKind::contact_daily, "2000-01-01", "2100-12-31", std::nullopt, std::nullopt});
  }

  std::string push_one(const Principal& who, core::Record record, PushStatus expected = PushStatus::accepted) {
    PushBatch batch{core::make_uuid_v4(), who.user.id, who.device.id, who.user.team_id, {}, std::nullopt};
    batch.items.push_back({record.id, record, std::nullopt});
    auto outcome = store_->apply_push_batch(batch, {who.user.id, "push", "", ""});
    EXPECT_TRUE(outcome.ok());
    auto response = core::protocol::push_response_from_json(core::parse_json(outcome->response_json).value()).value();
    EXPECT_EQ(response.results[0].status, expected);
    return response.results[0].problem ? response.results[0].problem->code : "";
  }

  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(AdminAnalyticsTest, SetTargetChecksDistrictPackCriterionAndValue) {
  const User lead = add_user("lena", Role::team_lead);
  const std::string district = store_->find_team(lead.team_id)->district_id;
  EXPECT_EQ(admin_criteria_set_target(*store_, {{"district", district}, {"pack", "stockholmsstandard-2021"},
                                                {"criterion", "C4"}, {"target", "0.8"}}, out_, err_), 0)
      << err_.str();
  EXPECT_EQ(store_->criteria_targets(district, "stockholmsstandard-2021").at("C4"), 0.8);
  const std::vector<AdminOptions> refused = {
      {{"district", "no-such"}, {"pack", "stockholmsstandard-2021"}, {"criterion", "C4"}, {"target", "0.8"}},
      {{"district", district}, {"pack", "no-such"}, {"criterion", "C4"}, {"target", "0.8"}},
      {{"district", district}, {"pack", "stockholmsstandard-2021"}, {"criterion", "C99"}, {"target", "0.8"}},
      {{"district", district}, {"pack", "stockholmsstandard-2021"}, {"criterion", "C4"}, {"target", "1.5"}},
      {{"district", district}, {"pack", "stockholmsstandard-2021"}, {"criterion", "C4"}, {"target", "nan"}},
      {{"district", district}, {"pack", "stockholmsstandard-2021"}, {"criterion", "C4"}, {"target", "0.8x"}},
      {{"district", district}, {"pack", "stockholmsstandard-2021"}, {"criterion", "C4"}},
  };
  for (const auto& options : refused) EXPECT_EQ(admin_criteria_set_target(*store_, options, out_, err_), 1);
  EXPECT_EQ(store_->criteria_targets(district, "stockholmsstandard-2021").size(), 1u);
  EXPECT_EQ(store_->audit_entries().back().event.action, "criteria_set_target");
}

TEST_F(AdminAnalyticsTest, RebuildOnDemoDataEqualsTheIncrementalRollups) {
  ASSERT_TRUE(load_demo_data(*store_, core::KdfStrength::test_fast, out_).ok());
  const auto incremental = contact_rows();
  ASSERT_GT(incremental.size(), 50u) << "demo data must feed the rollups";
  EXPECT_EQ(admin_rollups_rebuild(*store_, {}, out_, err_), 0) << err_.str();
  EXPECT_EQ(contact_rows(), incremental);
  EXPECT_EQ(store_->audit_entries().back().event.action, "rollups_rebuild");
}

TEST_F(AdminAnalyticsTest, ExportIsTheEvaluatorsProtectedView) {
  const Principal anna = session_for(add_user("anna", Role::field_worker));
  for (std::uint32_t i = 1; i <= 6; ++i) push_one(anna, field_contact(core::make_uuid_v4(), i));
  core::Record centrum = field_contact(core::make_uuid_v4(), 7);
  centrum.data["arena"] = "centrum";
  push_one(anna, centrum);
  const analytics::Date date = analytics::to_stockholm_local(now_ - 3'600'000).date;
  const std::string day = analytics::format_date(date);
  EXPECT_EQ(admin_export_aggregates(*store_, {{"measure", "contacts"}, {"by", "arena"}, {"from", day}, {"to", day}},
                                    out_, err_), 1) << "evaluators see whole months";
  EXPECT_NE(err_.str().find("first day of a month"), std::string::npos) << err_.str();
  const std::string first = analytics::format_date(date.year() / date.month() / 1);
  const std::string last = analytics::format_date(analytics::Date{date.year() / date.month() / std::chrono::last});
  ASSERT_EQ(admin_export_aggregates(*store_, {{"measure", "contacts"}, {"by", "arena"}, {"from", first}, {"to", last},
                                              {"format", "csv"}}, out_, err_), 0) << err_.str();
  const std::string csv = out_.str();
  EXPECT_NE(csv.find("Röjandeskydd;cellnyckelmetoden"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("centrum;1\r\n"), std::string::npos) << csv;  // one contact never shows as 1
  const auto centrum_line = csv.find("centrum;");
  ASSERT_NE(centrum_line, std::string::npos) << csv;
  EXPECT_GE(std::stoi(csv.substr(centrum_line + 8)), 5) << csv;
  EXPECT_NE(csv.find("\r\nTotalt;"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nNot;"), std::string::npos) << csv;
  // The same export again gives the same numbers.
  std::ostringstream again;
  ASSERT_EQ(admin_export_aggregates(*store_, {{"measure", "contacts"}, {"by", "arena"}, {"from", first}, {"to", last},
                                              {"format", "csv"}}, again, err_), 0);
  EXPECT_EQ(again.str(), csv);
  EXPECT_EQ(admin_export_aggregates(*store_, {{"measure", "contacts"}, {"by", "day"}, {"from", first}, {"to", last}},
                                    out_, err_), 1) << "days are finer than an evaluator may see";
  EXPECT_EQ(admin_export_aggregates(*store_, {{"measure", "contacts"}, {"by", "arena"}, {"from", first}, {"to", last},
                                              {"suppression-k", "2"}}, out_, err_), 1);
}

TEST_F(AdminAnalyticsTest, RetentionRemovesOldRowsKeepsRollupsAndRefusesTheirReturn) {
  const Principal anna = session_for(add_user("anna", Role::field_worker));
  core::Record old_record = field_contact(core::make_uuid_v4(), 1);
  old_record.occurred_at = core::format_rfc3339(now_ - 800 * kDayMs);  // older than 24 months
  push_one(anna, old_record);
  core::Record older = field_contact(core::make_uuid_v4(), 3);
  older.occurred_at = core::format_rfc3339(now_ - 900 * kDayMs);
  push_one(anna, older);
  core::Record recent = field_contact(core::make_uuid_v4(), 2);
  push_one(anna, recent);
  const auto rollups_before = contact_rows();
  auto first_page = store_->pull_since({PullScope::Kind::author, anna.user.id}, 0, 1);
  ASSERT_TRUE(first_page.ok());
  const std::int64_t old_cursor = first_page->next_cursor;  // below the second purged record

  ASSERT_EQ(admin_retention_run(*store_, {}, now_, out_, err_), 0) << err_.str();
  EXPECT_EQ(contact_rows(), rollups_before) << "statistics outlive the rows";
  auto pulled = store_->pull_since({PullScope::Kind::author, anna.user.id}, 0, 100);
  ASSERT_TRUE(pulled.ok());
  ASSERT_EQ(pulled->records.size(), 1u);
  EXPECT_EQ(pulled->records[0].id, recent.id);
  EXPECT_EQ(store_->pull_since({PullScope::Kind::author, anna.user.id}, old_cursor, 100).problem().code,
            "cursor_expired");
  // A device that still holds the purged record and pushes an edit must not count it a second time.
  old_record.hlc = core::Hlc{now_, 5, "node-1"}.to_string();
  EXPECT_EQ(push_one(anna, old_record, PushStatus::rejected), "gone");
  EXPECT_EQ(contact_rows(), rollups_before);
  // Rebuilding across the purged months would erase their counts.
  EXPECT_EQ(admin_rollups_rebuild(*store_, {{"from", "2000-01-01"}}, out_, err_), 1);
  EXPECT_EQ(admin_rollups_rebuild(*store_, {}, out_, err_), 0) << err_.str();
  EXPECT_EQ(contact_rows(), rollups_before);
  EXPECT_EQ(store_->audit_entries().back().event.action, "rollups_rebuild");
}

TEST_F(AdminAnalyticsTest, RetentionRefusesAShortOrMalformedPeriod) {
  for (const AdminOptions& options : std::vector<AdminOptions>{{{"months", "3"}}, {{"months", "x"}},
                                                               {{"months", "-24"}}, {{"family-months", "0"}},
                                                               {{"weeks", "100"}}}) {
    EXPECT_EQ(admin_retention_run(*store_, options, now_, out_, err_), 1);
  }
}

TEST_F(AdminAnalyticsTest, TheCutoffIsAStockholmMidnightStartingAMonth) {
  // 2026-09-21 (now_) minus 24 months: 2024-09-01 00:00 CEST = 2024-08-31T22:00:00Z.
  EXPECT_EQ(core::format_rfc3339(retention_cutoff(now_, 24)), "2024-08-31T22:00:00.000Z");
  // Winter: 2026-01-01 00:00 CET = 2025-12-31T23:00:00Z.
  EXPECT_EQ(core::format_rfc3339(retention_cutoff(now_, 8)), "2025-12-31T23:00:00.000Z");
}

}  // namespace
}  // namespace faltlogg::server::testing
